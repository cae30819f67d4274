"""Forms of the officers' pages; the services check and save."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from wspolpraca.bodies.enums import NominatedBy
from wspolpraca.bodies.models import Body, Membership
from wspolpraca.bodies.services import BODY_FIELDS
from wspolpraca.organisations.enums import VerificationStatus
from wspolpraca.organisations.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = [*BODY_FIELDS, "act_pdf"]
        widgets = {"act_date": DATE, "work_plan": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "slug": _("The end of the body's public address, e.g. rada-pozytku."),
            "seats_ngo": _("Members nominated or elected by organisations."),
            "min_ngo_share": _("Leave empty when the statute sets none."),
            "act_pdf": _("The resolution or order establishing the body (PDF)."),
        }


class TermForm(forms.Form):
    start = forms.DateField(label=_("start"), widget=DATE)
    end = forms.DateField(
        label=_("end"), widget=DATE, required=False, help_text=_("Leave empty for the term length set for the body.")
    )


class MemberForm(forms.Form):
    name = forms.CharField(
        label=_("first name and surname"),
        max_length=200,
        required=False,
        help_text=_("Enough for a member who will not sign in; filled in from the account otherwise."),
    )
    email = forms.EmailField(
        label=_("e-mail of the member's account"),
        required=False,
        help_text=_("Only if the member has an account on this site: they will see the body on their page."),
    )
    role = forms.ChoiceField(label=_("role"), choices=Membership._meta.get_field("role").choices)
    nominated_by = forms.ChoiceField(label=_("nominated by"), choices=NominatedBy.choices)
    organisation = forms.ModelChoiceField(
        label=_("nominating organisation"),
        queryset=Organisation.objects.filter(verification_status=VerificationStatus.VERIFIED).order_by("name"),
        required=False,
        help_text=_("When an organisation nominated the member."),
    )
    start = forms.DateField(label=_("from"), widget=DATE, required=False, help_text=_("Empty: today."))

    def clean_email(self):
        email = self.cleaned_data["email"]
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account has this e-mail. Leave it empty and give the name only."))
        return user


class EndMembershipForm(forms.Form):
    end = forms.DateField(label=_("last day of the membership"), widget=DATE)
    reason = forms.CharField(
        label=_("reason for the early end"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. resignation, recall by the nominating side, loss of eligibility."),
    )
    confirm = forms.BooleanField(label=_("I confirm that this membership ends on the day given."))
