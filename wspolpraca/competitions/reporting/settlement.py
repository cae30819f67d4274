"""The settlement of an agreement: unused grant, returns and interest (u.f.p. art. 251–252;
law.md §2.10; §8 rule 25).

Decisions:
- The settlement is computed once the final report is accepted: transferred = the tranches
  transferred; spent = the accepted final report's grant used; unused = transferred − spent;
  other income to return = the interest and other income the report states; the return deadline
  is `deadlines.latest_return_deadline` (per budget year: 15 days, or 31 January for a grant usable to the
  end of the year, moved to the next working day). It may be recomputed until settled.
- A return records the principal and the date paid; the interest is computed, never typed:
  `deadlines.late_interest` at the dated tax-arrears rates (TaxArrearsRate) from the day after
  the deadline; a return of a grant used contrary to purpose (art. 252) is due 15 days after the
  finding and bears interest from the day of the (first) transfer.
- The agreement is settled when the unused grant and the other income are returned in full
  (with their interest): Agreement → settled, settled_at; logged as settlement.settled.
"""

import datetime
import logging
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.dates import next_working_day_on_or_after
from wspolpraca.common.mail import in_site_language
from wspolpraca.common.money import format_money
from wspolpraca.common.services import log_action, require_permission
from wspolpraca.competitions.agreements.services import transition_agreement
from wspolpraca.competitions.enums import AgreementState, ReportKind, ReportState, ReturnKind
from wspolpraca.competitions.kernel import deadlines
from wspolpraca.competitions.kernel.offer_content import ZERO
from wspolpraca.competitions.models import Agreement, GrantReturn, Settlement, TaxArrearsRate
from wspolpraca.competitions.reporting import content as report_content
from wspolpraca.competitions.reporting import services as reports

logger = logging.getLogger(__name__)

SETTLEABLE_STATES = (AgreementState.SIGNED, AgreementState.IN_FORCE)
MISUSE_DAYS = 15

# Tax-arrears interest rates (odsetki za zwłokę od zaległości podatkowych, yearly %) from the
# dates announced by the Minister of Finance: 200% of the NBP Lombard rate + 2 points, at least
# 8%. Loaded into TaxArrearsRate by the demo and tests; TO BE VERIFIED against the Ministry's
# announcements (Monitor Polski) before production use: officers keep the table at
# /panel/rozliczenia/stawki/.
PUBLISHED_RATES = [
    (datetime.date(2021, 1, 1), Decimal("8.00")),
    (datetime.date(2022, 2, 9), Decimal("8.50")),
    (datetime.date(2022, 3, 9), Decimal("10.00")),
    (datetime.date(2022, 4, 7), Decimal("12.00")),
    (datetime.date(2022, 5, 6), Decimal("13.50")),
    (datetime.date(2022, 6, 9), Decimal("15.00")),
    (datetime.date(2022, 7, 8), Decimal("16.00")),
    (datetime.date(2022, 9, 8), Decimal("16.50")),
    (datetime.date(2023, 9, 7), Decimal("15.00")),
    (datetime.date(2023, 10, 5), Decimal("14.50")),
    (datetime.date(2025, 5, 8), Decimal("14.00")),
    (datetime.date(2025, 7, 3), Decimal("13.50")),
    (datetime.date(2025, 9, 4), Decimal("13.00")),
    (datetime.date(2025, 10, 9), Decimal("12.50")),
    (datetime.date(2025, 11, 6), Decimal("12.00")),
]


def seed_rates():
    """Load PUBLISHED_RATES where missing (demo data; idempotent; never overwrites a rate)."""
    for valid_from, rate in PUBLISHED_RATES:
        TaxArrearsRate.objects.get_or_create(
            valid_from=valid_from,
            defaults={
                "rate_pct": rate,
                "notes": "Wartość demonstracyjna – do sprawdzenia w obwieszczeniu Ministra Finansów",
            },
        )


def rate_table():
    return list(TaxArrearsRate.objects.order_by("valid_from").values_list("valid_from", "rate_pct"))


def accepted_final_report(agreement):
    return agreement.reports.filter(kind=ReportKind.FINAL, state=ReportState.ACCEPTED).first()


def settlement_of(agreement):
    try:
        return agreement.settlement
    except Settlement.DoesNotExist:
        return None


def first_transfer(agreement):
    return (
        agreement.tranches.filter(transferred_on__isnull=False)
        .order_by("transferred_on")
        .values_list("transferred_on", flat=True)
    ).first()


def misuse_deadline(found_on):
    """Art. 252: 15 days after the misuse was established, moved to the next working day."""
    return next_working_day_on_or_after(found_on + datetime.timedelta(days=MISUSE_DAYS))


def interest_for(settlement, *, kind, amount, paid_on, rates=None):
    """The interest due with a return paid on `paid_on` (rule 25)."""
    rates = rate_table() if rates is None else rates
    if kind == ReturnKind.MISUSED:
        transferred_on = first_transfer(settlement.agreement)
        if transferred_on is None:
            return ZERO
        # From the day of transfer: late_interest counts from the day after its `deadline`.
        return deadlines.late_interest(amount, transferred_on - datetime.timedelta(days=1), paid_on, rates)
    return deadlines.late_interest(amount, settlement.return_deadline, paid_on, rates)


def returned(settlement, kind):
    return settlement.returns.filter(kind=kind).aggregate(total=Sum("amount"))["total"] or ZERO


def balance(settlement):
    """What is still to be returned: {"unused", "income", "interest_paid", "misused"}."""
    totals = {
        row["kind"]: (row["amount"] or ZERO, row["interest"] or ZERO)
        for row in settlement.returns.values("kind").annotate(amount=Sum("amount"), interest=Sum("interest"))
    }
    unused_back, _i1 = totals.get(ReturnKind.UNUSED, (ZERO, ZERO))
    income_back, _i2 = totals.get(ReturnKind.INCOME, (ZERO, ZERO))
    return {
        "unused": max(settlement.unused - unused_back, ZERO),
        "income": max(settlement.other_income - income_back, ZERO),
        "unused_returned": unused_back,
        "income_returned": income_back,
        "misused_returned": totals.get(ReturnKind.MISUSED, (ZERO, ZERO))[0],
        "interest_paid": sum((interest for _amount, interest in totals.values()), ZERO),
    }


def _locked_agreement(agreement):
    return Agreement.objects.select_for_update().select_related("offer__call").get(pk=agreement.pk)


@transaction.atomic
def compute_settlement(*, actor, agreement):
    """Compute (or recompute, until settled) the settlement from the accepted final report."""
    agreement = _locked_agreement(agreement)
    require_permission(actor, "competitions.manage_settlement", agreement)
    if agreement.state not in SETTLEABLE_STATES:
        raise ValidationError(_("Only an agreement in force can be settled."), code="state")
    report = accepted_final_report(agreement)
    if report is None:
        raise ValidationError(_("The settlement is computed once the final report is accepted."), code="report")
    existing = settlement_of(agreement)
    if existing is not None and existing.settled_at is not None:
        raise ValidationError(_("This agreement is already settled."), code="settled")
    transferred = report_content.transferred_amount(agreement)
    figures = report_content.report_figures(report, report.content, transferred=transferred)
    values = {
        "transferred": transferred,
        "spent": report.spent_grant,
        "unused": max(transferred - report.spent_grant, ZERO),
        "other_income": figures.interest + figures.other_income,
        "return_deadline": deadlines.latest_return_deadline(
            agreement.use_deadline, [(t.due_date, t.amount) for t in agreement.tranches.all()]
        ),
        "computed_at": timezone.now(),
        "computed_by": actor,
    }
    settlement, _created = Settlement.objects.update_or_create(agreement=agreement, defaults=values)
    log_action(
        actor=actor,
        action="settlement.computed",
        obj=agreement,
        data={
            key: f"{value:.2f}" if isinstance(value, Decimal) else value.isoformat()
            for key, value in values.items()
            if key in ("transferred", "spent", "unused", "other_income", "return_deadline")
        },
    )
    _notify(settlement, "computed")
    return settlement


@transaction.atomic
def record_return(*, actor, agreement, kind, amount, paid_on, found_on=None, note=""):
    """Record money returned; the interest is computed from the dated rates (rule 25)."""
    agreement = _locked_agreement(agreement)
    require_permission(actor, "competitions.manage_settlement", agreement)
    settlement = settlement_of(agreement)
    if settlement is None:
        raise ValidationError(_("Compute the settlement first."), code="settlement")
    if settlement.settled_at is not None:
        raise ValidationError(_("This agreement is already settled."), code="settled")
    errors = {}
    if kind not in ReturnKind.values:
        errors["kind"] = _("Choose what the return is for.")
    if amount is None or amount <= 0:
        errors["amount"] = _("The amount must be greater than zero.")
    if paid_on is None:
        errors["paid_on"] = _("Give the date of payment.")
    elif paid_on > timezone.localdate():
        errors["paid_on"] = _("A payment cannot be dated in the future.")
    if kind == ReturnKind.MISUSED and found_on is None:
        errors["found_on"] = _("Give the date the use contrary to purpose was established.")
    if not errors and kind in (ReturnKind.UNUSED, ReturnKind.INCOME):
        # Under the agreement's lock: a second click on the same form (or a stale tab) cannot
        # record the same money twice.
        left = balance(settlement)["unused" if kind == ReturnKind.UNUSED else "income"]
        if amount > left:
            errors["amount"] = _(
                "Only %(left)s PLN is still to be returned for this; the returns already recorded are listed below."
            ) % {"left": format_money(left, localised=True, currency=False)}
    if errors:
        raise ValidationError(errors)
    interest = interest_for(settlement, kind=kind, amount=amount, paid_on=paid_on)
    note = (note or "").strip()
    if kind == ReturnKind.MISUSED:
        note = _("Established on %(found)s; due by %(due)s; interest from the transfer on %(transfer)s.") % {
            "found": found_on.strftime("%d.%m.%Y"),
            "due": misuse_deadline(found_on).strftime("%d.%m.%Y"),
            "transfer": (first_transfer(agreement) or found_on).strftime("%d.%m.%Y"),
        } + (f"\n{note}" if note else "")
    grant_return = GrantReturn.objects.create(
        settlement=settlement,
        kind=kind,
        amount=amount,
        interest=interest,
        paid_on=paid_on,
        note=note,
        recorded_by=actor,
    )
    log_action(
        actor=actor,
        action="settlement.return_recorded",
        obj=agreement,
        data={"kind": kind, "amount": f"{amount:.2f}", "interest": f"{interest:.2f}", "paid_on": paid_on.isoformat()},
    )
    return grant_return


@transaction.atomic
def settle_agreement(*, actor, agreement):
    """Settle once the unused grant and the other income are returned in full, with interest."""
    agreement = _locked_agreement(agreement)
    require_permission(actor, "competitions.manage_settlement", agreement)
    settlement = settlement_of(agreement)
    if settlement is None:
        raise ValidationError(_("Compute the settlement first."), code="settlement")
    if settlement.settled_at is not None or agreement.state == AgreementState.SETTLED:
        return settlement
    left = balance(settlement)
    if left["unused"] > 0 or left["income"] > 0:
        raise ValidationError(
            _("Still to be returned: %(unused)s PLN of the unused grant and %(income)s PLN of other income.")
            % {
                "unused": format_money(left["unused"], localised=True, currency=False),
                "income": format_money(left["income"], localised=True, currency=False),
            },
            code="outstanding",
        )
    now = timezone.now()
    transition_agreement(
        agreement,
        AgreementState.SETTLED,
        actor=actor,
        action="settlement.settled",
        changes={"settled_at": now},
        data={"unused": f"{settlement.unused:.2f}", "interest": f"{left['interest_paid']:.2f}"},
    )
    settlement.settled_at = now
    settlement.save(update_fields=["settled_at"])
    _notify(settlement, "settled")
    return settlement


@transaction.atomic
def save_rate(*, actor, valid_from, rate_pct, notes=""):
    """Add or change the tax-arrears rate in force from `valid_from`."""
    require_permission(actor, "competitions.manage_tax_arrears_rates")
    errors = {}
    if valid_from is None:
        errors["valid_from"] = _("Give the date the rate applies from.")
    if rate_pct is None or rate_pct < 0 or rate_pct > 100:
        errors["rate_pct"] = _("The yearly rate must be between 0 and 100%.")
    if errors:
        raise ValidationError(errors)
    rate, created = TaxArrearsRate.objects.update_or_create(
        valid_from=valid_from, defaults={"rate_pct": rate_pct, "notes": (notes or "").strip()[:300]}
    )
    log_action(
        actor=actor,
        action="settlement.rate_saved",
        obj=rate,
        data={"valid_from": valid_from.isoformat(), "rate_pct": f"{rate_pct:.2f}", "created": created},
    )
    return rate


# --- e-mail to the organisation -------------------------------------------------------------------


def _notify(settlement, event):
    pk = settlement.pk
    transaction.on_commit(lambda: _send_after_commit(pk, event))


def _send_after_commit(pk, event):
    try:
        settlement = Settlement.objects.select_related("agreement__offer__call", "agreement__offer__organisation").get(
            pk=pk
        )
        send_message(settlement=settlement, event=event)
    except Exception:
        logger.exception("The settlement %s could not be e-mailed (%s).", pk, event)


@in_site_language
def send_message(*, settlement, event):
    offer = settlement.agreement.offer
    recipients = reports.organisation_recipients(offer)
    if not recipients:
        return
    context = {
        "settlement": settlement,
        "agreement": settlement.agreement,
        "offer": offer,
        "balance": balance(settlement),
        "site_url": settings.SITE_URL,
    }
    subject = " ".join(render_to_string(f"competitions/email/settlement_{event}_subject.txt", context).split())
    body = render_to_string(f"competitions/email/settlement_{event}_body.txt", context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
