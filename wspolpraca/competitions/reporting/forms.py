"""Forms of the reporting stage: the report on the official template (annex 5), the officers'
filters of reports and settlements, the review of a report (accept, return, reject), the
returns of funds, the settlement and the tax-arrears interest rates."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolpraca.competitions.calls.rules import is_centre_officer
from wspolpraca.competitions.enums import ReportKind, ReturnKind
from wspolpraca.competitions.kernel.fields import AmountField, PlausibleDateField
from wspolpraca.competitions.kernel.offer_content import SOURCE_KEYS
from wspolpraca.competitions.models import Agreement, CityUnit
from wspolpraca.competitions.reporting import content as report_content
from wspolpraca.competitions.reporting import services as service

SOURCE_LABELS = {
    "grant": gettext_lazy("Grant"),
    "own_financial": gettext_lazy("Own financial contribution"),
    "own_personal": gettext_lazy("Own non-financial contribution: personal (work, volunteers)"),
    "own_in_kind": gettext_lazy("Own non-financial contribution: in kind"),
    "recipient_payments": gettext_lazy("Payments from the recipients"),
}
DECLARATION_LABELS = {
    "legal_status": gettext_lazy(
        "The legal status and the data of the organisation(s) have not changed since the agreement"
    ),
    "truthful": gettext_lazy("All information in this report is true and consistent with the accounts"),
    "personal_data": gettext_lazy(
        "The persons whose personal data are collected, processed and passed on in carrying out the task have "
        "made the appropriate declarations under the data protection law"
    ),
}
AMOUNT_ATTRS = {"inputmode": "decimal", "autocomplete": "off", "class": "input--amount"}


def _amount_field(label, **kwargs):
    return forms.CharField(label=label, required=False, max_length=40, widget=forms.TextInput(AMOUNT_ATTRS), **kwargs)


def _text_field(label, rows=6, **kwargs):
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class ReportForm(forms.Form):
    """The report on the official template (annex 5), fields named after their place in the
    content (I-results, II-costs-<line>, …). Nothing is required here: the draft keeps anything;
    submission checks rule 24 in the service and its errors land on these fields."""

    def __init__(self, *args, report, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.report, self.plan = report, plan
        content = report.content or {}
        first, second = content.get("I") or {}, content.get("II") or {}
        self._add_descriptions()
        self._add_indicators(plan, first)
        self._add_costs_and_sources(plan, second)
        self._add_contribution_and_income()
        if report.kind == ReportKind.FINAL:
            self._add_return(content)
        self._add_declarations(content)
        for name in ("I-results", "I-activities"):
            self.initial[name] = first.get(name[2:], "")
        for name in ("contribution", "interest", "other_income", "income_info"):
            self.initial[f"II-{name}"] = second.get(name, "")
        self.initial["III-additional"] = (content.get("III") or {}).get("additional", "")

    def _add_descriptions(self):
        """Part I: the results and the activities."""
        self.fields["I-results"] = _text_field(
            gettext_lazy("I.1. Results achieved and how they were measured"),
            help_text=gettext_lazy("Which results were achieved, how they were measured, whether they last."),
        )
        self.fields["I-activities"] = _text_field(
            gettext_lazy("I.2. Detailed description of the activities carried out"),
            rows=8,
            help_text=gettext_lazy(
                "Every activity, its scale; explain any deviation from the plan, including parts done by others."
            ),
        )

    def _add_indicators(self, plan, first):
        """Part I: the value achieved and its source for each of the plan's indicators."""
        typed = first.get("indicators") or []
        self.indicator_rows = []
        for i, indicator in enumerate(plan.indicators):
            row = typed[i] if i < len(typed) and isinstance(typed[i], dict) else {}
            self.fields[f"I-indicators-{i}-achieved"] = forms.CharField(
                label=_("Achieved: %(name)s") % {"name": indicator["name"]}, required=False, max_length=200
            )
            self.fields[f"I-indicators-{i}-source"] = forms.CharField(
                label=_("Source of information: %(name)s") % {"name": indicator["name"]}, required=False, max_length=500
            )
            self.initial[f"I-indicators-{i}-achieved"] = row.get("achieved", "")
            self.initial[f"I-indicators-{i}-source"] = row.get("source", "")
            self.indicator_rows.append((indicator, f"I-indicators-{i}-achieved", f"I-indicators-{i}-source"))

    def _add_costs_and_sources(self, plan, second):
        """Part II: the cost incurred on each planned line, the amount from each source."""
        for line in plan.lines:
            name = f"II-costs-{line.key}"
            self.fields[name] = _amount_field(_("Cost incurred: %(line)s") % {"line": line.label or line.key})
            self.initial[name] = (second.get("costs") or {}).get(line.key, "")
        for key in SOURCE_KEYS:
            self.fields[f"II-sources-{key}"] = _amount_field(SOURCE_LABELS[key])
            self.initial[f"II-sources-{key}"] = (second.get("sources") or {}).get(key, "")

    def _add_contribution_and_income(self):
        """Part II: the contribution, interest and other income; part III."""
        f = self.fields
        f["II-contribution"] = _text_field(
            gettext_lazy("Personal and in-kind contribution"),
            rows=4,
            help_text=gettext_lazy(
                "What work, services or goods the organisation contributed and how they were valued."
            ),
        )
        f["II-interest"] = _amount_field(gettext_lazy("Interest earned on the grant [PLN]"))
        f["II-other_income"] = _amount_field(gettext_lazy("Other income connected with the task [PLN]"))
        f["II-income_info"] = _text_field(
            gettext_lazy("Information on interest, other income and payments collected from the recipients"),
            rows=3,
        )
        f["III-additional"] = _text_field(gettext_lazy("III. Additional information"), rows=4)

    def _add_return(self, content):
        """The final report: the unused grant returned and the date of the return."""
        self.fields["return-amount"] = _amount_field(gettext_lazy("Unused grant returned [PLN]"))
        self.fields["return-date"] = forms.CharField(
            label=gettext_lazy("Date of the return (or the date it is planned for)"),
            required=False,
            # a validator, not max_length: HTML allows no maxlength on a date input
            validators=[MaxLengthValidator(20)],
            widget=forms.DateInput(attrs={"type": "date"}),
        )
        back = content.get("return") or {}
        self.initial["return-amount"] = back.get("amount", "")
        self.initial["return-date"] = back.get("date", "")

    def _add_declarations(self, content):
        for key in report_content.DECLARATIONS:
            self.fields[f"declarations-{key}"] = forms.BooleanField(label=DECLARATION_LABELS[key], required=False)
            self.initial[f"declarations-{key}"] = (content.get("declarations") or {}).get(key) is True

    def content(self):
        """The typed values as the report's JSON document (as typed, strings)."""
        data = self.cleaned_data
        return {
            "I": {
                "results": data.get("I-results", ""),
                "activities": data.get("I-activities", ""),
                "indicators": [
                    {"achieved": data.get(achieved, ""), "source": data.get(source, "")}
                    for _indicator, achieved, source in self.indicator_rows
                ],
            },
            "II": {
                "costs": {line.key: data.get(f"II-costs-{line.key}", "") for line in self.plan.lines},
                "sources": {key: data.get(f"II-sources-{key}", "") for key in SOURCE_KEYS},
                "contribution": data.get("II-contribution", ""),
                "interest": data.get("II-interest", ""),
                "other_income": data.get("II-other_income", ""),
                "income_info": data.get("II-income_info", ""),
            },
            "III": {"additional": data.get("III-additional", "")},
            "return": {"amount": data.get("return-amount", ""), "date": data.get("return-date", "")},
            "declarations": {key: bool(data.get(f"declarations-{key}")) for key in report_content.DECLARATIONS},
        }

    def rows(self):
        """Bound fields grouped for the template's tables."""
        return {
            "indicators": [
                (indicator, self[achieved], self[source]) for indicator, achieved, source in self.indicator_rows
            ],
            "costs": [(line, self[f"II-costs-{line.key}"]) for line in self.plan.lines],
            "sources": [(key, self[f"II-sources-{key}"]) for key in SOURCE_KEYS],
            "declarations": [self[f"declarations-{key}"] for key in report_content.DECLARATIONS],
            **{self.row_key(name): self[name] for name in self.SINGLE if name in self.fields},
        }

    @staticmethod
    def row_key(name):
        """I-results → results, II-other_income → other_income; return-amount → return_amount
        (the template's names: the return's fields keep their prefix)."""
        return name.replace("-", "_") if name.startswith("return-") else name.split("-", 1)[1]

    SINGLE = [
        "I-results",
        "I-activities",
        "II-contribution",
        "II-interest",
        "II-other_income",
        "II-income_info",
        "III-additional",
        "return-amount",
        "return-date",
    ]


# --- the officers' reports ------------------------------------------------------------------

REPORT_STATUS_CHOICES = [
    ("", gettext_lazy("to file or to review")),
    ("soon", gettext_lazy("due soon")),
    ("overdue", gettext_lazy("overdue")),
    ("review", gettext_lazy("submitted, to review")),
    ("all", gettext_lazy("all")),
]


class ReportFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False, choices=REPORT_STATUS_CHOICES)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("City unit"),
        required=False,
        queryset=CityUnit.objects.none(),
        empty_label=gettext_lazy("all"),
    )
    year = forms.TypedChoiceField(label=gettext_lazy("Year due"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), required=False, choices=[("", gettext_lazy("all")), *ReportKind.choices]
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = CityUnit.objects.order_by("name")
        self.fields["year"].choices = [("", _("all"))] + [(y, y) for y in years]


class AcceptForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Remarks (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("What to correct"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_date = PlausibleDateField(
        label=gettext_lazy("Correction due by"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the rejection"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I confirm the rejection: the organisation cannot correct a rejected report")
    )


# --- settlement ---------------------------------------------------------------------------------

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

SETTLEMENT_STATUS_CHOICES = [
    ("", gettext_lazy("to compute or to settle")),
    ("compute", gettext_lazy("final report accepted, to compute")),
    ("pending", gettext_lazy("computed, returns pending")),
    ("settled", gettext_lazy("settled")),
    ("all", gettext_lazy("all")),
]


class SettlementFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False, choices=SETTLEMENT_STATUS_CHOICES)


class ReturnOfFundsForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What is returned"), choices=ReturnKind.choices)
    amount = AmountField(label=gettext_lazy("Amount returned [PLN]"))
    paid_on = PlausibleDateField(label=gettext_lazy("Paid on"), widget=DATE_INPUT)
    found_on = PlausibleDateField(
        label=gettext_lazy("Use contrary to purpose established on"),
        required=False,
        widget=DATE_INPUT,
        help_text=gettext_lazy("Only for a return under art. 252: due 15 days later, interest from the transfer."),
    )
    note = forms.CharField(
        label=gettext_lazy("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SettleForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I confirm that every amount due has been returned: the agreement is settled")
    )


class RateForm(forms.Form):
    valid_from = PlausibleDateField(label=gettext_lazy("Valid from"), widget=DATE_INPUT)
    rate_pct = forms.DecimalField(
        label=gettext_lazy("Yearly rate (%)"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )
    notes = forms.CharField(
        label=gettext_lazy("Source"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("The Ministry of Finance announcement (Monitor Polski) the rate comes from."),
    )


class RequestPartialForm(forms.Form):
    agreement = forms.ModelChoiceField(label=gettext_lazy("Agreement"), queryset=Agreement.objects.none())
    period_from = PlausibleDateField(
        label=gettext_lazy("Period from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    period_to = PlausibleDateField(
        label=gettext_lazy("Period to"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    delivered_on = PlausibleDateField(
        label=gettext_lazy("Request delivered on"),
        help_text=gettext_lazy("The day the organisation receives the request; the 30 days count from it."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    due_date = PlausibleDateField(
        label=gettext_lazy("Report due by"),
        help_text=gettext_lazy("No earlier than 30 days after delivery (art. 18 ust. 3), moved to a working day."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        agreements = Agreement.objects.filter(state__in=service.ACTIVE_AGREEMENT_STATES).select_related(
            "offer__organisation"
        )

        if not (user.is_superuser or is_centre_officer(user)):
            agreements = agreements.filter(offer__call__unit__officers=user)
        self.fields["agreement"].queryset = agreements.order_by("number")
        self.fields["agreement"].label_from_instance = lambda a: f"{a.number or a.pk} – {a.offer.organisation.name}"
