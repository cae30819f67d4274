"""Models of the agreements stage (tables keep the app label `competitions`)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wspolpraca.competitions.enums import (
    AgreementState,
    Financing,
    OfferUpdateState,
)
from wspolpraca.competitions.models.calls import MONEY
from wspolpraca.competitions.models.offers import Offer, OfferVersion


class OfferUpdate(models.Model):
    """The offeror's update of the schedule and cost table to an award lower than requested."""

    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="award_update")
    state = models.CharField(
        _("state"), max_length=20, choices=OfferUpdateState.choices, default=OfferUpdateState.REQUESTED
    )
    awarded_amount = models.DecimalField(_("amount awarded"), **MONEY)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.ForeignKey(
        OfferVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("version")
    )
    officer_note = models.TextField(_("officer's remarks"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer update")
        verbose_name_plural = _("offer updates")

    def __str__(self):
        return f"{self.offer} – {self.get_state_display()}"


def agreement_scan_path(instance, filename):
    return f"agreements/{instance.pk or 'new'}/{filename}"


def annex_document_path(instance, filename):
    return f"agreements/{instance.agreement_id}/{filename}"


class Agreement(models.Model):
    """The agreement (umowa) on the framework template (law.md §6.4), one per funded offer."""

    MAX_YEARS = 5

    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="agreement")
    number = models.CharField(_("agreement number"), max_length=60, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=AgreementState.choices, default=AgreementState.DRAFT)
    financing = models.CharField(_("form of commissioning"), max_length=10, choices=Financing.choices)
    start_date = models.DateField(_("task starts"))
    end_date = models.DateField(_("task ends"))
    use_deadline = models.DateField(_("grant to be used by"))
    return_deadline = models.DateField(_("unused grant to be returned by"))
    final_report_due = models.DateField(_("final report due"))
    amount = models.DecimalField(_("grant"), **MONEY)
    bank_account = models.CharField(_("bank account number"), max_length=34, blank=True)
    own_financial = models.DecimalField(_("own financial contribution"), **MONEY, default=Decimal("0.00"))
    own_personal = models.DecimalField(_("personal contribution"), **MONEY, default=Decimal("0.00"))
    own_in_kind = models.DecimalField(_("in-kind contribution"), **MONEY, default=Decimal("0.00"))
    city_representative = models.CharField(_("signing for the city"), max_length=300, blank=True)
    ngo_representatives = models.CharField(_("signing for the organisation"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent for signing at"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_scan = models.FileField(_("scan of the signed agreement"), upload_to=agreement_scan_path, blank=True)
    signed_document = models.FileField(
        _("the agreement's text as signed (PDF)"), upload_to=agreement_scan_path, blank=True
    )
    signed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    terminated_at = models.DateTimeField(_("terminated at"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at", "signed_document"])

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-created_at"]

    def __str__(self):
        return self.number or f"{_('agreement')} {self.pk}"


class AgreementTranche(models.Model):
    """One instalment of the grant; transferred_on is recorded when the city pays it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="tranches")
    number = models.PositiveSmallIntegerField(_("tranche"))
    due_date = models.DateField(_("to be transferred by"))
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(0)])
    transferred_on = models.DateField(_("transferred on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["agreement", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="tranche_number_once")]

    def __str__(self):
        return f"{self.agreement} #{self.number}"


class AgreementAnnex(models.Model):
    """A change to an agreement's dates or budget; `changes` keeps {field: [before, after]}."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="annexes")
    number = models.PositiveSmallIntegerField(_("annex number"))
    reason = models.TextField(_("reason for the change"))
    changes = models.JSONField(default=dict)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    document = models.FileField(_("the annex's text (PDF)"), upload_to=annex_document_path, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at", "document"])

    class Meta:
        verbose_name = _("annex")
        verbose_name_plural = _("annexes")
        ordering = ["agreement", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="annex_number_once")]

    def __str__(self):
        return f"{self.agreement} – {_('annex')} {self.number}"
