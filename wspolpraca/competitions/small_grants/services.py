"""The small-grant procedure of art. 19a: receipt, publication for comments, moderation, the
scheduled steps and the local settings (the reads are in selectors.py, the decision in decision.py).

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
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.dates import add_working_days, is_working_day
from wspolpraca.common.mail import send_templated_mail
from wspolpraca.common.models import ActivityLog
from wspolpraca.common.ratelimit import address_key, take_attempt
from wspolpraca.common.services import log_action, require_permission
from wspolpraca.common.transitions import move_state
from wspolpraca.competitions.enums import (
    COMMENT_TRANSITIONS,
    SMALL_GRANT_TRANSITIONS,
    CallMode,
    CommentStatus,
    OfferState,
    SmallGrantStage,
)
from wspolpraca.competitions.models import (
    CompetitionSettings,
    PlannedGrantsBudget,
    SmallGrantComment,
    SmallGrantReview,
)


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
    _check_publication_dates(
        review, today, bip_published_on=bip_published_on, notice_board_published_on=notice_board_published_on
    )
    settings = CompetitionSettings.load()
    last = max(today, bip_published_on, notice_board_published_on)
    comments_until = last + datetime.timedelta(days=settings.small_grant_comment_days)
    late = last > review.publish_by
    warnings = [_late_publication_warning(review, settings)] if late else []
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


def _check_publication_dates(review, today, **dates):
    """The BIP and notice-board dates: given, not before the receipt, not in the future."""
    errors = {}
    for field, value in dates.items():
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


def _late_publication_warning(review, settings):
    return _("Published after the deadline of %(date)s (%(days)s working days from receipt).") % {
        "date": review.publish_by.strftime("%d.%m.%Y"),
        "days": settings.small_grant_publish_within_working_days,
    }


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


def _send(template, recipients, context):
    send_templated_mail(template=f"competitions/email/{template}", recipients=recipients, context=context)


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
