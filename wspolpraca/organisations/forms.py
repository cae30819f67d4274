from django import forms
from django.forms.utils import ErrorDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wspolpraca.common.forms.fields import ModelMultipleChoiceField
from wspolpraca.organisations.enums import IDENTITY_FIELDS, MembershipRole, VerificationStatus
from wspolpraca.organisations.models import District, Organisation, PublicBenefitArea
from wspolpraca.organisations.services import EDITABLE_FIELDS

IDENTITY_REVIEW_NOTE = _("A change is published after the centre's approval.")
IDENTITY_LOCKED_NOTE = _("A change of this data awaits the centre's approval.")


class OrganisationForm(forms.ModelForm):
    """The organisation's data, as entered by its representative."""

    areas = ModelMultipleChoiceField(
        label=_("Public benefit areas"),
        queryset=PublicBenefitArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The areas of art. 4 ust. 1 of the Act in which the organisation works."),
    )

    website = forms.URLField(
        label=capfirst(Organisation._meta.get_field("website").verbose_name),
        required=False,
        assume_scheme="https",
        max_length=200,
    )

    class Meta:
        model = Organisation
        fields = [*EDITABLE_FIELDS, "areas"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "postal_code": forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
            "street_address": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "town": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "krs_number": forms.TextInput(attrs={"inputmode": "numeric"}),
            "nip": forms.TextInput(attrs={"inputmode": "numeric"}),
            "regon": forms.TextInput(attrs={"inputmode": "numeric"}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif"}),
        }

    def __init__(self, *args, identity_review=False, identity_locked=False, **kwargs):
        """`identity_review`: the identity fields' changes go to the centre for approval (a verified
        organisation); `identity_locked`: a change already waits, so they cannot be edited now."""
        super().__init__(*args, **kwargs)
        if identity_review:
            for name in IDENTITY_FIELDS:
                field = self.fields[name]
                field.disabled = identity_locked
                note = IDENTITY_LOCKED_NOTE if identity_locked else IDENTITY_REVIEW_NOTE
                field.help_text = f"{field.help_text} {note}".strip()
        current = PublicBenefitArea.objects.current()
        if self.instance.pk:  # keep areas chosen under an older wording
            current = PublicBenefitArea.objects.filter(pk__in=current) | self.instance.areas.all()
        self.fields["areas"].queryset = current.distinct().order_by("position", "code")
        self.fields["district"].queryset = District.objects.filter(is_active=True)
        self.fields["district"].empty_label = _("(outside Płock or not given)")

    def show_as_typed(self, errors):
        """Shown again as typed without validating it (after fetching from the KRS), with only
        `errors` (field name → message)."""
        self._errors = ErrorDict(renderer=self.renderer)
        for name, message in errors.items():
            self._errors[name] = self.error_class([message], renderer=self.renderer)

    def service_kwargs(self):
        data = {field: self.cleaned_data[field] for field in EDITABLE_FIELDS}
        if not data["logo"]:
            data["logo"] = ""
        return data


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the representatives"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who you are and what you do in the organisation."),
    )
    role = forms.ChoiceField(
        label=_("Role you ask for"),
        choices=MembershipRole.choices,
        initial=MembershipRole.EDITOR,
        widget=forms.RadioSelect,
        help_text=_(
            "A representative may submit and sign on the organisation's behalf; an editor may prepare documents."
        ),
    )


class DecideJoinRequestForm(forms.Form):
    """A decision with a reason, required to refuse. Subclasses change the wording."""

    refuse = "refuse"
    reason_required = _("Give the reason for refusing the request.")

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when refusing. The person will receive it by e-mail."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.refuse and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", self.reason_required)
        return cleaned


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)


class DecideIdentityChangeForm(DecideJoinRequestForm):
    """An officer's decision on a change of identity data."""

    refuse = "reject"
    reason_required = _("Give the reason for rejecting the change.")

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve the change")), ("reject", _("Reject the change"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when rejecting. The representatives will receive it by e-mail."),
    )


class CorrectionsForm(forms.Form):
    reason = forms.CharField(
        label=_("What needs to be corrected"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The representatives will receive this text by e-mail."),
    )


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, KRS or NIP"), required=False, max_length=200)
    area = forms.ModelChoiceField(
        label=_("Public benefit area"),
        queryset=PublicBenefitArea.objects.none(),
        required=False,
        empty_label=_("All areas"),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("All districts"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = PublicBenefitArea.objects.current()

    def filters(self):
        if not self.is_valid():
            return {}
        return {key: self.cleaned_data.get(key) for key in ("q", "area", "district")}


class PanelFilterForm(DirectoryFilterForm):
    status = forms.ChoiceField(
        label=_("Verification status"),
        required=False,
        choices=[("", _("All statuses")), *VerificationStatus.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = PublicBenefitArea.objects.all()

    def filters(self):
        if not self.is_valid():
            return {}
        return {key: self.cleaned_data.get(key) for key in ("q", "area", "district", "status")}
