"""The small-grant procedure of art. 19a: receipt, publication for comments, moderation, decision.

Timeline (law.md §3, §8 rules 18–20; the numbers come from CompetitionSettings):

- Receipt: `register_small_grant_offer` is called by offer submission. The review's
  `received_on` is the Warsaw date of submission and `publish_by` is
  `add_working_days(received_on, 7)` (Saturdays, Sundays and Polish holidays do not count).
- New versions: before publication a new submitted version simply replaces the old one:
  the review stays, its receipt date and publication deadline are recomputed from the new
  submission. Once the offer has been published for comments the public saw that version,
  so a new version is refused: `small_grant_accepts_new_version(offer)` answers False and
  `register_small_grant_offer` raises ValidationError (rolling back the submission).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wspolpraca.common.dates import add_working_days, is_working_day, working_days_between
from wspolpraca.common.mail import send_templated_mail
from wspolpraca.common.models import ActivityLog
from wspolpraca.common.money import format_money
from wspolpraca.common.ratelimit import address_key, take_attempt
from wspolpraca.common.services import log_action, require_permission
from wspolpraca.common.transitions import move_state
from wspolpraca.competitions.enums import (
    COMMENT_TRANSITIONS,
    SMALL_GRANT_TRANSITIONS,
    CallMode,
    CallState,
    CommentStatus,
    OfferState,
    SmallGrantStage,
)
from wspolpraca.competitions.kernel.grants import record_grant
from wspolpraca.competitions.models import (
    Call,
    CallTaskBudget,
    CompetitionSettings,
    PlannedGrantsBudget,
    SmallGrantComment,
    SmallGrantReview,
)
from wspolpraca.organisations.enums import MembershipRole

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def small_grant_accepts_new_version(offer):
    """Whether a (new) version of this small-grant offer may be submitted now.

    True for offers of other calls, for a first submission and while the offer has not been
    published for comments; False once it has been published (or decided).
    """
    if offer.call.mode != CallMode.SMALL_GRANT or offer.pk is None:
        return True
    review = SmallGrantReview.objects.filter(offer=offer).only("published_on", "stage").first()
    return review is None or (review.published_on is None and review.stage == SmallGrantStage.RECEIVED)


@transaction.atomic
def register_small_grant_offer(*, offer, actor):
    """Open (or refresh) the art. 19a procedure for a submitted small-grant offer.

    Idempotent: called again for the same submission it changes nothing. Refuses (with
    ValidationError) a new version once the offer has been published for comments.
    """
    if offer.call.mode != CallMode.SMALL_GRANT:
        raise ValueError("Not a small-grant offer.")
    settings = CompetitionSettings.load()
    submitted = offer.submitted_at or timezone.now()
    received_on = timezone.localdate(submitted)
    publish_by = add_working_days(received_on, settings.small_grant_publish_within_working_days)
    review = SmallGrantReview.objects.select_for_update().filter(offer=offer).first()
    if review is None:
        review = SmallGrantReview.objects.create(
            offer=offer, stage=SmallGrantStage.RECEIVED, received_on=received_on, publish_by=publish_by
        )
        log_action(
            actor=actor,
            action="small_grant.received",
            obj=review,
            data={"offer": offer.pk, "received_on": received_on.isoformat(), "publish_by": publish_by.isoformat()},
        )
        return review
    if review.published_on is not None or review.stage != SmallGrantStage.RECEIVED:
        raise ValidationError(
            _(
                "This offer has already been published for comments; a new version can no longer be submitted. "
                "Contact the officer if something must be corrected."
            )
        )
    if (review.received_on, review.publish_by) != (received_on, publish_by):
        before = {"received_on": review.received_on.isoformat(), "publish_by": review.publish_by.isoformat()}
        review.received_on, review.publish_by = received_on, publish_by
        review.save(update_fields=["received_on", "publish_by"])
        log_action(
            actor=actor,
            action="small_grant.received",
            obj=review,
            data={
                "offer": offer.pk,
                "new_version": True,
                "before": before,
                "received_on": received_on.isoformat(),
                "publish_by": publish_by.isoformat(),
            },
        )
    return review


# --- reads ------------------------------------------------------------------------------------


def reviews_managed_by(user):
    """Small-grant procedures the user works on, with what lists need: the calls an officer
    manages (all for the centre and administrators); all for the executive, who decides."""
    calls = Call.objects.small_grants()
    if not (user.is_authenticated and user.is_active and user.is_executive):
        calls = calls.managed_by(user)
    return (
        SmallGrantReview.objects.filter(offer__call__in=calls)
        .select_related("offer", "offer__organisation", "offer__call")
        .annotate(
            comments_count=Count("comments", filter=~Q(comments__status=CommentStatus.REJECTED), distinct=True),
            pending_count=Count("comments", filter=Q(comments__status=CommentStatus.PENDING), distinct=True),
        )
    )


def public_reviews():
    """Procedures the public may see: published for comments, of offers not withdrawn."""
    return (
        SmallGrantReview.objects.filter(
            published_on__isnull=False,
            offer__state=OfferState.SUBMITTED,
            offer__call__mode=CallMode.SMALL_GRANT,
        )
        .exclude(offer__call__state=CallState.DRAFT)
        .select_related("offer", "offer__organisation", "offer__call")
        .annotate(
            published_comments=Count("comments", filter=Q(comments__status=CommentStatus.PUBLISHED), distinct=True)
        )
    )


@dataclass(frozen=True)
class Deadline:
    """Where a received offer stands against its publication deadline (in working days)."""

    days_since_receipt: int
    days_left: int  # negative when overdue
    overdue: bool
    due_soon: bool  # within REMIND_WITHIN_WORKING_DAYS working days (or today)

    @property
    def overdue_days(self):
        return -self.days_left if self.overdue else 0


REMIND_WITHIN_WORKING_DAYS = 2


def publication_deadline(review, today=None):
    today = today or timezone.localdate()
    since = working_days_between(review.received_on, today)
    if today > review.publish_by:
        left = -working_days_between(review.publish_by, today)
        return Deadline(since, left, True, True)
    left = working_days_between(today, review.publish_by)
    return Deadline(since, left, False, left <= REMIND_WITHIN_WORKING_DAYS)


def awaiting_publication(reviews, today=None):
    """The received (unpublished) procedures among `reviews` due within 2 working days or overdue."""
    today = today or timezone.localdate()
    horizon = add_working_days(today, REMIND_WITHIN_WORKING_DAYS)
    return reviews.filter(stage=SmallGrantStage.RECEIVED, offer__state=OfferState.SUBMITTED, publish_by__lte=horizon)


@dataclass(frozen=True)
class YearCap:
    """The art. 19a ust. 8 cap for one year: planned grants × share, what funded grants used."""

    year: int
    planned: Decimal | None  # None: the year's planned grants are not entered
    share_pct: Decimal
    cap: Decimal | None
    used: Decimal

    @property
    def remaining(self):
        return None if self.cap is None else max(self.cap - self.used, ZERO)

    @property
    def used_pct(self):
        return None if not self.cap else (self.used * 100 / self.cap).quantize(Decimal("0.1"))


def funded_sum(**filters):
    total = SmallGrantReview.objects.filter(
        stage=SmallGrantStage.FUNDED, offer__call__mode=CallMode.SMALL_GRANT, **filters
    ).aggregate(s=Sum("decision_amount"))["s"]
    return total or ZERO


def year_cap(year, settings=None):
    settings = settings or CompetitionSettings.load()
    planned = PlannedGrantsBudget.objects.filter(year=year).values_list("amount", flat=True).first()
    cap = None if planned is None else (planned * settings.small_grant_share_cap_pct / 100).quantize(CENT)
    return YearCap(year, planned, settings.small_grant_share_cap_pct, cap, funded_sum(offer__call__year=year))


def call_budget(call):
    """The call's budget for its year, what funded grants used and what remains."""
    budget = CallTaskBudget.objects.filter(task__call=call, year=call.year).aggregate(s=Sum("amount"))["s"] or ZERO
    used = funded_sum(offer__call=call)
    return {"budget": budget, "used": used, "remaining": max(budget - used, ZERO)}


# --- publication and comments -----------------------------------------------------------------


_require = require_permission


def _date(value):
    return value.isoformat() if value else None


@transaction.atomic
def publish_small_grant_offer(*, actor, review, bip_published_on, notice_board_published_on):
    """Publish the offer for comments (art. 19a ust. 3). Returns (review, warnings).

    The website publication is today (this page goes public now); the officer records the
    dates of the BIP and notice-board publications. The comment period of 7 days (setting)
    runs from the day after the LAST of the three publications and includes its 7th day:
    comments_until = last publication date + 7 days. Publishing after `publish_by` is
    allowed (the offer must still be published) but warned about and logged.
    """
    _require(actor, "competitions.manage_small_grant", review)
    review = SmallGrantReview.objects.select_for_update().select_related("offer__call").get(pk=review.pk)
    if review.stage != SmallGrantStage.RECEIVED or review.published_on is not None:
        raise ValidationError(_("This offer has already been published."))
    if review.offer.state != OfferState.SUBMITTED:
        raise ValidationError(_("The offer has been withdrawn; it cannot be published."))
    today = timezone.localdate()
    errors = {}
    for field, value in (
        ("bip_published_on", bip_published_on),
        ("notice_board_published_on", notice_board_published_on),
    ):
        if value is None:
            errors[field] = _("Give the date of this publication.")
        elif value < review.received_on:
            errors[field] = _("The offer cannot have been published before it was received (%(date)s).") % {
                "date": review.received_on.strftime("%d.%m.%Y")
            }
        elif value > today:
            errors[field] = _("Record a publication that has happened: the date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    settings = CompetitionSettings.load()
    last = max(today, bip_published_on, notice_board_published_on)
    comments_until = last + datetime.timedelta(days=settings.small_grant_comment_days)
    warnings = []
    late = max(today, bip_published_on, notice_board_published_on) > review.publish_by
    if late:
        warnings.append(
            _("Published after the deadline of %(date)s (%(days)s working days from receipt).")
            % {
                "date": review.publish_by.strftime("%d.%m.%Y"),
                "days": settings.small_grant_publish_within_working_days,
            }
        )
    transition_small_grant(
        review,
        SmallGrantStage.UNDER_COMMENT,
        actor=actor,
        action="small_grant.published",
        changes={
            "published_on": today,
            "bip_published_on": bip_published_on,
            "notice_board_published_on": notice_board_published_on,
            "comments_until": comments_until,
        },
        data={
            "published_on": _date(today),
            "bip_published_on": _date(bip_published_on),
            "notice_board_published_on": _date(notice_board_published_on),
            "comments_until": _date(comments_until),
            "late": late,
        },
    )
    return review, warnings


def transition_small_grant(review, to_stage, *, actor, action, changes=None, reason="", data=None, notify=None):
    """The only way a small-grant procedure changes stage (SMALL_GRANT_TRANSITIONS): check, save,
    log, queue `notify`. Callers lock the review."""
    move_state(
        review,
        to_stage,
        table=SMALL_GRANT_TRANSITIONS,
        field="stage",
        actor=actor,
        action=action,
        changes=changes,
        reason=reason,
        data=data,
        notify=notify,
    )
    return review


def transition_comment(comment, to_status, *, actor, reason=""):
    """The only way a comment changes status (COMMENT_TRANSITIONS): moderation, logged on the review."""
    move_state(
        comment,
        to_status,
        table=COMMENT_TRANSITIONS,
        field="status",
        actor=actor,
        action="small_grant.comment_moderated",
        changes={"moderated_by": actor, "moderated_at": timezone.now()},
        log_obj=comment.review,
        data={"comment": comment.pk, "status": to_status, "reason": reason},
        message=_("This comment has already been moderated."),
    )
    return comment


class CommentRateLimited(Exception):
    pass


COMMENT_RATE_LIMIT = 5  # comments per address per hour


def _rate_key(ip):
    return address_key("small_grants.comments", ip)


@transaction.atomic
def add_comment(*, review, author_name, author_email, text, ip=None, actor=None):
    """A public comment (art. 19a ust. 4): anyone, while the window is open; waits for moderation.

    Limited to 5 per hour per IP address (the cache counts them); raises CommentRateLimited.
    """
    review = SmallGrantReview.objects.select_for_update().get(pk=review.pk)
    if not review.comment_window_open() or review.offer.state != OfferState.SUBMITTED:
        raise ValidationError(_("Comments on this offer are no longer accepted."))
    if not take_attempt(_rate_key(ip), limit=COMMENT_RATE_LIMIT):
        raise CommentRateLimited
    comment = SmallGrantComment.objects.create(
        review=review, author_name=author_name.strip(), author_email=author_email.strip(), text=text.strip()
    )
    log_action(
        actor=actor,
        action="small_grant.comment_added",
        obj=review,
        data={"comment": comment.pk, "author": comment.author_name},
    )
    comment_pk = comment.pk
    transaction.on_commit(lambda: _send_comment_received(SmallGrantComment.objects.get(pk=comment_pk)))
    return comment


def _unit_officer_emails(call):
    return list(call.unit.officers.filter(is_active=True, is_officer=True).values_list("email", flat=True))


def _send_comment_received(comment):
    """Tell the unit's officers that a comment awaits moderation (the author's e-mail is not sent)."""
    review = comment.review
    _send(
        "small_grant_comment_received",
        _unit_officer_emails(review.offer.call),
        {"review": review, "comment": comment},
    )


@transaction.atomic
def moderate_comment(*, actor, comment, publish, reason=""):
    """Publish a pending comment, or reject it with a reason (kept in the log)."""
    comment = SmallGrantComment.objects.select_for_update().select_related("review__offer__call").get(pk=comment.pk)
    _require(actor, "competitions.manage_small_grant", comment.review)
    if comment.status != CommentStatus.PENDING:
        raise ValidationError(_("This comment has already been moderated."))
    reason = (reason or "").strip()
    if not publish and not reason:
        raise ValidationError({"reason": _("Give the reason for rejecting the comment.")})
    to_status = CommentStatus.PUBLISHED if publish else CommentStatus.REJECTED
    return transition_comment(comment, to_status, actor=actor, reason=reason)


@transaction.atomic
def mark_comment_considered(*, actor, comment, consideration):
    """Record how a published comment was considered (art. 19a ust. 5)."""
    comment = SmallGrantComment.objects.select_for_update().select_related("review__offer__call").get(pk=comment.pk)
    _require(actor, "competitions.manage_small_grant", comment.review)
    if comment.status != CommentStatus.PUBLISHED:
        raise ValidationError(_("Only published comments are considered; moderate this one first."))
    consideration = (consideration or "").strip()
    if not consideration:
        raise ValidationError({"consideration": _("Say how the comment was considered.")})
    comment.consideration = consideration
    comment.considered_by = actor
    comment.considered_at = timezone.now()
    comment.save(update_fields=["consideration", "considered_by", "considered_at"])
    log_action(
        actor=actor,
        action="small_grant.comment_considered",
        obj=comment.review,
        data={"comment": comment.pk, "consideration": consideration},
    )
    return comment


# --- decision ---------------------------------------------------------------------------------

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
    _require(actor, "competitions.decide_small_grant", review)
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
    call = offer.call
    warnings = []
    if funded:
        errors = {}
        if amount is None or amount <= 0:
            raise ValidationError({"amount": _("Give the amount of the grant.")})
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
            warnings.append(
                _("The limit is nearly used: %(used)s of %(cap)s after this grant; %(remaining)s remains.")
                % {
                    "used": format_money(cap.used + amount),
                    "cap": format_money(cap.cap),
                    "remaining": format_money(cap.cap - cap.used - amount),
                }
            )
        limit = settings.small_grant_yearly_limit_per_organisation
        if limit is not None:
            used_by_org = funded_sum(offer__call__year=call.year, offer__organisation=offer.organisation)
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
                            "year": call.year,
                        }
                    }
                )
        budget = call_budget(call)
        if budget["budget"] and budget["used"] + amount > budget["budget"]:
            warnings.append(
                _("This grant goes beyond the call's budget of %(budget)s (%(used)s already granted).")
                % {"budget": format_money(budget["budget"]), "used": format_money(budget["used"])}
            )
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


def _send(template, recipients, context):
    send_templated_mail(template=f"competitions/email/{template}", recipients=recipients, context=context)


def _send_decision(review):
    offer = review.offer
    recipients = offer.organisation.memberships.filter(
        role=MembershipRole.REPRESENTATIVE, user__is_active=True
    ).values_list("user__email", flat=True)
    _send("small_grant_decided", recipients, {"review": review, "offer": offer})


# --- reminders (the scheduled command) --------------------------------------------------------


def send_publication_reminders(today=None):
    """E-mail the unit's officers about offers due for publication by the next working day or
    overdue. Idempotent per review and day: the log remembers what was sent. Returns the count."""
    today = today or timezone.localdate()
    horizon = add_working_days(today, 1)
    due = SmallGrantReview.objects.filter(
        stage=SmallGrantStage.RECEIVED, offer__state=OfferState.SUBMITTED, publish_by__lte=horizon
    ).select_related("offer__call__unit", "offer__organisation")
    content_type = ContentType.objects.get_for_model(SmallGrantReview)
    sent = 0
    for review in due:
        already = ActivityLog.objects.filter(
            action="small_grant.publication_reminder",
            content_type=content_type,
            object_id=str(review.pk),
            data__date=today.isoformat(),
        ).exists()
        if already:
            continue
        recipients = _unit_officer_emails(review.offer.call)
        with transaction.atomic():
            log_action(
                actor=None,
                action="small_grant.publication_reminder",
                obj=review,
                data={"date": today.isoformat(), "publish_by": review.publish_by.isoformat(), "to": len(recipients)},
            )
            overdue = today > review.publish_by
            transaction.on_commit(
                lambda review=review, recipients=recipients, overdue=overdue: _send(
                    "small_grant_publication_reminder", recipients, {"review": review, "overdue": overdue}
                )
            )
        sent += 1
    return sent


@transaction.atomic
def close_comment_windows(today=None):
    """Move procedures whose comment window has ended to "awaiting decision", each through
    transition_small_grant (checked, one log row each; a few a day). Returns the count."""
    today = today or timezone.localdate()
    ended = SmallGrantReview.objects.select_for_update().filter(
        stage=SmallGrantStage.UNDER_COMMENT, comments_until__lt=today
    )
    count = 0
    for review in ended.order_by("pk"):
        transition_small_grant(
            review,
            SmallGrantStage.AWAITING_DECISION,
            actor=None,
            action="small_grant.comments_closed",
            data={"comments_until": _date(review.comments_until)},
        )
        count += 1
    return count


# --- settings ---------------------------------------------------------------------------------


@transaction.atomic
def update_competition_settings(*, actor, data):
    """Change the local rules (CompetitionSettings); the changed fields are logged before/after."""
    _require(actor, "competitions.manage_units", None)
    row = CompetitionSettings.objects.select_for_update().filter(pk=1).first() or CompetitionSettings.load()
    before, after = {}, {}
    for name, value in data.items():
        old = getattr(row, name)
        if old != value:
            before[name], after[name] = _plain(old), _plain(value)
            setattr(row, name, value)
    if after:
        row.full_clean()
        row.save()
        log_action(actor=actor, action="competition_settings.updated", obj=row, data={"before": before, "after": after})
    return row


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


@transaction.atomic
def save_planned_grants(*, actor, year, amount, notes=""):
    """Enter or change the grants planned for NGO tasks in a year (the base of the cap)."""
    _require(actor, "competitions.manage_units", None)
    row = PlannedGrantsBudget.objects.select_for_update().filter(year=year).first()
    before = None if row is None else str(row.amount)
    if row is None:
        row = PlannedGrantsBudget(year=year)
    row.amount, row.notes = amount, notes
    row.full_clean()
    row.save()
    log_action(
        actor=actor,
        action="planned_grants.saved",
        obj=row,
        data={"year": year, "before": before, "after": str(amount)},
    )
    return row


def scheduled_step(now):
    """The run_scheduled step: close ended comment windows; on working days, remind officers
    of offers to publish by the next working day or overdue. Returns lines saying what changed."""
    today = timezone.localdate(now)
    lines = []
    closed = close_comment_windows(today)
    if closed:
        lines.append(f"{closed} comment window(s) ended: awaiting decision")
    if is_working_day(today):
        sent = send_publication_reminders(today)
        if sent:
            lines.append(f"{sent} publication reminder(s) sent")
    return lines
