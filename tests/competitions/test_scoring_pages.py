"""Scoring pages: the score sheet, the overview (visibility, query counts), the chair's pages, the minutes."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests.competitions.factories_scoring import (
    closed_call,
    commission,
    full_scores,
    scored_offer,
    sheet_with_total,
    submit_sheet,
)
from wspolpraca.competitions.enums import CallState, ScoreVisibility, SheetState
from wspolpraca.competitions.evaluation import overview, scoring
from wspolpraca.competitions.models import OfferAssessment, ScoreSheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return closed_call()


@pytest.fixture
def seats(call):
    return commission(call)


def sheet_url(call, offer, name="commission_panel:sheet"):
    return reverse(name, args=[call.pk, offer.pk])


def post_data(offer, scores, action):
    data = {"action": action, "comment": "Uwagi ogólne"}
    for pk, entry in scores.items():
        data[f"points_{pk}"] = "" if entry["points"] is None else str(entry["points"])
        data[f"justification_{pk}"] = entry["justification"]
    return data


def test_sheet_draft_submit_with_confirmation(client, call, seats):
    offer = scored_offer(call)
    client.force_login(seats["ngo"].user)
    page = client.get(sheet_url(call, offer)).content.decode()
    assert "not applicable" in page  # no history: the criterion is shown, not scored
    scores = full_scores(offer, points=4)
    first = next(iter(scores))
    scores[first]["justification"] = ""
    response = client.post(sheet_url(call, offer), post_data(offer, scores, "submit"))
    # Incomplete: the draft is saved, the field error shown, everything typed kept.
    assert response.status_code == 200
    body = response.content.decode()
    assert "Justify the points." in body and "Uwagi ogólne" in body
    sheet = ScoreSheet.objects.get(offer=offer, member=seats["ngo"])
    assert sheet.state == SheetState.DRAFT and sheet.scores.count() == len(scores)
    scores[first]["justification"] = "Dobrze"
    response = client.post(sheet_url(call, offer), post_data(offer, scores, "submit"))
    assert response.status_code == 302 and response.url == sheet_url(call, offer, "commission_panel:sheet_submit")
    confirm = client.get(response.url)
    assert confirm.status_code == 200 and "Submit and lock the sheet" in confirm.content.decode()
    sheet.refresh_from_db()
    assert sheet.state == SheetState.DRAFT  # nothing locked before the confirmation
    client.post(response.url)
    sheet.refresh_from_db()
    assert sheet.state == SheetState.SUBMITTED
    page = client.get(sheet_url(call, offer)).content.decode()
    assert "submitted and locked" in page and 'name="action"' not in page


def test_points_above_maximum_on_the_page(client, call, seats):
    offer = scored_offer(call)
    client.force_login(seats["chair"].user)
    scores = full_scores(offer)
    pk = next(iter(scores))
    scores[pk]["points"] = Decimal("99")
    response = client.post(sheet_url(call, offer), post_data(offer, scores, "save"))
    assert response.status_code == 200 and "99" in response.content.decode()
    assert not ScoreSheet.objects.exists()


def test_conflicted_member_does_not_see_the_sheet(client, call):
    from tests.competitions.factories_scoring import member
    from wspolpraca.competitions.enums import CommissionRole

    offer = scored_offer(call)
    seat = member(call, CommissionRole.NGO, conflicted_offer=offer)
    client.force_login(seat.user)
    assert client.get(sheet_url(call, offer)).status_code == 404


def test_sheet_without_declaration_goes_to_the_declaration(client, call):
    from tests.competitions.factories_scoring import member

    offer = scored_offer(call)
    seat = member(call, declare=False)
    client.force_login(seat.user)
    response = client.get(sheet_url(call, offer))
    assert response.status_code == 302 and response.url == reverse("commission_panel:call", args=[call.pk])


@pytest.mark.parametrize(
    ("setting", "before", "after"),
    [
        (ScoreVisibility.NEVER, False, False),
        (ScoreVisibility.AFTER_OWN, False, True),
        (ScoreVisibility.ALWAYS, True, True),
    ],
)
def test_others_scores_on_the_sheet(client, call, seats, setting, before, after):
    call.score_visibility = setting
    call.save()
    offer = scored_offer(call)
    sheet_with_total(seats["chair"], offer, Decimal("33.33"))
    client.force_login(seats["officer"].user)
    assert ("33.33" in client.get(sheet_url(call, offer)).content.decode()) is before
    submit_sheet(seats["officer"], offer, points=1)
    assert ("33.33" in client.get(sheet_url(call, offer)).content.decode()) is after


def test_expert_sheet_is_marked_advisory(client, call, seats):
    call.score_visibility = ScoreVisibility.ALWAYS
    call.save()
    offer = scored_offer(call)
    submit_sheet(seats["expert"], offer)
    client.force_login(seats["chair"].user)
    assert "advisory, not counted" in client.get(sheet_url(call, offer)).content.decode()


def test_overview_hides_scores_from_members_until_closed(client, call, seats, officer, executive):
    call.score_visibility = ScoreVisibility.NEVER
    call.save()
    call.unit.officers.add(officer)
    offer = scored_offer(call)
    sheet_with_total(seats["chair"], offer, Decimal("31.25"))
    url = reverse("commission_panel:overview", args=[call.pk])
    client.force_login(seats["officer"].user)
    page = client.get(url).content.decode()
    assert "31.25" not in page and "hidden" in page
    for reader in (officer, executive):
        client.force_login(reader)
        assert "31.25" in client.get(url).content.decode()


def test_overview_budget_warning(client, call, seats):

    a = scored_offer(call, requested=Decimal("90000.00"))
    b = scored_offer(call, requested=Decimal("90000.00"))
    overview.propose_amount(actor=seats["chair"].user, offer=a, amount=Decimal("90000.00"))
    overview.propose_amount(actor=seats["chair"].user, offer=b, amount=Decimal("20000.00"))
    client.force_login(seats["chair"].user)
    page = client.get(reverse("commission_panel:overview", args=[call.pk])).content.decode()
    assert "exceed the task&#x27;s budget" in page or "exceed the task's budget" in page


def test_propose_page_refuses_above_requested(client, call, seats):
    offer = scored_offer(call, requested=Decimal("1000.00"))
    client.force_login(seats["chair"].user)
    url = reverse("commission_panel:propose", args=[call.pk, offer.pk])
    response = client.post(url, {"proposed_amount": "1000.01", "note": "Za dużo"})
    assert response.status_code == 200 and "cannot exceed the requested grant" in response.content.decode()
    assert "Za dużo" in response.content.decode()
    response = client.post(url, {"proposed_amount": "900", "note": ""})
    assert response.status_code == 302
    assert OfferAssessment.objects.get(offer=offer).proposed_amount == Decimal("900.00")


def test_close_page_lists_what_is_missing_then_closes(client, call, seats):
    offer = scored_offer(call)
    for key in ("chair", "officer", "ngo"):
        submit_sheet(seats[key], offer)
    client.force_login(seats["chair"].user)
    url = reverse("commission_panel:close", args=[call.pk])
    page = client.get(url).content.decode()
    assert "cannot be closed yet" in page and offer.number in page
    submit_sheet(seats["expert"], offer)
    assert "I confirm" in client.get(url).content.decode()
    response = client.post(url, {})  # not confirmed
    assert response.status_code == 200
    call.refresh_from_db()
    assert call.state == CallState.CLOSED
    client.post(url, {"confirm": "yes"})
    call.refresh_from_db()
    assert call.state == CallState.EVALUATED
    assert OfferAssessment.objects.get(offer=offer).rank == 1
    response = client.get(reverse("commission_panel:minutes", args=[call.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    response = client.post(reverse("commission_panel:reopen", args=[call.pk]), {"reason": "Pomyłka"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.state == CallState.CLOSED


def test_minutes_content(call, seats):
    """The minutes hold the composition, declarations, formal check, every score and the ranking."""
    from wspolpraca.competitions.evaluation.views.scoring import minutes_context

    offer = scored_offer(call)
    for seat in seats.values():
        submit_sheet(seat, offer)
    overview.propose_amount(actor=seats["chair"].user, offer=offer, amount=Decimal("1500.00"))
    overview.close_evaluation(actor=seats["chair"].user, call=call)
    call.refresh_from_db()
    from django.template.loader import render_to_string

    with translation.override("pl"):  # as render_pdf does
        html = render_to_string("competitions/pdf/minutes.html", minutes_context(call))
    assert re.search(r"1\s?500,00", html)
    for text in (
        "Skład komisji",
        "Oświadczenia o bezstronności",
        "poprawna formalnie",
        "Uzasadnienie oceny.",
        "ocena doradcza, niewliczana",
        "Proponowano (zł)",
        "Podpisy",
        seats["ngo"].user.get_full_name(),
    ):
        assert text in html


def _overview_query_count(client, call, reader, django_assert_max_num_queries):
    url = reverse("commission_panel:overview", args=[call.pk])
    client.force_login(reader)
    client.get(url)  # caches filled (site settings, content types): count what every request costs
    with django_assert_max_num_queries(20) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def _score(call, seats, n):
    for _ in range(n):
        offer = scored_offer(call)
        submit_sheet(seats["chair"], offer, points=5)
        submit_sheet(seats["expert"], offer, points=2)
        scoring.save_score_sheet(actor=seats["officer"].user, offer=offer, scores=full_scores(offer, 3))  # a draft


def test_overview_queries_do_not_grow_with_offers(client, call, seats, officer, django_assert_max_num_queries):
    """At most 20 queries, the same for 3 and 30 offers, for a member, the chair and an officer."""
    call.unit.officers.add(officer)
    readers = (seats["chair"].user, seats["ngo"].user, officer)
    _score(call, seats, 3)
    few = [_overview_query_count(client, call, reader, django_assert_max_num_queries) for reader in readers]
    _score(call, seats, 27)
    many = [_overview_query_count(client, call, reader, django_assert_max_num_queries) for reader in readers]
    assert [count for count, _page in few] == [count for count, _page in many]
    assert many[0][1].count("<tr>") >= 30


def test_overview_marks_the_readers_own_sheets_and_the_chairs_actions(client, call, seats, administrator):
    scored, drafted, untouched = scored_offer(call), scored_offer(call), scored_offer(call)
    submit_sheet(seats["officer"], scored)
    scoring.save_score_sheet(actor=seats["officer"].user, offer=drafted, scores=full_scores(drafted, 3))
    url = reverse("commission_panel:overview", args=[call.pk])
    client.force_login(seats["officer"].user)
    page = client.get(url).content.decode()
    rows = {
        offer.number: re.search(rf">{re.escape(offer.number)}</a>(.*?)</th>", page).group(1)
        for offer in (scored, drafted, untouched)
    }
    assert "(scored)" in rows[scored.number]
    assert "(your draft)" in rows[drafted.number]
    assert "muted" not in rows[untouched.number]
    assert reverse("commission_panel:close", args=[call.pk]) not in page
    assert reverse("commission_panel:propose", args=[call.pk, scored.pk]) not in page
    client.force_login(seats["chair"].user)
    page = client.get(url).content.decode()
    assert reverse("commission_panel:close", args=[call.pk]) in page
    assert reverse("commission_panel:propose", args=[call.pk, scored.pk]) in page
    assert reverse("commission_panel:minutes", args=[call.pk]) not in page  # not before the close
    client.force_login(administrator)  # administrators hold every permission, the chair's too
    assert reverse("commission_panel:close", args=[call.pk]) in client.get(url).content.decode()


@pytest.mark.parametrize("n", [3, 30])
def test_member_call_page_queries(client, call, seats, n, django_assert_max_num_queries):
    for _ in range(n):
        submit_sheet(seats["officer"], scored_offer(call))
    client.force_login(seats["officer"].user)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("commission_panel:call", args=[call.pk])).status_code == 200


def test_overview_paginates_and_filters_by_task(client, call, seats, monkeypatch):
    from wspolpraca.competitions.evaluation.views.scoring import OverviewView
    from wspolpraca.competitions.models import CallTask

    monkeypatch.setattr(OverviewView, "RESULTS_PER_PAGE", 2)
    second = CallTask.objects.create(call=call, number=2, title="Zadanie drugie", area=call.tasks.first().area)
    first_offers = [scored_offer(call, number=f"A/{n}") for n in range(3)]
    scored_offer(call, task=second, number="B/1")
    client.force_login(seats["chair"].user)
    url = reverse("commission_panel:overview", args=[call.pk])
    page = client.get(url).content.decode()
    assert "A/0" in page and "A/1" in page and "A/2" not in page and "?page=2" in page
    page = client.get(url, {"task": second.pk}).content.decode()
    assert "B/1" in page and "A/0" not in page.split("Results per task")[1].split("Show one task")[1]
    assert len(first_offers) == 3


def test_overview_rows_show_the_offer_its_offeror_and_amounts(client, call, seats):
    """The rows' cells are made in the view (issue 17): the same links, names and amounts as before."""
    offer = scored_offer(call, requested=Decimal("12345.60"), title="Zajęcia " + "długie " * 20)
    overview.propose_amount(actor=seats["chair"].user, offer=offer, amount=Decimal("10000.00"))
    client.force_login(seats["chair"].user)
    page = client.get(reverse("commission_panel:overview", args=[call.pk])).content.decode()
    row = re.search(
        rf'<tr>\s*<td class="num">[^<]*</td>\s*<th scope="row"><a href="([^"]+)">{re.escape(offer.number)}</a>(.*?)</tr>',
        page,
        re.S,
    )
    assert row.group(1) == reverse("commission_panel:sheet", args=[call.pk, offer.pk])
    cells = row.group(2)
    assert offer.organisation.name in cells
    assert "Zajęcia długie" in cells and "…" in cells  # the title shortened to 80 characters
    assert "12,345.60" in cells and "10,000.00" in cells  # requested and proposed, in the page's language
    assert reverse("commission_panel:propose", args=[call.pk, offer.pk]) in cells
