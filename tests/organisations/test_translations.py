from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "wspolpraca" / "organisations" / "locale"


def test_polish_catalogue_is_complete_and_not_fuzzy():
    po = polib.pofile(str(LOCALE / "pl" / "LC_MESSAGES" / "django.po"))
    assert not po.metadata_is_fuzzy
    assert [e.msgid for e in po if not e.obsolete and ("fuzzy" in e.flags or not e.translated())] == []
    assert (LOCALE / "pl" / "LC_MESSAGES" / "django.mo").exists()
