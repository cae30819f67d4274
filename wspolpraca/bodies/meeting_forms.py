"""Forms of the meetings' pages; the services in meetings.py check and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wspolpraca.bodies.enums import OpinionOutcome, Presence, ResolutionKind, VoteChoice

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("date and time"), widget=DATETIME)
    place = forms.CharField(label=_("place"), max_length=300, required=False)
    online_url = forms.URLField(label=_("online meeting link"), required=False, assume_scheme="https")


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=300)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DocumentForm(forms.Form):
    item = forms.TypedChoiceField(label=_("agenda item"), coerce=int)
    title = forms.CharField(label=_("title"), max_length=300)
    file = forms.FileField(label=_("file (PDF)"))
    public = forms.BooleanField(
        label=_("public"), required=False, help_text=_("Unticked: a working document only the members see.")
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(item.pk, str(item)) for item in items]


class AttendanceForm(forms.Form):
    def __init__(self, *args, members=(), initial_presence=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_presence = initial_presence or {}
        for member in members:
            self.fields[f"m{member.pk}"] = forms.ChoiceField(
                label=member.name,
                choices=Presence.choices,
                initial=initial_presence.get(member.pk, Presence.PRESENT),
                widget=forms.RadioSelect,
            )

    def presence(self):
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class ResolutionForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ResolutionKind.choices)
    subject = forms.CharField(
        label=_("subject"),
        max_length=400,
        help_text=_("As it follows “concerning” in the title, e.g. adopting the council's rules of procedure."),
    )
    text = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 6}))
    outcome = forms.ChoiceField(
        label=_("opinion"),
        choices=[("", "—"), *OpinionOutcome.choices],
        required=False,
        help_text=_("Only for an opinion."),
    )


class VotesForm(forms.Form):
    CAST = [
        (VoteChoice.FOR, VoteChoice.FOR.label),
        (VoteChoice.AGAINST, VoteChoice.AGAINST.label),
        (VoteChoice.ABSTAIN, VoteChoice.ABSTAIN.label),
    ]

    def __init__(self, *args, present=(), **kwargs):
        super().__init__(*args, **kwargs)
        for member in present:
            self.fields[f"v{member.pk}"] = forms.ChoiceField(
                label=member.name, choices=self.CAST, widget=forms.RadioSelect
            )

    def votes(self):
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("text of the minutes"), widget=forms.Textarea(attrs={"rows": 14}))
    note = forms.CharField(
        label=_("what changed"),
        max_length=300,
        required=False,
        help_text=_("For a correction, e.g. a member's remark."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ApproveMinutesForm(forms.Form):
    at_meeting = forms.TypedChoiceField(label=_("approved at the meeting"), coerce=int)

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].choices = [(m.pk, f"{m.number} — {m.starts_at:%d.%m.%Y}") for m in meetings]
