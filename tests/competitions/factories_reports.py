"""Factories for reports and settlement: an agreement in force on a funded offer, its reports,
tax-arrears rates. Agreements are written here directly (the agreements service is another
area's); the offer gets a submitted version so that the report reads the planned figures."""

import datetime
import hashlib
import json
from decimal import Decimal

from tests.competitions.factories import OfferFactory
from tests.factories import UserFactory
from wspolpraca.competitions.enums import AgreementState, OfferState, ReportKind, ReportState
from wspolpraca.competitions.kernel import deadlines
from wspolpraca.competitions.models import Agreement, AgreementTranche, OfferVersion, Report, TaxArrearsRate

START = datetime.date(2027, 3, 1)
END = datetime.date(2027, 10, 31)

# The tax-arrears rates the tests use (yearly %, from the date). Values follow the Ministry of
# Finance announcements as far as we know them; they are test data, not a source.
RATES = [
    (datetime.date(2022, 9, 8), Decimal("16.50")),
    (datetime.date(2023, 9, 7), Decimal("15.00")),
    (datetime.date(2023, 10, 5), Decimal("14.50")),
    (datetime.date(2025, 5, 8), Decimal("14.00")),
    (datetime.date(2025, 7, 3), Decimal("13.50")),
]


def seed_rates(rates=RATES):
    for valid_from, rate in rates:
        TaxArrearsRate.objects.update_or_create(valid_from=valid_from, defaults={"rate_pct": rate, "notes": "test"})


def submitted_version(offer, user=None):
    """Mark the offer submitted with one immutable version of its current content."""
    user = user or UserFactory()
    canonical = json.dumps(offer.content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    offer.state = OfferState.SUBMITTED
    offer.number = offer.number or f"2027/{offer.call_id}/1/{offer.pk}"
    offer.submitted_at = datetime.datetime(2027, 1, 10, 12, 0, tzinfo=datetime.UTC)
    offer.save()
    return OfferVersion.objects.create(
        offer=offer,
        number=offer.versions.count() + 1,
        content=offer.content,
        canonical=canonical,
        checksum=hashlib.sha256(canonical.encode()).hexdigest(),
        submitted_by=user,
        submitted_at=datetime.datetime(2027, 1, 10, 12, 0, tzinfo=datetime.UTC),
    )


def agreement_factory(
    *,
    offer=None,
    organisation=None,
    officer=None,
    state=AgreementState.IN_FORCE,
    start=START,
    end=END,
    use_deadline=None,
    amount=Decimal("5500.00"),
    transferred_on=START,
    tranches=None,
    final_report=True,
):
    """An agreement in force on a submitted offer of `organisation`, with one tranche
    (transferred on `transferred_on`; None = not yet) and its final report."""
    if offer is None:
        kwargs = {"organisation": organisation} if organisation is not None else {}
        offer = OfferFactory(**kwargs)
        submitted_version(offer)
    if officer is not None:
        offer.call.unit.officers.add(officer)
    use_deadline = use_deadline or end
    agreement = Agreement.objects.create(
        offer=offer,
        number=f"UM/{offer.pk}/2027",
        state=state,
        financing=offer.call.financing,
        start_date=start,
        end_date=end,
        use_deadline=use_deadline,
        return_deadline=deadlines.return_deadline(use_deadline),
        final_report_due=deadlines.final_report_due(end),
        amount=amount,
        own_financial=Decimal("500.00"),
        own_personal=Decimal("500.00"),
        created_by=officer or UserFactory(),
        signed_on=start - datetime.timedelta(days=10),
        in_force_from=start - datetime.timedelta(days=10),
    )
    for number, (tranche_amount, on) in enumerate(tranches or [(amount, transferred_on)], start=1):
        AgreementTranche.objects.create(
            agreement=agreement, number=number, due_date=start, amount=tranche_amount, transferred_on=on
        )
    if final_report:
        from wspolpraca.competitions.reporting.services import ensure_final_report

        ensure_final_report(agreement=agreement)
    return agreement


def final_report(agreement):
    return agreement.reports.get(kind=ReportKind.FINAL)


def partial_report(agreement, *, due_date=None, state=ReportState.DUE, **kwargs):
    return Report.objects.create(
        agreement=agreement,
        kind=ReportKind.PARTIAL,
        state=state,
        period_from=agreement.start_date,
        period_to=agreement.start_date + datetime.timedelta(days=90),
        requested_on=agreement.start_date + datetime.timedelta(days=91),
        due_date=due_date or agreement.start_date + datetime.timedelta(days=125),
        **kwargs,
    )
