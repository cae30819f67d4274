"""Settlement (law.md §2.10; rule 25): unused grant, return deadline, interest, returns, settled."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.competitions.factories_reports import agreement_factory, final_report
from tests.factories import UserFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.agreements import services as agreements
from wspolpraca.competitions.enums import AgreementState, ReportState, ReturnKind
from wspolpraca.competitions.models import Report, TaxArrearsRate
from wspolpraca.competitions.reporting import settlement as service

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def rates():
    service.seed_rates()


def accept_final(agreement, spent="5000.00", interest="0"):
    report = final_report(agreement)
    Report.objects.filter(pk=report.pk).update(
        state=ReportState.ACCEPTED, spent_grant=Decimal(spent), content={"II": {"interest": interest}}
    )
    return report


@pytest.fixture
def agreement(organisation, representative, officer):
    # A task of 2025: used by 31 October, returned by 15 November 2025 (Saturday) → Monday 17th.
    return agreement_factory(
        organisation=organisation,
        officer=officer,
        start=D(2025, 3, 1),
        end=D(2025, 10, 31),
        transferred_on=D(2025, 3, 3),
    )


@pytest.fixture
def settlement(agreement, officer):
    accept_final(agreement)
    return service.compute_settlement(actor=officer, agreement=agreement)


def test_compute_needs_an_accepted_final_report(agreement, officer):
    with pytest.raises(ValidationError) as caught:
        service.compute_settlement(actor=officer, agreement=agreement)
    assert "final report is accepted" in caught.value.messages[0]


def test_compute_unused_and_deadline(agreement, officer, representative, django_capture_on_commit_callbacks):
    accept_final(agreement, interest="12,50")
    with django_capture_on_commit_callbacks(execute=True):
        settlement = service.compute_settlement(actor=officer, agreement=agreement)
    assert settlement.transferred == Decimal("5500.00")
    assert settlement.spent == Decimal("5000.00")
    assert settlement.unused == Decimal("500.00")
    assert settlement.other_income == Decimal("12.50")
    assert settlement.return_deadline == D(2025, 11, 17)
    assert representative.email in mail.outbox[-1].to
    assert ActivityLog.objects.filter(action="settlement.computed").exists()
    # Idempotent until settled.
    again = service.compute_settlement(actor=officer, agreement=agreement)
    assert again.pk == settlement.pk


def test_only_transferred_tranches_count(organisation, officer):
    agreement = agreement_factory(
        organisation=organisation,
        officer=officer,
        start=D(2025, 3, 1),
        end=D(2025, 10, 31),
        tranches=[(Decimal("3000"), D(2025, 3, 3)), (Decimal("2500"), None)],
    )
    accept_final(agreement, spent="2800")
    settlement = service.compute_settlement(actor=officer, agreement=agreement)
    assert (settlement.transferred, settlement.unused) == (Decimal("3000.00"), Decimal("200.00"))


def test_year_end_task_returns_by_31_january(organisation, officer):
    agreement = agreement_factory(
        organisation=organisation,
        officer=officer,
        start=D(2025, 3, 1),
        end=D(2025, 12, 31),
        transferred_on=D(2025, 3, 3),
    )
    accept_final(agreement)
    settlement = service.compute_settlement(actor=officer, agreement=agreement)
    assert settlement.return_deadline == D(2026, 2, 2)  # 31 January 2026 is a Saturday


def test_return_on_time_has_no_interest(settlement, officer, agreement):
    grant_return = service.record_return(
        actor=officer, agreement=agreement, kind=ReturnKind.UNUSED, amount=Decimal("500"), paid_on=D(2025, 11, 17)
    )
    assert grant_return.interest == Decimal("0.00")


def test_late_return_bears_interest_from_the_day_after_the_deadline(settlement, officer, agreement):
    # 10 days late (18–27 November 2025) at 12% (rate from 6 November 2025): 500 × 0.12 × 10 / 365.
    grant_return = service.record_return(
        actor=officer, agreement=agreement, kind=ReturnKind.UNUSED, amount=Decimal("500"), paid_on=D(2025, 11, 27)
    )
    assert grant_return.interest == Decimal("1.64")
    assert ActivityLog.objects.filter(action="settlement.return_recorded").exists()


def test_misuse_bears_interest_from_the_transfer(settlement, officer, agreement):
    # Transferred 3 March 2025; interest from that day to 27 November 2025 inclusive.
    expected = service.interest_for(
        settlement, kind=ReturnKind.MISUSED, amount=Decimal("1000"), paid_on=D(2025, 11, 27)
    )
    assert expected > Decimal("80")  # about 270 days at 12–14.5%
    with pytest.raises(ValidationError):
        service.record_return(
            actor=officer, agreement=agreement, kind=ReturnKind.MISUSED, amount=Decimal("1000"), paid_on=D(2025, 11, 27)
        )
    grant_return = service.record_return(
        actor=officer,
        agreement=agreement,
        kind=ReturnKind.MISUSED,
        amount=Decimal("1000"),
        paid_on=D(2025, 11, 27),
        found_on=D(2025, 11, 20),
    )
    assert grant_return.interest == expected
    assert "05.12.2025" in grant_return.note  # 20 November + 15 days = Friday 5 December
    assert service.misuse_deadline(D(2025, 11, 20)) == D(2025, 12, 5)


def test_return_validation(settlement, officer, agreement):
    with pytest.raises(ValidationError) as caught:
        service.record_return(
            actor=officer, agreement=agreement, kind=ReturnKind.UNUSED, amount=Decimal("0"), paid_on=D(2099, 1, 1)
        )
    assert {"amount", "paid_on"} <= set(caught.value.message_dict)


def test_settle_only_when_returned_in_full(settlement, officer, agreement, representative):
    with pytest.raises(ValidationError) as caught:
        service.settle_agreement(actor=officer, agreement=agreement)
    assert "Still to be returned" in caught.value.messages[0]
    service.record_return(
        actor=officer, agreement=agreement, kind=ReturnKind.UNUSED, amount=Decimal("300"), paid_on=D(2025, 11, 10)
    )
    with pytest.raises(ValidationError):
        service.settle_agreement(actor=officer, agreement=agreement)
    service.record_return(
        actor=officer, agreement=agreement, kind=ReturnKind.UNUSED, amount=Decimal("200"), paid_on=D(2025, 11, 20)
    )
    service.settle_agreement(actor=officer, agreement=agreement)
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.SETTLED and agreement.settled_at is not None
    assert ActivityLog.objects.filter(action="settlement.settled").exists()
    with pytest.raises(ValidationError):
        service.record_return(
            actor=officer, agreement=agreement, kind=ReturnKind.UNUSED, amount=Decimal("1"), paid_on=D(2025, 11, 20)
        )


def test_other_income_must_be_returned_too(agreement, officer):
    accept_final(agreement, spent="5500", interest="10")
    service.compute_settlement(actor=officer, agreement=agreement)
    with pytest.raises(ValidationError):
        service.settle_agreement(actor=officer, agreement=agreement)
    service.record_return(
        actor=officer, agreement=agreement, kind=ReturnKind.INCOME, amount=Decimal("10"), paid_on=D(2025, 11, 10)
    )
    service.settle_agreement(actor=officer, agreement=agreement)


def test_nothing_unused_settles_at_once(agreement, officer):
    accept_final(agreement, spent="5500")
    service.compute_settlement(actor=officer, agreement=agreement)
    service.settle_agreement(actor=officer, agreement=agreement)
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.SETTLED


def test_other_officers_cannot_settle(settlement, agreement):
    stranger = UserFactory(is_officer=True)
    with pytest.raises(PermissionDenied):
        service.compute_settlement(actor=stranger, agreement=agreement)
    with pytest.raises(PermissionDenied):
        service.record_return(
            actor=stranger, agreement=agreement, kind=ReturnKind.UNUSED, amount=Decimal("1"), paid_on=D(2025, 11, 1)
        )


def test_rates_only_for_the_centre_and_administrators(officer, administrator):
    with pytest.raises(PermissionDenied):
        service.save_rate(actor=officer, valid_from=D(2026, 1, 1), rate_pct=Decimal("11"))
    rate = service.save_rate(actor=administrator, valid_from=D(2026, 1, 1), rate_pct=Decimal("11"))
    assert rate.rate_pct == Decimal("11")
    service.save_rate(actor=administrator, valid_from=D(2026, 1, 1), rate_pct=Decimal("10.5"))
    assert TaxArrearsRate.objects.get(valid_from=D(2026, 1, 1)).rate_pct == Decimal("10.50")


# --- pages ---------------------------------------------------------------------------------------


def test_settlement_page_compute_preview_record_settle(client, agreement, officer):
    accept_final(agreement)
    client.force_login(officer)
    url = reverse("settlements_panel:detail", args=[agreement.pk])
    assert b"Compute the settlement" in client.get(url).content
    assert client.post(url, {"action": "compute"}).status_code == 302
    data = {"return-kind": "unused", "return-amount": "500", "return-paid_on": "2025-11-27"}
    preview = client.post(url, {**data, "action": "preview"})
    assert preview.status_code == 200
    assert b"interest 1.64" in preview.content
    assert not agreement.settlement.returns.exists()
    assert client.post(url, {**data, "action": "record"}).status_code == 302
    page = client.get(url)
    assert b"Settle the agreement" in page.content
    refused = client.post(url, {"action": "settle"})
    assert refused.status_code == 200  # the confirmation is required
    assert client.post(url, {"action": "settle", "settle-confirm": "on"}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.SETTLED


def test_rates_page(client, administrator, officer):
    client.force_login(administrator)
    url = reverse("settlements_panel:rates")
    assert client.get(url).status_code == 200
    response = client.post(url, {"valid_from": "2026-12-03", "rate_pct": "10.50", "notes": "M.P. 2026"})
    assert response.status_code == 302
    assert TaxArrearsRate.objects.filter(valid_from=D(2026, 12, 3), rate_pct=Decimal("10.50")).exists()
    client.force_login(officer)
    assert client.get(url).status_code == 403


def test_settlement_list_filters(client, officer, organisation):
    to_compute = agreement_factory(organisation=organisation, officer=officer, start=D(2025, 3, 1), end=D(2025, 10, 31))
    accept_final(to_compute)
    pending = agreement_factory(officer=officer, start=D(2025, 3, 1), end=D(2025, 10, 31))
    accept_final(pending)
    service.compute_settlement(actor=officer, agreement=pending)
    not_yet = agreement_factory(officer=officer)
    client.force_login(officer)
    url = reverse("settlements_panel:list")

    def listed(**params):
        content = client.get(url, params).content.decode()
        return {
            a.pk for a in (to_compute, pending, not_yet) if reverse("settlements_panel:detail", args=[a.pk]) in content
        }

    assert listed() == {to_compute.pk, pending.pk}
    assert listed(status="compute") == {to_compute.pk}
    assert listed(status="pending") == {pending.pk}
    assert listed(status="all") == {to_compute.pk, pending.pk, not_yet.pk}


def test_settlement_list_query_count_does_not_grow(client, officer, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = agreement_factory(officer=officer, start=D(2025, 3, 1), end=D(2025, 10, 31))
    accept_final(first)
    service.compute_settlement(actor=officer, agreement=first)
    client.force_login(officer)
    url = reverse("settlements_panel:list") + "?status=all"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _i in range(4):
        agreement = agreement_factory(officer=officer, start=D(2025, 3, 1), end=D(2025, 10, 31))
        accept_final(agreement)
        service.compute_settlement(actor=officer, agreement=agreement)
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_a_terminated_agreement_cannot_be_settled(agreement, officer):
    """The settlement goes through transition_agreement: terminated is final (AGREEMENT_TRANSITIONS)."""
    accept_final(agreement, spent="5500")
    service.compute_settlement(actor=officer, agreement=agreement)
    agreements.terminate_agreement(actor=officer, agreement=agreement, reason="Wypowiedzenie.")
    with pytest.raises(ValidationError) as caught:
        service.settle_agreement(actor=officer, agreement=agreement)
    assert caught.value.code == "state"
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.TERMINATED
    assert agreement.settled_at is None
    assert not ActivityLog.objects.filter(action="settlement.settled").exists()


def test_settling_logs_the_move(agreement, officer):
    accept_final(agreement, spent="5500")
    service.compute_settlement(actor=officer, agreement=agreement)
    service.settle_agreement(actor=officer, agreement=agreement)
    row = ActivityLog.objects.get(action="settlement.settled")
    assert (row.data["from"], row.data["to"], row.actor) == ("in_force", "settled", officer)
