"""Forms of the evaluation stage (the commission, scoring, the decision, results, cancellation)."""

from django import forms
from django.utils.translation import gettext_lazy

from wspolpraca.competitions.enums import CancellationGround


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
