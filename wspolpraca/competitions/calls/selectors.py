"""Public reads of calls: the /konkursy/ list and its tabs, a call's page, feeds and the plan of calls.

The state stored on a call may lag the clock (a scheduled job moves it), so the public tabs
decide by the call's dates and the server clock: a call whose deadline has passed is closed
even if its stored state still says open.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.enums import FINISHED_CALL_STATES, CallMode, CallState
from wspolpraca.competitions.models import Call, CallTask, CallTaskBudget, PlannedCall

OPEN, UPCOMING, CLOSED, ARCHIVE = "open", "upcoming", "closed", "archive"
TABS = [OPEN, UPCOMING, CLOSED, ARCHIVE]
LIVE_STATES = (CallState.PUBLISHED, CallState.OPEN)
# Activity-log actions of a call that anyone may read in its history.
PUBLIC_ACTIONS = (
    "call.published",
    "call.opened",
    "call.closed",
    "call.cancelled",
    "call.cancellation_published",
    "scoring.evaluation_closed",
    "results.published",
    "call.document_added",
    "call.document_removed",
)


def _recent_since(now):
    """Calls closed since 1 January of last year stay under "closed"; older ones are archived."""
    local = timezone.localtime(now)
    return timezone.make_aware(datetime.datetime(local.year - 1, 1, 1))


def tab_conditions(now=None):
    """The Q of each public tab, by the clock."""
    now = now or timezone.now()
    live = Q(state__in=LIVE_STATES)
    not_yet = Q(offers_from__gt=now) | Q(offers_from__isnull=True, published_at__gt=now)
    before_deadline = Q(offer_deadline__gt=now) | Q(offer_deadline__isnull=True)
    finished = Q(state__in=FINISHED_CALL_STATES) | (live & Q(offer_deadline__lte=now))
    recent = Q(offer_deadline__gte=_recent_since(now)) | Q(offer_deadline__isnull=True)
    return {
        OPEN: live & Q(offer_deadline__gt=now) & ~not_yet,
        UPCOMING: live & before_deadline & (not_yet | Q(offer_deadline__isnull=True)),
        CLOSED: finished & recent,
        ARCHIVE: Q(state=CallState.CANCELLED) | (finished & ~recent),
    }


def public_status(call, now=None):
    """The tab a call belongs to, computed in Python for one call (its page, feeds)."""
    now = now or timezone.now()
    if call.state == CallState.CANCELLED:
        return "cancelled"
    if call.state == CallState.DRAFT:
        return "draft"
    if call.state in FINISHED_CALL_STATES or (call.offer_deadline and call.offer_deadline <= now):
        return CLOSED
    opens = call.offers_from or call.published_at
    if call.offer_deadline is None or (opens and opens > now):
        return UPCOMING
    return OPEN


def status_label(status, call=None):
    """The status in words; with the call, a closed one says where it stands (evaluation, results)."""
    if call is not None and status == CLOSED and call.mode == CallMode.OPEN_COMPETITION:
        if call.state == CallState.RESOLVED and call.results_published_at:
            when = formats.date_format(timezone.localtime(call.results_published_at), "d.m.Y")
            return _("results announced on %(date)s") % {"date": when}
        return _("offers under evaluation")
    labels = {
        OPEN: _("accepting offers"),
        UPCOMING: _("announced, offers not yet accepted"),
        CLOSED: _("closed for offers"),
        ARCHIVE: _("archived"),
        "cancelled": pgettext("call", "annulled"),
        "draft": _("draft"),
    }
    return labels[status]


def time_left(deadline, now=None):
    """ "5 days 3 hours left", computed by the server clock; None once the deadline has passed."""
    now = now or timezone.now()
    if deadline is None or deadline <= now:
        return None
    seconds = int((deadline - now).total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(ngettext("%(count)d day", "%(count)d days", days) % {"count": days})
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if not days and (minutes or not hours):
        minutes = max(minutes, 1)
        parts.append(ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes})
    return _("%(time)s left") % {"time": " ".join(parts)}


def _with_list_data(queryset):
    tasks = CallTask.objects.select_related("area").order_by("number")
    return queryset.select_related("unit").with_budget().prefetch_related(Prefetch("tasks", queryset=tasks))


def search_calls(calls, *, q=None, area=None, unit=None, year=None):
    """Narrow calls by the list's search (title, summary or a task's title), area, unit and year.

    Searching across tasks joins them; the result is then one row per call again (a plain
    queryset of calls: annotations and prefetches come after).
    """
    if q:
        calls = calls.filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(tasks__title__icontains=q))
    if area:
        calls = calls.filter(tasks__area=area)
    if unit:
        calls = calls.filter(unit=unit)
    if year:
        calls = calls.filter(year=year)
    if q or area:
        calls = Call.objects.filter(pk__in=calls.values("pk"))
    return calls


def public_calls(*, status=OPEN, q=None, area=None, unit=None, year=None, now=None):
    """Open competitions shown on /konkursy/ under one tab, filtered."""
    now = now or timezone.now()
    calls = Call.objects.public().competitions().filter(tab_conditions(now)[status])
    calls = search_calls(calls, q=q, area=area, unit=unit, year=year)
    order = ["offer_deadline", "title"] if status in (OPEN, UPCOMING) else ["-offer_deadline", "title"]
    return _with_list_data(calls).order_by(*order)


CANCELLED = "cancelled"
PUBLIC_STATUSES = [OPEN, UPCOMING, CLOSED, CANCELLED]


def status_conditions(now=None):
    """The Q of each value public_status() gives a published call (open, upcoming, closed, cancelled)."""
    tabs = tab_conditions(now)
    cancelled = Q(state=CallState.CANCELLED)
    return {
        OPEN: tabs[OPEN],
        UPCOMING: tabs[UPCOMING],
        CLOSED: (tabs[CLOSED] | tabs[ARCHIVE]) & ~cancelled,
        CANCELLED: cancelled,
    }


def filter_public_calls(calls, *, status=None, mode=None, now=None, **search):
    """Published calls of both modes (the open-data API) by public status and mode, then as search_calls."""
    if status:
        calls = calls.filter(status_conditions(now or timezone.now())[status])
    if mode:
        calls = calls.filter(mode=mode)
    return search_calls(calls, **search)


def with_tasks_and_budgets(calls):
    """Calls with their unit, total budget and tasks (each with its area and yearly budgets) loaded."""
    budgets = CallTaskBudget.objects.order_by("year")
    tasks = CallTask.objects.select_related("area").prefetch_related(Prefetch("budgets", queryset=budgets))
    return (
        calls.select_related("unit")
        .with_budget()
        .prefetch_related(Prefetch("tasks", queryset=tasks.order_by("number")))
    )


def tab_counts(now=None):
    """How many calls each tab holds (unfiltered), in one query."""
    conditions = tab_conditions(now)
    counts = (
        Call.objects.public()
        .competitions()
        .aggregate(**{tab: Count("pk", filter=condition) for tab, condition in conditions.items()})
    )
    return counts


def public_years():
    return list(Call.objects.public().competitions().order_by("-year").values_list("year", flat=True).distinct())


def call_for_page(slug):
    tasks = CallTask.objects.select_related("area").prefetch_related(
        Prefetch("budgets", queryset=CallTaskBudget.objects.order_by("year"))
    )
    return (
        Call.objects.competitions()
        .select_related("unit")
        .with_budget()
        .prefetch_related(Prefetch("tasks", queryset=tasks), "criteria", "required_attachments", "documents")
        .get(slug=slug)
    )


def public_history(call):
    """The call's public activity: publication, opening, closing, cancellation, documents added."""
    from django.contrib.contenttypes.models import ContentType

    return ActivityLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Call), object_id=str(call.pk), action__in=PUBLIC_ACTIONS
    ).order_by("created_at")


def deadline_calls(*, area=None, unit=None):
    """Published calls (competitions and small grants) with a deadline, for the calendar."""
    calls = Call.objects.public().exclude(offer_deadline__isnull=True).select_related("unit")
    if area:
        calls = calls.filter(pk__in=Call.objects.filter(tasks__area=area).values("pk"))
    if unit:
        calls = calls.filter(unit=unit)
    return calls.order_by("offer_deadline")


def latest_announcements(limit=20):
    return (
        Call.objects.public()
        .competitions()
        .exclude(published_at__isnull=True)
        .select_related("unit")
        .with_budget()
        .order_by("-published_at")[:limit]
    )


def plan_for_year(year, *, unit=None, area=None):
    """The plan of calls of a year, by month, against the calls actually announced; optionally
    only the lines (and calls outside the plan) of one city unit or one public benefit area.

    Returns {"months": [(month, [entries])], "unplanned": [calls], "planned_total", "announced_total"}.
    """
    lines = PlannedCall.objects.filter(year=year)
    calls = Call.objects.public().filter(year=year).exclude(pk__in=lines.exclude(call=None).values("call"))
    if unit:
        lines, calls = lines.filter(unit=unit), calls.filter(unit=unit)
    if area:
        lines = lines.filter(area=area)
        calls = calls.filter(pk__in=Call.objects.filter(tasks__area=area).values("pk"))
    entries = list(
        lines.select_related("unit", "area")
        .prefetch_related(Prefetch("call", queryset=Call.objects.with_budget().select_related("unit")))
        .order_by("month", "title")
    )
    for entry in entries:
        if entry.call is not None and entry.call.state == CallState.DRAFT:
            entry.call = None  # a draft is not announced yet
    unplanned = list(calls.select_related("unit").with_budget().order_by("published_at", "title"))
    months = {}
    for entry in entries:
        months.setdefault(entry.month, []).append(entry)
    announced = [entry.call for entry in entries if entry.call is not None] + unplanned
    unique = {call.pk: call for call in announced}
    return {
        "months": sorted(months.items()),
        "unplanned": unplanned,
        "planned_total": sum((e.amount for e in entries), Decimal("0.00")),
        "announced_total": sum((c.total_budget or Decimal("0.00") for c in unique.values()), Decimal("0.00")),
        "entries": entries,
    }


def plan_years():
    years = set(PlannedCall.objects.values_list("year", flat=True).distinct())
    years |= set(Call.objects.public().values_list("year", flat=True).distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def accepting_calls(*, mode, limit, now=None):
    """Published calls of one mode accepting offers now, the nearest deadline first (one query)."""
    now = now or timezone.now()
    calls = Call.objects.public().filter(mode=mode).filter(tab_conditions(now)[OPEN])
    return list(calls.select_related("unit").with_budget().order_by("offer_deadline", "title")[:limit])


def latest_results(limit):
    """Open competitions whose results were published last, with the sum awarded (one query)."""
    awarded = Sum("grants__amount", filter=Q(grants__withdrawn_at__isnull=True))
    calls = Call.objects.competitions().filter(state=CallState.RESOLVED, results_published_at__isnull=False)
    # The sums only for the last `limit` calls: summed over every resolved call's grants, then cut,
    # the home page's query took ≈7 ms on a year's data (issue 17).
    latest = calls.order_by("-results_published_at", "-pk").values("pk")[:limit]
    calls = Call.objects.filter(pk__in=latest).select_related("unit").annotate(awarded=awarded)
    return list(calls.order_by("-results_published_at", "-pk"))
