"""Hostile values in every public form and the forms a signed-in person fills in: overlong
texts, NUL characters, replacement and right-to-left characters, numbers and dates out of range,
bodies that are not UTF-8. A refused form comes back with a message next to the field (or at
the top for the whole form); nothing answers with a server error."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.drills.conftest import field_error, sample
from tests.drills.site import build_site, post_forms

pytestmark = pytest.mark.django_db

LONG = "Ż" * 100_000
ALL_VALUES = [
    LONG,
    "a\x00b",
    "\ufffd\ufffd",
    "\u202egnp.exe",
    "-1",
    "\u00b2",  # "²": str.isdigit() says yes, int() says no
    "1e309",
    "99999999999999999999999",
    "9999-12-31",
    "0001-01-01",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    " ",
]
VALUES = sample(ALL_VALUES, quick=[0, 1, 5, 7])
# Bodies that are not UTF-8 (or carry NUL), every field of the form set to the same bytes.
RAW = sample([b"%ff%fe", b"\xff\xfe\xfd", b"%c3%28", b"%ed%a0%80", b"%00", b"\xf3\xf3"], quick=[1])
SKIP = {"csrfmiddlewaretoken", "website", "next", "action"}  # the honeypot traps bots: no message
FILE_TYPES = {"file", "submit", "button", "image", "reset"}


def has_message(html):
    return 'class="field__error"' in html or 'class="error-summary"' in html or "errorlist" in html


def hammer(client, url, *, expect_messages=True, values=VALUES):
    """Every field of every POST form on `url`, one at a time, with every hostile value.
    Returns what went wrong (empty when nothing did)."""
    page = client.get(url)
    assert page.status_code == 200, url
    html = page.content.decode()
    forms = [(action or url, *rest) for action, *rest in post_forms(html) if "logout" not in (action or "")]
    assert forms, f"no POST form on {url}"
    problems = []
    for action, fields, inputs in forms:
        limited = {name for name, spec in inputs.items() if spec["maxlength"]}
        for name in sorted(
            name for name, spec in inputs.items() if spec["type"] not in FILE_TYPES and name not in SKIP
        ):
            for value in values:
                cache.clear()  # rate limits would hide the form's own answer
                try:
                    response = client.post(action, {**fields, name: value})
                except Exception as error:  # the server error, reported with the others
                    problems.append((url, name, repr(value[:30]), repr(error)[:200]))
                    continue
                body = response.content.decode(errors="replace")
                if response.status_code >= 500:
                    problems.append((url, name, repr(value[:30]), response.status_code))
                elif response.status_code == 200 and expect_messages and not has_message(body):
                    problems.append((url, name, repr(value[:30]), "refused without a message"))
                elif (
                    value is LONG
                    and name in limited
                    and response.status_code == 200
                    and not field_error(body, f"id_{name}")
                ):
                    problems.append((url, name, "overlong text", "no message next to the field"))
        for raw in RAW:
            cache.clear()
            body = (
                "&".join(f"{name}=" for name in fields).encode()
                + b"&"
                + b"&".join(name.encode() + b"=" + raw for name in fields if name not in SKIP)
            )
            try:
                response = client.post(action, body, content_type="application/x-www-form-urlencoded")
            except Exception as error:
                problems.append((url, "raw body", raw, repr(error)[:200]))
                continue
            if response.status_code >= 500:
                problems.append((url, "raw body", raw, response.status_code))
    return problems


@pytest.fixture
def site(officer, executive, organisation):
    return build_site(officer=officer, executive=executive, organisation=organisation)


def test_public_forms(client, site):
    problems = []
    problems += hammer(client, reverse("competitions:reasons_request", args=[site["resolved"].slug]))
    problems += hammer(client, reverse("small_grants:offer", args=[site["review"].pk]))
    problems += hammer(client, "/konto/signup/")
    problems += hammer(client, "/konto/login/")
    problems += hammer(client, "/konto/password/reset/")
    assert not problems


def test_forms_of_a_signed_in_resident(client, site, resident):
    client.force_login(resident)
    problems = []
    problems += hammer(client, "/organizacje/zaloz/")
    problems += hammer(client, f"/organizacje/{site['offer'].organisation.slug}/dolacz/")
    problems += hammer(client, "/konkursy/powiadomienia/")
    assert not problems


def test_forms_of_an_ngo(client, site, representative, editor):
    client.force_login(representative)
    problems = []
    problems += hammer(client, "/oferty/kandydaci-do-komisji/")
    problems += hammer(client, f"/oferty/nowa/?task={site['call'].tasks.first().pk}")
    problems += hammer(client, f"/organizacje/{site['offer'].organisation.slug}/edytuj/")
    client.force_login(editor)
    problems += hammer(client, f"/oferty/{site['offer'].pk}/zalaczniki/")
    assert not problems


PANEL_VALUES = sample(ALL_VALUES, quick=[0, 1, 5])


def test_forms_of_the_panel(client, site, administrator):
    """Fewer values (the panel's forms are many and long); the staff's own limits are tested by
    tests/competitions/test_hardening.py and test_bad_input_and_repeated_forms.py."""
    client.force_login(administrator)
    problems = []
    for url in [
        "/panel/male-granty/ustawienia/",
        "/panel/konkursy/jednostki/dodaj/",
        "/panel/konkursy/plan/dodaj/",
        "/panel/sprawozdania/wezwij/",
        "/panel/rozliczenia/stawki/",
        "/panel/ustawienia/",
    ]:
        problems += hammer(client, url, values=PANEL_VALUES)
    assert not problems
