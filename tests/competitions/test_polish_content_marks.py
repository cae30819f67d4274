"""WCAG 3.1.2 (language of parts) on the officers' and the commission's pages: what people typed in
Polish (call and task titles, offer titles, justifications and remarks, report texts, reasons) sits
in an element with lang="pl" when the page is in English or Ukrainian, and a Polish page gets no
such attribute. The offer editor and the public call pages are tested in test_offer_editor_access.py."""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests.competitions.factories import open_call
from tests.competitions.factories_reports import agreement_factory, final_report
from tests.competitions.factories_results import evaluated_call
from tests.competitions.factories_scoring import closed_call, commission, full_scores, scored_offer
from tests.competitions.test_reports import submit as submit_report
from wspolpraca.competitions.evaluation import results, scoring
from wspolpraca.competitions.models import Agreement, CallCriterion

pytestmark = pytest.mark.django_db

CALL_TITLE = "Otwarty konkurs ofert – kultura i dziedzictwo 2027"
TASK_TITLE = "Organizacja wydarzeń kulturalnych"  # the factories' task
OFFER_TITLE = "Płockie Lato z Kulturą"  # the factories' offer

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class LanguageOfText(HTMLParser):
    """Each text of the <body> with the language it is in (the nearest lang attribute), checking
    on the way that every element opened is closed in order (the markers broke no element)."""

    def __init__(self, page_language):
        super().__init__()
        self.stack = [("html", page_language)]
        self.in_body = False
        self.texts = []  # (text, language, where: the last elements around it)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        if tag in VOID:
            return
        self.stack.append((tag, dict(attrs).get("lang")))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        # Optional end tags (</p>, </li>, </option> …) may be left out; anything else must match.
        while self.stack and self.stack[-1][0] != tag and self.stack[-1][0] in {"p", "li", "option", "dt", "dd"}:
            self.stack.pop()
        if not self.stack or self.stack[-1][0] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1][0] if self.stack else None}>")
            return
        self.stack.pop()

    def handle_data(self, data):
        if self.in_body and data.strip():
            language = next(lang for _tag, lang in reversed(self.stack) if lang)
            self.texts.append((data, language, ">".join(tag for tag, _lang in self.stack[-4:])))


def read(html, page_language):
    parser = LanguageOfText(page_language)
    parser.feed(html)
    parser.close()
    assert not parser.problems, parser.problems
    return parser.texts


def languages_of(texts, text):
    """The languages of the texts of the page holding `text` (empty when it is not on the page)."""
    return {language for data, language, _where in texts if text in data}


def page(client, user, url, language):
    client.cookies["django_language"] = language
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_marked(client, user, url, *polish_texts):
    """On the English and Ukrainian page each text is on the page, always inside lang="pl"; the
    Polish page has no lang="pl" in its body but the language switch's own."""
    for language in ("en", "uk"):
        texts = read(page(client, user, url, language), language)
        for text in polish_texts:
            unmarked = [where for data, lang, where in texts if text in data and lang != "pl"]
            assert languages_of(texts, text) == {"pl"}, (language, text, unmarked)
    polish = page(client, user, url, "pl")
    body = polish[polish.index("<body") :].replace('value="pl" lang="pl"', "")  # the language switch's "Polski"
    assert 'lang="pl"' not in body
    read(polish, "pl")


# --- the tag and the filter ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("pl", "Tytuł &lt;b&gt;"),
        ("en", '<span lang="pl">Tytuł &lt;b&gt;</span>'),
        ("uk", '<span lang="pl">Tytuł &lt;b&gt;</span>'),
    ],
)
def test_in_polish_wraps_a_sentences_variable_only_on_other_languages(language, expected):
    template = Template(
        "{% load i18n lang_tags %}{% blocktranslate with t=title|in_polish %}{{ t }}{% endblocktranslate %}"
    )
    with translation.override(language):
        assert template.render(Context({"title": "Tytuł <b>"})) == expected


# --- the officers' panel -------------------------------------------------------------------------


def test_panel_call_detail(client, officer):
    call = open_call(title=CALL_TITLE)
    call.unit.officers.add(officer)
    CallCriterion.objects.create(call=call, name="Zasięg oddziaływania na mieszkańców osiedli", max_points=5)
    url = reverse("competitions_panel:call_detail", kwargs={"pk": call.pk})
    assert_marked(client, officer, url, CALL_TITLE, TASK_TITLE, "Zasięg oddziaływania na mieszkańców osiedli")


def test_panel_offers_of_a_call(client, officer):
    call = closed_call(title=CALL_TITLE)
    call.unit.officers.add(officer)
    scored_offer(call)
    url = reverse("offers_panel:list", args=[call.pk])
    assert_marked(client, officer, url, CALL_TITLE, TASK_TITLE, OFFER_TITLE)


# --- the commission ------------------------------------------------------------------------------


@pytest.fixture
def scoring_call():
    call = closed_call(title=CALL_TITLE)
    seats = commission(call)
    offer = scored_offer(call)
    return call, seats, offer


def test_score_sheet_and_its_confirmation(client, scoring_call):
    call, seats, offer = scoring_call
    chair = seats["chair"]
    scores = full_scores(offer, points=3, justification="Rzetelna kalkulacja kosztów, zgodna z zakresem.")
    scoring.save_score_sheet(actor=chair.user, offer=offer, scores=scores, comment="Oferta dobrze przygotowana.")
    sheet_url = reverse("commission_panel:sheet", args=[call.pk, offer.pk])
    assert_marked(client, chair.user, sheet_url, OFFER_TITLE, TASK_TITLE)
    confirm_url = reverse("commission_panel:sheet_submit", args=[call.pk, offer.pk])
    assert_marked(
        client,
        chair.user,
        confirm_url,
        OFFER_TITLE,
        "Rzetelna kalkulacja kosztów, zgodna z zakresem.",
        "Oferta dobrze przygotowana.",
    )


def test_other_members_justifications_on_the_sheet(client, scoring_call):
    call, seats, offer = scoring_call
    scores = full_scores(offer, points=3, justification="Doświadczony zespół realizatorów.")
    scoring.submit_score_sheet(actor=seats["officer"].user, offer=offer, scores=scores)
    scoring.submit_score_sheet(actor=seats["chair"].user, offer=offer, scores=full_scores(offer, points=2))
    url = reverse("commission_panel:sheet", args=[call.pk, offer.pk])
    assert_marked(client, seats["chair"].user, url, "Doświadczony zespół realizatorów.")


def test_evaluation_overview(client, scoring_call):
    call, seats, _offer = scoring_call
    url = reverse("commission_panel:overview", args=[call.pk])
    assert_marked(client, seats["chair"].user, url, CALL_TITLE, TASK_TITLE, OFFER_TITLE)


# --- the decision and the results ----------------------------------------------------------------


def test_decision_page(client, executive):
    call, _good, _bad, _members = evaluated_call(offers=1, rejected=1)
    url = reverse("results_panel:decision", kwargs={"call_pk": call.pk})
    # The rejected offer's formal reason, written by the officer who checked it.
    assert_marked(client, executive, url, TASK_TITLE, OFFER_TITLE, "Brak statutu organizacji.")


def test_published_results_on_the_public_page(client, executive):
    call, good, _bad, _members = evaluated_call(offers=1)
    results.publish_results(
        actor=executive, call=call, choices={good[0].pk: {"outcome": "funded", "amount": "10000.00"}}
    )
    assert_marked(client, executive, call.get_absolute_url(), call.title, TASK_TITLE, OFFER_TITLE)
    assert_marked(client, executive, reverse("register:index"), call.title, TASK_TITLE)


# --- agreements, reports, settlement -------------------------------------------------------------


@pytest.fixture
def agreement(organisation, representative, officer):
    agreement = agreement_factory(organisation=organisation, officer=officer)
    # Set without a saved version: the history of changes (common/includes/history_changes.html)
    # does not tell a typed value from a choice's label, and is left unmarked.
    Agreement.objects.filter(pk=agreement.pk).update(city_representative="Jan Kowalski, Zastępca Prezydenta Miasta")
    return agreement


def test_agreement_in_the_panel(client, agreement, officer):
    call_title = agreement.offer.call.title
    url = reverse("agreements_panel:detail", args=[agreement.pk])
    assert_marked(client, officer, url, call_title, OFFER_TITLE, "Zastępca Prezydenta Miasta")
    assert_marked(client, officer, reverse("agreements_panel:list"), OFFER_TITLE)


def test_report_in_the_panel_and_for_the_organisation(client, agreement, representative, officer):
    report = final_report(agreement)
    submit_report(report, representative)
    typed = ("1500 uczestników, 12 wydarzeń; listy obecności.", "Cztery koncerty plenerowe", "Praca wolontariuszy")
    assert_marked(client, officer, reverse("reports_panel:detail", args=[report.pk]), OFFER_TITLE, *typed)
    assert_marked(client, representative, reverse("reports:detail", args=[report.pk]), OFFER_TITLE, *typed)
    assert_marked(client, officer, reverse("reports_panel:list"), OFFER_TITLE)
