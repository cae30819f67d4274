"""Models of the evaluation stage (tables keep the app label `competitions`)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wspolpraca.competitions.enums import (
    CallMode,
    CommissionRole,
    DecisionOutcome,
    SheetState,
    WithoutNgoReason,
)
from wspolpraca.competitions.models.calls import MONEY, Call, CallCriterion, CityUnit
from wspolpraca.competitions.models.offers import Offer
from wspolpraca.organisations.models import Organisation, PublicBenefitArea


class NgoNomination(models.Model):
    """A candidate for competition commissions nominated by an organisation (law.md §2.5).

    Valid for two years from nomination; the active ones form the pool the executive appoints from.
    """

    VALID_DAYS = 730

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="commission_nominations", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commission_nominations",
        verbose_name=_("user account"),
    )
    qualifications = models.TextField(_("qualifications"), max_length=2000)
    consent_at = models.DateTimeField(_("consent given at"))
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Delegation by a council (the bodies issue); free text until bodies exist.
    nominated_by_body = models.CharField(_("nominated by a body"), max_length=200, blank=True, null=True)
    nominated_at = models.DateTimeField(_("nominated at"), default=timezone.now)
    valid_until = models.DateField(_("valid until"))

    class Meta:
        verbose_name = _("commission candidate")
        verbose_name_plural = _("commission candidates")
        ordering = ["-nominated_at"]

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    @property
    def is_active(self):
        return timezone.localdate() <= self.valid_until


class CommissionMember(models.Model):
    """One person in a call's commission (art. 15(2a)–(2f))."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="commission_members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="commission_seats")
    role = models.CharField(_("role"), max_length=20, choices=CommissionRole.choices)
    nomination = models.ForeignKey(NgoNomination, on_delete=models.PROTECT, null=True, blank=True, related_name="seats")
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    appointed_at = models.DateTimeField(_("appointed at"), default=timezone.now)

    class Meta:
        verbose_name = _("commission member")
        verbose_name_plural = _("commission members")
        constraints = [
            models.UniqueConstraint(fields=["call", "user"], name="commission_member_once"),
            models.UniqueConstraint(fields=["call"], condition=Q(role="chair"), name="commission_one_chair"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"


class CommissionWithoutNgo(models.Model):
    """The recorded statutory reason why a call's commission has no NGO members (art. 15(2da))."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="commission_without_ngo")
    reason = models.CharField(_("reason"), max_length=30, choices=WithoutNgoReason.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("commission without NGO members")
        verbose_name_plural = _("commissions without NGO members")

    def __str__(self):
        return f"{self.call}: {self.get_reason_display()}"


class ImpartialityDeclaration(models.Model):
    """A commission member's declaration for a call (art. 15(2d) with k.p.a. art. 24)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="impartiality_declarations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    no_art24_grounds = models.BooleanField(_("none of the grounds of art. 24 § 1 k.p.a. applies to me"))
    other_circumstances = models.TextField(_("other circumstances (art. 24 § 3 k.p.a.)"), blank=True)
    conflicted_offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("conflicted offer")
    )
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        verbose_name = _("impartiality declaration")
        verbose_name_plural = _("impartiality declarations")
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="impartiality_declared_once")]

    def __str__(self):
        return f"{self.user} – {self.call}"


class ScoreSheet(models.Model):
    """One commission member's score sheet for one offer: a draft, then submitted and locked."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="score_sheets", verbose_name=_("offer"))
    member = models.ForeignKey(
        CommissionMember, on_delete=models.PROTECT, related_name="score_sheets", verbose_name=_("member")
    )
    state = models.CharField(_("state"), max_length=20, choices=SheetState.choices, default=SheetState.DRAFT)
    total = models.DecimalField(_("total points"), max_digits=7, decimal_places=2, default=Decimal("0.00"))
    comment = models.TextField(_("general remarks"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        constraints = [models.UniqueConstraint(fields=["offer", "member"], name="score_sheet_once")]

    def __str__(self):
        return f"{self.offer} – {self.member.user}"


class Score(models.Model):
    """Points for one criterion, within its maximum, with a justification."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        CallCriterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    justification = models.TextField(_("justification"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="score_once_per_criterion")]

    def __str__(self):
        return f"{self.criterion}: {self.points}"


class OfferAssessment(models.Model):
    """The commission's opinion on one offer: the result, the rank in its task and the proposed amount.

    The score, pass and rank are written when the chair closes the evaluation; until then they are
    computed on the fly. The proposed amount is never above the requested grant.
    """

    offer = models.OneToOneField(Offer, on_delete=models.CASCADE, related_name="assessment")
    score = models.DecimalField(_("result (points)"), max_digits=7, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("reached the threshold"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("place in the task's ranking"), null=True, blank=True)
    proposed_amount = models.DecimalField(_("amount proposed"), **MONEY, null=True, blank=True)
    note = models.TextField(_("the commission's remarks"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("commission's opinion on an offer")
        verbose_name_plural = _("commission's opinions on offers")

    def __str__(self):
        return f"{self.offer}: {self.score}"


class Decision(models.Model):
    """The executive's decision on one offer; may depart from the commission's proposal, with a reason."""

    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(_("decision"), max_length=20, choices=DecisionOutcome.choices)
    amount = models.DecimalField(_("amount awarded"), **MONEY, null=True, blank=True)
    departs_from_proposal = models.BooleanField(_("departs from the commission's proposal"), default=False)
    departure_reason = models.TextField(_("reason for departing from the proposal"), blank=True)
    reasons = models.TextField(_("reasons given to the offeror"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{self.offer}: {self.get_outcome_display()}"


class Grant(models.Model):
    """One grant awarded, as the public register /wyniki/ lists it (open competitions and small grants).

    Written when the results are published (or a small grant is decided as funded); a grant the
    offeror withdrew from stays listed with withdrawn_at set and is left out of the totals.
    """

    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="grant")
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="grants")
    unit = models.ForeignKey(CityUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("city unit"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="grants", verbose_name=_("organisation")
    )
    area = models.ForeignKey(
        PublicBenefitArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("public benefit area"),
    )
    # The grantee as it was at the award (services/grants.grant_for): the register shows these,
    # so an organisation renamed or renumbered later does not rewrite its past grants.
    organisation_name = models.CharField(_("organisation's name at the award"), max_length=300, blank=True)
    organisation_krs = models.CharField(_("KRS number at the award"), max_length=10, blank=True)
    organisation_register_name = models.CharField(_("other register at the award"), max_length=200, blank=True)
    organisation_register_number = models.CharField(
        _("number in the other register at the award"), max_length=50, blank=True
    )
    organisation_nip = models.CharField(_("NIP at the award"), max_length=13, blank=True)
    organisation_regon = models.CharField(_("REGON at the award"), max_length=17, blank=True)
    mode = models.CharField(_("mode"), max_length=20, choices=CallMode.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    task_title = models.CharField(_("task"), max_length=300)
    title = models.CharField(_("title of the task"), max_length=300, blank=True)
    amount = models.DecimalField(_("amount awarded"), **MONEY)
    awarded_on = models.DateField(_("awarded on"))
    withdrawn_at = models.DateTimeField(_("offeror withdrew at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("grant awarded")
        verbose_name_plural = _("grants awarded")
        ordering = ["-awarded_on", "pk"]
        indexes = [
            models.Index(fields=["year", "unit"], name="grant_year_unit"),
            models.Index(fields=["organisation", "year"], name="grant_organisation_year"),
            models.Index(fields=["area", "year"], name="grant_area_year"),
            # the register's sorts (register.SORTS): a page is read in index order, not sorted
            models.Index(fields=["-awarded_on", "-id"], name="grant_newest"),
            models.Index(fields=["amount", "id"], name="grant_amount"),
        ]

    def __str__(self):
        return f"{self.organisation_name} – {self.amount}"


class ReasonsRequest(models.Model):
    """Anyone's request for the reasons for selecting or rejecting an offer (art. 15(2j)) and its reply."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reasons_requests")
    offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("offer")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    text = models.TextField(_("request"), max_length=5000)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    reply = models.TextField(_("reply"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("request for reasons")
        verbose_name_plural = _("requests for reasons")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} – {self.call}"
