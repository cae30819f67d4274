"""The agreement (umowa) for a funded offer: drafting, terms, states, tranches, annexes, PDF.

Law: art. 16 (law.md §2.8), the framework template (§6.4), u.f.p. art. 250–251.

Decisions:
- Prerequisites (`agreement_blockers`): a funded offer — a Decision "funded" in a competition,
  or a small grant at stage FUNDED; for a small grant also rule 19: not before the comment
  period ended and every comment is moderated and considered (the check of
  small_grants.decision_blockers, reused); the update accepted when the award was lower than
  requested (or the award equals the grant requested); the register's grant not withdrawn.
- Drafted from the offer version (the update's version when there was one) and the call:
  parties, task, financing, dates, amount, contributions, the bank account from the offer
  (section II) or the registry, one tranche of the whole amount. The use deadline defaults to
  the task's end date; the return deadline and the final report due date are computed
  (deadlines.py) whenever the dates change.
- Terms (`term_errors`): start ≤ end; at most Agreement.MAX_YEARS (5) years from the start
  (art. 16 ust. 3); the use deadline between the start and 31 December of the end date's year
  (u.f.p. art. 250; for a multi-year agreement each year's part is used by 31 December of that
  year, printed per year in § 3); tranches: at least one, each positive, due within the task
  period, adding up exactly to the amount; a valid IBAN.
- States: draft → sent (the offerors' representatives are e-mailed) → signed (signed_on and a
  PDF scan, or signing recorded without one) → in force (in_force_from; the final report is
  created through services.reports.ensure_final_report) → settled (by the settlement service) or
  terminated (reason required) from any state but settled and terminated.
- Annexes (signed or in force): change the end date, the use deadline, the amount and/or the
  tranches; reason required; `changes` = {field: [before, after]}; numbered from 1; a
  transferred tranche cannot change; deadlines recomputed; the final report is rescheduled
  (services.reports.reschedule_final_report) when the end date changes.
- Number: "<unit short name>/<call year>/<sequence>" under a row lock on the city unit.
"""

import calendar
import datetime
import logging
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.money import format_money
from wspolpraca.common.pdf_safety import validate_pdf_content
from wspolpraca.common.services import log_action, require_permission
from wspolpraca.common.storage import refuse_when_disk_full
from wspolpraca.common.transitions import check_move, move_state
from wspolpraca.competitions.agreements import documents as agreement_documents
from wspolpraca.competitions.agreements.selectors import agreement_blockers, awarded_amount, source_version
from wspolpraca.competitions.agreements.signals import agreement_end_changed, agreement_in_force
from wspolpraca.competitions.enums import (
    AGREEMENT_TRANSITIONS,
    AgreementState,
    CallMode,
)
from wspolpraca.competitions.kernel import attachments, deadlines, offer_content
from wspolpraca.competitions.models import (
    Agreement,
    AgreementAnnex,
    AgreementTranche,
    CityUnit,
    CompetitionSettings,
    Grant,
    Offer,
)
from wspolpraca.competitions.offers.services import authority_name
from wspolpraca.organisations.enums import MembershipRole
from wspolpraca.organisations.selectors import representative_emails as of_organisation
from wspolpraca.organisations.validators import validate_iban

logger = logging.getLogger(__name__)
CENT = Decimal("0.01")

ANNEXABLE_STATES = (AgreementState.SIGNED, AgreementState.IN_FORCE)
ANNEX_FIELDS = ("end_date", "use_deadline", "amount", "tranches")


# --- prerequisites ------------------------------------------------------------------------------


# --- terms ---------------------------------------------------------------------------------------


def add_years(day, years):
    """The same day `years` later (29 February → 28 February)."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def latest_end(start_date):
    """The last day an agreement starting on `start_date` may run to (art. 16 ust. 3: at most 5 years)."""
    return add_years(start_date, Agreement.MAX_YEARS) - datetime.timedelta(days=1)


def default_use_deadline(end_date, first_tranche_due):
    """The task's end, but not past 31 December of the year the (single, first) tranche is paid."""
    return min(end_date, datetime.date(first_tranche_due.year, 12, 31))


def years_of(agreement):
    """[(year, use-by date)] of each budget year in which a tranche is paid."""
    return [(year, use_by) for year, _amount, use_by, _back in budget_years_of(agreement)]


def budget_years_of(agreement):
    """[(year, amount, use by, return by)]: deadlines.budget_years of the agreement's tranches."""
    return deadlines.budget_years(agreement.use_deadline, tranche_rows(agreement))


def parse_money(value):
    if isinstance(value, Decimal):
        return value.quantize(CENT)
    return offer_content.money(value)


def normalise_tranches(rows):
    """[(due_date, amount)] from forms or services; numbering follows the order by due date."""
    cleaned = []
    for row in rows or []:
        if isinstance(row, dict):
            due, amount = row.get("due_date"), row.get("amount")
        else:
            due, amount = row
        if due in (None, "") and amount in (None, ""):
            continue
        cleaned.append((offer_content.parse_date(due), parse_money(amount)))
    return cleaned


def term_errors(*, start_date, end_date, use_deadline, amount, tranches, bank_account=None):
    """{field: message} of every broken rule of the agreement's terms (empty when none)."""
    errors = {}
    if start_date is None:
        errors["start_date"] = _("Give the start date of the task.")
    if end_date is None:
        errors["end_date"] = _("Give the end date of the task.")
    if start_date and end_date:
        if end_date < start_date:
            errors["end_date"] = _("The task cannot end before it starts.")
        elif end_date > latest_end(start_date):
            errors["end_date"] = _(
                "An agreement may run for at most %(years)s years (art. 16 ust. 3): the task must end by %(date)s."
            ) % {"years": Agreement.MAX_YEARS, "date": latest_end(start_date).strftime("%d.%m.%Y")}
    if use_deadline is None:
        errors["use_deadline"] = _("Give the deadline for using the grant.")
    elif start_date and end_date and "end_date" not in errors:
        year_end = datetime.date(end_date.year, 12, 31)
        if use_deadline < start_date:
            errors["use_deadline"] = _("The grant cannot have to be used before the task starts.")
        elif use_deadline > year_end:
            errors["use_deadline"] = _(
                "The grant must be used by 31 December of the budget year (u.f.p. art. 250): at the latest %(date)s."
            ) % {"date": year_end.strftime("%d.%m.%Y")}
    if amount is None or amount <= 0:
        errors["amount"] = _("Give the amount of the grant.")
    if not tranches:
        errors["tranches"] = _("Give at least one tranche.")
    else:
        messages = []
        for number, (due, value) in enumerate(tranches, start=1):
            if due is None:
                messages.append(_("Tranche %(n)s: give the date of the transfer.") % {"n": number})
            elif start_date and end_date and not start_date <= due <= end_date:
                messages.append(
                    _("Tranche %(n)s: the transfer must fall within the task period (%(start)s–%(end)s).")
                    % {"n": number, "start": start_date.strftime("%d.%m.%Y"), "end": end_date.strftime("%d.%m.%Y")}
                )
            if value is None or value <= 0:
                messages.append(_("Tranche %(n)s: give a positive amount.") % {"n": number})
        total = sum((value or Decimal("0.00") for _due, value in tranches), Decimal("0.00"))
        if amount and amount > 0 and total != amount:
            messages.append(
                _("The tranches add up to %(total)s, but the grant is %(amount)s: they must be equal.")
                % {"total": format_money(total), "amount": format_money(amount)}
            )
        if messages:
            errors["tranches"] = " ".join(str(m) for m in messages)
        elif use_deadline and "use_deadline" not in errors:
            problem = _use_deadline_against_tranches(use_deadline, tranches)
            if problem:
                errors["use_deadline"] = problem
    if bank_account:
        try:
            validate_iban(bank_account)
        except ValidationError as error:
            errors["bank_account"] = error.messages[0]
    return errors


def _use_deadline_against_tranches(use_deadline, tranches):
    """u.f.p. art. 250: money of one year's budget is used by 31 December of that year, so the
    use deadline may not run into a year in which no tranche is paid, nor end before one is paid."""
    last_due = max(due for due, _value in tranches)
    if use_deadline.year > last_due.year:
        return _(
            "The last tranche is paid in %(year)s: money of that year's budget must be used by 31 December "
            "%(year)s (u.f.p. art. 250). Set the use deadline to 31.12.%(year)s at the latest, or pay a tranche "
            "in %(later)s."
        ) % {"year": last_due.year, "later": use_deadline.year}
    if use_deadline < last_due:
        return _("The grant cannot have to be used before its last tranche is paid (%(date)s).") % {
            "date": last_due.strftime("%d.%m.%Y")
        }
    return None


def compact_account(value):
    return re.sub(r"\s+", "", value or "").upper()


def _apply_deadlines(agreement, tranches=None):
    """The return deadline is the latest of the budget years' (u.f.p. art. 251; see budget_years)."""
    rows = tranches if tranches is not None else tranche_rows(agreement)
    agreement.return_deadline = deadlines.latest_return_deadline(agreement.use_deadline, rows)
    agreement.final_report_due = deadlines.final_report_due(agreement.end_date)


def _replace_tranches(agreement, tranches):
    existing = {t.number: t for t in agreement.tranches.all()}
    rows = sorted(tranches, key=lambda row: row[0])
    for number, (due, amount) in enumerate(rows, start=1):
        tranche = existing.pop(number, None)
        if tranche is None:
            AgreementTranche.objects.create(agreement=agreement, number=number, due_date=due, amount=amount)
        elif (tranche.due_date, tranche.amount) != (due, amount):
            tranche.due_date, tranche.amount = due, amount
            tranche.save(update_fields=["due_date", "amount"])
    for tranche in existing.values():
        tranche.delete()


def tranche_rows(agreement):
    return [(t.due_date, t.amount) for t in agreement.tranches.order_by("number")]


def _next_number(unit, year):
    """ "WK/2027/3": the unit's short name, the call's year, the next sequence (the caller locks the unit)."""
    short = (unit.short_name or unit.slug).strip().upper().replace("/", "-")
    prefix = f"{short}/{year}/"
    used = Agreement.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    sequences = [int(n[len(prefix) :]) for n in used if n[len(prefix) :].isdigit()]
    return f"{prefix}{max(sequences, default=0) + 1}"


def _representatives(organisation):
    names = []
    for membership in organisation.memberships.filter(
        role=MembershipRole.REPRESENTATIVE, user__is_active=True
    ).select_related("user"):
        names.append(membership.user.get_full_name() or membership.user.email)
    return ", ".join(sorted(names))


# --- drafting and editing ------------------------------------------------------------------------


@transaction.atomic
def draft_agreement(*, actor, offer):
    """Draft the agreement for a funded offer, prefilled from the offer version and the call."""
    offer = Offer.objects.select_for_update().select_related("call", "call__unit", "organisation").get(pk=offer.pk)
    require_permission(actor, "competitions.draft_agreement", offer)
    blockers = agreement_blockers(offer)
    if blockers:
        raise ValidationError(blockers, code="blocked")
    version = source_version(offer)
    if version is None:
        raise ValidationError(_("The offer has no submitted version."), code="blocked")
    call = offer.call
    simplified = call.mode == CallMode.SMALL_GRANT
    content = version.content or {}
    figures = offer_content.compute(content, simplified=simplified)
    third = content.get("III") or {}
    start = offer_content.parse_date(third.get("start")) or call.performance_start
    end = offer_content.parse_date(third.get("end")) or call.performance_end
    if start is None or end is None:
        raise ValidationError(_("The offer gives no dates of the task."), code="blocked")
    amount = awarded_amount(offer)
    offerors = (content.get("II") or {}).get("offerors") or [{}]
    bank_account = compact_account((offerors[0] or {}).get("bank_account") or offer.organisation.bank_account)
    use_deadline = default_use_deadline(end, start)
    errors = term_errors(
        start_date=start, end_date=end, use_deadline=use_deadline, amount=amount, tranches=[(start, amount)]
    )
    errors.pop("bank_account", None)  # the account can be corrected in the draft
    if errors:
        raise ValidationError(errors)

    unit = CityUnit.objects.select_for_update().get(pk=call.unit_id)
    agreement = Agreement(
        offer=offer,
        number=_next_number(unit, call.year),
        financing=call.financing,
        start_date=start,
        end_date=end,
        use_deadline=use_deadline,
        amount=amount,
        bank_account=bank_account,
        own_financial=figures.sources.get("own_financial") or Decimal("0.00"),
        own_personal=figures.sources.get("own_personal") or Decimal("0.00"),
        own_in_kind=figures.sources.get("own_in_kind") or Decimal("0.00"),
        city_representative=authority_name(),
        ngo_representatives=_representatives(offer.organisation),
        created_by=actor,
    )
    _apply_deadlines(agreement, [(start, amount)])
    agreement.save()
    AgreementTranche.objects.create(agreement=agreement, number=1, due_date=start, amount=amount)
    log_action(
        actor=actor,
        action="agreement.created",
        obj=agreement,
        data={"offer": offer.pk, "number": agreement.number, "amount": str(amount), "version": version.number},
    )
    return agreement


def _locked(agreement):
    return (
        Agreement.objects.select_for_update()
        .select_related("offer", "offer__call", "offer__call__unit", "offer__organisation")
        .get(pk=agreement.pk)
    )


def _json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [_json(v) for v in value]
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    return value


EDITABLE_TERMS = (
    "start_date",
    "end_date",
    "use_deadline",
    "bank_account",
    "own_financial",
    "own_personal",
    "own_in_kind",
    "city_representative",
    "ngo_representatives",
)


@transaction.atomic
def update_agreement(*, actor, agreement, data, tranches):
    """Change a draft's terms; `data` maps EDITABLE_TERMS to cleaned values, `tranches` [(due, amount)]."""
    agreement = _locked(agreement)
    require_permission(actor, "competitions.manage_agreement", agreement)
    if agreement.state != AgreementState.DRAFT:
        raise ValidationError(
            _("Only a draft can be changed; a signed agreement is changed by an annex."), code="state"
        )
    unknown = set(data) - set(EDITABLE_TERMS)
    if unknown:
        raise ValueError(f"Not agreement terms: {', '.join(sorted(unknown))}")
    tranches = normalise_tranches(tranches)
    values = {name: getattr(agreement, name) for name in EDITABLE_TERMS} | dict(data)
    values["bank_account"] = compact_account(values.get("bank_account"))
    errors = term_errors(
        start_date=values["start_date"],
        end_date=values["end_date"],
        use_deadline=values["use_deadline"],
        amount=agreement.amount,
        tranches=tranches,
        bank_account=values["bank_account"],
    )
    for name in ("own_financial", "own_personal", "own_in_kind"):
        if values[name] is None or values[name] < 0:
            errors[name] = _("Give an amount of zero or more.")
    if errors:
        raise ValidationError(errors)
    before, after = {}, {}
    for name in EDITABLE_TERMS:
        old, new = getattr(agreement, name), values[name]
        if isinstance(new, str):
            new = new.strip()
        if old != new:
            before[name], after[name] = _json(old), _json(new)
            setattr(agreement, name, new)
    old_tranches = tranche_rows(agreement)
    new_tranches = sorted(tranches, key=lambda row: row[0])
    if old_tranches != new_tranches:
        before["tranches"], after["tranches"] = _json(old_tranches), _json(new_tranches)
        _replace_tranches(agreement, new_tranches)
    if after:
        _apply_deadlines(agreement, new_tranches)
        agreement.save()
        log_action(actor=actor, action="agreement.updated", obj=agreement, data={"before": before, "after": after})
    return agreement


@transaction.atomic
def set_bank_account(*, actor, agreement, bank_account):
    """The representative (or the officer) enters the account while the agreement is a draft."""
    agreement = _locked(agreement)
    require_permission(actor, "competitions.enter_agreement_bank_account", agreement)
    account = compact_account(bank_account)
    if not account:
        raise ValidationError({"bank_account": _("Give the number of the account for the grant.")})
    try:
        validate_iban(account)
    except ValidationError as error:
        raise ValidationError({"bank_account": error.messages[0]}) from None
    if account != agreement.bank_account:
        before = agreement.bank_account
        agreement.bank_account = account
        agreement.save(update_fields=["bank_account", "updated_at"])
        log_action(
            actor=actor,
            action="agreement.updated",
            obj=agreement,
            data={"before": {"bank_account": before}, "after": {"bank_account": account}},
        )
    return agreement


# --- states ---------------------------------------------------------------------------------------


def _refusal():
    return _("An agreement that is %(state)s cannot become %(to)s.")


def _require_transition(agreement, to_state):
    check_move(agreement, to_state, table=AGREEMENT_TRANSITIONS, message=_refusal(), code="state")


def transition_agreement(agreement, to_state, *, actor, action, changes=None, reason="", data=None, notify=None):
    """The only way an agreement changes state (AGREEMENT_TRANSITIONS): check, save, log, notify.

    Callers lock the agreement; `notify` is the e-mail kind sent after the commit (see _notify)."""
    move_state(
        agreement,
        to_state,
        table=AGREEMENT_TRANSITIONS,
        actor=actor,
        action=action,
        changes=changes,
        reason=reason,
        data=data,
        notify=(lambda: _send_after_commit(agreement.pk, notify)) if notify else None,
        message=_refusal(),
        code="state",
    )
    return agreement


def send_blockers(agreement):
    errors = term_errors(
        start_date=agreement.start_date,
        end_date=agreement.end_date,
        use_deadline=agreement.use_deadline,
        amount=agreement.amount,
        tranches=tranche_rows(agreement),
        bank_account=agreement.bank_account,
    )
    problems = list(errors.values())
    if not agreement.bank_account:
        problems.append(_("Enter the bank account for the grant (the organisation may enter it on its page)."))
    if not agreement.city_representative.strip():
        problems.append(_("Name who signs for the city."))
    if not agreement.ngo_representatives.strip():
        problems.append(_("Name who signs for the organisation."))
    return [str(p) for p in problems]


@transaction.atomic
def send_agreement(*, actor, agreement):
    """Draft → sent: the terms are complete; the offerors' representatives are e-mailed."""
    agreement = _locked(agreement)
    require_permission(actor, "competitions.manage_agreement", agreement)
    _require_transition(agreement, AgreementState.SENT)
    problems = send_blockers(agreement)
    if problems:
        raise ValidationError(problems, code="incomplete")
    return transition_agreement(
        agreement,
        AgreementState.SENT,
        actor=actor,
        action="agreement.sent",
        changes={"sent_at": timezone.now()},
        data={"number": agreement.number},
        notify="sent",
    )


@transaction.atomic
def return_to_draft(*, actor, agreement):
    """Sent → draft, to correct the terms before anyone signed (the organisation is told on its page)."""
    agreement = _locked(agreement)
    require_permission(actor, "competitions.manage_agreement", agreement)
    _require_transition(agreement, AgreementState.DRAFT)
    return transition_agreement(
        agreement,
        AgreementState.DRAFT,
        actor=actor,
        action="agreement.updated",
        changes={"sent_at": None},
        data={"state": ["sent", "draft"]},
    )


def _scan_errors(scan):
    if scan is None:
        return None
    limit = CompetitionSettings.load().attachment_max_mb * 1024 * 1024
    if scan.size > limit:
        return _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
    sniffed = attachments.sniff_file(scan)
    if sniffed is None or sniffed.extension != "pdf":
        return _("The scan must be a PDF file.")
    try:
        validate_pdf_content(scan)
    except ValidationError as error:
        return error.messages[0]
    return None


@transaction.atomic
def record_signature(*, actor, agreement, signed_on, scan=None, today=None):
    """Sent → signed, on `signed_on` (not in the future), with the scan (PDF) or without one."""
    agreement = _locked(agreement)
    require_permission(actor, "competitions.manage_agreement", agreement)
    _require_transition(agreement, AgreementState.SIGNED)
    today = today or timezone.localdate()
    errors = {}
    if signed_on is None:
        errors["signed_on"] = _("Give the date of signing.")
    elif signed_on > today:
        errors["signed_on"] = _("The date of signing cannot be in the future.")
    elif agreement.sent_at and signed_on < timezone.localdate(agreement.sent_at):
        errors["signed_on"] = _("The agreement cannot be signed before it was sent.")
    problem = _scan_errors(scan)
    if problem:
        errors["scan"] = problem
    if errors:
        raise ValidationError(errors)
    changes = {"signed_on": signed_on, "signed_recorded_by": actor}
    if scan is not None:
        with refuse_when_disk_full("scan"):
            agreement.signed_scan.save(f"umowa-{agreement.pk}-podpisana.pdf", scan, save=False)
        changes["signed_scan"] = agreement.signed_scan

    for name, value in changes.items():  # the kept text shows the signature's date
        setattr(agreement, name, value)
    text_sha256 = agreement_documents.store_signed_agreement(agreement)  # kept, never re-rendered
    return transition_agreement(
        agreement,
        AgreementState.SIGNED,
        actor=actor,
        action="agreement.signed",
        changes=changes,
        data={
            "signed_on": signed_on.isoformat(),
            "scan": bool(scan),
            "sha256": attachments.sha256_of(scan) if scan else None,
            "text_sha256": text_sha256,
        },
    )


@transaction.atomic
def bring_into_force(*, actor, agreement, in_force_from):
    """Signed → in force from `in_force_from` (not before signing); the final report is created."""
    agreement = _locked(agreement)
    require_permission(actor, "competitions.manage_agreement", agreement)
    _require_transition(agreement, AgreementState.IN_FORCE)
    if in_force_from is None:
        raise ValidationError({"in_force_from": _("Give the date the agreement enters into force.")})
    if agreement.signed_on and in_force_from < agreement.signed_on:
        raise ValidationError({"in_force_from": _("The agreement cannot enter into force before it was signed.")})
    transition_agreement(
        agreement,
        AgreementState.IN_FORCE,
        actor=actor,
        action="agreement.in_force",
        changes={"in_force_from": in_force_from},
        data={"in_force_from": in_force_from.isoformat()},
    )
    agreement_in_force.send(sender=Agreement, agreement=agreement)
    return agreement


@transaction.atomic
def terminate_agreement(*, actor, agreement, reason):
    """Terminate (by agreement, withdrawal or with immediate effect): the reason is required."""
    agreement = _locked(agreement)
    require_permission(actor, "competitions.manage_agreement", agreement)
    _require_transition(agreement, AgreementState.TERMINATED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the termination.")})
    return transition_agreement(
        agreement,
        AgreementState.TERMINATED,
        actor=actor,
        action="agreement.terminated",
        changes={"terminated_at": timezone.now(), "termination_reason": reason},
        reason=reason,
        data={"previous_state": agreement.state},
        notify="terminated",
    )


@transaction.atomic
def record_tranche_transfer(*, actor, tranche, transferred_on, today=None):
    """The city paid a tranche on `transferred_on` (signed or in-force agreements only)."""
    tranche = AgreementTranche.objects.select_for_update().select_related("agreement").get(pk=tranche.pk)
    agreement = _locked(tranche.agreement)
    require_permission(actor, "competitions.manage_agreement", agreement)
    if agreement.state not in ANNEXABLE_STATES:
        raise ValidationError(_("Tranches are transferred only under a signed agreement."), code="state")
    today = today or timezone.localdate()
    if transferred_on is None:
        raise ValidationError({"transferred_on": _("Give the date of the transfer.")})
    if transferred_on > today:
        raise ValidationError({"transferred_on": _("The date of the transfer cannot be in the future.")})
    if agreement.signed_on and transferred_on < agreement.signed_on:
        raise ValidationError({"transferred_on": _("A tranche cannot be transferred before the agreement was signed.")})
    if tranche.transferred_on is not None:
        raise ValidationError(_("This tranche is already recorded as transferred."), code="done")
    tranche.transferred_on = transferred_on
    tranche.save(update_fields=["transferred_on"])
    log_action(
        actor=actor,
        action="agreement.tranche_transferred",
        obj=agreement,
        data={"tranche": tranche.number, "amount": str(tranche.amount), "transferred_on": transferred_on.isoformat()},
    )
    return tranche


# --- annexes ---------------------------------------------------------------------------------------


@transaction.atomic
def add_annex(
    *, actor, agreement, reason, end_date=None, use_deadline=None, amount=None, tranches=None, signed_on=None
):
    """An annex to a signed or in-force agreement; only the given terms change. Returns the annex."""
    agreement = _locked(agreement)
    require_permission(actor, "competitions.manage_agreement", agreement)
    if agreement.state not in ANNEXABLE_STATES:
        raise ValidationError(_("Only a signed agreement or one in force can be annexed."), code="state")
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Give the reason for the change.")
    if signed_on is not None and signed_on > timezone.localdate():
        errors["signed_on"] = _("The date of signing cannot be in the future.")
    new = {
        "end_date": end_date or agreement.end_date,
        "use_deadline": use_deadline or agreement.use_deadline,
        "amount": amount if amount is not None else agreement.amount,
    }
    old_tranches = tranche_rows(agreement)
    if tranches is not None:
        new_tranches = sorted(normalise_tranches(tranches), key=lambda row: row[0] or datetime.date.max)
    elif new["amount"] != agreement.amount and len(old_tranches) == 1:
        new_tranches = [(old_tranches[0][0], new["amount"])]  # one tranche follows the amount
    else:
        new_tranches = old_tranches
    errors |= term_errors(
        start_date=agreement.start_date,
        end_date=new["end_date"],
        use_deadline=new["use_deadline"],
        amount=new["amount"],
        tranches=new_tranches,
    )
    transferred = [t for t in agreement.tranches.order_by("number") if t.transferred_on]
    for tranche in transferred:
        if tranche.number > len(new_tranches) or new_tranches[tranche.number - 1] != (tranche.due_date, tranche.amount):
            errors["tranches"] = _("Tranche %(n)s has been transferred: it cannot change.") % {"n": tranche.number}
            break
    changes = {}
    for name in ("end_date", "use_deadline", "amount"):
        if new[name] != getattr(agreement, name):
            changes[name] = [_json(getattr(agreement, name)), _json(new[name])]
    if new_tranches != old_tranches:
        changes["tranches"] = [_json(old_tranches), _json(new_tranches)]
    if not changes and not errors:
        errors["__all__"] = _("The annex changes nothing.")
    if errors:
        raise ValidationError(errors)
    end_changed = "end_date" in changes
    before_deadlines = (agreement.return_deadline, agreement.final_report_due)
    agreement.end_date, agreement.use_deadline, agreement.amount = new["end_date"], new["use_deadline"], new["amount"]
    _apply_deadlines(agreement, new_tranches)
    for name, old in zip(("return_deadline", "final_report_due"), before_deadlines, strict=True):
        if getattr(agreement, name) != old:
            changes[name] = [_json(old), _json(getattr(agreement, name))]
    agreement.save()
    if "tranches" in changes:
        _replace_tranches(agreement, new_tranches)
    number = (agreement.annexes.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    annex = AgreementAnnex.objects.create(
        agreement=agreement, number=number, reason=reason, changes=changes, signed_on=signed_on, created_by=actor
    )

    text_sha256 = agreement_documents.store_annex(annex)
    log_action(
        actor=actor,
        action="agreement.annex_added",
        obj=agreement,
        data={"annex": number, "changes": changes, "reason": reason, "text_sha256": text_sha256},
    )
    if "amount" in changes:
        # The public register shows the grant as it stands under the agreement.

        for grant in Grant.objects.filter(offer_id=agreement.offer_id):
            grant.amount = agreement.amount
            grant.save(update_fields=["amount"])  # saved, not .update(): the grant's history keeps the change
    if end_changed:
        agreement_end_changed.send(sender=Agreement, agreement=agreement)
    return annex


# --- reads ----------------------------------------------------------------------------------------


# --- e-mail ----------------------------------------------------------------------------------------


def _notify(pk, event):
    transaction.on_commit(lambda: _send_after_commit(pk, event))


def _send_after_commit(pk, event):
    try:
        send_agreement_mail(
            agreement=Agreement.objects.select_related("offer", "offer__call", "offer__organisation").get(pk=pk),
            event=event,
        )
    except Exception:
        logger.exception("The agreement %s (%s) could not be e-mailed.", pk, event)


def representative_emails(offer):
    return of_organisation(offer.organisation)


def send_agreement_mail(*, agreement, event):
    recipients = representative_emails(agreement.offer)
    if not recipients:
        return
    context = {
        "agreement": agreement,
        "offer": agreement.offer,
        "call": agreement.offer.call,
        "amount": format_money(agreement.amount),
        "site_url": settings.SITE_URL,
    }
    if event == "sent":
        subject = _("The agreement %(number)s is ready for signing") % {"number": agreement.number}
        template = "competitions/email/agreement_sent.txt"
    else:
        subject = _("The agreement %(number)s was terminated") % {"number": agreement.number}
        template = "competitions/email/agreement_terminated.txt"
    body = render_to_string(template, context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
