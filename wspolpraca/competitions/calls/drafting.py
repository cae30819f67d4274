"""Drafting and editing a call while it is a draft: the announcement, tasks and budgets,
criteria, required attachments and documents. Published calls are read-only here."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wspolpraca.common.pdf_safety import validate_pdf_content
from wspolpraca.common.services import log_action, require_permission
from wspolpraca.common.storage import refuse_when_disk_full
from wspolpraca.competitions.calls.changes import apply_changes, as_logged
from wspolpraca.competitions.calls.units import units_for
from wspolpraca.competitions.enums import STATUTORY_CRITERIA, CallMode, CallState, CriterionKind, Financing
from wspolpraca.competitions.models import (
    Call,
    CallCriterion,
    CallDocument,
    CallTask,
    CallTaskBudget,
    CompetitionSettings,
    RequiredAttachment,
)

_POLISH = str.maketrans({"ł": "l", "Ł": "L"})  # NFKD does not decompose these two


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
            with translation.override("pl"):  # the announcement's wording: Polish whatever the officer's language
                name = str(kind.label)
            CallCriterion.objects.create(
                call=call, kind=kind, name=name, max_points=DEFAULT_CRITERION_POINTS, position=position
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
    require_permission(actor, "competitions.add_call")
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


def _check_unit_allowed(actor, unit):
    if not units_for(actor).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("You may only prepare calls of your own units.")}, code="unit")


@transaction.atomic
def update_call(*, actor, call, **values):
    require_permission(actor, "competitions.manage_call", call)
    unknown = set(values) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    call = Call.objects.select_for_update().get(pk=call.pk)
    _check_editable(call)
    mode, year = values.get("mode", call.mode), values.get("year", call.year)
    if mode == CallMode.SMALL_GRANT and values.get("offer_deadline", call.offer_deadline) is None and year:
        values["offer_deadline"] = _default_small_grant_deadline(year)
    changed = apply_changes(call, values)
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
    require_permission(actor, "competitions.manage_call", call)
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
    require_permission(actor, "competitions.manage_call", call)
    _check_editable(Call.objects.select_for_update().get(pk=call.pk))
    task = CallTask.objects.select_for_update().get(pk=task.pk)
    changed = apply_changes(task, {"title": title, "area": area, "description": description})
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
    require_permission(actor, "competitions.manage_call", call)
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
    require_permission(actor, "competitions.manage_call", call)
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
            data={"before": before, "after": after, "pass_threshold": as_logged(pass_threshold)},
        )
    return call


@transaction.atomic
def add_required_attachment(*, actor, call, name, description="", is_required=True):
    require_permission(actor, "competitions.manage_call", call)
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
    require_permission(actor, "competitions.manage_call", call)
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
    require_permission(actor, "competitions.manage_call", call)
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
    require_permission(actor, "competitions.manage_call", call)
    _check_editable(Call.objects.select_for_update().get(pk=call.pk))
    title = document.title
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name) if name and storage.exists(name) else None)
    log_action(actor=actor, action="call.document_removed", obj=call, data={"document": title})
