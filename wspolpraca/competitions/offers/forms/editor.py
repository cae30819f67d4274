"""The offer editor's ordinary Django forms: start an offer, attachments, partners, my offers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wspolpraca.competitions.enums import OfferState
from wspolpraca.competitions.models import RequiredAttachment


class StartOfferForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation submitting the offer (the lead offeror)"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class AttachmentForm(forms.Form):
    required_attachment = forms.ModelChoiceField(
        label=_("Which required attachment is this"),
        queryset=RequiredAttachment.objects.none(),
        required=False,
        empty_label=_("— another attachment —"),
    )
    title = forms.CharField(
        label=_("Title"), max_length=300, required=False, help_text=_("Leave empty to use the requirement's name.")
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, offer, max_mb, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required_attachment"].queryset = offer.call.required_attachments.all()
        self.fields["file"].help_text = _("PDF, PNG or JPEG, at most %(max)s MB.") % {"max": max_mb}
        self.fields["file"].widget.attrs["accept"] = "application/pdf,image/png,image/jpeg"


class PartnerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a verified organisation"),
        max_length=200,
        required=False,
        help_text=_("Name, KRS number or NIP."),
    )


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, remove it"), required=True)


class MyOffersFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, help_text=_("Title, number or call."))
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("all")), *OfferState.choices])
    organisation = forms.ModelChoiceField(label=_("Organisation"), required=False, queryset=None, empty_label=_("all"))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def filters(self):
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class _SourceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        title = obj.title or _("Offer draft")
        return f"{title} – {obj.call.title} ({obj.get_state_display()}, {obj.organisation.name})"


class _TaskField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(call)s – task %(number)s: %(title)s") % {
            "call": obj.call.title,
            "number": obj.number,
            "title": obj.title,
        }


class CopyOfferForm(forms.Form):
    """Copy one of the organisation's earlier offers into a new draft for a task of an open call."""

    source = _SourceField(
        label=_("Earlier offer to copy"),
        queryset=None,
        empty_label=_("— choose an offer —"),
        help_text=_("Offers of the organisations where you are an editor or representative."),
    )
    task = _TaskField(
        label=_("Call and task of the new offer"),
        queryset=None,
        empty_label=_("— choose a task —"),
        help_text=_("Calls accepting offers now."),
    )

    def __init__(self, *args, sources, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["task"].queryset = tasks
