from django import forms
from django.utils.translation import gettext_lazy as _

from wspolpraca.conversations.files import MAX_MB
from wspolpraca.conversations.services import BODY_MAX


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write the message.")},
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Optional. PDF, PNG or JPEG, at most %(max)s MB. Only both sides of this thread can open it.")
        % {"max": MAX_MB},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].widget.attrs["accept"] = "application/pdf,image/png,image/jpeg"


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False, help_text=_("Subject or organisation."))
    unread = forms.BooleanField(label=_("Only unread"), required=False)
