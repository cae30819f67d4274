"""The score sheet's fields named by their criterion, the range given to the browser, and the
running total the server computes from the points typed (commission_panel:sheet_total)."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests.competitions.factories_scoring import closed_call, commission, full_scores, member, scored_offer
from tests.conftest import TEST_TOTP_SECRET
from tests.factories import UserFactory
from wspolpraca.accounts.services import enrol_totp
from wspolpraca.competitions.enums import CommissionRole
from wspolpraca.competitions.evaluation import scoring
from wspolpraca.competitions.models import ScoreSheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return closed_call()


@pytest.fixture
def seats(call):
    return commission(call)


def sheet_url(call, offer, name="commission_panel:sheet"):
    return reverse(name, args=[call.pk, offer.pk])


def applying(offer):
    return [(number, c) for number, (c, applies) in enumerate(scoring.sheet_criteria(offer), start=1) if applies]


def test_error_summary_names_each_field_by_its_criterion(client, call, seats):
    offer = scored_offer(call)
    client.force_login(seats["officer"].user)
    with translation.override("en"):
        body = client.post(sheet_url(call, offer), {"action": "submit"}).content.decode()
    summary = body.split('class="error-summary"')[1].split("</div>")[0]
    links = [(i, html.unescape(t)) for i, t in re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)]
    criteria = applying(offer)
    assert len(links) == 2 * len(criteria)
    for number, criterion in criteria:
        points = f"Points — {number}. {criterion.name}: Enter the points."
        justification = f"Justification — {number}. {criterion.name}: Justify the points."
        assert (f"id_points_{criterion.pk}", points) in links
        assert (f"id_justification_{criterion.pk}", justification) in links
    # Every link text is different: no more six "Points: Enter the points.".
    assert len({text for _id, text in links}) == len(links)
    # The labels carry the same names: "Points" shown under the criterion's heading, the
    # criterion's name for screen readers, marked as Polish on a page in English.
    number, criterion = criteria[0]
    label = f'<label for="id_points_{criterion.pk}">Points<span class="visually-hidden"> — <span lang="pl">{number}. {criterion.name}</span>'
    assert label in html.unescape(body)


def test_points_inputs_carry_the_range_and_its_message(client, call, seats):
    offer = scored_offer(call)
    client.force_login(seats["officer"].user)
    with translation.override("en"):
        body = client.get(sheet_url(call, offer)).content.decode()
    for _number, criterion in applying(offer):
        maximum = scoring.format_points(criterion.max_points)
        tag = re.search(rf'<input[^>]+id="id_points_{criterion.pk}"[^>]*>', body).group(0)
        assert 'min="0"' in tag and f'max="{criterion.max_points}"' in tag and 'step="0.01"' in tag
        assert f'data-range-message="Enter points from 0 to {maximum}."' in tag
    assert "competitions/js/score-sheet.js" in body


def test_form_posts_to_the_address_without_a_fragment(client, call, seats):
    offer = scored_offer(call)
    client.force_login(seats["officer"].user)
    body = client.get(sheet_url(call, offer)).content.decode()
    assert f'action="{sheet_url(call, offer)}"' in body
    assert f'data-total-url="{sheet_url(call, offer, "commission_panel:sheet_total")}"' in body


def test_the_server_still_refuses_points_out_of_range(client, call, seats):
    offer = scored_offer(call)
    client.force_login(seats["officer"].user)
    (number, criterion) = applying(offer)[0]
    data = {"action": "save", f"points_{criterion.pk}": str(criterion.max_points + 1)}
    with translation.override("en"):
        response = client.post(sheet_url(call, offer), data)
    body = html.unescape(response.content.decode())
    assert response.status_code == 200 and not ScoreSheet.objects.filter(offer=offer).exists()
    assert f"Points — {number}. {criterion.name}: Ensure this value is less than or equal to" in body


def test_running_total_counts_valid_points_and_names_the_others(call, seats):
    offer = scored_offer(call)
    criteria = scoring.sheet_criteria(offer)
    (n1, first), (n2, second), (n3, third) = applying(offer)[:3]
    raw = {first.pk: "2,5", second.pk: str(second.max_points + 1), third.pk: "1.234"}
    with translation.override("en"):
        total, notes = scoring.running_total(criteria, raw)
    assert total == Decimal("2.5")
    assert notes == [
        f"{n2}. {second.name}: enter points from 0 to {scoring.format_points(second.max_points)}.",
        f"{n3}. {third.name}: use at most two decimal places.",
    ]
    assert scoring.running_total(criteria, {first.pk: "abc", second.pk: "-1"})[0] == 0
    assert scoring.running_total(criteria, {first.pk: "NaN"})[1]


def test_running_total_ignores_criteria_that_do_not_apply(call, seats):
    offer = scored_offer(call)
    criteria = scoring.sheet_criteria(offer)
    skipped = [c for c, applies in criteria if not applies]
    assert skipped  # no history: one criterion is not applicable
    assert scoring.running_total(criteria, {skipped[0].pk: "3"}) == (Decimal("0.00"), [])


def test_total_endpoint_returns_the_total_and_saves_nothing(client, call, seats):
    offer = scored_offer(call)
    client.force_login(seats["ngo"].user)
    scores = full_scores(offer, points=3)
    data = {f"points_{pk}": str(entry["points"]) for pk, entry in scores.items()}
    maximum = scoring.max_points(scoring.sheet_criteria(offer))
    with translation.override("en"):
        response = client.post(sheet_url(call, offer, "commission_panel:sheet_total"), data)
    assert response.status_code == 200
    payload = response.json()
    expected = sum((e["points"] for e in scores.values()), Decimal(0))
    assert payload["total"] == scoring.format_points(expected)
    assert payload["max"] == scoring.format_points(maximum)
    assert payload["text"] == f"Your total: {payload['total']} of {payload['max']} points."
    assert payload["notes"] == []
    assert not ScoreSheet.objects.filter(offer=offer).exists()


def test_total_endpoint_reports_out_of_range_points(client, call, seats):
    offer = scored_offer(call)
    client.force_login(seats["ngo"].user)
    number, criterion = applying(offer)[0]
    with translation.override("en"):
        payload = client.post(
            sheet_url(call, offer, "commission_panel:sheet_total"), {f"points_{criterion.pk}": "999"}
        ).json()
    assert payload["total"] == "0"
    assert payload["notes"] == [
        f"{number}. {criterion.name}: enter points from 0 to {scoring.format_points(criterion.max_points)}."
    ]
    assert payload["notes"][0] in payload["text"]


def test_page_shows_the_saved_total_without_script(client, call, seats):
    offer = scored_offer(call)
    seat = seats["officer"]
    scores = full_scores(offer, points=2)
    scoring.save_score_sheet(actor=seat.user, offer=offer, scores=scores)
    client.force_login(seat.user)
    with translation.override("en"):
        body = client.get(sheet_url(call, offer)).content.decode()
    total = scoring.format_points(sum((e["points"] for e in scores.values()), Decimal(0)))
    region = re.search(r'<p class="sheet-total" id="sheet-total" aria-live="polite">([^<]*)</p>', body).group(1)
    assert region.startswith(f"Your total: {total} of ")


def test_after_a_failed_save_the_total_is_of_the_typed_points(client, call, seats):
    offer = scored_offer(call)
    client.force_login(seats["officer"].user)
    (_n, first), (_m, second) = applying(offer)[:2]
    data = {"action": "save", f"points_{first.pk}": "1", f"points_{second.pk}": "999"}
    with translation.override("en"):
        body = client.post(sheet_url(call, offer), data).content.decode()
    region = re.search(r'id="sheet-total" aria-live="polite">([^<]*)</p>', body).group(1)
    assert region.startswith("Your total: 1 of ") and "enter points from 0 to" in region


@pytest.mark.parametrize("who", ["anonymous", "outsider", "undeclared"])
def test_total_endpoint_refuses_those_who_may_not_score(client, call, seats, who):
    offer = scored_offer(call)
    url = sheet_url(call, offer, "commission_panel:sheet_total")
    if who == "outsider":
        outsider = UserFactory(is_officer=True)
        enrol_totp(user=outsider, secret=TEST_TOTP_SECRET)
        client.force_login(outsider)
    elif who == "undeclared":
        client.force_login(member(call, CommissionRole.OFFICER, declare=False).user)
    response = client.post(url, {})
    if who == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 404


def test_total_endpoint_hides_an_offer_the_member_declared_a_conflict_with(client, call):
    offer = scored_offer(call)
    seat = member(call, CommissionRole.OFFICER, conflicted_offer=offer)
    client.force_login(seat.user)
    assert client.post(sheet_url(call, offer, "commission_panel:sheet_total"), {}).status_code == 404
