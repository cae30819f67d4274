"""Forms of the agreements stage: the officers' agreement list, terms, tranches, signature, entry
into force, termination, transfers and annexes; the organisation's bank account; the offer update
after a reduced award (the offeror's withdrawal, the officer's review, the list's filter)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolpraca.competitions.enums import AgreementState, OfferUpdateState
from wspolpraca.competitions.kernel.fields import AmountField, PlausibleDateField

TRANCHE_ROWS = 4
DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}  # what type=date reads


class AgreementFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Organisation, agreement or offer number"),
    )
    state = forms.ChoiceField(label=gettext_lazy("State"), required=False)
    unit = forms.TypedChoiceField(label=gettext_lazy("City unit"), required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, units, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("any"))] + AgreementState.choices
        self.fields["unit"].choices = [("", _("all units"))] + [(u.pk, u.name) for u in units]
        self.fields["year"].choices = [("", _("all years"))] + [(y, str(y)) for y in years]

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": (data.get("q") or "").strip(),
            "state": data.get("state") or None,
            "unit": data.get("unit"),
            "year": data.get("year"),
        }


class TermsForm(forms.Form):
    start_date = PlausibleDateField(label=gettext_lazy("Task starts"), **DATE)
    end_date = PlausibleDateField(
        label=gettext_lazy("Task ends"), **DATE, help_text=gettext_lazy("At most 5 years after the start.")
    )
    use_deadline = PlausibleDateField(
        label=gettext_lazy("Grant to be used by"),
        **DATE,
        help_text=gettext_lazy("By default the end of the task; at the latest 31 December of the budget year."),
    )
    bank_account = forms.CharField(label=gettext_lazy("Bank account number"), required=False, max_length=40)
    own_financial = AmountField(label=gettext_lazy("Own financial contribution"), min_value=0)
    own_personal = AmountField(label=gettext_lazy("Personal contribution"), min_value=0)
    own_in_kind = AmountField(label=gettext_lazy("In-kind contribution"), min_value=0)
    city_representative = forms.CharField(label=gettext_lazy("Signing for the city"), required=False, max_length=300)
    ngo_representatives = forms.CharField(
        label=gettext_lazy("Signing for the organisation"), required=False, max_length=300
    )


class TrancheForm(forms.Form):
    due_date = PlausibleDateField(label=gettext_lazy("To be transferred by"), required=False, **DATE)
    amount = AmountField(label=gettext_lazy("Amount"), required=False)


TrancheFormSet = forms.formset_factory(TrancheForm, extra=0)


class BankAccountForm(forms.Form):
    bank_account = forms.CharField(
        label=gettext_lazy("Bank account number for the grant"),
        max_length=40,
        help_text=gettext_lazy(
            "A separate account kept at least until the grant is settled, e.g. PL61 1090 1014 0000 0712 1981 2874."
        ),
    )


class SignForm(forms.Form):
    signed_on = PlausibleDateField(label=gettext_lazy("Signed on"), **DATE)
    scan = forms.FileField(
        label=gettext_lazy("Scan of the signed agreement (PDF)"),
        required=False,
        help_text=gettext_lazy("Optional: signing can be recorded without a scan."),
    )


class InForceForm(forms.Form):
    in_force_from = PlausibleDateField(label=gettext_lazy("In force from"), **DATE)


class TerminateForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for termination"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I confirm the termination of this agreement"),
        error_messages={"required": gettext_lazy("Tick the box to confirm the termination.")},
    )


class TransferForm(forms.Form):
    transferred_on = PlausibleDateField(label=gettext_lazy("Transferred on"), **DATE)


class AnnexForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    end_date = PlausibleDateField(label=gettext_lazy("Task ends"), **DATE)
    use_deadline = PlausibleDateField(label=gettext_lazy("Grant to be used by"), **DATE)
    amount = AmountField(label=gettext_lazy("Grant"), min_value=0)
    signed_on = PlausibleDateField(label=gettext_lazy("Annex signed on"), required=False, **DATE)


def tranche_initial(agreement):
    """The agreement's tranches as the formset's rows, padded with empty rows to TRANCHE_ROWS."""
    rows = [{"due_date": t.due_date, "amount": t.amount} for t in agreement.tranches.order_by("number")]
    return rows + [{} for _n in range(max(0, TRANCHE_ROWS - len(rows)))]


def formset_tranches(formset):
    """[(due_date, amount)] of the formset's filled rows, for the services."""
    return [
        (form.cleaned_data.get("due_date"), form.cleaned_data.get("amount"))
        for form in formset.forms
        if form.is_valid() and (form.cleaned_data.get("due_date") or form.cleaned_data.get("amount") is not None)
    ]


def formset_tranche_error(formset, error):
    """Put the service's `tranches` message above the formset (it concerns all rows)."""
    if hasattr(error, "error_dict") and "tranches" in error.error_dict:
        return " ".join(str(m) for m in error.error_dict["tranches"][0].messages)
    return None


# --- the offer update after a reduced award -------------------------------------------------------


class WithdrawFromGrantForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The officers of the call will see it."),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that the organisation gives up the grant and no agreement will be concluded"),
        required=True,
        error_messages={"required": gettext_lazy("Tick the box to confirm that you give up the grant.")},
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Remarks for the organisation"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Required when you return the update."),
    )


class UpdateFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("State"), required=False, choices=[("", gettext_lazy("any"))] + OfferUpdateState.choices
    )

    def filters(self):
        return {"state": self.cleaned_data.get("state") or None} if self.is_valid() else {}
