"""Split the pasted text of a draft act into its numbered units (§, ust., pkt, lit.).

A pure function: text in, a list of `Unit`s out. Polish drafting rules (Zasady techniki
prawodawczej): "§ 1." opens a paragraph; "1." at a line's start a section (ust.); "1)" a point
(pkt); "a)" a letter (lit.). Lines that open no unit continue the previous one; text before the
first unit (the title, the legal basis) is one unit of its own.
"""

import re
from dataclasses import dataclass

PARAGRAPH = re.compile(r"^§\s*(\d+[a-z]?)\.?\s*(.*)$")
SECTION = re.compile(r"^(\d+[a-z]?)\.\s+(.*)$")
POINT = re.compile(r"^(\d+[a-z]?)\)\s*(.*)$")
LETTER = re.compile(r"^([a-z])\)\s*(.*)$")

DEPTH = {"paragraph": 0, "section": 1, "point": 2, "letter": 3, "text": 0}


@dataclass
class Unit:
    kind: str
    label: str
    text: str
    depth: int


def _match(line):
    """(kind, number, rest) when the line opens a unit, else None."""
    for kind, pattern in (("paragraph", PARAGRAPH), ("letter", LETTER), ("point", POINT), ("section", SECTION)):
        found = pattern.match(line)
        if found:
            return kind, found.group(1), found.group(2).strip()
    return None


def _label(path):
    """The citation of a unit from its path, e.g. "§ 2 ust. 1 pkt 3 lit. a"."""
    parts = {"paragraph": "§ {}", "section": "ust. {}", "point": "pkt {}", "letter": "lit. {}"}
    return " ".join(parts[kind].format(number) for kind, number in path)


def _opens(line):
    """The units the line opens: "§ 1. 1. Text" opens a paragraph and its first section."""
    opened = []
    found = _match(line)
    while found:
        kind, number, rest = found
        opened.append((kind, number))
        line = rest
        found = _match(rest) if kind == "paragraph" else None
    return opened, line


def split_units(text):
    """The units of the draft in reading order."""
    units = []
    path = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        opened, rest = _opens(line)
        if not opened:
            if units:
                units[-1].text = f"{units[-1].text}\n{line}".strip()
            else:
                units.append(Unit("text", "", line, 0))
            continue
        for kind, number in opened:
            depth = DEPTH[kind]
            path = [step for step in path if DEPTH[step[0]] < depth] + [(kind, number)]
            units.append(Unit(kind, _label(path), "", depth))
        units[-1].text = rest
    return units
