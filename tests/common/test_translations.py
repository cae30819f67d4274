"""Every Polish catalogue is complete, not fuzzy, and compiled (the .mo matches the .po)."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("wspolpraca/*/locale/pl/LC_MESSAGES/django.po"))


def _label(po_path):
    return str(po_path.relative_to(ROOT))


def test_there_are_catalogues():
    assert CATALOGUES, "no Polish catalogue found under wspolpraca/*/locale/pl/LC_MESSAGES/"
    assert ROOT / "wspolpraca/common/locale/pl/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_label)
def test_polish_catalogue_is_complete(po_path):
    catalogue = polib.pofile(str(po_path))
    problems = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        if entry.msgid_plural:
            if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
                problems.append(f"missing plural forms: {entry.msgid!r}")
        elif not entry.msgstr:
            problems.append(f"untranslated: {entry.msgid!r}")
    assert not problems, f"{_label(po_path)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_label)
def test_polish_catalogue_is_compiled(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{_label(po_path)} is not compiled: run `make compilemessages`"
    compiled = {}
    for entry in polib.mofile(str(mo_path)):
        key = (entry.msgctxt, entry.msgid)
        compiled[key] = entry.msgstr_plural if entry.msgid_plural else entry.msgstr
    stale = []
    for entry in polib.pofile(str(po_path)).translated_entries():
        key = (entry.msgctxt, entry.msgid)
        expected = entry.msgstr_plural if entry.msgid_plural else entry.msgstr
        got = compiled.get(key)
        if entry.msgid_plural and got is not None:
            got = {int(k): v for k, v in got.items()}
            expected = {int(k): v for k, v in expected.items()}
        if got != expected:
            stale.append(entry.msgid)
    assert not stale, f"{_label(mo_path)} is older than its .po (run `make compilemessages`): {stale[:5]}"
