"""Forms of the officers' pages for offers: the list's filter, the checklist, the formal check."""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolpraca.common.forms.widgets import PolishOptionsSelect
from wspolpraca.competitions.enums import FormalStatus, OfferState
from wspolpraca.competitions.offers import formal_check


class OfferFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)
    task = forms.TypedChoiceField(
        label=gettext_lazy("Task"), required=False, coerce=int, empty_value=None, widget=PolishOptionsSelect
    )
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[
            ("", gettext_lazy("submitted and withdrawn")),
            (OfferState.SUBMITTED, OfferState.SUBMITTED.label),
            (OfferState.WITHDRAWN, OfferState.WITHDRAWN.label),
        ],
    )

    formal = forms.ChoiceField(
        label=gettext_lazy("Formal check"),
        required=False,
        choices=[("", gettext_lazy("any")), ("none", gettext_lazy("not checked")), *FormalStatus.choices],
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = [("", _("all tasks"))] + [
            (task.pk, f"{task.number}. {task.title}") for task in call.tasks.order_by("number")
        ]

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "task": data.get("task"),
            "state": data.get("state") or None,
            "q": (data.get("q") or "").strip(),
            "formal": data.get("formal") or None,
        }


class ChecklistItemForm(forms.Form):
    label = forms.CharField(label=gettext_lazy("New requirement"), max_length=300)


def evidence_text(evidence):
    """The system's finding under a checklist item (escaped: it names organisations and files)."""
    if evidence is None:
        return ""
    if evidence.met:
        return format_html(
            '<span class="evidence evidence--met">{}</span> {}', _("Checked by the system:"), evidence.text
        )
    return format_html(
        '<span class="evidence evidence--failed">{}</span> {}', _("The system found a problem:"), evidence.text
    )


class FormalCheckForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=FormalStatus.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=gettext_lazy("Reason for the rejection"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required when the offer is rejected on formal grounds."),
    )
    sections = forms.MultipleChoiceField(
        label=gettext_lazy("Parts of the offer to correct"),
        required=False,
        choices=formal_check.CORRECTABLE_PARTS,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Only these parts may change during the correction."),
    )
    message = forms.CharField(
        label=gettext_lazy("What to correct"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required for a call to correct; the organisation reads it."),
    )

    def __init__(self, *args, items, evidence=None, **kwargs):
        """`evidence`: {item pk: formal_evidence.Evidence} shown under the items the system verified."""
        super().__init__(*args, **kwargs)
        self.items = items
        evidence = evidence or {}
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=str(item),
                choices=[("yes", _("met")), ("no", _("not met"))],
                widget=forms.RadioSelect,
                help_text=evidence_text(evidence.get(item.pk)),
            )

    def results(self):
        return {str(item.pk): self.cleaned_data.get(f"item_{item.pk}") == "yes" for item in self.items}
