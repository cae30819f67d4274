"""Writes on city units and calls: drafting, tasks, criteria, documents, publication, states.

Every state change goes through `transition_call`, which checks the move, saves, logs and
queues the notifications. The clock (offers accepted from / the deadline) is applied by
`refresh_call_state`, which the `run_scheduled` command runs for every call.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wspolpraca.common.dates import start_of_day
from wspolpraca.common.pdf_safety import validate_pdf_content
from wspolpraca.common.services import log_action, require_permission
from wspolpraca.common.storage import refuse_when_disk_full
from wspolpraca.common.transitions import check_move, move_state
from wspolpraca.competitions.calls import alerts
from wspolpraca.competitions.enums import (
    CALL_TRANSITIONS,
    STATUTORY_CRITERIA,
    CallMode,
    CallState,
    CriterionKind,
    Financing,
)
from wspolpraca.competitions.models import (
    Call,
    CallCriterion,
    CallDocument,
    CallTask,
    CallTaskBudget,
    CityUnit,
    CompetitionSettings,
    RequiredAttachment,
)

_POLISH = str.maketrans({"ł": "l", "Ł": "L"})  # NFKD does not decompose these two

UNIT_FIELDS = ("name", "short_name", "slug", "is_centre", "is_active")

# The fields of the announcement an officer edits while the call is a draft.
CALL_FIELDS = (
    "unit",
    "title",
    "year",
    "mode",
    "financing",
    "legal_basis_number",
    "legal_basis_date",
    "summary",
    "task_type",
    "funds_description",
    "award_rules",
    "performance_start",
    "performance_end",
    "performance_conditions",
    "offers_from",
    "offer_deadline",
    "selection_procedure",
    "selection_date",
    "same_type_tasks",
    "same_type_cost_this_year",
    "same_type_cost_last_year",
    "eligible_legal_forms",
    "min_grant",
    "max_grant",
    "min_own_contribution_pct",
    "min_own_financial_pct",
    "min_own_personal_pct",
    "in_kind_may_be_valued",
    "admin_costs_cap_pct",
    "allowed_cost_shift_pct",
    "results_table_required",
    "pass_threshold",
    "correction_period_days",
    "requires_signed_confirmation",
    # How the commission scores (issue 4, scoring): fixed with the announcement.
    "score_visibility",
    "score_aggregation",
)

DEFAULT_CRITERION_POINTS = Decimal("10.00")

TRANSITION_ACTIONS = {
    CallState.PUBLISHED: "call.published",
    CallState.OPEN: "call.opened",
    CallState.CLOSED: "call.closed",
    CallState.EVALUATED: "scoring.evaluation_closed",
    CallState.RESOLVED: "results.published",
    CallState.CANCELLED: "call.cancelled",
}


_require = require_permission


def _json(value):
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, bool | int | list):
        return value
    return str(value)


def _changes(obj, values):
    """Apply `values` to `obj`; return {field: {before, after}} of what really changed."""
    changed = {}
    for field, new in values.items():
        old = getattr(obj, field)
        if old != new and not (old in (None, "", []) and new in (None, "", [])):
            changed[field] = {"before": _json(old), "after": _json(new)}
        setattr(obj, field, new)
    return changed


def d_m_y(day):
    return day.strftime("%d.%m.%Y") if day else ""


# --- city units ---------------------------------------------------------------------------


@transaction.atomic
def create_city_unit(*, actor, officers=(), **values):
    _require(actor, "competitions.manage_units")
    unknown = set(values) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    unit = CityUnit(**values)
    unit.full_clean()
    unit.save()
    unit.officers.set(officers)
    log_action(
        actor=actor,
        action="unit.created",
        obj=unit,
        data={"name": unit.name, "officers": sorted(str(u) for u in officers)},
    )
    return unit


@transaction.atomic
def update_city_unit(*, actor, unit, officers=None, **values):
    _require(actor, "competitions.manage_units")
    unknown = set(values) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    unit = CityUnit.objects.select_for_update().get(pk=unit.pk)
    changed = _changes(unit, values)
    unit.full_clean()
    if officers is not None:
        before = sorted(str(u) for u in unit.officers.all())
        after = sorted(str(u) for u in officers)
        if before != after:
            unit.officers.set(officers)
            changed["officers"] = {"before": before, "after": after}
    if changed:
        unit.save()
        log_action(actor=actor, action="unit.updated", obj=unit, data={"changes": changed})
    return unit


# --- drafting a call ----------------------------------------------------------------------


# Fixed pages under /konkursy/ and /male-granty/ that a call's address would shadow.
RESERVED_CALL_SLUGS = {"plan", "powiadomienia", "oferty", "terminy", "ogloszenia"}


def unique_call_slug(title, *, exclude_pk=None):
    base = slugify(title.translate(_POLISH))[:100].strip("-") or "konkurs"
    slug, n = base, 1
    while slug in RESERVED_CALL_SLUGS or Call.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def statutory_kinds(financing):
    """The art. 15 ust. 1 criteria a call must have: own funds (pkt 4) only when supporting."""
    return [k for k in STATUTORY_CRITERIA if k != CriterionKind.OWN_FUNDS or financing == Financing.SUPPORT]


def _sync_statutory_criteria(call):
    """Add the statutory criteria the financing needs, drop the own-funds one when entrusting."""
    if call.mode == CallMode.SMALL_GRANT:
        return []
    wanted = statutory_kinds(call.financing)
    existing = set(call.criteria.values_list("kind", flat=True))
    added = []
    for position, kind in enumerate(STATUTORY_CRITERIA):
        if kind in wanted and kind not in existing:
            CallCriterion.objects.create(
                call=call, kind=kind, name=str(kind.label), max_points=DEFAULT_CRITERION_POINTS, position=position
            )
            added.append(kind.value)
    removed = list(call.criteria.exclude(kind__in=[*wanted, CriterionKind.LOCAL]).values_list("kind", flat=True))
    call.criteria.exclude(kind__in=[*wanted, CriterionKind.LOCAL]).delete()
    return added + removed


def _check_editable(call):
    if call.state != CallState.DRAFT:
        raise ValidationError(
            _("The announcement has been published; its content can no longer be changed."), code="not_draft"
        )


def _default_small_grant_deadline(year):
    return timezone.make_aware(datetime.datetime(year, 12, 31, 23, 59))


@transaction.atomic
def create_call(*, actor, **values):
    """Draft a call. Open competitions get the statutory criteria of art. 15 ust. 1 pre-filled;
    the small-grant intake gets the year's last minute as its deadline unless one is given."""
    _require(actor, "competitions.add_call")
    unknown = set(values) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    call = Call(**values, created_by=actor, state=CallState.DRAFT)
    if call.mode == CallMode.SMALL_GRANT and call.offer_deadline is None and call.year:
        call.offer_deadline = _default_small_grant_deadline(call.year)
    call.slug = unique_call_slug(call.title or "")
    call.full_clean()
    _check_unit_allowed(actor, call.unit)
    call.save()
    _sync_statutory_criteria(call)
    log_action(actor=actor, action="call.created", obj=call, data={"mode": call.mode, "unit": str(call.unit)})
    return call


def units_for(user):
    """The units in which an officer may draft calls (all for the centre and administrators)."""
    units = CityUnit.objects.filter(is_active=True)
    if user.is_superuser or user.city_units.filter(is_centre=True).exists():
        return units
    return units.filter(officers=user)


def _check_unit_allowed(actor, unit):
    if not units_for(actor).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("You may only prepare calls of your own units.")}, code="unit")


@transaction.atomic
def update_call(*, actor, call, **values):
    _require(actor, "competitions.manage_call", call)
    unknown = set(values) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    call = Call.objects.select_for_update().get(pk=call.pk)
    _check_editable(call)
    mode, year = values.get("mode", call.mode), values.get("year", call.year)
    if mode == CallMode.SMALL_GRANT and values.get("offer_deadline", call.offer_deadline) is None and year:
        values["offer_deadline"] = _default_small_grant_deadline(year)
    changed = _changes(call, values)
    if not changed:
        return call
    call.full_clean()
    if "unit" in changed:
        _check_unit_allowed(actor, call.unit)
    call.save()
    if "financing" in changed or "mode" in changed:
        synced = _sync_statutory_criteria(call)
        if synced:
            changed["criteria"] = {"before": "", "after": synced}
    log_action(actor=actor, action="call.updated", obj=call, data={"changes": changed})
    return call


def _clean_budgets(budgets):
    """`budgets`: iterable of (year, amount). Years unique, amounts Decimal >= 0."""
    cleaned = {}
    for year, amount in budgets:
        if year in cleaned:
            raise ValidationError(_("Each year may have only one budget line."), code="budget_year_twice")
        amount = Decimal(amount).quantize(Decimal("0.01"))
        if amount < 0:
            raise ValidationError(_("A budget cannot be negative."), code="budget_negative")
        cleaned[int(year)] = amount
    return cleaned


def _write_budgets(task, budgets):
    cleaned = _clean_budgets(budgets)
    task.budgets.exclude(year__in=cleaned).delete()
    for year, amount in cleaned.items():
        CallTaskBudget.objects.update_or_create(task=task, year=year, defaults={"amount": amount})
    return {str(y): str(a) for y, a in sorted(cleaned.items())}


@transaction.atomic
def add_task(*, actor, call, title, area, description="", budgets=()):
    _require(actor, "competitions.manage_call", call)
    call = Call.objects.select_for_update().get(pk=call.pk)
    _check_editable(call)
    if call.mode == CallMode.SMALL_GRANT and call.tasks.exists():
        raise ValidationError(_("The small-grant intake has a single task."), code="single_task")
    number = (call.tasks.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    task = CallTask(call=call, number=number, title=title, area=area, description=description)
    task.full_clean()
    task.save()
    written = _write_budgets(task, budgets)
    log_action(actor=actor, action="call.task_added", obj=call, data={"task": str(task), "budgets": written})
    return task


@transaction.atomic
def update_task(*, actor, task, title, area, description="", budgets=()):
    call = task.call
    _require(actor, "competitions.manage_call", call)
    _check_editable(Call.objects.select_for_update().get(pk=call.pk))
    task = CallTask.objects.select_for_update().get(pk=task.pk)
    changed = _changes(task, {"title": title, "area": area, "description": description})
    task.full_clean()
    task.save()
    before = {str(b.year): str(b.amount) for b in task.budgets.all()}
    after = _write_budgets(task, budgets)
    if before != after:
        changed["budgets"] = {"before": before, "after": after}
    if changed:
        log_action(actor=actor, action="call.task_changed", obj=call, data={"task": str(task), "changes": changed})
    return task


@transaction.atomic
def remove_task(*, actor, task):
    call = task.call
    _require(actor, "competitions.manage_call", call)
    _check_editable(Call.objects.select_for_update().get(pk=call.pk))
    if task.offers.exists():
        raise ValidationError(_("Offers were made for this task; it cannot be removed."), code="task_has_offers")
    label = str(task)
    task.delete()
    log_action(actor=actor, action="call.task_removed", obj=call, data={"task": label})


@transaction.atomic
def set_criteria(*, actor, call, criteria, pass_threshold=None):
    """Replace the call's criteria. `criteria`: dicts with kind, name, description, max_points.

    The statutory criteria the financing needs must all be present (their points may change);
    local ones may be added and removed freely. The pass threshold cannot exceed the maximum.
    """
    _require(actor, "competitions.manage_call", call)
    call = Call.objects.select_for_update().get(pk=call.pk)
    _check_editable(call)
    kinds = [c["kind"] for c in criteria]
    missing = [k for k in statutory_kinds(call.financing) if k not in kinds]
    if call.mode == CallMode.OPEN_COMPETITION and missing:
        raise ValidationError(
            _("The statutory criteria cannot be removed: %(names)s.")
            % {"names": "; ".join(str(CriterionKind(k).label) for k in missing)},
            code="statutory_missing",
        )
    total = sum((Decimal(c["max_points"]) for c in criteria), Decimal("0"))
    if pass_threshold is not None and pass_threshold > total:
        raise ValidationError(
            {
                "pass_threshold": _("The pass threshold (%(threshold)s) exceeds the maximum score (%(total)s).")
                % {"threshold": pass_threshold, "total": total}
            },
            code="threshold_too_high",
        )
    before = [f"{c.name}: {c.max_points}" for c in call.criteria.all()]
    call.criteria.all().delete()
    for position, values in enumerate(criteria):
        criterion = CallCriterion(
            call=call,
            kind=values["kind"],
            name=values["name"],
            description=values.get("description", ""),
            max_points=values["max_points"],
            position=position,
        )
        criterion.full_clean()
        criterion.save()
    after = [f"{c['name']}: {c['max_points']}" for c in criteria]
    threshold_changed = call.pass_threshold != pass_threshold
    if before != after or threshold_changed:
        call.pass_threshold = pass_threshold
        call.save(update_fields=["pass_threshold", "updated_at"])
        log_action(
            actor=actor,
            action="call.criteria_changed",
            obj=call,
            data={"before": before, "after": after, "pass_threshold": _json(pass_threshold)},
        )
    return call


@transaction.atomic
def add_required_attachment(*, actor, call, name, description="", is_required=True):
    _require(actor, "competitions.manage_call", call)
    _check_editable(Call.objects.select_for_update().get(pk=call.pk))
    position = call.required_attachments.count()
    attachment = RequiredAttachment(
        call=call, name=name, description=description, is_required=is_required, position=position
    )
    attachment.full_clean()
    attachment.save()
    log_action(actor=actor, action="call.attachment_added", obj=call, data={"attachment": name})
    return attachment


@transaction.atomic
def remove_required_attachment(*, actor, attachment):
    call = attachment.call
    _require(actor, "competitions.manage_call", call)
    _check_editable(Call.objects.select_for_update().get(pk=call.pk))
    name = attachment.name
    attachment.delete()
    log_action(actor=actor, action="call.attachment_removed", obj=call, data={"attachment": name})


def check_pdf(file):
    """A PDF within the size limit of the competition settings, without active content;
    raises ValidationError."""
    limit_mb = CompetitionSettings.load().attachment_max_mb
    if file.size > limit_mb * 1024 * 1024:
        raise ValidationError(_("The file is larger than %(limit)s MB.") % {"limit": limit_mb}, code="file_too_large")
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("The file is not a PDF document."), code="not_pdf")
    validate_pdf_content(file)


@transaction.atomic
def add_document(*, actor, call, title, file):
    """A public document of the call (the order, rules, templates). PDF only."""
    _require(actor, "competitions.manage_call", call)
    _check_editable(Call.objects.select_for_update().get(pk=call.pk))
    check_pdf(file)
    document = CallDocument(call=call, title=title, file=file, uploaded_by=actor)
    document.full_clean()
    with refuse_when_disk_full("file"):
        document.save()  # stores the file
    log_action(actor=actor, action="call.document_added", obj=call, data={"document": title})
    return document


@transaction.atomic
def remove_document(*, actor, document):
    call = document.call
    _require(actor, "competitions.manage_call", call)
    _check_editable(Call.objects.select_for_update().get(pk=call.pk))
    title = document.title
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name) if name and storage.exists(name) else None)
    log_action(actor=actor, action="call.document_removed", obj=call, data={"document": title})


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
    changed = _changes(
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
    return transition_call(call, CallState.CLOSED, actor=actor, data={"deadline": _json(call.offer_deadline)})


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
