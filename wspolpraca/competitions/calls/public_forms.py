"""Forms of the public call pages (filters, alerts) and of the plan of calls."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wspolpraca.common.forms.fields import ModelMultipleChoiceField
from wspolpraca.competitions.calls import selectors
from wspolpraca.competitions.enums import CallState
from wspolpraca.competitions.models import Call, CityUnit, PlannedCall
from wspolpraca.organisations.models import PublicBenefitArea


class CallFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[(tab, tab) for tab in selectors.TABS], required=False, widget=forms.HiddenInput)
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    area = forms.ModelChoiceField(
        label=_("Public benefit area"),
        queryset=PublicBenefitArea.objects.none(),
        required=False,
        empty_label=_("All areas"),
    )
    unit = forms.ModelChoiceField(
        label=_("City unit"), queryset=CityUnit.objects.none(), required=False, empty_label=_("All units")
    )
    year = forms.TypedChoiceField(label=_("Budget year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = PublicBenefitArea.objects.all().order_by("position", "code")
        self.fields["unit"].queryset = CityUnit.objects.filter(is_active=True)
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in selectors.public_years()]

    @property
    def tab(self):
        value = self.data.get("status")
        return value if value in selectors.TABS else selectors.OPEN

    def filters(self):
        if not self.is_valid():
            return {"status": self.tab}
        return {"status": self.tab, **{k: self.cleaned_data.get(k) for k in ("q", "area", "unit", "year")}}


def _unit_field(queryset):
    return forms.ModelChoiceField(label=_("City unit"), queryset=queryset, required=False, empty_label=_("All units"))


class PlanFilterForm(forms.Form):
    """The plan of calls of a year, optionally of one city unit or one public benefit area."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)  # always given: see __init__
    unit = _unit_field(CityUnit.objects.filter(is_active=True))
    area = forms.ModelChoiceField(
        label=_("Public benefit area"),
        queryset=PublicBenefitArea.objects.order_by("position", "code"),
        required=False,
        empty_label=_("All areas"),
    )

    def __init__(self, data, *, year, years):
        data = data.copy()
        data["year"] = year  # already read (and defaulted) by the view
        super().__init__(data)
        self.fields["year"].choices = [(y, y) for y in sorted({*years, year}, reverse=True)]

    def filters(self):
        if not self.is_valid():
            return {}
        return {k: self.cleaned_data[k] for k in ("unit", "area") if self.cleaned_data.get(k)}


class SmallGrantFilterForm(forms.Form):
    """The public small-grant page: the offers and calls of one city unit and/or one budget year."""

    unit = _unit_field(CityUnit.objects.none())
    year = forms.TypedChoiceField(label=_("Budget year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        calls = Call.objects.small_grants().public()
        self.fields["unit"].queryset = CityUnit.objects.filter(pk__in=calls.values("unit"))
        years = calls.order_by("-year").values_list("year", flat=True).distinct()
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in years]

    def filters(self):
        if not self.is_valid():
            return {}
        return {k: self.cleaned_data[k] for k in ("unit", "year") if self.cleaned_data.get(k)}


class FeedFilterForm(forms.Form):
    area = forms.ModelChoiceField(queryset=PublicBenefitArea.objects.all(), required=False)
    unit = forms.ModelChoiceField(queryset=CityUnit.objects.all(), required=False)

    def filters(self):
        if not self.is_valid():
            return {}
        return {k: self.cleaned_data.get(k) for k in ("area", "unit")}


class CallAlertForm(forms.Form):
    areas = ModelMultipleChoiceField(
        label=_("Public benefit areas"),
        queryset=PublicBenefitArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=True,
        help_text=_("You will get an e-mail when a call with a task in one of these areas is published."),
        error_messages={"required": _("Choose at least one area, or cancel your alerts below.")},
    )
    include_small_grants = forms.BooleanField(
        label=_("Also small grants (art. 19a)"),
        required=False,
        initial=True,
        help_text=_("Tell me also when the year's small-grant intake is announced."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = PublicBenefitArea.objects.current()


class DeleteConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, delete this line of the plan"), required=True)


class PlannedCallForm(forms.ModelForm):
    class Meta:
        model = PlannedCall
        fields = ["year", "month", "unit", "title", "area", "mode", "amount", "call", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "call": _("When the call is announced, link it here (a call of the same year)."),
            "amount": _("In złoty, e.g. 120000.00."),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].widget = forms.Select(choices=MONTH_CHOICES)
        self.fields["unit"].queryset = units if units is not None else CityUnit.objects.filter(is_active=True)
        self.fields["area"].queryset = PublicBenefitArea.objects.current()
        self.fields["call"].queryset = (
            Call.objects.exclude(state=CallState.DRAFT).select_related("unit").order_by("-year", "title")
        )
        self.fields["call"].label_from_instance = lambda call: f"{call.year}: {call.title}"
        if not self.instance.pk and not self.initial.get("year"):
            self.initial["year"] = timezone.localdate().year

    def clean(self):
        cleaned = super().clean()
        call, year = cleaned.get("call"), cleaned.get("year")
        if call and year and call.year != year:
            self.add_error(
                "call", _("The announced call belongs to %(year)s, not to this year of the plan.") % {"year": call.year}
            )
        return cleaned


MONTH_CHOICES = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]
