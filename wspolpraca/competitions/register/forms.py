"""The filter form of the public register of grants (/wyniki/): a GET form, every filter in the URL."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wspolpraca.common.forms.widgets import PolishOptionsSelect
from wspolpraca.competitions.enums import CallMode
from wspolpraca.competitions.models import CityUnit
from wspolpraca.competitions.register import selectors as register
from wspolpraca.organisations.models import PublicBenefitArea

SORT_CHOICES = [
    ("-date", _("Newest first")),
    ("date", _("Oldest first")),
    ("-amount", _("Largest amount first")),
    ("amount", _("Smallest amount first")),
    ("organisation", _("Organisation (A–Z)")),
]
FILTERS = ("year", "unit", "area", "mode", "q", "org")


class RegisterFilterForm(forms.Form):
    # The short selects (year, mode) first: on a phone they share a row (register.css).
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    mode = forms.ChoiceField(label=_("Mode"), required=False)
    unit = forms.ModelChoiceField(
        label=_("City unit"), queryset=CityUnit.objects.none(), required=False, empty_label=_("All units")
    )
    area = forms.ModelChoiceField(
        label=_("Public benefit area"),
        queryset=PublicBenefitArea.objects.none(),
        required=False,
        empty_label=_("All areas"),
        widget=PolishOptionsSelect,  # the Act's wording, in Polish on every page
    )
    q = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=200,
        help_text=_("Name, KRS number or number in another register."),
    )
    org = forms.SlugField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in register.years()]
        self.fields["unit"].queryset = register.units()
        self.fields["area"].queryset = register.areas()
        self.fields["area"].label_from_instance = lambda a: f"{a.code}. {a.name}"[:90]
        self.fields["mode"].choices = [
            ("", _("All modes")),
            (CallMode.OPEN_COMPETITION, _("Open competitions")),
            (CallMode.SMALL_GRANT, _("Small grants")),
        ]
        self.organisation = None

    def filters(self):
        """The filters to apply; an invalid value (e.g. a unit that no longer exists) is ignored."""
        self.is_valid()
        data = {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value not in (None, "")}
        self.organisation = register.organisation_by_slug(data.pop("org", None))
        if self.organisation:
            data["organisation"] = self.organisation
        return data

    @property
    def filtered(self):
        return any(self.data.get(name) for name in FILTERS)

    @property
    def active_count(self):
        """How many filters are set (the sort order is none), for the "Filters" disclosure."""
        return sum(1 for name in FILTERS if self.data.get(name))
