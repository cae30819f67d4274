"""Writes on calls: publication (art. 13) and states. Units are in `units`, drafting and editing
in `drafting`.

Every state change goes through `transition_call`, which checks the move, saves, logs and
queues the notifications. The clock (offers accepted from / the deadline) is applied by
`refresh_call_state`, which the `run_scheduled` command runs for every call.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.dates import start_of_day
from wspolpraca.common.services import log_action, require_permission
from wspolpraca.common.transitions import check_move, move_state
from wspolpraca.competitions.calls import alerts
from wspolpraca.competitions.calls.changes import apply_changes, as_logged
from wspolpraca.competitions.enums import CALL_TRANSITIONS, CallMode, CallState
from wspolpraca.competitions.models import Call, CallTaskBudget, CompetitionSettings

TRANSITION_ACTIONS = {
    CallState.PUBLISHED: "call.published",
    CallState.OPEN: "call.opened",
    CallState.CLOSED: "call.closed",
    CallState.EVALUATED: "scoring.evaluation_closed",
    CallState.RESOLVED: "results.published",
    CallState.CANCELLED: "call.cancelled",
}


_require = require_permission


def d_m_y(day):
    return day.strftime("%d.%m.%Y") if day else ""


# --- publication (art. 13) ----------------------------------------------------------------


def missing_elements(call):
    """The art. 13 ust. 2 elements still empty, and the other gaps that block publication.

    Returns a list of (code, message) in the order of the announcement.
    """
    problems = []
    if not call.task_type.strip():
        problems.append(("task_type", _("1. the type of the public task")))
    has_funds = CallTaskBudget.objects.filter(task__call=call, amount__gt=0).exists()
    if not has_funds or not call.funds_description.strip():
        problems.append(("funds", _("2. the public funds (a task with a budget above zero and their description)")))
    if not call.award_rules.strip():
        problems.append(("award_rules", _("3. the rules for awarding grants")))
    if not (call.performance_start and call.performance_end and call.performance_conditions.strip()):
        problems.append(("performance", _("4. the dates and conditions of performance")))
    if not call.offer_deadline:
        problems.append(("offer_deadline", _("5. the deadline for offers")))
    if not (call.selection_procedure.strip() and call.selection_date):
        problems.append(("selection", _("6. the procedure and criteria of selection and the date of selection")))
    if not call.same_type_tasks.strip():
        problems.append(
            ("same_type_tasks", _("7. the tasks of the same type this year and last year with their costs"))
        )
    if not call.tasks.exists():
        problems.append(("tasks", _("at least one task")))
    if call.mode == CallMode.OPEN_COMPETITION and not call.criteria.exists():
        problems.append(("criteria", _("the evaluation criteria")))
    return problems


def earliest_deadline(*dates):
    """The earliest lawful deadline for offers after the last of the publication `dates`.

    Art. 13 ust. 1 with art. 111 of the Civil Code: the day of the last publication is not
    counted and the period of N days (setting, 21) ends with the end of its last day, so offers
    must be accepted during all of the N full days after it. Offers are accepted while
    now < deadline (`Call.accepts_offers`), so the earliest deadline is the instant the last
    day ends: 00:00 Warsaw time of day last + N + 1 (shown as “the end of day last + N”).
    An aware datetime, or None when no date is known.
    """
    known = [d for d in dates if d]
    if not known:
        return None
    days = CompetitionSettings.load().min_days_after_publication
    return start_of_day(max(known) + datetime.timedelta(days=days + 1))


def deadline_problem(call, *dates):
    """The art. 13 ust. 1 message when the deadline is too early after the last date, else None."""
    if call.mode != CallMode.OPEN_COMPETITION or not call.offer_deadline:
        return None
    earliest = earliest_deadline(*dates)
    if earliest is None or call.offer_deadline >= earliest:
        return None
    return _(
        "The deadline for offers (%(deadline)s) leaves less than %(days)s full days after the last publication "
        "(%(last)s): the day of publication does not count and offers must be accepted until the end of the "
        "last day. The earliest allowed deadline is the end of %(last_day)s, i.e. %(earliest)s."
    ) % {
        "deadline": timezone.localtime(call.offer_deadline).strftime("%d.%m.%Y %H:%M"),
        "days": CompetitionSettings.load().min_days_after_publication,
        "last": d_m_y(max(d for d in dates if d)),
        "last_day": d_m_y(timezone.localdate(earliest) - datetime.timedelta(days=1)),
        "earliest": timezone.localtime(earliest).strftime("%d.%m.%Y %H:%M"),
    }


def _check_channel_dates(bip_published_on, notice_board_published_on, today):
    errors = {}
    if not bip_published_on:
        errors["bip_published_on"] = _("Enter the date of publication in the BIP.")
    elif bip_published_on > today:
        errors["bip_published_on"] = _("The announcement must already be in the BIP: the date cannot be in the future.")
    if not notice_board_published_on:
        errors["notice_board_published_on"] = _("Enter the date the announcement was posted on the notice board.")
    elif notice_board_published_on > today:
        errors["notice_board_published_on"] = _(
            "The announcement must already be on the notice board: the date cannot be in the future."
        )
    return errors


def publication_problems(call, *, bip_published_on, notice_board_published_on, website_published_on=None):
    """Every reason the call cannot be published with these dates (list of messages)."""
    today = timezone.localdate()
    website_published_on = website_published_on or today
    messages = []
    missing = missing_elements(call)
    if missing:
        messages.append(
            _("The announcement is incomplete. Fill in: %(missing)s.") % {"missing": "; ".join(m for _c, m in missing)}
        )
    deadline = deadline_problem(call, website_published_on, bip_published_on, notice_board_published_on)
    if deadline:
        messages.append(deadline)
    return messages


@transaction.atomic
def transition_call(call, to_state, *, actor, reason="", data=None):
    """The only way a call changes state (CALL_TRANSITIONS): check the move, save, log, queue
    notifications. Callers pass a call they locked (`select_for_update`) inside their transaction.
    """
    from_state = check_move(
        call, to_state, table=CALL_TRANSITIONS, message=_("A call cannot go from “%(from)s” to “%(to)s”.")
    )
    now = timezone.now()
    changes = {}
    if from_state == CallState.DRAFT and to_state in (CallState.PUBLISHED, CallState.OPEN):
        changes["published_at"] = now
        action = "call.published"
    else:
        action = TRANSITION_ACTIONS[to_state]
    if to_state == CallState.CLOSED and from_state != CallState.EVALUATED:
        changes["closed_at"] = now
    if from_state == CallState.EVALUATED and to_state == CallState.CLOSED:
        action = "scoring.evaluation_reopened"
    if to_state == CallState.CANCELLED:
        if not reason.strip():
            raise ValidationError({"reason": _("Give the reason for cancelling the call.")}, code="reason")
        changes.update(cancelled_at=now, cancellation_reason=reason)
    move_state(
        call,
        to_state,
        table=CALL_TRANSITIONS,
        actor=actor,
        action=action,
        changes=changes,
        data={**({"reason": reason} if reason else {}), **(data or {})},
        notify=_notify_published(call) if action == "call.published" else None,
        save_all=True,  # publish_call, close_evaluation… set their fields on the locked call first
    )
    return call


def _notify_published(call):
    def notify():
        alerts.notify_call_published(call=call)

    return notify


def _locked(call):
    return Call.objects.select_for_update().get(pk=call.pk)


@transaction.atomic
def publish_call(*, call, actor, bip_published_on, notice_board_published_on, bip_url=""):
    """Publish on the website today, recording the BIP and notice-board dates (art. 13 ust. 1–3)."""
    _require(actor, "competitions.manage_call", call)
    call = _locked(call)
    if call.state != CallState.DRAFT:
        raise ValidationError(_("The call has already been published."), code="already_published")
    today = timezone.localdate()
    errors = _check_channel_dates(bip_published_on, notice_board_published_on, today)
    if errors:
        raise ValidationError(errors)
    problems = publication_problems(
        call,
        bip_published_on=bip_published_on,
        notice_board_published_on=notice_board_published_on,
        website_published_on=today,
    )
    if problems:
        raise ValidationError(problems, code="cannot_publish")
    call.website_published_on = today
    call.bip_published_on = bip_published_on
    call.notice_board_published_on = notice_board_published_on
    call.bip_url = bip_url
    now = timezone.now()
    to_state = CallState.OPEN if call.offers_from is None or call.offers_from <= now else CallState.PUBLISHED
    return transition_call(
        call,
        to_state,
        actor=actor,
        data={
            "website": today.isoformat(),
            "bip": bip_published_on.isoformat(),
            "notice_board": notice_board_published_on.isoformat(),
            "bip_url": bip_url,
        },
    )


@transaction.atomic
def update_publication_dates(*, call, actor, bip_published_on, notice_board_published_on, bip_url=""):
    """Correct the BIP and notice-board dates of a published call (the 21-day rule re-checked)."""
    _require(actor, "competitions.manage_call", call)
    call = _locked(call)
    if call.state in (CallState.DRAFT, CallState.CANCELLED):
        raise ValidationError(_("Only a published call has publication dates to correct."), code="not_published")
    errors = _check_channel_dates(bip_published_on, notice_board_published_on, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    problem = deadline_problem(call, call.website_published_on, bip_published_on, notice_board_published_on)
    if problem:
        raise ValidationError(problem, code="deadline_too_early")
    changed = apply_changes(
        call,
        {
            "bip_published_on": bip_published_on,
            "notice_board_published_on": notice_board_published_on,
            "bip_url": bip_url,
        },
    )
    if changed:
        call.save()
        log_action(actor=actor, action="call.publication_changed", obj=call, data={"changes": changed})
    return call


# --- states by the clock and by decision ---------------------------------------------------


@transaction.atomic
def open_call_for_offers(*, call, actor=None, now=None):
    """A published call starts accepting offers when its `offers_from` passes. Idempotent."""
    now = now or timezone.now()
    call = _locked(call)
    if call.state != CallState.PUBLISHED:
        return call
    if call.offers_from and call.offers_from > now:
        raise ValidationError(_("Offers are not accepted yet."), code="too_early")
    return transition_call(call, CallState.OPEN, actor=actor)


@transaction.atomic
def close_call(*, call, actor=None, now=None):
    """Close a call at its deadline, by the server clock. Idempotent: a closed call stays as it is."""
    now = now or timezone.now()
    call = _locked(call)
    if call.state not in (CallState.PUBLISHED, CallState.OPEN):
        return call
    if call.offer_deadline is None or call.offer_deadline > now:
        raise ValidationError(_("The deadline for offers has not passed yet."), code="too_early")
    return transition_call(call, CallState.CLOSED, actor=actor, data={"deadline": as_logged(call.offer_deadline)})


def refresh_call_state(call, *, now=None):
    """Apply the clock to one call; returns the new state when it changed, else None."""
    now = now or timezone.now()
    before = call.state
    if call.state == CallState.PUBLISHED and call.offer_deadline and call.offer_deadline <= now:
        call = close_call(call=call, now=now)
    elif call.state == CallState.PUBLISHED and (call.offers_from is None or call.offers_from <= now):
        call = open_call_for_offers(call=call, now=now)
    elif call.state == CallState.OPEN and call.offer_deadline and call.offer_deadline <= now:
        call = close_call(call=call, now=now)
    return call.state if call.state != before else None


def calls_due_for_refresh(now=None):
    """Calls whose state the clock may change now."""
    from django.db.models import Q

    now = now or timezone.now()
    return Call.objects.filter(
        Q(state=CallState.PUBLISHED, offers_from__lte=now)
        | Q(state=CallState.PUBLISHED, offers_from__isnull=True)
        | Q(state__in=(CallState.PUBLISHED, CallState.OPEN), offer_deadline__lte=now)
    ).order_by("pk")
