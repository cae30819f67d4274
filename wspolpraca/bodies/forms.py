"""Forms of the officers' pages; the services check and save."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wspolpraca.bodies.enums import NominatedBy
from wspolpraca.bodies.models import Body, Membership, Term
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
    contact_email = forms.EmailField(
        label=_("e-mail for invitations"),
        required=False,
        help_text=_("For a member without an account: invitations and minutes are sent here. Not public."),
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
    birth_year = forms.IntegerField(
        label=_("year of birth"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Only for a body whose statute sets age limits."),
    )

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        if body is None or (body.min_age is None and body.max_age is None):
            del self.fields["birth_year"]

    def clean_email(self):
        email = self.cleaned_data["email"]
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account has this e-mail. Leave it empty and give the name only."))
        return user


class ChangeMembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=Membership._meta.get_field("role").choices)
    email = forms.EmailField(
        label=_("e-mail for invitations"),
        required=False,
        help_text=_("For a member without an account: invitations and minutes are sent here. Not public."),
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        if membership.user_id:  # invitations go to the account's address
            del self.fields["email"]


class EndMembershipForm(forms.Form):
    end = forms.DateField(label=_("last day of the membership"), widget=DATE)
    reason = forms.CharField(
        label=_("reason for the early end"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. resignation, recall by the nominating side, loss of eligibility."),
    )
    confirm = forms.BooleanField(label=_("I confirm that this membership ends on the day given."))


# --- elections ------------------------------------------------------------------------------

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RegisterOrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("organisation"), queryset=Organisation.objects.none())

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(verification_status=VerificationStatus.VERIFIED)
            .exclude(commission_registrations__body=body)
            .order_by("name")
        )


class ElectionForm(forms.Form):
    title = forms.CharField(
        label=_("title"),
        max_length=300,
        help_text=_("E.g. Election of the commission's representative to the council."),
    )
    target_term = forms.ModelChoiceField(
        label=_("term of the body elected to"),
        queryset=Term.objects.none(),
        help_text=_("The elected person becomes a member of this term."),
    )
    seats = forms.IntegerField(label=_("seats"), min_value=1, max_value=20, initial=1)
    candidacies_until = forms.DateTimeField(label=_("candidacies until"), widget=DATETIME)
    voting_from = forms.DateTimeField(label=_("voting from"), widget=DATETIME)
    voting_until = forms.DateTimeField(label=_("voting until"), widget=DATETIME)

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_term"].queryset = (
            Term.objects.filter(end__gte=timezone.localdate()).exclude(body=body).select_related("body")
        )


class CandidateForm(forms.Form):
    name = forms.CharField(label=_("candidate's first name and surname"), max_length=200)
    organisation = forms.ModelChoiceField(
        label=_("organisation putting the candidate forward"), queryset=Organisation.objects.none()
    )
    consent = forms.BooleanField(
        label=_("The candidate has consented in writing to stand."),
        required=False,
    )
    consent_file = forms.FileField(
        label=_("the candidate's signed consent (PDF)"),
        required=False,
        help_text=_("Seen by the election's officers only."),
    )

    def __init__(self, *args, organisations, officer=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if officer:
            self.fields["consent_file"].help_text = _(
                "Empty when the signed consent is kept on paper with the election's papers."
            )


class OpenVotingForm(forms.Form):
    voting_from = forms.DateTimeField(label=_("voting from"), widget=DATETIME)
    voting_until = forms.DateTimeField(label=_("voting until"), widget=DATETIME)


class PaperBallotsForm(forms.Form):
    scan = forms.FileField(label=_("scan of the ballots (PDF)"), required=False, help_text=_("Seen by officers only."))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for candidate in self.candidates:
            self.fields[f"votes_{candidate.pk}"] = forms.IntegerField(
                label=_("votes for %(name)s") % {"name": candidate.name},
                min_value=0,
                initial=candidate.paper_votes,
            )

    def counts(self):
        return {c.pk: self.cleaned_data[f"votes_{c.pk}"] for c in self.candidates}


class CountForm(forms.Form):
    lot_winners = forms.MultipleChoiceField(
        label=_("drawn by lot"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for a tie: the candidates the lot drawn at the count chose."),
    )
    confirm = forms.BooleanField(label=_("I confirm that the voting is over and the results may be published."))

    def __init__(self, *args, tied, **kwargs):
        super().__init__(*args, **kwargs)
        if tied:
            self.fields["lot_winners"].choices = [(str(c.pk), c.name) for c in tied]
        else:
            del self.fields["lot_winners"]


class CancelElectionForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(label=_("I confirm that the election is cancelled."))


class VoteForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("on behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    candidate = forms.ModelChoiceField(
        label=_("your vote"), queryset=Organisation.objects.none(), widget=forms.RadioSelect, empty_label=None
    )

    def __init__(self, *args, organisations, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["candidate"].queryset = candidates
        self.single = organisations.first() if organisations.count() == 1 else None
        if self.single is not None:  # named in the text above the ballot
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = self.single.pk


class DelegationForm(forms.Form):
    purpose = forms.CharField(
        label=_("delegated to"),
        max_length=300,
        help_text=_("E.g. the competition commissions for culture in 2027."),
    )
    start = forms.DateField(label=_("from"), widget=DATE, required=False, help_text=_("Empty: today."))
    end = forms.DateField(label=_("until"), widget=DATE, required=False)
