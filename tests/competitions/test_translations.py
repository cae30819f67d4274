"""The competitions module's Polish catalogue: complete, not fuzzy, compiled, and used by Django."""

from pathlib import Path

import polib
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

LOCALE = Path(__file__).resolve().parents[2] / "wspolpraca" / "competitions" / "locale"
PO = LOCALE / "pl" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "pl" / "LC_MESSAGES" / "django.mo"


def test_polish_catalogue_is_complete_and_not_fuzzy():
    po = polib.pofile(str(PO))
    assert not po.metadata_is_fuzzy
    assert [e.msgid for e in po if not e.obsolete and ("fuzzy" in e.flags or not e.translated())] == []
    nplurals = int(po.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
    short = [e.msgid for e in po if e.msgid_plural and len([v for v in e.msgstr_plural.values() if v]) != nplurals]
    assert short == []


def test_polish_catalogue_is_compiled_and_not_stale():
    assert MO.exists()
    compiled = {}
    for entry in polib.mofile(str(MO)):
        compiled[(entry.msgctxt, entry.msgid)] = (
            {int(k): v for k, v in entry.msgstr_plural.items()} if entry.msgid_plural else entry.msgstr
        )
    stale = []
    for entry in polib.pofile(str(PO)).translated_entries():
        expected = {int(k): v for k, v in entry.msgstr_plural.items()} if entry.msgid_plural else entry.msgstr
        if compiled.get((entry.msgctxt, entry.msgid)) != expected:
            stale.append(entry.msgid)
    assert stale == [], f"django.mo is older than django.po (run `make compilemessages`): {stale[:5]}"


def test_django_serves_the_polish_strings():
    with translation.override("pl"):
        assert gettext("Submit an offer") == "Złóż ofertę"
        assert gettext("open competition") == "otwarty konkurs ofert"
        assert pgettext("activity log", "offer submitted") == "złożono ofertę"
        assert ngettext("%(counter)s offer", "%(counter)s offers", 1) % {"counter": 1} == "1 oferta"
        assert ngettext("%(counter)s offer", "%(counter)s offers", 3) % {"counter": 3} == "3 oferty"
        assert ngettext("%(counter)s offer", "%(counter)s offers", 12) % {"counter": 12} == "12 ofert"
        assert ngettext("%(counter)s offer", "%(counter)s offers", 22) % {"counter": 22} == "22 oferty"
