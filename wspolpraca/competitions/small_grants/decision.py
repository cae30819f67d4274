"""The decision on a small grant (art. 19a ust. 5): what still blocks it, the limits a grant
must keep (the offer's request, the maximum, the yearly cap, the per-organisation limit) and
the record of the decision with its e-mail to the offeror."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wspolpraca.common.mail import send_templated_mail
from wspolpraca.common.money import format_money
from wspolpraca.common.services import require_permission
from wspolpraca.competitions.enums import CommentStatus, OfferState, SmallGrantStage
from wspolpraca.competitions.kernel.grants import record_grant
from wspolpraca.competitions.models import CompetitionSettings, PlannedGrantsBudget, SmallGrantReview
from wspolpraca.competitions.small_grants.selectors import call_budget, funded_sum, year_cap
from wspolpraca.competitions.small_grants.services import transition_small_grant
from wspolpraca.organisations.enums import MembershipRole

NEAR_CAP_PCT = Decimal("90")


def decision_blockers(review, today=None, *, decided_counts=True):
    """Why no decision can be recorded yet (empty when it can): the window, the comments.
    `decided_counts=False` checks only the window and the comments (the agreement's rule 19)."""
    today = today or timezone.localdate()
    problems = []
    if decided_counts and review.stage in (SmallGrantStage.FUNDED, SmallGrantStage.NOT_FUNDED):
        problems.append(_("The decision has already been recorded."))
        return problems
    if review.published_on is None:
        problems.append(_("Publish the offer for comments first."))
        return problems
    if not review.comment_window_over(today):
        problems.append(
            _("Comments are accepted until %(date)s; the decision can be recorded from the next day.")
            % {"date": review.comments_until.strftime("%d.%m.%Y")}
        )
    pending = review.comments.filter(status=CommentStatus.PENDING).count()
    if pending:
        problems.append(
            ngettext("%(count)s comment awaits moderation.", "%(count)s comments await moderation.", pending)
            % {"count": pending}
        )
    unconsidered = review.comments.filter(status=CommentStatus.PUBLISHED, considered_at__isnull=True).count()
    if unconsidered:
        problems.append(
            ngettext(
                "%(count)s published comment is not yet marked as considered.",
                "%(count)s published comments are not yet marked as considered.",
                unconsidered,
            )
            % {"count": unconsidered}
        )
    if review.offer.state != OfferState.SUBMITTED:
        problems.append(_("The offer has been withdrawn."))
    return problems


@transaction.atomic
def decide_small_grant(*, actor, review, funded, amount=None, reason):
    """Record the decision on a small grant (art. 19a ust. 5). Returns (review, warnings).

    Only after the comment window and once every comment is moderated and every published
    one considered. A grant is at most what the offer asks and at most 10,000 PLN (setting);
    the year's funded small grants may not exceed 20% (setting) of the year's planned grants
    (PlannedGrantsBudget, which must be entered); the per-organisation yearly limit applies
    when set. The offeror's representatives are e-mailed.
    """
    require_permission(actor, "competitions.decide_small_grant", review)
    review = (
        SmallGrantReview.objects.select_for_update()
        .select_related("offer__call", "offer__organisation")
        .get(pk=review.pk)
    )
    blockers = decision_blockers(review)
    if blockers:
        raise ValidationError(blockers)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reasons for the decision.")})
    settings = CompetitionSettings.load()
    offer = review.offer
    warnings = _check_grant(offer, amount, settings) if funded else []
    review_pk = review.pk
    transition_small_grant(
        review,
        SmallGrantStage.FUNDED if funded else SmallGrantStage.NOT_FUNDED,
        actor=actor,
        action="small_grant.decided",
        changes={
            "decision_amount": amount if funded else None,
            "decision_reason": reason,
            "decided_at": timezone.now(),
            "decided_by": actor,
        },
        data={"funded": funded, "amount": str(amount) if funded else None, "reason": reason},
        notify=lambda: _send_decision(SmallGrantReview.objects.get(pk=review_pk)),
    )
    if funded:
        # The public register of grants (/wyniki/) lists it from now on.
        record_grant(offer=offer, amount=amount, awarded_on=timezone.localdate(review.decided_at))
    return review, warnings


def _check_grant(offer, amount, settings):
    """Refuse a grant over the offer's request, the maximum, the year's cap or the
    organisation's yearly limit; warn near the cap and over the call's budget. Returns the warnings."""
    call = offer.call
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("Give the amount of the grant.")})
    _check_amount(offer, amount, settings)
    warnings = _check_year_cap(call, amount, settings)
    _check_organisation_limit(offer, amount, settings)
    budget = call_budget(call)
    if budget["budget"] and budget["used"] + amount > budget["budget"]:
        warnings.append(
            _("This grant goes beyond the call's budget of %(budget)s (%(used)s already granted).")
            % {"budget": format_money(budget["budget"]), "used": format_money(budget["used"])}
        )
    return warnings


def _check_amount(offer, amount, settings):
    errors = {}
    if amount > offer.requested_grant:
        errors["amount"] = _("The grant cannot exceed what the offer asks for (%(asked)s).") % {
            "asked": format_money(offer.requested_grant)
        }
    elif amount > settings.small_grant_max_amount:
        errors["amount"] = _("A small grant may be at most %(max)s.") % {
            "max": format_money(settings.small_grant_max_amount)
        }
    if errors:
        raise ValidationError(errors)


def _check_year_cap(call, amount, settings):
    """Art. 19a ust. 8: the year's planned grants must be entered (and are locked) and the
    year's small grants may not exceed their share; returns a warning when nearly used."""
    planned = PlannedGrantsBudget.objects.select_for_update().filter(year=call.year).first()
    if planned is None:
        raise ValidationError(
            _(
                "The grants planned for %(year)s are not entered, so the %(pct)s%% limit cannot be checked. "
                "Enter them in the competition settings first."
            )
            % {"year": call.year, "pct": settings.small_grant_share_cap_pct},
            code="no_planned_grants",
        )
    cap = year_cap(call.year, settings)
    if cap.used + amount > cap.cap:
        raise ValidationError(
            {
                "amount": _(
                    "Over the limit: small grants in %(year)s may total at most %(cap)s "
                    "(%(pct)s%% of %(planned)s planned); %(used)s is already granted, %(remaining)s remains."
                )
                % {
                    "year": call.year,
                    "cap": format_money(cap.cap),
                    "pct": cap.share_pct,
                    "planned": format_money(cap.planned),
                    "used": format_money(cap.used),
                    "remaining": format_money(cap.remaining),
                }
            }
        )
    if cap.cap and (cap.used + amount) * 100 >= cap.cap * NEAR_CAP_PCT:
        return [
            _("The limit is nearly used: %(used)s of %(cap)s after this grant; %(remaining)s remains.")
            % {
                "used": format_money(cap.used + amount),
                "cap": format_money(cap.cap),
                "remaining": format_money(cap.cap - cap.used - amount),
            }
        ]
    return []


def _check_organisation_limit(offer, amount, settings):
    limit = settings.small_grant_yearly_limit_per_organisation
    if limit is None:
        return
    used_by_org = funded_sum(offer__call__year=offer.call.year, offer__organisation=offer.organisation)
    if used_by_org + amount > limit:
        raise ValidationError(
            {
                "amount": _(
                    "Over the yearly limit per organisation of %(limit)s: %(name)s already has %(used)s "
                    "in small grants in %(year)s."
                )
                % {
                    "limit": format_money(limit),
                    "name": offer.organisation.name,
                    "used": format_money(used_by_org),
                    "year": offer.call.year,
                }
            }
        )


def _send_decision(review):
    offer = review.offer
    recipients = offer.organisation.memberships.filter(
        role=MembershipRole.REPRESENTATIVE, user__is_active=True
    ).values_list("user__email", flat=True)
    send_templated_mail(
        template="competitions/email/small_grant_decided",
        recipients=recipients,
        context={"review": review, "offer": offer},
    )
