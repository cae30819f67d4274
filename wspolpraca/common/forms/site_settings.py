import re

from django import forms
from django.utils.translation import gettext_lazy as _

from wspolpraca.common.models import SiteSettings

# Sections of the settings page: (legend, field names).
SECTIONS = [
    (_("The site's identity"), ["site_name", "logo", "logo_alt", "primary_colour"]),
    (_("The centre"), ["centre_name", "centre_short_name", "city_name", "operator_name"]),
    (
        _("Address and contact"),
        [
            "street_address",
            "postal_code",
            "postal_town",
            "opening_hours",
            "contact_email",
            "contact_phone",
            "data_protection_officer_email",
        ],
    ),
    (
        _("Accessibility statement"),
        [
            "accessibility_coordinator",
            "accessibility_status",
            "accessibility_statement_date",
            "accessibility_reviewed_on",
            "website_published_on",
            "website_updated_on",
            "accessibility_exceptions",
            "architectural_accessibility",
        ],
    ),
]


class SiteSettingsForm(forms.ModelForm):
    class Meta:
        model = SiteSettings
        fields = [name for _legend, names in SECTIONS for name in names]
        widgets = {
            "logo": forms.ClearableFileInput(attrs={"accept": ".svg,.png,.jpg,.jpeg,.webp"}),
            "primary_colour": forms.TextInput(attrs={"size": 8, "spellcheck": "false", "autocomplete": "off"}),
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
            "accessibility_statement_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "accessibility_reviewed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "website_published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "website_updated_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "accessibility_exceptions": forms.Textarea(attrs={"rows": 4}),
            "architectural_accessibility": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "opening_hours": _("One line per day or group of days."),
            "operator_name": _("The office that runs the centre; named as the data controller in the privacy notice."),
            "accessibility_coordinator": _("Name of the person (or role) to contact about accessibility."),
            "postal_code": _("Format: 00-000."),
        }

    sections = SECTIONS

    def grouped_fields(self):
        return [(legend, [self[name] for name in names]) for legend, names in SECTIONS]

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        if not re.fullmatch(r"\d{2}-\d{3}", value):
            raise forms.ValidationError(_("Enter a Polish postal code in the format 00-000."))
        return value

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        return "" if logo is False else logo  # "remove the logo" ticked

    def clean_primary_colour(self):
        return self.cleaned_data["primary_colour"].lower()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("logo") and not (cleaned.get("logo_alt") or "").strip():
            self.add_error("logo_alt", _("Describe the logo in words: people who cannot see it hear this text."))
        published, updated = cleaned.get("website_published_on"), cleaned.get("website_updated_on")
        if published and updated and updated < published:
            self.add_error("website_updated_on", _("The update cannot be earlier than the publication."))
        return cleaned
