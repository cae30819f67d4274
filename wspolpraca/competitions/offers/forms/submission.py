"""The form of an offer's withdrawal."""

from django import forms
from django.utils.translation import gettext_lazy


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The officers of the call will see it."),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that the offer will not be evaluated unless it is submitted again"),
        required=True,
        error_messages={"required": gettext_lazy("Tick the box to confirm the withdrawal.")},
    )
