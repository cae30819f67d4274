"""The offer editor for keyboard and screen-reader users (issue 14), with the test client:
named section links, the skip link to the form, the save bar marked for site.js, a quiet
announcer instead of a live region over every total, Polish content marked on other languages.
The behaviour in the browser is tested by tests/e2e/test_keyboard_only.py."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tests.competitions.factories import open_call
from wspolpraca.competitions.offers import services
from wspolpraca.competitions.offers.forms.sections import SECTION_TITLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(organisation, editor):
    call = open_call(title="Otwarty konkurs ofert – kultura 2027")
    return services.create_offer(actor=editor, task=call.tasks.first(), organisation=organisation)


def section_page(client, user, offer, section, language="en"):
    client.cookies["django_language"] = language
    client.force_login(user)
    response = client.get(reverse("offers:edit", args=[offer.pk, section]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_section_links_are_named_by_the_sections_names(client, editor, offer):
    html = section_page(client, editor, offer, "III")
    with translation.override("en"):
        for key, title in SECTION_TITLES.items():
            url = reverse("offers:edit", args=[offer.pk, key])
            assert re.search(rf'<a href="{re.escape(url)}"[^>]*>{re.escape(escape(str(title)))}</a>', html), key


def test_a_skip_link_leads_to_the_sections_fields(client, editor, offer):
    html = section_page(client, editor, offer, "IV")
    with translation.override("en"):
        assert '<a class="skip-link" href="#offer-fields">Skip to the form</a>' in html
    assert re.search(r'<fieldset class="offer-fieldset" id="offer-fields" tabindex="-1">', html)


def test_the_live_check_is_no_live_region_and_an_announcer_says_what_changed(client, editor, offer):
    html = section_page(client, editor, offer, "V")
    figures = re.search(r'<aside class="offer-figures" id="offer-figures"[^>]*>', html).group(0)
    assert "aria-live" not in figures
    status = re.search(r'<span id="autosave-status"[^>]*>', html).group(0)
    assert "role=" not in status
    assert re.search(r'<p id="offer-announcer" class="visually-hidden" role="status"></p>', html)
    assert re.search(r'<div class="form__actions offer-actions" data-sticky-bottom>', html)


def test_polish_content_is_marked_as_polish_on_english_pages(client, editor, offer):
    english = section_page(client, editor, offer, "III", language="en")
    assert re.search(r'<input id="III-title" name="III-title" value="[^"]*" type="text" lang="pl">', english)
    assert re.search(r'<textarea id="III-needs" name="III-needs"[^>]* lang="pl">', english)
    assert re.search(r'<span lang="pl">Otwarty konkurs ofert – kultura 2027</span>', english)
    # Dates and amounts are no text in a language.
    assert re.search(r'<input id="III-start" name="III-start" value="[^"]*" type="date">', english)

    polish = section_page(client, editor, offer, "III", language="pl")
    main = polish[polish.index('<main id="main"') : polish.index("</main>")]
    assert 'lang="pl"' not in main


@pytest.mark.parametrize(("language", "expected"), [("pl", ""), ("en", ' lang="pl"'), ("uk", ' lang="pl"')])
def test_the_polish_tag_marks_only_other_languages(language, expected):
    with translation.override(language):
        assert Template("{% load lang_tags %}{% polish %}").render(Context()) == expected


@pytest.mark.parametrize(("language", "heading"), [("en", '<h1 lang="pl">'), ("uk", '<h1 lang="pl">'), ("pl", "<h1>")])
def test_a_calls_title_is_marked_as_polish_on_other_languages(client, language, heading):
    call = open_call(title="Otwarty konkurs ofert – sport 2027", slug="sport-2027")
    client.cookies["django_language"] = language
    html = client.get(call.get_absolute_url()).content.decode()
    assert f"{heading}Otwarty konkurs ofert – sport 2027</h1>" in html
