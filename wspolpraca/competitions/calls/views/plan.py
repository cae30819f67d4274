"""The yearly plan of calls: the public page /konkursy/plan/ and the officers' pages /panel/konkursy/plan/."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.common.forms.errors import add_service_errors as _apply_errors
from wspolpraca.common.selectors import activity_for
from wspolpraca.competitions.calls import plan as services
from wspolpraca.competitions.calls import selectors
from wspolpraca.competitions.calls.public_forms import MONTH_CHOICES, DeleteConfirmForm, PlanFilterForm, PlannedCallForm
from wspolpraca.competitions.calls.units import units_for
from wspolpraca.competitions.models import PlannedCall

MONTHS = dict(MONTH_CHOICES)


def _year(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _plan_context(request):
    year, years = _year(request), selectors.plan_years()
    form = PlanFilterForm(request.GET, year=year, years=years)
    filters = form.filters()
    plan = selectors.plan_for_year(year, **filters)
    now = timezone.now()
    for entry in plan["entries"]:
        if entry.call is not None:
            entry.call.status_label = selectors.status_label(selectors.public_status(entry.call, now), entry.call)
    for call in plan["unplanned"]:
        call.status_label = selectors.status_label(selectors.public_status(call, now), call)
    plan["months"] = [(month, MONTHS[month], entries) for month, entries in plan["months"]]
    return {"year": year, "years": years, "plan": plan, "form": form, "filtered": bool(filters)}


class PublicPlanView(TemplateView):
    template_name = "competitions/plan/public.html"
    public_cache = True  # common/public_cache.py: anonymous visitors get the stored page

    def get_context_data(self, **kwargs):
        return super().get_context_data(**_plan_context(self.request), **kwargs)


# --- panel ------------------------------------------------------------------------------------


class PlanPanelMixin(PermissionRequiredMixin):
    permission_required = ("accounts.use_panel", "competitions.manage_plan")


class PlanPanelListView(PlanPanelMixin, TemplateView):
    template_name = "competitions/plan/panel_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**_plan_context(self.request), **kwargs)


class PlanEntryFormMixin(PlanPanelMixin):
    template_name = "competitions/plan/panel_form.html"
    form_class = PlannedCallForm
    entry = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.entry
        kwargs["units"] = units_for(self.request.user)
        return kwargs

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in services.FIELDS}
        try:
            if self.entry is None:
                entry = services.create_planned_call(actor=self.request.user, **fields)
                messages.success(self.request, _("The line has been added to the plan."))
            else:
                entry = services.update_planned_call(actor=self.request.user, entry=self.entry, **fields)
                messages.success(self.request, _("The line of the plan has been saved."))
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        return redirect(f"{_panel_list_url()}?year={entry.year}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(entry=self.entry, **kwargs)


def _panel_list_url():
    from django.urls import reverse

    return reverse("competitions_plan_panel:list")


class PlanEntryCreateView(PlanEntryFormMixin, FormView):
    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("year"):
            initial["year"] = _year(self.request)
        return initial


class PlanEntryUpdateView(PlanEntryFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        self.entry = get_object_or_404(PlannedCall, pk=kwargs["pk"])
        if request.user.is_authenticated and not request.user.has_perm("competitions.change_planned_call", self.entry):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=activity_for(self.entry, limit=20), **kwargs)


class PlanEntryDeleteView(PlanPanelMixin, FormView):
    template_name = "competitions/plan/panel_delete.html"
    form_class = DeleteConfirmForm

    def dispatch(self, request, *args, **kwargs):
        self.entry = get_object_or_404(PlannedCall.objects.select_related("unit", "area", "call"), pk=kwargs["pk"])
        if request.user.is_authenticated and not request.user.has_perm("competitions.change_planned_call", self.entry):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        year = self.entry.year
        services.delete_planned_call(actor=self.request.user, entry=self.entry)
        messages.success(self.request, _("The line has been removed from the plan."))
        return redirect(f"{_panel_list_url()}?year={year}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(entry=self.entry, month_name=MONTHS[self.entry.month], **kwargs)
