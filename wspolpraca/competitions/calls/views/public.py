"""Public pages of open competitions: the list with its tabs, a call's page, the deadline calendar, alerts."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View
from icalendar import Calendar, Event

from wspolpraca.common.selectors import label_actions
from wspolpraca.competitions.calls import selectors
from wspolpraca.competitions.calls.alerts import delete_call_alert, save_call_alert
from wspolpraca.competitions.calls.public_forms import CallAlertForm, CallFilterForm, FeedFilterForm
from wspolpraca.competitions.calls.signals import call_page_context, context_from
from wspolpraca.competitions.enums import ACTION_LABELS, CallState
from wspolpraca.competitions.models import Call, CallAlert
from wspolpraca.organisations.enums import LegalForm
from wspolpraca.organisations.views import _page


def _tab_query(request, tab):
    query = request.GET.copy()
    query.pop("page", None)
    query["status"] = tab
    return query.urlencode()


class CallListView(TemplateView):
    template_name = "competitions/public/call_list.html"
    public_cache = True  # common/public_cache.py: anonymous visitors get the stored page

    def get_context_data(self, **kwargs):
        now = timezone.now()
        form = CallFilterForm(self.request.GET or None)
        filters = form.filters()
        page, query = _page(self.request, selectors.public_calls(now=now, **filters))
        for call in page.object_list:
            call.public_status = selectors.public_status(call, now)
            call.status_label = selectors.status_label(call.public_status, call)
            call.time_left = selectors.time_left(call.offer_deadline, now) if call.public_status == "open" else None
            call.areas = sorted({task.area for task in call.tasks.all()}, key=lambda a: (a.position, a.code))
        counts = selectors.tab_counts(now)
        labels = {
            selectors.OPEN: _("Accepting offers"),
            selectors.UPCOMING: _("Announced"),
            selectors.CLOSED: _("Closed"),
            selectors.ARCHIVE: _("Archive"),
        }
        tabs = [
            {"key": tab, "label": labels[tab], "count": counts[tab], "query": _tab_query(self.request, tab)}
            for tab in selectors.TABS
        ]
        filtered = any(filters.get(k) for k in ("q", "area", "unit", "year"))
        return super().get_context_data(
            form=form, page_obj=page, query=query, tabs=tabs, status=filters["status"], filtered=filtered, **kwargs
        )


def _reverse_or_none(name, *args):
    """Addresses built by other modules (the offer form, the panel); None while they do not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


class CallDetailView(TemplateView):
    template_name = "competitions/public/call_detail.html"
    public_cache = True  # common/public_cache.py: anonymous visitors get the stored page

    def dispatch(self, request, *args, **kwargs):
        try:
            self.call = selectors.call_for_page(kwargs["slug"])
        except Call.DoesNotExist:
            raise Http404 from None
        if not request.user.has_perm("competitions.view_call", self.call):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        call = self.call
        now = timezone.now()
        status = selectors.public_status(call, now)
        tasks = list(call.tasks.all())
        years = sorted({budget.year for task in tasks for budget in task.budgets.all()})
        for task in tasks:
            by_year = {budget.year: budget.amount for budget in task.budgets.all()}
            task.year_amounts = [by_year.get(year) for year in years]
        year_totals = [sum(t.year_amounts[i] or 0 for t in tasks) for i in range(len(years))]
        accepts = call.accepts_offers(now)
        history = label_actions(selectors.public_history(call), ACTION_LABELS)
        may_manage = self.request.user.has_perm("competitions.manage_call", call)
        call.time_left = selectors.time_left(call.offer_deadline, now) if status == selectors.OPEN else None
        return super().get_context_data(
            call=call,
            status=status,
            status_label=selectors.status_label(status, call),
            tasks=tasks,
            years=years,
            year_totals=year_totals,
            criteria=list(call.criteria.all()),
            criteria_total=sum((c.max_points for c in call.criteria.all()), 0),
            accepts_offers=accepts,
            offers_start_url=_reverse_or_none("offers:start") if accepts else None,
            history=history,
            legal_forms=[str(LegalForm(code).label) for code in call.eligible_legal_forms if code in LegalForm.values],
            manage_url=_reverse_or_none("competitions_panel:call_detail", call.pk) if may_manage else None,
            is_draft=call.state == CallState.DRAFT,
            **context_from(call_page_context, call),
            **kwargs,
        )


def _ics_time(value):
    return value.astimezone(datetime.UTC)


class DeadlinesCalendarView(View):
    """Deadlines for offers (and selection dates) of published calls, as an iCalendar file."""

    def get(self, request):
        filters = FeedFilterForm(request.GET or None).filters()
        calendar = Calendar()
        calendar.add("prodid", "-//Wspolpraca//Terminy konkursow//PL")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", _("Deadlines of calls"))
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
        stamp = _ics_time(timezone.now())
        for call in selectors.deadline_calls(**filters):
            url = f"{settings.SITE_URL}{call.get_absolute_url()}"

            def event(kind, summary, start, end, call=call, url=url):
                item = Event()
                item.add("uid", f"call-{call.pk}-{kind}@{host}")
                item.add("dtstamp", stamp)
                item.add("dtstart", start)
                item.add("dtend", end)
                item.add("summary", summary % {"title": call.title})
                item.add("description", f"{call.unit.name}\n{url}")
                item.add("url", url)
                if call.state == CallState.CANCELLED:
                    item.add("status", "CANCELLED")
                calendar.add_component(item)

            deadline = _ics_time(call.offer_deadline)
            event("deadline", _("Deadline for offers: %(title)s"), deadline, deadline)
            if call.selection_date:
                day = call.selection_date
                event("selection", _("Offers selected by: %(title)s"), day, day + datetime.timedelta(days=1))
        response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="terminy-konkursow.ics"'
        return response


class CallAlertView(LoginRequiredMixin, FormView):
    """Choose the areas of new calls to be told about by e-mail; change or cancel the choice."""

    template_name = "competitions/public/alerts.html"
    form_class = CallAlertForm

    def get_alert(self):
        return CallAlert.objects.filter(user=self.request.user).prefetch_related("areas").first()

    def get_initial(self):
        alert = self.get_alert()
        if alert is None:
            return {"include_small_grants": True}
        return {"areas": list(alert.areas.all()), "include_small_grants": alert.include_small_grants}

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "delete":
            if request.POST.get("confirm") != "on":
                messages.error(request, _("Tick the box to confirm that you want to cancel your alerts."))
                return redirect("competitions:alerts")
            if delete_call_alert(user=request.user):
                messages.success(
                    request, _("Your alerts have been cancelled. You will get no more e-mails about calls.")
                )
            return redirect("competitions:alerts")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        save_call_alert(
            user=self.request.user,
            areas=form.cleaned_data["areas"],
            include_small_grants=form.cleaned_data["include_small_grants"],
        )
        messages.success(self.request, _("Saved. We will e-mail you when a call in these areas is published."))
        return redirect("competitions:alerts")

    def get_context_data(self, **kwargs):
        return super().get_context_data(alert=self.get_alert(), **kwargs)
