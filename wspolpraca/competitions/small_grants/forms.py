"""Forms of the small-grant procedure: public comments, publication, moderation, decision, settings."""

from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wspolpraca.competitions.enums import SmallGrantStage
from wspolpraca.competitions.models import CompetitionSettings, PlannedGrantsBudget


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _privacy_help():
    return format_html(
        '{} <a href="{}">{}</a>',
        _("We use your name and e-mail only to handle the comment; the e-mail is never shown."),
        reverse_lazy("common:privacy"),
        _("Privacy notice"),
    )


HONEYPOT = "website"


class CommentForm(forms.Form):
    """A public comment. The template adds a honeypot input ("website", hidden from people) that
    the view checks: bots fill it in."""

    author_name = forms.CharField(
        label=_("Your name or the name of your organisation"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Shown with your comment."),
    )
    author_email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Not shown publicly; the office may use it to ask about your comment."),
    )
    text = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    consent = forms.BooleanField(
        label=_("I agree to the processing of my name and e-mail address to handle this comment."),
        help_text=lazy(_privacy_help, str)(),
    )


class PublishForm(forms.Form):
    bip_published_on = forms.DateField(
        label=_("Published in the BIP on"),
        widget=DateInput(),
        help_text=_("The date the offer appeared in the Public Information Bulletin."),
    )
    notice_board_published_on = forms.DateField(
        label=_("Posted on the notice board on"),
        widget=DateInput(),
        help_text=_("The date the offer was posted on the notice board of the office."),
    )
    confirm = forms.BooleanField(
        label=_("Publish the offer on this website now; the comment period starts."),
    )


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Moderation"),
        choices=[("publish", _("Publish the comment")), ("reject", _("Reject the comment"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for rejection"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when rejecting, e.g. offensive content or not about this offer."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for rejecting the comment."))
        return data


class ConsiderForm(forms.Form):
    consideration = forms.CharField(
        label=_("How the comment was considered"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class DecisionForm(forms.Form):
    funded = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Award the grant")), ("no", _("Do not award the grant"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(
        label=_("Amount of the grant (zł)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        help_text=_("At most what the offer asks for and at most the small-grant maximum."),
    )
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))
    confirm = forms.BooleanField(label=_("I confirm the decision; the offeror will be informed by e-mail."))

    def clean(self):
        data = super().clean()
        if data.get("funded") and data.get("amount") in (None, ""):
            self.add_error("amount", _("Give the amount of the grant."))
        return data


class StageFilterForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("all stages")), *SmallGrantStage.choices]
        self.fields["year"].choices = [("", _("all years")), *[(y, y) for y in years]]


class CompetitionSettingsForm(forms.ModelForm):
    class Meta:
        model = CompetitionSettings
        fields = [
            "small_grant_share_cap_pct",
            "small_grant_max_amount",
            "small_grant_max_days",
            "small_grant_publish_within_working_days",
            "small_grant_comment_days",
            "small_grant_yearly_limit_per_organisation",
            "min_days_after_publication",
            "attachment_max_mb",
        ]


class PlannedGrantsForm(forms.ModelForm):
    class Meta:
        model = PlannedGrantsBudget
        fields = ["year", "amount", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "amount": _(
                "The grants for NGO public tasks planned in the year's budget: the base of the small-grant cap."
            )
        }
