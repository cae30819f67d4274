"""From the formal check to the settlement under bad input and repeated forms: amounts as people type them, huge numbers and far
dates (a message next to the field, never a 500 or a row the database cannot read back), double
clicks and stale tabs (one row, a friendly refusal), and the Warsaw date at each deadline."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.competitions import factories_results as fr
from tests.competitions.factories_agreements import IBAN, funded_agreement, sent_agreement, signed_agreement
from tests.competitions.factories_reports import agreement_factory, final_report, seed_rates
from tests.competitions.factories_scoring import closed_call, commission, full_scores, scored_offer
from tests.competitions.test_reports import complete
from tests.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.enums import AgreementState, CallState, ReportKind, ReportState, ReturnKind, SheetState
from wspolpraca.competitions.evaluation import reasons, results, scoring
from wspolpraca.competitions.kernel import deadlines
from wspolpraca.competitions.kernel.fields import AmountField, PlausibleDateField
from wspolpraca.competitions.models import Agreement, Decision, GrantReturn, ReasonsRequest, Report, ScoreSheet
from wspolpraca.competitions.reporting import services as reports
from wspolpraca.competitions.reporting import settlement

pytestmark = pytest.mark.django_db
D = datetime.date
WARSAW = ZoneInfo("Europe/Warsaw")


def warsaw(day, hour, minute=0):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=WARSAW)


@pytest.fixture
def other_ngo():
    organisation = OrganisationFactory()
    representative = UserFactory()
    MembershipFactory(user=representative, organisation=organisation, role="representative")
    return organisation, representative


# --- the fields --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1 234,50", Decimal("1234.50")),
        ("1\u00a0234,50", Decimal("1234.50")),
        ("1\u202f234,5", Decimal("1234.50")),
        ("1234.5", Decimal("1234.50")),
        ("0,01", Decimal("0.01")),
    ],
)
def test_amounts_as_typed_in_poland(typed, value):
    assert AmountField().clean(typed) == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("99999999999999999999", "too large"),
        ("1e400", "too large"),
        ("NaN", "Enter an amount"),
        ("Infinity", "Enter an amount"),
        ("abc<script>", "Enter an amount"),
        ("1,234,50", "Enter an amount"),
        ("12,345", "two decimal places"),
        ("-5", "greater than or equal to 0"),
    ],
)
def test_bad_amounts_are_refused_with_a_message(typed, message):
    with pytest.raises(ValidationError, match=message):
        AmountField(min_value=0).clean(typed)


@pytest.mark.parametrize("typed", ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01"])
def test_dates_out_of_range_are_refused(typed):
    with pytest.raises(ValidationError, match="Enter a date between 01.01.2000 and 31.12.2100"):
        PlausibleDateField().clean(typed)


# --- agreements: huge amounts never reach the database ------------------------------------------


def edit_data(agreement, **overrides):
    data = {
        "start_date": agreement.start_date.isoformat(),
        "end_date": agreement.end_date.isoformat(),
        "use_deadline": agreement.use_deadline.isoformat(),
        "bank_account": IBAN,
        "own_financial": "500,00",
        "own_personal": "500",
        "own_in_kind": "0",
        "city_representative": "Prezydent Miasta Płocka",
        "ngo_representatives": "Anna Nowak",
        "tranche-TOTAL_FORMS": "1",
        "tranche-INITIAL_FORMS": "1",
        "tranche-0-due_date": agreement.start_date.isoformat(),
        "tranche-0-amount": "5 500,00",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("own_financial", "99999999999999999999"),
        ("own_personal", "-100"),
        ("tranche-0-amount", "1e400"),
        ("start_date", "9999-12-31"),
        ("end_date", "0001-01-01"),
    ],
)
def test_agreement_terms_refuse_huge_amounts_and_far_dates(
    client, organisation, representative, officer, executive, field, typed
):
    agreement = funded_agreement(
        organisation=organisation, representative=representative, officer=officer, executive=executive
    )
    client.force_login(officer)
    url = reverse("agreements_panel:edit", args=[agreement.pk])
    response = client.post(url, edit_data(agreement, **{field: typed}))
    assert response.status_code == 200
    assert typed.encode() in response.content  # what was typed stays in the form
    agreement.refresh_from_db()  # the row reads back
    assert agreement.own_financial == Decimal("500.00") and agreement.start_date.year < 3000
    assert client.get(reverse("agreements_panel:detail", args=[agreement.pk])).status_code == 200


def test_agreement_terms_accept_polish_amounts(client, organisation, representative, officer, executive):
    agreement = funded_agreement(
        organisation=organisation, representative=representative, officer=officer, executive=executive
    )
    client.force_login(officer)
    response = client.post(
        reverse("agreements_panel:edit", args=[agreement.pk]), edit_data(agreement, own_financial="1 234,50")
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.own_financial == Decimal("1234.50")


def test_annex_with_a_far_end_date_is_refused_on_the_field(client, organisation, representative, officer, executive):
    agreement = signed_agreement(
        organisation=organisation, representative=representative, officer=officer, executive=executive
    )
    client.force_login(officer)
    response = client.post(
        reverse("agreements_panel:annex", args=[agreement.pk]),
        {
            "reason": "<script>alert(1)</script>",
            "end_date": "9999-12-31",
            "use_deadline": agreement.use_deadline.isoformat(),
            "amount": "5 500,00",
        },
    )
    assert response.status_code == 200
    assert b"Enter a date between" in response.content
    assert b"<script>alert(1)</script>" not in response.content  # escaped, kept
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
    assert not agreement.annexes.exists()


# --- stale tabs and double clicks ----------------------------------------------------------------


def test_signing_twice_is_a_friendly_refusal(client, organisation, representative, officer, executive):
    agreement = sent_agreement(
        organisation=organisation, representative=representative, officer=officer, executive=executive
    )
    client.force_login(officer)
    url = reverse("agreements_panel:sign", args=[agreement.pk])
    data = {"signed_on": timezone.localdate().isoformat()}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)  # the same form from a second tab
    assert again.status_code in (200, 302)
    assert ActivityLog.objects.filter(action="agreement.signed", object_id=str(agreement.pk)).count() == 1
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.SIGNED


def test_publishing_results_twice_creates_nothing_twice(client, executive):
    call, good, _bad, _members = fr.evaluated_call(offers=2)
    client.force_login(executive)
    url = reverse("results_panel:decision", args=[call.pk])
    data = {"action": "publish", "confirm": "on"}
    for offer in good:
        data[f"o{offer.pk}-outcome"] = "funded"
        data[f"o{offer.pk}-amount"] = "10 000,00"  # as typed in Poland
    first = client.post(url, data)
    assert first.status_code == 302
    call.refresh_from_db()
    assert call.state == CallState.RESOLVED
    second = client.post(url, data, follow=True)
    assert second.status_code == 200
    assert b"already been published" in second.content
    assert Decision.objects.filter(offer__call=call).count() == 2
    assert ActivityLog.objects.filter(action="results.published", object_id=str(call.pk)).count() == 1


def test_a_score_sheet_submitted_twice_stays_one(client):
    call = closed_call()
    offer = scored_offer(call)
    seats = commission(call)
    chair = seats["chair"].user
    client.force_login(chair)
    url = reverse("commission_panel:sheet_submit", args=[call.pk, offer.pk])
    scoring.save_score_sheet(actor=chair, offer=offer, scores=full_scores(offer))
    data = {"confirm": "on"}
    first = client.post(url, data)
    assert first.status_code in (200, 302)
    second = client.post(url, data, follow=True)
    assert second.status_code == 200
    sheets = ScoreSheet.objects.filter(offer=offer, member=seats["chair"])
    assert sheets.count() == 1 and sheets.get().state == SheetState.SUBMITTED
    assert ActivityLog.objects.filter(action="scoring.sheet_submitted").count() == 1


def test_a_report_submitted_twice_is_refused_kindly(client, organisation, representative, officer):
    agreement = agreement_factory(organisation=organisation, officer=officer, start=D(2025, 3, 1), end=D(2025, 10, 31))
    report = final_report(agreement)
    reports.save_report(actor=representative, report=report, content=complete(report))
    reports.submit_report(actor=representative, report=report)
    client.force_login(representative)
    response = client.post(reverse("reports:detail", args=[report.pk]), {"submit": "1"}, follow=True)
    assert response.status_code == 200
    assert b"can no longer be changed" in response.content
    assert ActivityLog.objects.filter(action="report.submitted", object_id=str(report.pk)).count() == 1


def test_a_partial_report_requested_twice_is_one_report(organisation, officer):
    agreement = agreement_factory(organisation=organisation, officer=officer, start=D(2026, 1, 1), end=D(2026, 12, 30))
    today = timezone.localdate()
    kwargs = {
        "agreement": agreement,
        "period_from": D(2026, 1, 1),
        "period_to": D(2026, 6, 30),
        "delivered_on": today,
        "due_date": deadlines.earliest_partial_report_due(today),
    }
    reports.request_partial_report(actor=officer, **kwargs)
    with pytest.raises(ValidationError) as refused:
        reports.request_partial_report(actor=officer, **kwargs)
    assert "already been requested" in str(refused.value.message_dict["period_from"])
    assert agreement.reports.filter(kind=ReportKind.PARTIAL).count() == 1


def test_a_return_recorded_twice_is_refused_on_the_amount(client, organisation, officer):
    seed_rates()
    agreement = agreement_factory(organisation=organisation, officer=officer, start=D(2025, 3, 1), end=D(2025, 10, 31))
    report = final_report(agreement)
    Report.objects.filter(pk=report.pk).update(state=ReportState.ACCEPTED, spent_grant=Decimal("5000.00"))
    settlement.compute_settlement(actor=officer, agreement=agreement)
    client.force_login(officer)
    url = reverse("settlements_panel:detail", args=[agreement.pk])
    data = {
        "action": "record",
        "return-kind": ReturnKind.UNUSED,
        "return-amount": "500,00",
        "return-paid_on": D(2025, 11, 14).isoformat(),
    }
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)  # a double click
    assert again.status_code == 200
    assert b"is still to be returned for this" in again.content
    assert GrantReturn.objects.filter(settlement__agreement=agreement).count() == 1


@pytest.mark.parametrize(
    ("field", "typed"),
    [("return-amount", "1e400"), ("return-paid_on", "9999-12-31"), ("return-found_on", "9999-12-31")],
)
def test_settlement_preview_with_far_values_is_a_message(client, organisation, officer, field, typed):
    seed_rates()
    agreement = agreement_factory(organisation=organisation, officer=officer, start=D(2025, 3, 1), end=D(2025, 10, 31))
    Report.objects.filter(agreement=agreement).update(state=ReportState.ACCEPTED, spent_grant=Decimal("5000.00"))
    settlement.compute_settlement(actor=officer, agreement=agreement)
    client.force_login(officer)
    data = {
        "action": "preview",
        "return-kind": ReturnKind.MISUSED,
        "return-amount": "100",
        "return-paid_on": D(2025, 11, 14).isoformat(),
        "return-found_on": D(2025, 11, 1).isoformat(),
        field: typed,
    }
    response = client.post(reverse("settlements_panel:detail", args=[agreement.pk]), data)
    assert response.status_code == 200
    assert b"too large" in response.content or b"Enter a date between" in response.content


def test_reasons_requested_twice_is_one_request(executive):
    call, good, _bad, _members = fr.evaluated_call(offers=1)
    fr.with_representative(good[0])
    results.publish_results(
        actor=executive, call=call, choices={good[0].pk: {"outcome": "funded", "amount": "10000.00"}}
    )
    kwargs = {"call": call, "name": "Jan", "email": "jan@example.org", "text": "Dlaczego?", "ip": "10.0.0.1"}
    first = reasons.request_reasons(**kwargs)
    second = reasons.request_reasons(**{**kwargs, "email": "JAN@example.org"})
    assert first.pk == second.pk
    assert ReasonsRequest.objects.filter(call=call).count() == 1
    assert ActivityLog.objects.filter(action="results.reasons_requested").count() == 1


# --- deadlines at the Warsaw boundary ------------------------------------------------------------


def test_reasons_window_closes_at_midnight_warsaw(executive):
    call, good, _bad, _members = fr.evaluated_call(offers=1)
    results.publish_results(
        actor=executive, call=call, choices={good[0].pk: {"outcome": "funded", "amount": "10000.00"}}
    )
    call.refresh_from_db()
    # Published at 00:30 Warsaw on 1 March (23:30 UTC on 28 February): the day counts from 1 March.
    call.results_published_at = warsaw(D(2027, 3, 1), 0, 30)
    call.save(update_fields=["results_published_at"])
    days = 30
    last_day = D(2027, 3, 1) + datetime.timedelta(days=days)
    assert reasons.reasons_window_open(call, now=warsaw(last_day, 23, 59))
    assert not reasons.reasons_window_open(call, now=warsaw(last_day + datetime.timedelta(days=1), 0, 0))


def test_report_overdue_by_the_warsaw_date(organisation, officer):
    agreement = agreement_factory(organisation=organisation, officer=officer, start=D(2027, 3, 1), end=D(2027, 10, 31))
    report = final_report(agreement)
    due = report.due_date
    # 23:30 UTC on the due date is already the next day in Warsaw.
    late_evening_utc = datetime.datetime(due.year, due.month, due.day, 23, 30, tzinfo=datetime.UTC)
    assert timezone.localdate(late_evening_utc) == due + datetime.timedelta(days=1)
    assert reports.is_overdue(report, today=timezone.localdate(late_evening_utc))
    assert not reports.is_overdue(report, today=due)
    done = reports.send_reminders(now=late_evening_utc)
    assert any("overdue" in line for line in done)


def test_correction_deadline_is_the_end_of_the_warsaw_day():
    from wspolpraca.competitions.offers import formal_check

    call = closed_call()
    # 23:30 UTC on 31 March 2027 is 01:30 on 1 April in Warsaw (summer time): the days count from 1 April.
    deadline = formal_check.correction_deadline(call, now=datetime.datetime(2027, 3, 31, 23, 30, tzinfo=datetime.UTC))
    local = timezone.localtime(deadline, WARSAW)
    assert local.date() == D(2027, 4, 1) + datetime.timedelta(days=call.correction_period_days)
    assert (local.hour, local.minute) == (23, 59)


def test_late_interest_counts_from_the_day_after_the_local_deadline(organisation, officer):
    seed_rates()
    agreement = agreement_factory(organisation=organisation, officer=officer, start=D(2025, 3, 1), end=D(2025, 10, 31))
    Report.objects.filter(agreement=agreement).update(state=ReportState.ACCEPTED, spent_grant=Decimal("5000.00"))
    computed = settlement.compute_settlement(actor=officer, agreement=agreement)
    deadline = computed.return_deadline
    on_time = settlement.interest_for(computed, kind=ReturnKind.UNUSED, amount=Decimal("500"), paid_on=deadline)
    one_day = settlement.interest_for(
        computed, kind=ReturnKind.UNUSED, amount=Decimal("500"), paid_on=deadline + datetime.timedelta(days=1)
    )
    assert on_time == Decimal("0.00")
    assert one_day == (Decimal("500") * Decimal("13.50") / 100 / 365).quantize(Decimal("0.01"))


def test_record_return_refuses_a_payment_dated_tomorrow_in_warsaw(organisation, officer):
    agreement = agreement_factory(organisation=organisation, officer=officer, start=D(2025, 3, 1), end=D(2025, 10, 31))
    Report.objects.filter(agreement=agreement).update(state=ReportState.ACCEPTED, spent_grant=Decimal("5000.00"))
    settlement.compute_settlement(actor=officer, agreement=agreement)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        settlement.record_return(
            actor=officer, agreement=agreement, kind=ReturnKind.UNUSED, amount=Decimal("100"), paid_on=tomorrow
        )
    assert "paid_on" in refused.value.message_dict
    assert Agreement.objects.get(pk=agreement.pk).state == AgreementState.IN_FORCE
