"""Forms of the evaluation stage (the commission, scoring, the decision, results, cancellation)."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolpraca.competitions.enums import CancellationGround, CommissionRole, DecisionOutcome, WithoutNgoReason
from wspolpraca.competitions.evaluation import commission, scoring
from wspolpraca.competitions.kernel.fields import AmountField, PlausibleDateField
from wspolpraca.competitions.models import NgoNomination, Offer
from wspolpraca.organisations.enums import MembershipRole, VerificationStatus
from wspolpraca.organisations.models import Organisation


class CancelCallForm(forms.Form):
    ground = forms.ChoiceField(
        label=gettext_lazy("Ground for cancelling"),
        choices=CancellationGround.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for cancelling"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Published with the call and kept in its history. Required for another reason; for the grounds "
            "of art. 18a a sentence naming the facts is written if you leave it empty."
        ),
    )
    confirm = forms.BooleanField(label=gettext_lazy("I understand that cancelling cannot be undone."))

    def __init__(self, *args, required_ground=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.required_ground = required_ground
        if required_ground:
            # Art. 18a: the statutory ground is the only one; another reason is not offered.
            self.fields["ground"].choices = [(required_ground, CancellationGround(required_ground).label)]
            self.fields["ground"].initial = required_ground
        else:
            self.fields["ground"].initial = CancellationGround.OTHER

    def clean_ground(self):
        return self.cleaned_data.get("ground") or self.required_ground or CancellationGround.OTHER


# --- the commission ---------------------------------------------------------------------------


class NominationForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=gettext_lazy("Organisation"))
    name = forms.CharField(label=gettext_lazy("Full name"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("E-mail"))
    has_account = forms.BooleanField(
        label=gettext_lazy("The candidate has an account on this platform with this e-mail"),
        required=False,
        help_text=gettext_lazy("Only candidates with an account can be appointed: members sign in to read offers."),
    )
    qualifications = forms.CharField(
        label=gettext_lazy("Qualifications"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    consent = forms.BooleanField(
        label=gettext_lazy("The candidate agreed to be nominated and to the processing of their data"),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            memberships__user=user,
            memberships__role=MembershipRole.REPRESENTATIVE,
            verification_status=VerificationStatus.VERIFIED,
        ).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("has_account") and data.get("email"):
            account = get_user_model().objects.filter(email__iexact=data["email"], is_active=True).first()
            if account is None:
                self.add_error("email", _("No account uses this e-mail address."))
            data["user"] = account
        return data


class AppointOfficerForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_officer=True, is_active=True).order_by("last_name", "email"),
        label=gettext_lazy("Officer"),
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[
            (CommissionRole.OFFICER, CommissionRole.OFFICER.label),
            (CommissionRole.CHAIR, CommissionRole.CHAIR.label),
        ],
    )


class AppointNomineeForm(forms.Form):
    nomination = forms.ModelChoiceField(queryset=NgoNomination.objects.none(), label=gettext_lazy("Candidate"))
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[(CommissionRole.NGO, CommissionRole.NGO.label), (CommissionRole.CHAIR, CommissionRole.CHAIR.label)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = commission.active_nominations().select_related("organisation")


class AppointExpertForm(forms.Form):
    expert = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("last_name", "email"),
        label=gettext_lazy("Expert"),
        help_text=gettext_lazy("An expert has an advisory voice only."),
    )


class WithoutNgoForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Statutory reason"), choices=WithoutNgoReason.choices, widget=forms.RadioSelect
    )


class DeclarationForm(forms.Form):
    no_art24_grounds = forms.BooleanField(
        required=False,
        label=gettext_lazy(
            "I declare that none of the grounds of art. 24 § 1 of the Code of Administrative Procedure applies to me "
            "in relation to the offerors of this call: I am not an offeror, nor their spouse, relative or in-law up "
            "to the second degree, nor bound to them by adoption, care or guardianship, nor their representative, "
            "and I have not been employed by them or held office in them in the last three years."
        ),
    )
    other_circumstances = forms.CharField(
        required=False,
        label=gettext_lazy("Other circumstances that may raise doubt about my impartiality (art. 24 § 3)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    conflicted_offer = forms.ModelChoiceField(
        queryset=Offer.objects.none(),
        required=False,
        label=gettext_lazy("An offer I am in conflict with (optional)"),
        help_text=gettext_lazy("You will not see this offer."),
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conflicted_offer"].queryset = (
            Offer.objects.submitted().filter(call=call).select_related("organisation").order_by("number", "pk")
        )
        self.fields["conflicted_offer"].label_from_instance = lambda o: f"{o.number} – {o.organisation.name}"


# --- scoring ----------------------------------------------------------------------------------


class ScoreSheetForm(forms.Form):
    """Points and a justification for every applicable criterion, and general remarks."""

    comment = forms.CharField(
        label=gettext_lazy("General remarks (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for number, (criterion, applies) in enumerate(criteria, start=1):
            if not applies:
                self.rows.append({"criterion": criterion, "applies": False})
                continue
            points = scoring.points_field(criterion.pk)
            justification = scoring.justification_field(criterion.pk)
            # Each field is named by its criterion: the error summary lists them by these labels.
            named = {"criterion": scoring.criterion_label(number, criterion)}
            maximum = scoring.format_points(criterion.max_points)
            self.fields[points] = forms.DecimalField(
                label=_("Points — %(criterion)s") % named,
                required=False,
                min_value=Decimal("0"),
                max_value=criterion.max_points,
                decimal_places=2,
                max_digits=6,
                help_text=_("from 0 to %(max)s") % {"max": maximum},
                widget=forms.NumberInput(
                    attrs={
                        "step": "0.01",
                        "inputmode": "decimal",
                        # The page's script says this at once when typed points leave 0–max.
                        "data-range-message": _("Enter points from 0 to %(max)s.") % {"max": maximum},
                    }
                ),
            )
            self.fields[justification] = forms.CharField(
                label=_("Justification — %(criterion)s") % named,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=5000,
            )
            for name, short in ((points, _("Points")), (justification, _("Justification"))):
                self.fields[name].template_name = "competitions/commission/score_field.html"
                self.fields[name].short_label = short
                self.fields[name].criterion_label = named["criterion"]
            self.rows.append(
                {"criterion": criterion, "applies": True, "points": points, "justification": justification}
            )
        # Bound fields for the template, in the call's order.
        for row in self.rows:
            if row["applies"]:
                row["points_field"] = self[row["points"]]
                row["justification_field"] = self[row["justification"]]

    def scores(self):
        data = self.cleaned_data
        return {
            row["criterion"].pk: {
                "points": data.get(row["points"]),
                "justification": data.get(row["justification"], ""),
            }
            for row in self.rows
            if row["applies"]
        }


class ProposeForm(forms.Form):
    proposed_amount = AmountField(
        label=gettext_lazy("Amount proposed (zł)"),
        required=False,
        min_value=Decimal("0"),
        help_text=gettext_lazy("At most the requested grant. Empty: no proposal."),
    )
    note = forms.CharField(
        label=gettext_lazy("The commission's remarks (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


# --- the decision and the results -------------------------------------------------------------


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfferDecisionForm(forms.Form):
    """The executive's choice for one offer (prefix = the offer's pk)."""

    outcome = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            (DecisionOutcome.FUNDED, DecisionOutcome.FUNDED.label),
            (DecisionOutcome.NOT_FUNDED, DecisionOutcome.NOT_FUNDED.label),
        ],
        widget=forms.RadioSelect,
    )
    amount = AmountField(
        label=gettext_lazy("Amount awarded (zł)"),
        required=False,
        help_text=gettext_lazy("Above zero and not more than the grant requested."),
    )
    reasons = forms.CharField(
        label=gettext_lazy("Reasons for the offeror"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("E-mailed to the offeror with the result; required when the offer is not funded."),
    )
    departure_reason = forms.CharField(
        label=gettext_lazy("Reason for departing from the commission's proposal"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Required when the decision or the amount differs from the commission's proposal."),
    )


class ConfirmPublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I select the offers as listed above. Publish the results now and e-mail every offeror; "
            "this cannot be undone."
        )
    )


class PublicationDatesForm(forms.Form):
    bip_published_on = PlausibleDateField(label=gettext_lazy("Published in the BIP on"), widget=DATE)
    notice_board_published_on = PlausibleDateField(label=gettext_lazy("Posted on the notice board on"), widget=DATE)


class ResultsPublicationForm(PublicationDatesForm):
    bip_url = forms.URLField(
        label=gettext_lazy("Address of the results in the BIP"), required=False, assume_scheme="https"
    )


def _privacy_help():
    return format_html(
        '{} <a href="{}">{}</a>',
        _("We use your name and e-mail only to answer your request."),
        reverse("common:privacy"),
        _("Privacy notice"),
    )


class ReasonsRequestForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=gettext_lazy("The reply is sent to this address; it is not shown publicly."),
    )
    offer = forms.ModelChoiceField(
        queryset=Offer.objects.none(),
        required=False,
        label=gettext_lazy("Which offer (optional)"),
        empty_label=gettext_lazy("— the results as a whole —"),
    )
    text = forms.CharField(
        label=gettext_lazy("What would you like to know?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    consent = forms.BooleanField(
        label=gettext_lazy("I agree to the processing of my name and e-mail address to answer this request."),
        help_text=lazy(_privacy_help, str)(),
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = (
            Offer.objects.filter(call=call, decision__isnull=False)
            .select_related("organisation")
            .order_by("number", "pk")
        )
        self.fields["offer"].label_from_instance = lambda o: f"{o.number} – {o.organisation.name}"


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=gettext_lazy("Reply"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy("E-mailed to the person who asked; kept with the call."),
    )
