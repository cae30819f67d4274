"""Reads of the agreements stage: whether an offer may get an agreement (and what it was awarded), the officers' lists, the agreement's text context and its annexes' changes. services.py, drafting.py and annexes.py write."""

import datetime
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from wspolpraca.common.models import SiteSettings
from wspolpraca.common.money import format_money
from wspolpraca.competitions.calls.rules import is_centre_officer
from wspolpraca.competitions.enums import (
    AgreementState,
    CallMode,
    DecisionOutcome,
    OfferState,
    OfferUpdateState,
    SmallGrantStage,
)
from wspolpraca.competitions.kernel import deadlines
from wspolpraca.competitions.models import (
    Agreement,
    Call,
    CompetitionSettings,
    Grant,
    Offer,
    OfferUpdate,
)
from wspolpraca.competitions.offers.documents import LEGAL_FORMS
from wspolpraca.competitions.offers.selectors import member_organisation_ids
from wspolpraca.competitions.offers.services import authority_name
from wspolpraca.competitions.offers.update import update_of
from wspolpraca.competitions.small_grants.decision import decision_blockers
from wspolpraca.organisations.validators import grouped_iban


def _decision(offer):
    try:
        return offer.decision
    except ObjectDoesNotExist:
        return None


def _small_grant(offer):
    try:
        return offer.small_grant
    except ObjectDoesNotExist:
        return None


def awarded_amount(offer):
    """The amount awarded to the offer (the small-grant decision, or the executive's decision), or None."""
    if offer.call.mode == CallMode.SMALL_GRANT:
        review = _small_grant(offer)
        if review is not None and review.stage == SmallGrantStage.FUNDED:
            return review.decision_amount
        return None
    decision = _decision(offer)
    if decision is not None and decision.outcome == DecisionOutcome.FUNDED:
        return decision.amount
    return None


def small_grant_blockers(review, today=None):
    """Rule 19: no agreement before the comment period ended and every comment is considered.
    The same check as before the decision (small_grants.decision_blockers), on the funded review."""

    return decision_blockers(review, today=today, decided_counts=False)  # it is decided: funded


def agreement_blockers(offer, today=None):
    """Why no agreement can be drafted for the offer yet (empty when it can)."""
    problems = []
    if Agreement.objects.filter(offer=offer).exists():
        return [_("An agreement for this offer already exists.")]
    if offer.state != OfferState.SUBMITTED:
        return [_("The offer is not submitted (it was withdrawn).")]
    amount = awarded_amount(offer)
    if offer.call.mode == CallMode.SMALL_GRANT:
        review = _small_grant(offer)
        if review is None or review.stage != SmallGrantStage.FUNDED:
            return [_("The small grant has not been decided as funded.")]
        problems += small_grant_blockers(review, today=today)
    elif amount is None:
        return [_("The offer has not been funded by the decision.")]
    if not amount or amount <= 0:
        problems.append(_("The decision gives no amount."))
    if Grant.objects.filter(offer=offer, withdrawn_at__isnull=False).exists():
        problems.append(_("The offeror withdrew from the grant."))
    update = update_of(offer)
    if update is not None:
        if update.state == OfferUpdateState.WITHDRAWN:
            problems.append(_("The offeror withdrew from the grant."))
        elif update.state != OfferUpdateState.ACCEPTED:
            problems.append(
                _("The offer update to the amount awarded is not accepted yet (%(state)s).")
                % {"state": update.get_state_display()}
            )
    elif amount and amount != offer.requested_grant:
        problems.append(
            _(
                "The award (%(awarded)s) differs from the grant requested (%(requested)s): the offeror must update "
                "the offer first (request the update)."
            )
            % {"awarded": format_money(amount), "requested": format_money(offer.requested_grant)}
        )
    return list(dict.fromkeys(str(p) for p in problems))


def source_version(offer):
    """The version the agreement is based on: the accepted update's, else the current one."""
    update = update_of(offer)
    if update is not None and update.state == OfferUpdateState.ACCEPTED and update.version_id:
        return update.version
    return offer.versions.filter(is_current=True).order_by("-number").first()


def agreements_for_officer(user):
    agreements = Agreement.objects.select_related("offer", "offer__call", "offer__call__unit", "offer__organisation")
    if user.is_superuser or is_centre_officer(user):
        return agreements
    return agreements.filter(offer__call__unit__officers=user)


def offers_awaiting_agreement(user):
    """Funded offers of the officer's calls without an agreement (decided or small grants funded)."""
    from django.db.models import Q

    calls = Call.objects.all()
    if not (user.is_superuser or is_centre_officer(user)):
        calls = calls.filter(unit__officers=user)
    return (
        Offer.objects.filter(call__in=calls, state=OfferState.SUBMITTED, agreement__isnull=True)
        .filter(Q(decision__outcome=DecisionOutcome.FUNDED) | Q(small_grant__stage=SmallGrantStage.FUNDED))
        .exclude(grant__withdrawn_at__isnull=False)
        .select_related("call", "call__unit", "organisation", "award_update")
        .order_by("call__year", "number", "pk")
    )


def _change_value(field, value):
    """A value of AgreementAnnex.changes as people read it: dates d.m.Y, amounts "5 500,00 zł"."""

    def amount(text):
        return format_money(Decimal(text), localised=True)

    def day(text):
        return datetime.date.fromisoformat(text).strftime("%d.%m.%Y")

    if field == "amount":
        return amount(value)
    if field == "tranches":
        return "; ".join(f"{day(due)}: {amount(value)}" for due, value in value)
    return day(value)


def annex_rows(agreement):
    """[(annex, [(field, before, after)])] with readable values, oldest first."""
    return [
        (
            annex,
            [
                (field, _change_value(field, old), _change_value(field, new))
                for field, (old, new) in annex.changes.items()
            ],
        )
        for annex in agreement.annexes.order_by("number")
    ]


def agreement_context(agreement):
    """What the agreement PDF and pages show: parties, task, terms, tranches, annexes, clauses."""

    offer = agreement.offer
    call = offer.call
    version = source_version(offer)
    content = version.content if version else {}
    offerors = [
        {**(o or {}), "legal_form_label": LEGAL_FORMS.get((o or {}).get("legal_form"), "")}
        for o in (content.get("II") or {}).get("offerors") or []
    ]
    update = update_of(offer)
    tranches = list(agreement.tranches.order_by("number"))
    years = [
        {"year": year, "amount": amount, "use_by": use_by, "return_by": return_by}
        for year, amount, use_by, return_by in deadlines.budget_years(
            agreement.use_deadline, [(t.due_date, t.amount) for t in tranches]
        )
    ]
    site = SiteSettings.load()
    own_total = agreement.own_financial + agreement.own_personal + agreement.own_in_kind
    return {
        "agreement": agreement,
        "offer": offer,
        "call": call,
        "unit": call.unit,
        "task": offer.task,
        "organisation": offer.organisation,
        "offerors": offerors,
        "joint": len(offerors) > 1,
        "version": version,
        "update": update if update is not None and update.state == OfferUpdateState.ACCEPTED else None,
        "tranches": tranches,
        "years": years,
        "multi_year": len(years) > 1,
        "annexes": annex_rows(agreement),
        "own_total": own_total,
        "bank_account_display": grouped_iban(agreement.bank_account),
        "authority": authority_name(site),
        "site_settings": site,
        "small_grant": call.mode == CallMode.SMALL_GRANT,
        "is_draft": agreement.state in (AgreementState.DRAFT,),
        "shift_pct": call.allowed_cost_shift_pct,
        "report_days": CompetitionSettings.load().final_report_days,
        "return_days": CompetitionSettings.load().return_days,
        "task_title": (version.content.get("III") or {}).get("title") if version else offer.title,
    }


def agreement_filename(agreement):
    return f"umowa-{(agreement.number or str(agreement.pk)).replace('/', '-')}.pdf"


def tranche_rows(agreement):
    return [(t.due_date, t.amount) for t in agreement.tranches.order_by("number")]


def years_of(agreement):
    """[(year, use-by date)] of each budget year in which a tranche is paid."""
    return [(year, use_by) for year, _amount, use_by, _back in budget_years_of(agreement)]


def budget_years_of(agreement):
    """[(year, amount, use by, return by)]: deadlines.budget_years of the agreement's tranches."""
    return deadlines.budget_years(agreement.use_deadline, tranche_rows(agreement))


def updates_to_submit(user):
    """Offer updates after a reduced award that the user's organisations have to submit (again)."""
    return (
        OfferUpdate.objects.filter(
            state__in=(OfferUpdateState.REQUESTED, OfferUpdateState.RETURNED),
            offer__organisation_id__in=member_organisation_ids(user),
        )
        .select_related("offer", "offer__call", "offer__organisation")
        .order_by("requested_at", "pk")
    )


def agreements_to_sign(user):
    """Agreements sent to the user's organisations for signing, the earliest start first."""
    return (
        Agreement.objects.filter(state=AgreementState.SENT, offer__organisation_id__in=member_organisation_ids(user))
        .select_related("offer", "offer__call", "offer__organisation")
        .order_by("start_date", "pk")
    )
