"""The comparison of the draft and the final text, unit by unit, word by word (pure functions).

Units are matched by their label ("§ 2 pkt 1"); a unit only in the draft is removed, one only in
the final text is added. Each compared unit is a list of (operation, text) pieces, the operation
"same", "added" or "removed", which the templates show as plain text, <ins> and <del>."""

import difflib
import re
from dataclasses import dataclass, field

TOKENS = re.compile(r"\s+|\w+|[^\w\s]+")


@dataclass
class UnitComparison:
    label: str
    pieces: list = field(default_factory=list)
    status: str = "same"  # same, changed, added, removed

    @property
    def changed(self):
        return self.status != "same"


def compare_words(before, after):
    """The pieces that turn `before` into `after`, words and the spaces between them."""
    old, new = TOKENS.findall(before or ""), TOKENS.findall(after or "")
    pieces = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            pieces.append(("same", "".join(old[i1:i2])))
            continue
        if operation in ("delete", "replace"):
            pieces.append(("removed", "".join(old[i1:i2])))
        if operation in ("insert", "replace"):
            pieces.append(("added", "".join(new[j1:j2])))
    return _tidy(pieces)


def _tidy(pieces):
    """Spaces at the edges of a changed piece belong to the unchanged text (only words are marked)."""
    tidy = []
    for operation, text in pieces:
        if operation == "same":
            tidy.append((operation, text))
            continue
        core = text.strip()
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        tidy.append(("same", lead))
        if core:
            tidy.append((operation, core))
        if trail:
            tidy.append(("same", trail))
    merged = []
    for operation, text in tidy:
        if not text:
            continue
        if merged and merged[-1][0] == operation == "same":
            merged[-1] = ("same", merged[-1][1] + text)
        else:
            merged.append((operation, text))
    return merged


def compare_units(draft_units, final_units):
    """`draft_units` and `final_units`: sequences of (label, text). The final text's order, with
    the draft's removed units placed after the unit that preceded them."""
    draft = dict(draft_units)
    final_labels = {label for label, _text in final_units}
    result = []
    removed_after = {}
    previous = None
    for label, text in draft_units:
        if label not in final_labels:
            removed_after.setdefault(previous, []).append(UnitComparison(label, [("removed", text)], "removed"))
        else:
            previous = label
    result.extend(removed_after.get(None, []))
    for label, text in final_units:
        if label in draft:
            pieces = compare_words(draft[label], text)
            changed = any(operation != "same" for operation, _text in pieces)
            result.append(UnitComparison(label, pieces, "changed" if changed else "same"))
        else:
            result.append(UnitComparison(label, [("added", text)], "added"))
        result.extend(removed_after.get(label, []))
    return result
