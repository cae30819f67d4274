"""Officers' forms for city units and calls (the announcement, tasks, criteria, publication)."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wspolpraca.common.forms.fields import ModelMultipleChoiceField
from wspolpraca.competitions.calls import drafting
from wspolpraca.competitions.calls import units as unit_services
from wspolpraca.competitions.enums import CallMode, CallState, CriterionKind
from wspolpraca.competitions.models import Call, CityUnit
from wspolpraca.organisations.enums import LegalForm
from wspolpraca.organisations.models import PublicBenefitArea

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class FieldsetsMixin:
    """`fieldsets`: (legend, [field names]); templates loop over `form.fieldset_groups`."""

    fieldsets = ()

    def fieldset_groups(self):
        return [(legend, [self[name] for name in names if name in self.fields]) for legend, names in self.fieldsets]


class CityUnitForm(forms.ModelForm):
    officers = ModelMultipleChoiceField(
        label=_("Officers"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only users with the officer role can be chosen."),
    )

    class Meta:
        model = CityUnit
        fields = [*unit_services.UNIT_FIELDS, "officers"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = (
            get_user_model()
            .objects.filter(is_officer=True, is_active=True)
            .order_by("last_name", "first_name", "email")
        )
        self.fields["officers"].label_from_instance = lambda user: f"{user} ({user.email})"
        self.fields["slug"].help_text = _(
            "Part of web addresses: lower-case letters, digits and hyphens, e.g. kultura."
        )

    def service_kwargs(self):
        return {name: self.cleaned_data[name] for name in (*unit_services.UNIT_FIELDS, "officers")}


class CallFilterForm(forms.Form):
    q = forms.CharField(label=_("Title"), required=False, max_length=200)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All states")), *CallState.choices])
    mode = forms.ChoiceField(label=_("Mode"), required=False, choices=[("", _("All modes")), *CallMode.choices])
    unit = forms.ModelChoiceField(
        label=_("City unit"), required=False, queryset=CityUnit.objects.none(), empty_label=_("All units")
    )
    year = forms.IntegerField(label=_("Budget year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else CityUnit.objects.all()

    def apply(self, calls):
        if not self.is_valid():
            return calls
        data = self.cleaned_data
        if data["q"]:
            calls = calls.filter(title__icontains=data["q"])
        for name in ("state", "mode", "unit", "year"):
            if data[name] not in (None, ""):
                calls = calls.filter(**{name: data[name]})
        return calls


class CallForm(FieldsetsMixin, forms.ModelForm):
    """Every field of the announcement; publication and criteria are on their own pages."""

    eligible_legal_forms = forms.MultipleChoiceField(
        label=_("Legal forms that may apply"),
        choices=LegalForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave all unticked to admit every eligible form (art. 3 ust. 2 and 3 of the Act)."),
    )

    fieldsets = (
        (
            _("Basic data"),
            [
                "unit",
                "title",
                "year",
                "mode",
                "financing",
                "legal_basis_number",
                "legal_basis_date",
                "summary",
            ],
        ),
        (_("Element 1: the type of public task"), ["task_type"]),
        (_("Element 2: the public funds (the amounts come from the tasks' budgets)"), ["funds_description"]),
        (_("Element 3: the rules for awarding grants"), ["award_rules"]),
        (
            _("Element 4: the dates and conditions of performance"),
            ["performance_start", "performance_end", "performance_conditions"],
        ),
        (_("Element 5: the deadline for offers"), ["offers_from", "offer_deadline"]),
        (_("Element 6: the procedure, criteria and date of selection"), ["selection_procedure", "selection_date"]),
        (
            _("Element 7: tasks of the same type this year and last year, with their costs"),
            ["same_type_tasks", "same_type_cost_this_year", "same_type_cost_last_year"],
        ),
        (_("Who may apply"), ["eligible_legal_forms"]),
        (
            _("Rules the offer form enforces"),
            [
                "min_grant",
                "max_grant",
                "min_own_contribution_pct",
                "min_own_financial_pct",
                "min_own_personal_pct",
                "in_kind_may_be_valued",
                "admin_costs_cap_pct",
                "allowed_cost_shift_pct",
                "results_table_required",
                "correction_period_days",
                "requires_signed_confirmation",
            ],
        ),
        (_("Evaluation by the commission"), ["score_visibility", "score_aggregation"]),
    )

    class Meta:
        model = Call
        fields = [f for f in drafting.CALL_FIELDS if f != "pass_threshold"]
        widgets = {
            "legal_basis_date": DATE,
            "performance_start": DATE,
            "performance_end": DATE,
            "selection_date": DATE,
            "offers_from": DATETIME,
            "offer_deadline": DATETIME,
            "summary": forms.Textarea(attrs={"rows": 2}),
            "task_type": forms.Textarea(attrs={"rows": 3}),
            "funds_description": forms.Textarea(attrs={"rows": 3}),
            "same_type_tasks": forms.Textarea(attrs={"rows": 3}),
            "score_visibility": forms.RadioSelect,
            "score_aggregation": forms.RadioSelect,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.SCORING_FIELDS:  # not sent (older clients, scripts): keep the call's setting
            self.fields[name].required = False
        units = unit_services.units_for(user)
        if self.instance.pk:
            units = units | CityUnit.objects.filter(pk=self.instance.unit_id)
        self.fields["unit"].queryset = units.distinct()
        self.fields["offer_deadline"].help_text = _(
            "At least 21 days after the last publication (website, BIP, notice board). "
            "Small grants: empty means 31 December of the budget year."
        )

    SCORING_FIELDS = ("score_visibility", "score_aggregation")

    def clean(self):
        data = super().clean()
        for name in self.SCORING_FIELDS:
            if not data.get(name):
                data[name] = getattr(self.instance, name) or Call._meta.get_field(name).default
        pairs = [
            ("performance_start", "performance_end", _("The end of performance cannot be before its start.")),
            ("offers_from", "offer_deadline", _("The deadline must be after the first day offers are accepted.")),
            ("min_grant", "max_grant", _("The maximum grant cannot be lower than the minimum.")),
        ]
        for low, high, message in pairs:
            if data.get(low) is not None and data.get(high) is not None and data[high] < data[low]:
                self.add_error(high, message)
        if data.get("mode") == CallMode.OPEN_COMPETITION and not data.get("offer_deadline"):
            self.add_error("offer_deadline", _("An open competition needs a deadline for offers."))
        return data

    def service_kwargs(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    area = forms.ModelChoiceField(label=_("Public benefit area"), queryset=PublicBenefitArea.objects.none())
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        areas = PublicBenefitArea.objects.current()
        if task is not None:  # keep an area chosen under an older wording
            areas = areas | PublicBenefitArea.objects.filter(pk=task.area_id)
        self.fields["area"].queryset = areas.distinct().order_by("position", "code")


class BudgetRowForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    amount = forms.DecimalField(
        label=_("Amount (zł)"), max_digits=14, decimal_places=2, min_value=Decimal("0"), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("year") is None and data.get("amount") is not None:
            self.add_error("year", _("Enter the year of this amount."))
        return data

    def budget(self):
        """(year, amount), or None for a row left without an amount."""
        data = getattr(self, "cleaned_data", {})
        if data.get("year") is None or data.get("amount") is None:
            return None
        return data["year"], data["amount"]


class BaseBudgetFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        years = [year for year, _amount in self.budgets()]
        if len(years) != len(set(years)):
            raise ValidationError(_("Each year may appear only once."))
        if not years:
            raise ValidationError(_("Enter the budget of at least one year."))

    def budgets(self):
        return [row for row in (f.budget() for f in self.forms) if row is not None]


BudgetFormSet = forms.formset_factory(BudgetRowForm, formset=BaseBudgetFormSet, extra=0, max_num=10)


def budget_formset(call, task=None, data=None):
    if task is not None:
        initial = [{"year": b.year, "amount": b.amount} for b in task.budgets.all()]
        initial.append({})
    else:
        first = call.performance_start.year if call.performance_start else call.year
        last = call.performance_end.year if call.performance_end else call.year
        initial = [{"year": year} for year in range(min(first, call.year), max(last, call.year) + 1)]
        initial.append({})
    return BudgetFormSet(data=data, initial=initial, prefix="budget")


class CriterionForm(forms.Form):
    kind = forms.ChoiceField(choices=CriterionKind.choices, widget=forms.HiddenInput, initial=CriterionKind.LOCAL)
    name = forms.CharField(label=_("Criterion"), max_length=300, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    max_points = forms.DecimalField(
        label=_("Maximum points"), max_digits=6, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    remove = forms.BooleanField(label=_("Remove this criterion"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.initial.get("kind") or (self.data.get(self.add_prefix("kind")) if self.is_bound else None)
        self.is_statutory = bool(kind) and kind != CriterionKind.LOCAL
        if self.is_statutory or not self.initial.get("name"):  # new rows are simply left empty
            del self.fields["remove"]

    def clean(self):
        data = super().clean()
        if data.get("remove") or not (data.get("name") or data.get("max_points")):
            if self.is_statutory:
                if not data.get("name"):
                    self.add_error("name", _("A statutory criterion cannot be removed."))
                if not data.get("max_points"):
                    self.add_error("max_points", _("Enter the maximum points."))
            return data
        if not data.get("name"):
            self.add_error("name", _("Name the criterion."))
        if not data.get("max_points"):
            self.add_error("max_points", _("Enter the maximum points."))
        return data

    def criterion(self):
        data = self.cleaned_data
        if data.get("remove") or not data.get("name"):
            return None
        return {k: data[k] for k in ("kind", "name", "description", "max_points")}


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, max_num=40)


class PassThresholdForm(forms.Form):
    pass_threshold = forms.DecimalField(
        label=_("Pass threshold (points)"),
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        help_text=_("An offer below the threshold is not recommended for a grant. Empty: no threshold."),
    )


class RequiredAttachmentForm(forms.Form):
    name = forms.CharField(label=_("Attachment"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    is_required = forms.BooleanField(label=_("Required of every offeror"), required=False, initial=True)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(
        label=_("File (PDF)"), widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        drafting.check_pdf(file)
        return file


class PublicationForm(forms.Form):
    bip_published_on = forms.DateField(label=_("Published in the BIP on"), widget=DATE)
    notice_board_published_on = forms.DateField(label=_("Posted on the notice board on"), widget=DATE)
    bip_url = forms.URLField(label=_("Address of the announcement in the BIP"), required=False, assume_scheme="https")


class PublishCallForm(PublicationForm):
    """Publication of a draft: the BIP and notice-board dates are left empty for the officer to
    enter when they really happened; a competition without a score threshold asks to confirm it."""

    without_threshold = forms.BooleanField(
        label=_("I am announcing the call without a score threshold"),
        help_text=_(
            "No minimum number of points is set: an offer that passes the formal check may be recommended "
            "for a grant whatever its score. To set a threshold, go back to the call's criteria."
        ),
        error_messages={"required": _("Tick the box to confirm the call has no score threshold, or set one.")},
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_threshold_confirmation = call.mode == CallMode.OPEN_COMPETITION and call.pass_threshold is None
        if not self.needs_threshold_confirmation:
            del self.fields["without_threshold"]

    def publication_data(self):
        """What publish_call() takes: the dates and the BIP address, not the confirmation."""
        return {name: self.cleaned_data[name] for name in ("bip_published_on", "notice_board_published_on", "bip_url")}


class CancelCallForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Published with the call and kept in its history."),
    )
    confirm = forms.BooleanField(label=_("I understand that cancelling cannot be undone."))
