"""Hypothesis over the offer editor: every section saved, autosaved and recomputed with
arbitrary text (NUL, lone surrogates, right-to-left marks, 100,000 characters), numbers with
commas, spaces, exponents and signs, dates out of range, and rows that do not exist. Never a
server error; the draft keeps what was typed; every problem the editor reports is shown next to
an element of the section's page (its field, or the table it is about).

The bodies are encoded here (surrogates as their UTF-8-like bytes, which the server reads as
U+FFFD), not by the test client, which cannot send a lone surrogate."""

import re
from urllib.parse import quote

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.competitions.factories import OfferFactory, open_call
from tests.drills.conftest import FULL
from tests.drills.site import post_forms
from wspolpraca.competitions.kernel import offer_content
from wspolpraca.competitions.models import Offer
from wspolpraca.competitions.offers.checks import problems_for

pytestmark = pytest.mark.django_db

NUMBERS = [
    "1 234,50",
    "1\u00a0234,5",
    "1.234,50",
    "1,234.50",
    "1e3",
    "1E309",
    "-5",
    "−5",  # a minus sign, not a hyphen
    "0",
    "00000000000000000000001",
    "99999999999999999999999999",
    "NaN",
    "Infinity",
    "１２３",  # full-width digits
    "١٢٣",  # Arabic-Indic digits
    "²",
    "12,",
    ",5",
    "1 2 3",
]
DATES = ["9999-12-31", "0001-01-01", "0000-00-00", "2027-02-30", "2027-13-01", "31.12.2027", "2027-3-1", "-2027-01-01"]
text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60)
long_text = st.builds(lambda c, n: c * n, st.characters(exclude_categories=()), st.integers(10_000, 100_000))
values = st.one_of(
    text,
    st.sampled_from(NUMBERS + DATES),
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(lambda d: d.isoformat()),
    long_text,
    st.sampled_from(["\x00", "a\x00b", "\u202e\u202d", "\ud800", "\udfff", "<script>alert(1)</script>"]),
)
# Names no page offers: rows far away, years not in the task, junk indices, row operations.
EXTRA_NAMES = [
    "III-activities-999999-name",
    "III-activities-0-year",
    "III-results-5-target",
    "V-actions-0-lines-0-years-99999",
    "V-actions-0-lines-0-years-٢٠٢٧",
    "V-actions-7-lines-3-unit_cost",
    "V-admin_lines-0-units",
    "V-split-0-years-2027",
    "V-sources-grant",
    "VI-paid",
    "VII-tax_arrears",
    "II-offerors-5-email",
    "add_row",
    "remove_row",
]


def encode(pairs):
    return "&".join(
        quote(name.encode("utf-8", "surrogatepass")) + "=" + quote(value.encode("utf-8", "surrogatepass"))
        for name, value in pairs
    ).encode("ascii")


def section_names(html):
    names = set()
    for _action, _fields, inputs in post_forms(html):
        names.update(inputs)
    return sorted(names - {"csrfmiddlewaretoken", "base_revision", "base_digest"})


@pytest.fixture
def editor_offer(organisation, editor):
    call = open_call()
    return OfferFactory(call=call, task=call.tasks.first(), organisation=organisation)


def shown_ids(html):
    return set(re.findall(r'\bid="([^"]+)"', html))


@pytest.mark.parametrize("section", offer_content.SECTIONS)
def test_offer_editor_takes_any_input_without_a_server_error(client, editor, editor_offer, section):
    client.force_login(editor)
    offer = editor_offer
    base = f"/oferty/{offer.pk}/sekcja/{section}/"
    page = client.get(base)
    assert page.status_code == 200
    names = section_names(page.content.decode()) + EXTRA_NAMES

    def edit(pairs, how):
        cache.clear()
        current = Offer.objects.get(pk=offer.pk)
        revision = str((current.section_revisions or {}).get(section, 0))
        body = encode([("base_revision", revision), *pairs])
        url = {"save": base, "autosave": base + "autozapis/", "figures": base + "wyliczenia/"}[how]
        headers = {} if how == "save" else {"HX-Request": "true"}
        response = client.post(url, body, content_type="application/x-www-form-urlencoded", headers=headers)
        assert response.status_code < 500, (how, response.status_code)
        assert response.status_code in (200, 302), (how, response.status_code)
        after = client.get(base)
        assert after.status_code == 200
        html = after.content.decode()
        saved = Offer.objects.get(pk=offer.pk)
        ids = shown_ids(html)
        for problem in problems_for(saved):
            if problem.section == section:
                assert problem.field in ids or problem.field.rsplit("-", 1)[0] in ids, (problem.field, problem.message)

    run = given(
        st.lists(st.tuples(st.sampled_from(names), values), min_size=1, max_size=25),
        st.sampled_from(["save", "autosave", "figures"]),
    )(edit)
    field = names[0]
    for pairs, how in [
        ([(field, "a\x00b")], "autosave"),  # PostgreSQL refused NUL in the draft's JSON: a server error
        ([(field, "a\x00b")], "save"),
        ([(field, "\ud800\u202e" + "Ż" * 100_000)], "save"),
        ([(field, "99999999999999999999999"), ("V-actions-0-lines-0-years-99999", "1e309")], "figures"),
        ([("add_row", "V-actions-0-lines"), (field, "²")], "save"),
        ([("remove_row", "V-actions-999-lines-0")], "save"),
    ]:
        run = example(pairs, how)(run)
    settings(
        max_examples=60 if FULL else 4,
        deadline=None,
        derandomize=True,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.large_base_example,
        ],
    )(run)()


def test_what_was_typed_is_kept(client, editor, editor_offer):
    """Kept as typed, except NUL (removed) and lone surrogates (read as U+FFFD by the server)."""
    client.force_login(editor)
    typed = "Doświadczenie \u202eśrodowiska\u202c: 1 234,50 zł; " + "ż" * 100_000
    body = encode([("base_revision", "0"), ("IV-experience", "a\x00b\ud800" + typed), ("IV-resources", "Zespół")])
    url = f"/oferty/{editor_offer.pk}/sekcja/IV/"
    response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    saved = Offer.objects.get(pk=editor_offer.pk).content["IV"]
    assert saved == {"experience": "ab" + "\ufffd" * 3 + typed, "resources": "Zespół"}  # 3 bytes, 3 marks
