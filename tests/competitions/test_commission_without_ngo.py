"""Art. 15(2da): a commission without members nominated by organisations works only for a
statutory reason, recorded. Without it the chair cannot close the evaluation and the executive
cannot decide; the reason is in the minutes."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tests.competitions import factories_results
from tests.competitions.factories_scoring import closed_call, member, scored_offer, submit_sheet
from wspolpraca.competitions.enums import CallState, CommissionRole, DecisionOutcome, WithoutNgoReason
from wspolpraca.competitions.evaluation import commission, overview, results
from wspolpraca.competitions.models import CommissionWithoutNgo

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def officers_only():
    """A closed call scored by a commission of officers only (no nominee), no reason recorded."""
    call = closed_call()
    seats = [member(call, CommissionRole.CHAIR), member(call, CommissionRole.OFFICER)]
    offer = scored_offer(call)
    for seat in seats:
        submit_sheet(seat, offer)
    return call, seats[0]


@pytest.fixture
def undecided(officer):
    """An evaluated call of an officers-only commission whose reason is not recorded."""
    call, good, _bad, _members = factories_results.evaluated_call(offers=1)
    call.unit.officers.add(officer)
    CommissionWithoutNgo.objects.filter(call=call).delete()
    return call, good


def _choices(good):
    return {o.pk: {"outcome": DecisionOutcome.FUNDED, "amount": Decimal("10000.00")} for o in good}


def test_the_chair_cannot_close_until_the_reason_is_recorded(officers_only, executive):
    call, chair = officers_only
    with translation.override("en"), pytest.raises(ValidationError) as error:
        overview.close_evaluation(actor=chair.user, call=call)
    message = " ".join(error.value.messages)
    assert "art. 15(2da)" in message
    assert reverse("commission_panel:appoint", args=[call.pk]) in message
    call.refresh_from_db()
    assert call.state == CallState.CLOSED

    commission.set_commission_without_ngo_reason(actor=executive, call=call, reason=WithoutNgoReason.NO_NOMINATIONS)
    overview.close_evaluation(actor=chair.user, call=call)
    call.refresh_from_db()
    assert call.state == CallState.EVALUATED


def test_the_executive_cannot_decide_until_the_reason_is_recorded(undecided, executive):
    call, good = undecided
    with translation.override("en"), pytest.raises(ValidationError) as error:
        results.publish_results(actor=executive, call=call, choices=_choices(good))
    assert "art. 15(2da)" in " ".join(error.value.messages)
    call.refresh_from_db()
    assert call.state == CallState.EVALUATED

    commission.set_commission_without_ngo_reason(actor=executive, call=call, reason=WithoutNgoReason.ALL_EXCLUDED)
    results.publish_results(actor=executive, call=call, choices=_choices(good))
    call.refresh_from_db()
    assert call.state == CallState.RESOLVED


def test_a_commission_with_a_nominee_needs_no_reason():
    from tests.competitions.factories_scoring import commission as full_commission

    call = closed_call()
    full_commission(call)
    assert commission.without_ngo_problem(call) is None
    assert all("2da" not in m for m in overview.evaluation_missing(call))


def test_close_page_names_the_missing_reason_and_refuses(client, officers_only):
    call, chair = officers_only
    client.force_login(chair.user)
    url = reverse("commission_panel:close", args=[call.pk])
    page = client.get(url, **EN).text
    assert "cannot be closed yet" in page and "art. 15(2da)" in page
    assert reverse("commission_panel:appoint", args=[call.pk]) in page
    assert "I confirm" not in page
    client.post(url, {"confirm": "yes"}, **EN)
    call.refresh_from_db()
    assert call.state == CallState.CLOSED


def test_decision_page_names_the_missing_reason_and_refuses(client, executive, undecided):
    call, good = undecided
    client.force_login(executive)
    url = reverse("results_panel:decision", kwargs={"call_pk": call.pk})
    page = client.get(url, **EN).text
    assert "art. 15(2da)" in page and reverse("commission_panel:appoint", args=[call.pk]) in page
    data = {"action": "publish", "confirm": "on"}
    for offer in good:
        data.update({f"o{offer.pk}-outcome": "funded", f"o{offer.pk}-amount": "10000.00"})
    response = client.post(url, data, **EN)
    assert response.status_code == 200 and "art. 15(2da)" in response.text
    call.refresh_from_db()
    assert call.state == CallState.EVALUATED


def test_the_minutes_give_the_recorded_reason(officers_only, executive):
    from wspolpraca.competitions.evaluation.views.scoring import minutes_context

    call, chair = officers_only
    commission.set_commission_without_ngo_reason(actor=executive, call=call, reason=WithoutNgoReason.NO_NOMINATIONS)
    overview.close_evaluation(actor=chair.user, call=call)
    call.refresh_from_db()
    with translation.override("pl"):  # as render_pdf does
        html = render_to_string("competitions/pdf/minutes.html", minutes_context(call))
        label = str(WithoutNgoReason.NO_NOMINATIONS.label)
    assert "art. 15 ust. 2da" in html and label in html
    assert executive.get_full_name() in html  # who recorded the reason
