"""Forms of the consultations' pages."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wspolpraca.bodies.enums import OpinionOutcome, ResolutionKind, ResolutionState
from wspolpraca.bodies.models import Body, Resolution
from wspolpraca.consultations import opinions
from wspolpraca.consultations.enums import (
    INTAKE_CHANNELS,
    ActKind,
    AnswerVerdict,
    CommentState,
    ConsultationForm,
    ConsultationState,
    OpinionRequestState,
)
from wspolpraca.consultations.importing import text_from_file
from wspolpraca.consultations.models import Comment, Consultation, DraftUnit, Meeting, OpinionRequest
from wspolpraca.consultations.rules import representable_organisations
from wspolpraca.consultations.selectors import commented_units
from wspolpraca.consultations.services import CONSULTATION_FIELDS, check_period
from wspolpraca.organisations.models import Organisation, PublicBenefitArea

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ConsultationEditForm(forms.ModelForm):
    text = forms.CharField(
        label=_("Text of the draft act"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Paste the whole text. It is split into units: “§ 1.” a paragraph, “1.” a section, “1)” a point, "
            "“a)” a letter; you can correct the units before announcing."
        ),
    )

    areas = forms.ModelMultipleChoiceField(
        label=_("Public benefit areas"),
        queryset=PublicBenefitArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=Consultation._meta.get_field("areas").help_text,
    )

    forms = forms.MultipleChoiceField(
        label=_("Forms of consultation"),
        choices=ConsultationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one."),
    )

    class Meta:
        model = Consultation
        fields = [name for name in CONSULTATION_FIELDS if name != "forms"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME, "order_date": DATE}
        help_texts = {
            "urgency_reason": _("Needed only when the consultation lasts less than the minimum period."),
            "starts_at": _("Date and time, Polish time."),
        }

    field_order = [
        "title",
        "act_kind",
        "order_number",
        "order_date",
        "order_file",
        "participants",
        "forms",
        "starts_at",
        "ends_at",
        "urgency_reason",
        "comments_visibility",
        "unit_name",
        "contact_person",
        "contact_email",
        "text",
        "draft_file",
        "areas",
    ]

    def __init__(self, *args, text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = PublicBenefitArea.objects.current()
        self.fields["text"].required = False
        self.fields["draft_file"].label = _("Or import the text from a file")
        self.fields["draft_file"].help_text = _(
            "DOCX, ODT, PDF with text, or TXT. The text read from the file replaces the text above and is split "
            "into units you can correct; the file stays attached to the consultation."
        )
        if not self.is_bound:
            self.initial["text"] = text
            self.initial["forms"] = self.instance.forms if self.instance.pk else [ConsultationForm.ONLINE]
            self.initial["areas"] = list(self.instance.areas.all()) if self.instance.pk else []

    def clean_draft_file(self):
        upload = self.cleaned_data.get("draft_file")
        if isinstance(upload, UploadedFile):
            self.imported_text = text_from_file(upload)
        return upload

    def clean(self):
        data = super().clean()
        imported = getattr(self, "imported_text", None)
        if imported:
            data["text"] = imported
        elif not (data.get("text") or "").strip() and "draft_file" not in self.errors:
            self.add_error("text", _("Paste the text of the draft act, or import it from a file."))
        try:
            check_period(
                starts_at=data.get("starts_at"), ends_at=data.get("ends_at"), urgency_reason=data.get("urgency_reason")
            )
        except forms.ValidationError as error:
            self.add_error(None, error)
        return data

    def service_data(self):
        data = {name: self.cleaned_data[name] for name in CONSULTATION_FIELDS if name in self.cleaned_data}
        data["areas"] = list(self.cleaned_data.get("areas") or [])
        return data


class PanelFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *ConsultationState.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def filters(self):
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class PublicFilterForm(forms.Form):
    TABS = [
        ("", _("All")),
        ("open", pgettext_lazy("consultations", "Open")),
        ("announced", pgettext_lazy("consultations", "Announced")),
        ("closed", pgettext_lazy("consultations", "Closed")),
    ]
    tab = forms.ChoiceField(label=_("Show"), required=False, choices=TABS)
    kind = forms.ChoiceField(label=_("Kind of act"), required=False, choices=[("", _("All kinds")), *ActKind.choices])
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def filters(self):
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason of the cancellation"), widget=forms.Textarea(attrs={"rows": 4}))
    confirm = forms.BooleanField(label=_("I confirm the cancellation; it cannot be undone."))


class UnitForm(forms.ModelForm):
    class Meta:
        model = DraftUnit
        fields = ["label", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["unit", "organisation", "current_wording", "proposed_wording", "justification"]
        widgets = {
            "current_wording": forms.Textarea(attrs={"rows": 3}),
            "proposed_wording": forms.Textarea(attrs={"rows": 3}),
            "justification": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("The whole draft")
        self.fields["unit"].label_from_instance = lambda unit: unit.label or _("Title and legal basis")
        organisations = [
            membership.organisation for membership in representable_organisations(user).select_related("organisation")
        ]
        self.fields["organisation"].queryset = self.fields["organisation"].queryset.filter(
            pk__in=[organisation.pk for organisation in organisations]
        )
        self.fields["organisation"].empty_label = _("On my own behalf")
        self.fields["organisation"].required = False


# --- opinion requests ---------------------------------------------------------------------------


class OpinionRequestForm(forms.ModelForm):
    class Meta:
        model = OpinionRequest
        fields = ["body", "consultation", "subject", "act_kind", "delivered_on", "days", "note", "draft_file"]
        widgets = {"delivered_on": DATE, "note": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "consultation": _("Optional: the opinion then appears in the consultation's report."),
            "subject": _("Left empty, the consultation's title is used."),
            "delivered_on": _("The deadline runs from this day (calendar days)."),
            "days": _("14 days for a cooperation programme or a strategy (art. 41i ust. 2); never fewer than 7."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.order_by("name")
        self.fields["consultation"].queryset = Consultation.objects.exclude(
            state__in=(ConsultationState.DRAFT, ConsultationState.CANCELLED)
        ).order_by("-starts_at")
        self.fields["subject"].required = False
        self.fields["act_kind"].required = False
        self.fields["days"].required = False
        self.fields["days"].widget.attrs.update(min=7, max=90)
        self.fields["days"].initial = opinions.default_days()
        self.fields["delivered_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if not data.get("consultation"):
            if not (data.get("subject") or "").strip():
                self.add_error("subject", _("Give the draft to give an opinion on, or choose its consultation."))
            if not data.get("act_kind"):
                self.add_error("act_kind", _("Choose the kind of act."))
        return data


class RecordOpinionForm(forms.ModelForm):
    class Meta:
        model = OpinionRequest
        fields = ["resolution", "outcome", "opinion_text", "resolution_number", "given_on", "opinion_file"]
        widgets = {
            "outcome": forms.RadioSelect,
            "given_on": DATE,
            "opinion_text": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "resolution_number": _("When the body adopted the opinion by a resolution."),
            "given_on": _("The day the body adopted the opinion; left empty, today."),
        }

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = False
        self.fields["outcome"].choices = OpinionOutcome.choices
        resolutions = Resolution.objects.filter(
            body=body, kind=ResolutionKind.OPINION, state=ResolutionState.ADOPTED
        ).order_by("-year", "-number")
        self.fields["resolution"].queryset = resolutions
        self.fields["resolution"].label_from_instance = lambda resolution: (
            f"{resolution.number_label}: {resolution.subject}"
        )
        self.fields["resolution"].empty_label = _("Not adopted at a recorded meeting")
        self.fields["resolution"].help_text = _(
            "An opinion the body adopted at a meeting recorded here: its outcome, text and number fill the "
            "fields left empty."
        )
        if not resolutions.exists():
            del self.fields["resolution"]


class OpinionFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *OpinionRequestState.choices]
    )
    body = forms.ModelChoiceField(label=_("Body"), required=False, queryset=Body.objects.order_by("name"))

    def filters(self):
        if not self.is_valid():
            return {}
        return {"state": self.cleaned_data["state"], "body": self.cleaned_data["body"]}


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawing"), widget=forms.Textarea(attrs={"rows": 3}))


class AnswerFilterForm(forms.Form):
    STATUSES = [
        ("", _("All comments")),
        ("unanswered", _("Without an answer")),
        ("answered", _("With an answer")),
        ("hidden", _("Hidden by the moderator")),
    ]
    unit = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=DraftUnit.objects.none())
    status = forms.ChoiceField(label=_("Answer"), required=False, choices=STATUSES)
    organisation = forms.ModelChoiceField(label=_("Organisation"), required=False, queryset=Organisation.objects.none())

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = commented_units(consultation)
        self.fields["unit"].empty_label = _("All units")
        self.fields["unit"].label_from_instance = lambda unit: unit.label or _("Title and legal basis")
        self.fields["organisation"].queryset = Organisation.objects.filter(
            consultation_comments__consultation=consultation
        ).distinct()
        self.fields["organisation"].empty_label = _("All organisations")

    def filters(self):
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class AnswerForm(forms.Form):
    comments = forms.ModelMultipleChoiceField(
        label=_("Comments answered"),
        queryset=Comment.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Tick the comment (or the similar comments) to answer.")},
    )
    verdict = forms.ChoiceField(label=_("Decision"), choices=AnswerVerdict.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Always required; one joint answer applies to every ticked comment."),
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comments"].queryset = Comment.objects.filter(
            consultation=consultation, state=CommentState.SENT, hidden_at__isnull=True
        )


class HideCommentForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason of hiding"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the history; the public sees only that the moderator hid the comment."),
    )


class ReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    introduction = forms.CharField(label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    confirm = forms.BooleanField(
        label=_("I confirm: the report is public at once and the participants are informed by e-mail.")
    )


class FinalTextForm(forms.Form):
    text = forms.CharField(
        label=_("Final text"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("The text after the consultation; the report shows what changed in each unit."),
    )


def _unit_field(form, units):
    form.fields["unit"].queryset = units
    form.fields["unit"].empty_label = _("The whole draft")
    form.fields["unit"].label_from_instance = lambda unit: unit.label or _("Title and legal basis")


class IntakeForm(forms.ModelForm):
    """A comment received on paper, by e-mail or at a meeting, entered by an officer."""

    channel = forms.ChoiceField(label=_("Received"), choices=INTAKE_CHANNELS)

    class Meta:
        model = Comment
        fields = [
            "channel",
            "received_on",
            "postmarked_on",
            "sender_name",
            "organisation",
            "organisation_name",
            "email",
            "scan",
            "unit",
            "current_wording",
            "proposed_wording",
            "justification",
        ]
        widgets = {
            "received_on": DATE,
            "postmarked_on": DATE,
            "current_wording": forms.Textarea(attrs={"rows": 3}),
            "proposed_wording": forms.Textarea(attrs={"rows": 3}),
            "justification": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "email": _("Optional; never shown publicly."),
            "scan": _("PDF, PNG or JPEG; seen only by officers."),
            "organisation": _("An organisation from the registry, if the comment was sent on its behalf."),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        _unit_field(self, units)
        self.fields["organisation"].required = False
        self.fields["organisation"].empty_label = _("Not in the registry / a person")
        self.fields["received_on"].required = True


class ResidentCommentForm(forms.ModelForm):
    """A resident's comment without an account. The template adds a honeypot input
    ("website", hidden from people) that the view checks: bots fill it in."""

    sender_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Shown with your comment."),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Never shown publicly; we send a link to it that you follow to confirm the comment."),
    )

    class Meta:
        model = Comment
        fields = ["sender_name", "email", "unit", "current_wording", "proposed_wording", "justification"]
        widgets = {
            "current_wording": forms.Textarea(attrs={"rows": 3}),
            "proposed_wording": forms.Textarea(attrs={"rows": 3}),
            "justification": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        _unit_field(self, units)


HONEYPOT = "website"


class MeetingForm(forms.ModelForm):
    online_url = forms.URLField(label=_("link to the online meeting"), required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = ["starts_at", "place", "online_url", "description", "places"]
        widgets = {"starts_at": DATETIME, "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"starts_at": _("Date and time, Polish time.")}


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Never shown publicly."),
    )
    organisation_name = forms.CharField(label=_("Organisation (optional)"), max_length=300, required=False)


class OutcomeForm(forms.Form):
    notes = forms.CharField(label=_("Notes from the meeting"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    present = forms.MultipleChoiceField(label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(r.pk), f"{r.name} ({r.email})") for r in registrations]


class AlertForm(forms.Form):
    act_kind = forms.ChoiceField(
        label=_("Kind of act"), required=False, choices=[("", _("Any kind of act")), *ActKind.choices]
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Public benefit areas"),
        queryset=PublicBenefitArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Choose none to hear of consultations in every area. A draft that concerns organisations of every area "
            "(such as the cooperation programme) is sent to everyone who asked for its kind of act."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = PublicBenefitArea.objects.current()
