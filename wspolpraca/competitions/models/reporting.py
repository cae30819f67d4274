"""Models of the reporting stage (tables keep the app label `competitions`)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wspolpraca.competitions.enums import (
    ReportKind,
    ReportState,
    ReturnKind,
)
from wspolpraca.competitions.models.agreements import Agreement
from wspolpraca.competitions.models.calls import MONEY


def report_document_path(instance, filename):
    return f"reports/{instance.agreement_id}/{filename}"


class Report(models.Model):
    """A partial or final report on the official template (law.md §6.5); content is a JSON document."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    state = models.CharField(_("state"), max_length=20, choices=ReportState.choices, default=ReportState.DUE)
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    requested_on = models.DateField(_("request delivered on"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_date = models.DateField(_("due"))
    content = models.JSONField(_("content"), default=dict, blank=True)
    spent_grant = models.DecimalField(_("grant spent"), **MONEY, default=Decimal("0.00"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64, blank=True)
    document = models.FileField(_("the report as filed (PDF)"), upload_to=report_document_path, blank=True)
    officer_note = models.TextField(_("officer's remarks"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_reminder_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["state", "due_date"], name="report_state_due")]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.agreement}"


class Settlement(models.Model):
    """The settlement of an agreement: transferred − spent = unused, the return deadline and returns."""

    agreement = models.OneToOneField(Agreement, on_delete=models.PROTECT, related_name="settlement")
    transferred = models.DecimalField(_("grant transferred"), **MONEY)
    spent = models.DecimalField(_("grant spent"), **MONEY)
    unused = models.DecimalField(_("unused grant"), **MONEY)
    other_income = models.DecimalField(_("interest and other income to return"), **MONEY, default=Decimal("0.00"))
    return_deadline = models.DateField(_("to be returned by"))
    computed_at = models.DateTimeField(default=timezone.now)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")

    def __str__(self):
        return f"{self.agreement}: {self.unused}"


class GrantReturn(models.Model):
    """Money returned to the city, with the interest charged on a late return."""

    settlement = models.ForeignKey(Settlement, on_delete=models.PROTECT, related_name="returns")
    kind = models.CharField(_("kind"), max_length=10, choices=ReturnKind.choices, default=ReturnKind.UNUSED)
    amount = models.DecimalField(_("amount returned"), **MONEY, validators=[MinValueValidator(0)])
    interest = models.DecimalField(_("interest paid"), **MONEY, default=Decimal("0.00"))
    paid_on = models.DateField(_("paid on"))
    note = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["recorded_at"])

    class Meta:
        verbose_name = _("return of funds")
        verbose_name_plural = _("returns of funds")
        ordering = ["paid_on", "pk"]

    def __str__(self):
        return f"{self.settlement} – {self.amount}"


class TaxArrearsRate(models.Model):
    """The tax-arrears interest rate (odsetki za zwłokę) from a date, as published by the Ministry."""

    valid_from = models.DateField(_("valid from"), unique=True)
    rate_pct = models.DecimalField(
        _("yearly rate (%)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    notes = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("tax-arrears interest rate")
        verbose_name_plural = _("tax-arrears interest rates")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.valid_from}: {self.rate_pct}%"
