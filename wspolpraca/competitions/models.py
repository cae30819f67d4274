"""Calls (open competitions and small grants), their tasks, offers and the small-grant procedure.

Offer content is a JSON document following the 2018 template section by section; see
docs/decisions/0004-offer-content-as-a-document.md and offer_content.py for its structure,
arithmetic and checks. Money is Decimal with two places, in PLN.
"""

from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Exists, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wspolpraca.competitions.enums import (
    AgreementState,
    CallMode,
    CallState,
    CancellationGround,
    CommentStatus,
    CommissionRole,
    CriterionKind,
    DecisionOutcome,
    Financing,
    FormalStatus,
    OfferState,
    OfferUpdateState,
    PartnerInvitationState,
    ReportKind,
    ReportState,
    ReturnKind,
    ScoreAggregation,
    ScoreVisibility,
    SheetState,
    SmallGrantStage,
    WithoutNgoReason,
)
from wspolpraca.organisations.models import Organisation, PublicBenefitArea

MONEY = {"max_digits": 14, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(0), MaxValueValidator(100)]}


class CityUnit(models.Model):
    """A city department that runs calls (culture, sport, health…). The centre coordinates all."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    is_centre = models.BooleanField(
        _("the NGO centre"),
        default=False,
        help_text=_("Officers of the centre see and manage the calls of every unit."),
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("officers"), blank=True, related_name="city_units"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("city unit")
        verbose_name_plural = _("city units")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CallQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(state=CallState.DRAFT)

    def competitions(self):
        return self.filter(mode=CallMode.OPEN_COMPETITION)

    def small_grants(self):
        return self.filter(mode=CallMode.SMALL_GRANT)

    def managed_by(self, user):
        """Calls an officer may manage: their units' calls, or all for the centre and administrators."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        if not user.is_officer:
            return self.none()
        # The centre's officers manage all calls: checked inside the same query (an uncorrelated
        # EXISTS the database evaluates once), not by a query of its own on every use.
        centre = CityUnit.objects.filter(officers=user, is_centre=True)
        return self.filter(Q(unit__in=user.city_units.all()) | Exists(centre))

    def with_budget(self):
        return self.annotate(total_budget=Sum("tasks__budgets__amount"))


class Call(models.Model):
    """An announcement (ogłoszenie): an open competition, or the year's small-grant intake.

    The seven elements of art. 13 ust. 2 are the fields marked ELEMENT below; a call cannot
    be published while any is empty (services.calls.publish_call).
    """

    unit = models.ForeignKey(CityUnit, verbose_name=_("city unit"), on_delete=models.PROTECT, related_name="calls")
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    year = models.PositiveSmallIntegerField(_("budget year"))
    mode = models.CharField(_("mode"), max_length=20, choices=CallMode.choices, default=CallMode.OPEN_COMPETITION)
    financing = models.CharField(_("form of commissioning"), max_length=10, choices=Financing.choices)
    state = models.CharField(_("state"), max_length=20, choices=CallState.choices, default=CallState.DRAFT)
    legal_basis_number = models.CharField(
        _("order number"), max_length=100, blank=True, help_text=_("E.g. Zarządzenie nr 1234/2026.")
    )
    legal_basis_date = models.DateField(_("order date"), null=True, blank=True)
    summary = models.TextField(_("short description"), blank=True, help_text=_("Shown in lists and feeds."))

    # ELEMENT 1: type of task (rodzaj zadania).
    task_type = models.TextField(_("type of public task"), blank=True)
    # ELEMENT 2: the amount of public funds is the sum of the tasks' budgets; text adds detail.
    funds_description = models.TextField(_("public funds for the task"), blank=True)
    # ELEMENT 3
    award_rules = models.TextField(_("rules for awarding grants"), blank=True)
    # ELEMENT 4
    performance_start = models.DateField(_("tasks performed from"), null=True, blank=True)
    performance_end = models.DateField(_("tasks performed until"), null=True, blank=True)
    performance_conditions = models.TextField(_("dates and conditions of performance"), blank=True)
    # ELEMENT 5
    offers_from = models.DateTimeField(
        _("offers accepted from"), null=True, blank=True, help_text=_("Empty: from publication.")
    )
    offer_deadline = models.DateTimeField(_("deadline for offers"), null=True, blank=True)
    # ELEMENT 6
    selection_procedure = models.TextField(_("procedure and criteria of selection"), blank=True)
    selection_date = models.DateField(_("offers selected by"), null=True, blank=True)
    # ELEMENT 7
    same_type_tasks = models.TextField(
        _("tasks of the same type this year and last year, with their costs"), blank=True
    )
    same_type_cost_this_year = models.DecimalField(
        _("their cost this year"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    same_type_cost_last_year = models.DecimalField(
        _("their cost last year"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )

    # Eligibility and the rules the offer form enforces.
    eligible_legal_forms = models.JSONField(
        _("legal forms that may apply"), default=list, blank=True, help_text=_("Empty: every eligible form.")
    )
    min_grant = models.DecimalField(_("minimum grant"), **MONEY, null=True, blank=True)
    max_grant = models.DecimalField(_("maximum grant"), **MONEY, null=True, blank=True)
    min_own_contribution_pct = models.DecimalField(
        _("minimum own contribution, % of cost"), **PERCENT, null=True, blank=True
    )
    min_own_financial_pct = models.DecimalField(
        _("minimum own financial contribution, % of cost"), **PERCENT, null=True, blank=True
    )
    min_own_personal_pct = models.DecimalField(
        _("minimum personal contribution, % of cost"), **PERCENT, null=True, blank=True
    )
    in_kind_may_be_valued = models.BooleanField(_("in-kind contribution may be valued"), default=True)
    admin_costs_cap_pct = models.DecimalField(
        _("cap on administrative costs, % of cost"), **PERCENT, null=True, blank=True
    )
    allowed_cost_shift_pct = models.DecimalField(
        _("allowed shift between cost items, %"), **PERCENT, default=Decimal("10.00")
    )
    results_table_required = models.BooleanField(_("the results table (III.6) is required"), default=True)
    pass_threshold = models.DecimalField(
        _("pass threshold (points)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    correction_period_days = models.PositiveSmallIntegerField(
        _("correction period (days)"), default=7, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    requires_signed_confirmation = models.BooleanField(
        _("a signed confirmation of the offer is required"), default=False
    )

    # Publication in the three channels of art. 13 ust. 3.
    website_published_on = models.DateField(_("published on the website"), null=True, blank=True)
    bip_published_on = models.DateField(_("published in the BIP"), null=True, blank=True)
    notice_board_published_on = models.DateField(_("posted on the notice board"), null=True, blank=True)
    bip_url = models.URLField(_("address in the BIP"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)
    cancellation_ground = models.CharField(
        _("ground for cancellation"), max_length=20, choices=CancellationGround.choices, blank=True
    )
    cancellation_bip_published_on = models.DateField(_("cancellation published in the BIP"), null=True, blank=True)
    cancellation_notice_board_published_on = models.DateField(
        _("cancellation posted on the notice board"), null=True, blank=True
    )
    # Evaluation by the commission (law.md §2.5, issue 4)
    score_visibility = models.CharField(
        _("members see the others' scores"),
        max_length=20,
        choices=ScoreVisibility.choices,
        default=ScoreVisibility.AFTER_OWN,
    )
    score_aggregation = models.CharField(
        _("result of an offer"), max_length=10, choices=ScoreAggregation.choices, default=ScoreAggregation.MEAN
    )
    evaluation_closed_at = models.DateTimeField(_("evaluation closed at"), null=True, blank=True)
    evaluation_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Decision and results (art. 15(2g)–(2h))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    results_published_at = models.DateTimeField(_("results published on the website at"), null=True, blank=True)
    results_bip_published_on = models.DateField(_("results published in the BIP"), null=True, blank=True)
    results_notice_board_published_on = models.DateField(_("results posted on the notice board"), null=True, blank=True)
    results_bip_url = models.URLField(_("address of the results in the BIP"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = CallQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-year", "offer_deadline", "title"]
        indexes = [models.Index(fields=["state", "offer_deadline"]), models.Index(fields=["year", "mode"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.mode == CallMode.SMALL_GRANT:
            return reverse("small_grants:call_detail", args=[self.slug])
        return reverse("competitions:call_detail", args=[self.slug])

    @property
    def is_small_grant(self):
        return self.mode == CallMode.SMALL_GRANT

    @property
    def last_publication_date(self):
        dates = [d for d in (self.website_published_on, self.bip_published_on, self.notice_board_published_on) if d]
        return max(dates) if dates else None

    def accepts_offers(self, at=None):
        """Whether an offer may be submitted now, by the server clock (not the stored state)."""
        at = at or timezone.now()
        if self.state not in (CallState.PUBLISHED, CallState.OPEN) or self.offer_deadline is None:
            return False
        opens = self.offers_from or self.published_at
        return (opens is None or opens <= at) and at < self.offer_deadline

    def total_budget_amount(self):
        total = getattr(self, "total_budget", None)
        if total is None:
            total = CallTaskBudget.objects.filter(task__call=self).aggregate(s=Sum("amount"))["s"]
        return total or Decimal("0.00")


class CallTask(models.Model):
    """A public task (zadanie) of a call, with its area and budget (per year)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("call"))
    number = models.PositiveSmallIntegerField(_("task number"), default=1)
    title = models.CharField(_("task"), max_length=300)
    area = models.ForeignKey(
        PublicBenefitArea, verbose_name=_("public benefit area"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("task of a call")
        verbose_name_plural = _("tasks of a call")
        ordering = ["call", "number"]
        constraints = [models.UniqueConstraint(fields=["call", "number"], name="call_task_number_unique")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def budget(self):
        return sum((b.amount for b in self.budgets.all()), Decimal("0.00"))


class CallTaskBudget(models.Model):
    task = models.ForeignKey(CallTask, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(0)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task budget for a year")
        verbose_name_plural = _("task budgets")
        ordering = ["task", "year"]
        constraints = [models.UniqueConstraint(fields=["task", "year"], name="task_budget_year_unique")]

    def __str__(self):
        return f"{self.year}: {self.amount}"


class CallCriterion(models.Model):
    """An evaluation criterion with its maximum points."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    kind = models.CharField(_("kind"), max_length=20, choices=CriterionKind.choices, default=CriterionKind.LOCAL)
    name = models.CharField(_("criterion"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    max_points = models.DecimalField(
        _("maximum points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["call", "position", "pk"]

    def __str__(self):
        return self.name


class RequiredAttachment(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="required_attachments")
    name = models.CharField(_("attachment"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    is_required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("required attachment")
        verbose_name_plural = _("required attachments")
        ordering = ["call", "position", "pk"]

    def __str__(self):
        return self.name


class CallDocument(models.Model):
    """A public document of the call (the order, rules, templates), PDF."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="calls/documents/%Y/")
    uploaded_at = models.DateTimeField(_("added"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("document of a call")
        verbose_name_plural = _("documents of calls")
        ordering = ["call", "uploaded_at"]

    def __str__(self):
        return self.title


class PlannedCall(models.Model):
    """A line of the yearly plan of calls (the programme's schedule)."""

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(
        _("planned month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    unit = models.ForeignKey(CityUnit, verbose_name=_("city unit"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("planned call"), max_length=300)
    area = models.ForeignKey(
        PublicBenefitArea,
        verbose_name=_("public benefit area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    mode = models.CharField(_("mode"), max_length=20, choices=CallMode.choices, default=CallMode.OPEN_COMPETITION)
    amount = models.DecimalField(_("planned amount"), **MONEY, validators=[MinValueValidator(0)])
    call = models.ForeignKey(
        Call,
        verbose_name=_("announced call"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_entries",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("planned call")
        verbose_name_plural = _("plan of calls")
        ordering = ["year", "month", "title"]

    def __str__(self):
        return f"{self.year}-{self.month:02d} {self.title}"


class CallAlert(models.Model):
    """A user's wish to be e-mailed about new calls in chosen areas."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_alert")
    areas = models.ManyToManyField(PublicBenefitArea, verbose_name=_("public benefit areas"), related_name="+")
    include_small_grants = models.BooleanField(_("also small grants"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("call alert")
        verbose_name_plural = _("call alerts")

    def __str__(self):
        return str(self.user)


class OfferQuerySet(models.QuerySet):
    def visible_to_organisation_member(self, user):
        """Offers of organisations the user belongs to, as lead offeror or as a partner."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(organisation__memberships__user=user) | Q(partners__organisation__memberships__user=user)
        ).distinct()

    def submitted(self):
        return self.filter(state=OfferState.SUBMITTED)


class Offer(models.Model):
    """An offer (or joint offer) for one task of a call; for small grants, the simplified offer.

    `content` holds the sections of the template (offer_content.py); the totals below are
    copies of its V.B figures, refreshed on every save, for lists, sums and exports.
    """

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="offers", verbose_name=_("call"))
    task = models.ForeignKey(CallTask, on_delete=models.PROTECT, related_name="offers", verbose_name=_("task"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="offers", verbose_name=_("offeror")
    )
    state = models.CharField(_("state"), max_length=20, choices=OfferState.choices, default=OfferState.DRAFT)
    number = models.CharField(_("offer number"), max_length=40, blank=True)
    title = models.CharField(_("title of the task"), max_length=300, blank=True)
    content = models.JSONField(_("content"), default=dict, blank=True)
    revision = models.PositiveIntegerField(
        _("revision"), default=0, help_text=_("Increased on every save; guards against silent overwrites.")
    )
    section_revisions = models.JSONField(default=dict, blank=True)

    total_cost = models.DecimalField(_("total cost"), **MONEY, default=Decimal("0.00"))
    requested_grant = models.DecimalField(_("requested grant"), **MONEY, default=Decimal("0.00"))
    own_financial = models.DecimalField(_("own financial contribution"), **MONEY, default=Decimal("0.00"))
    own_personal = models.DecimalField(_("personal contribution"), **MONEY, default=Decimal("0.00"))
    own_in_kind = models.DecimalField(_("in-kind contribution"), **MONEY, default=Decimal("0.00"))
    recipient_payments = models.DecimalField(_("payments from recipients"), **MONEY, default=Decimal("0.00"))

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["call", "task", "number", "pk"]
        indexes = [models.Index(fields=["call", "state"])]

    def __str__(self):
        return self.number or self.title or _("offer draft %(pk)s") % {"pk": self.pk}

    def get_absolute_url(self):
        return reverse("offers:detail", args=[self.pk])

    @property
    def is_joint(self):
        return self.partners.exists()

    @property
    def own_contribution(self):
        return self.own_financial + self.own_personal + self.own_in_kind

    @property
    def current_version(self):
        return self.versions.order_by("-number").first()


class OfferPartner(models.Model):
    """Another offeror of a joint offer (oferta wspólna). Its representatives see the offer."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partner_offers", verbose_name=_("partner")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=2)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner in a joint offer")
        verbose_name_plural = _("partners in joint offers")
        ordering = ["offer", "position"]
        constraints = [models.UniqueConstraint(fields=["offer", "organisation"], name="offer_partner_unique")]

    def __str__(self):
        return str(self.organisation)


class PartnerInvitation(models.Model):
    """The lead offeror's invitation of another organisation to a joint offer. The organisation
    becomes an OfferPartner (and its members see the offer) only when its representative accepts.
    Existing partners from before invitations have an accepted row (migration 0008)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="partner_invitations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partner_invitations", verbose_name=_("organisation")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=PartnerInvitationState.choices, default=PartnerInvitationState.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to a joint offer")
        verbose_name_plural = _("invitations to joint offers")
        ordering = ["offer", "-invited_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "organisation"],
                condition=Q(state="invited"),
                name="partner_invitation_one_open",
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_state_display()})"


def offer_attachment_path(instance, filename):
    return f"private/offers/{instance.offer_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class CurrentAttachmentManager(models.Manager):
    """The draft's attachments: without those removed from it but kept for submitted versions."""

    def get_queryset(self):
        return super().get_queryset().filter(removed_at__isnull=True)


class OfferAttachment(models.Model):
    """A private attachment (PDF or image); served only through an authorised view.

    Removing a file that a submitted version lists only marks it removed (`removed_at`): the
    version's file stays downloadable for officers; `objects` (and `offer.attachments`) see
    the draft's files only, `all_objects` every file."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="attachments")
    required_attachment = models.ForeignKey(
        RequiredAttachment,
        verbose_name=_("answers the requirement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=offer_attachment_path)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(_("removed from the draft at"), null=True, blank=True)

    objects = CurrentAttachmentManager()
    all_objects = models.Manager()  # noqa: DJ012 - a manager, not a field

    class Meta:
        base_manager_name = "all_objects"
        verbose_name = _("attachment of an offer")
        verbose_name_plural = _("attachments of offers")
        ordering = ["offer", "uploaded_at"]

    def __str__(self):
        return self.title


class OfferVersion(models.Model):
    """A submitted, immutable version: canonical content and its SHA-256 checksum."""

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    content = models.JSONField(_("content"))
    canonical = models.TextField(_("canonical content"), help_text=_("The exact text the checksum is computed over."))
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64)
    attachments = models.JSONField(default=list, blank=True, help_text=_("Title, name and SHA-256 of each file."))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))
    is_current = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("submitted version of an offer")
        verbose_name_plural = _("submitted versions of offers")
        ordering = ["offer", "number"]
        constraints = [models.UniqueConstraint(fields=["offer", "number"], name="offer_version_number_unique")]

    def __str__(self):
        return f"{self.offer} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk:
            # Only the is_current flag may change after creation.
            frozen = ("offer_id", "number", "content", "canonical", "checksum", "attachments")
            frozen += ("submitted_at", "submitted_by_id")
            original = OfferVersion.objects.filter(pk=self.pk).values(*frozen).first()
            if original and any(original[name] != getattr(self, name) for name in frozen):
                raise ValueError("A submitted offer version is immutable.")
        super().save(*args, **kwargs)


class SmallGrantReview(models.Model):
    """The art. 19a procedure for one submitted small-grant offer: publication, comments, decision."""

    offer = models.OneToOneField(Offer, on_delete=models.CASCADE, related_name="small_grant")
    stage = models.CharField(
        _("stage"), max_length=20, choices=SmallGrantStage.choices, default=SmallGrantStage.RECEIVED
    )
    received_on = models.DateField(_("received on"))
    publish_by = models.DateField(_("to be published by"), help_text=_("7 working days after receipt."))
    published_on = models.DateField(_("published on the website"), null=True, blank=True)
    bip_published_on = models.DateField(_("published in the BIP"), null=True, blank=True)
    notice_board_published_on = models.DateField(_("posted on the notice board"), null=True, blank=True)
    comments_until = models.DateField(_("comments accepted until"), null=True, blank=True)
    decision_amount = models.DecimalField(_("amount awarded"), **MONEY, null=True, blank=True)
    decision_reason = models.TextField(_("reasons"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("small-grant procedure")
        verbose_name_plural = _("small-grant procedures")
        ordering = ["-received_on"]

    def __str__(self):
        return str(self.offer)

    def comment_window_open(self, on=None):
        on = on or timezone.localdate()
        return self.published_on is not None and self.comments_until is not None and on <= self.comments_until

    def comment_window_over(self, on=None):
        on = on or timezone.localdate()
        return self.comments_until is not None and on > self.comments_until


class SmallGrantComment(models.Model):
    """A public comment on a small-grant offer (art. 19a ust. 4): moderated, then considered."""

    review = models.ForeignKey(SmallGrantReview, on_delete=models.CASCADE, related_name="comments")
    author_name = models.CharField(_("name"), max_length=200)
    author_email = models.EmailField(_("e-mail address"))
    text = models.TextField(_("comment"), max_length=5000)
    status = models.CharField(_("status"), max_length=20, choices=CommentStatus.choices, default=CommentStatus.PENDING)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    considered_at = models.DateTimeField(_("considered at"), null=True, blank=True)
    considered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consideration = models.TextField(_("how the comment was considered"), blank=True)

    class Meta:
        verbose_name = _("comment on a small-grant offer")
        verbose_name_plural = _("comments on small-grant offers")
        ordering = ["review", "created_at"]

    def __str__(self):
        return f"{self.author_name}: {self.text[:40]}"


class CompetitionSettings(models.Model):
    """Local rules of this mode that the law leaves open or that are unverified [M] (one row)."""

    small_grant_share_cap_pct = models.DecimalField(
        _("small grants may use at most this share of the year's planned grants (%)"),
        **PERCENT,
        default=Decimal("20.00"),
    )
    small_grant_max_amount = models.DecimalField(_("small grant: maximum amount"), **MONEY, default=Decimal("10000.00"))
    small_grant_max_days = models.PositiveSmallIntegerField(_("small grant: maximum length in days"), default=90)
    small_grant_publish_within_working_days = models.PositiveSmallIntegerField(
        _("small grant: publish within working days of receipt"), default=7
    )
    small_grant_comment_days = models.PositiveSmallIntegerField(_("small grant: comment period in days"), default=7)
    small_grant_yearly_limit_per_organisation = models.DecimalField(
        _("small grants: yearly limit per organisation"),
        **MONEY,
        null=True,
        blank=True,
        help_text=_("Empty: no limit (the former 20,000 PLN limit appears repealed)."),
    )
    min_days_after_publication = models.PositiveSmallIntegerField(
        _("minimum days between the last publication and the deadline"), default=21
    )
    attachment_max_mb = models.PositiveSmallIntegerField(_("attachment size limit (MB)"), default=10)
    reasons_request_days = models.PositiveSmallIntegerField(
        _("reasons for a result may be requested for (days after the results)"),
        default=30,
        help_text=_("Art. 15(2j); 30 days by default, to be confirmed."),
    )
    partial_report_min_days = models.PositiveSmallIntegerField(
        _("partial report due no earlier than (days after the request)"), default=30
    )
    final_report_days = models.PositiveSmallIntegerField(_("final report due (days after the task ends)"), default=30)
    report_reminder_days = models.PositiveSmallIntegerField(
        _("remind about a report (days before it is due)"), default=7
    )
    return_days = models.PositiveSmallIntegerField(
        _("unused funds returned within (days after the use deadline)"), default=15
    )

    class Meta:
        verbose_name = _("competition settings")
        verbose_name_plural = _("competition settings")

    CACHE_KEY = "competitions.settings"

    def __str__(self):
        return str(_("competition settings"))

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)
        # Again after the commit: a request in between may have cached the row as it was.
        transaction.on_commit(lambda: cache.delete(self.CACHE_KEY))

    @classmethod
    def load(cls):
        """The one row, cached like SiteSettings (at most 5 minutes; saving forgets it)."""
        obj = cache.get(cls.CACHE_KEY)
        if obj is None:
            obj, _created = cls.objects.get_or_create(pk=1)
            cache.set(cls.CACHE_KEY, obj, 300)
        return obj


class PlannedGrantsBudget(models.Model):
    """The grants planned in the year's budget for NGO public tasks (the base of the 20% cap)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    amount = models.DecimalField(_("grants planned for NGO tasks"), **MONEY, validators=[MinValueValidator(0)])
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("planned grants of a year")
        verbose_name_plural = _("planned grants by year")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}: {self.amount}"


class FormalCheckItem(models.Model):
    """One line of a call's formal checklist (law.md §2.7); defaults are created on first use."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="formal_items")
    code = models.CharField(max_length=40, blank=True, help_text="The default item's code; empty for added items.")
    label = models.CharField(_("requirement"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("formal checklist item")
        verbose_name_plural = _("formal checklist items")
        ordering = ["call", "position", "pk"]

    def __str__(self):
        """A default item in the reader's language; an added item as the officer typed it."""
        from wspolpraca.competitions.services.formal_check import DEFAULT_ITEMS

        return str(dict(DEFAULT_ITEMS).get(self.code, self.label))


class FormalCheck(models.Model):
    """The formal check of one offer: item results, the outcome, a call to correct."""

    offer = models.OneToOneField(Offer, on_delete=models.CASCADE, related_name="formal_check")
    status = models.CharField(_("formal status"), max_length=20, choices=FormalStatus.choices)
    results = models.JSONField(default=dict, blank=True, help_text="Item pk (as text) → passed (bool).")
    reason = models.TextField(_("reason"), blank=True)
    correction_sections = models.JSONField(default=list, blank=True)
    correction_message = models.TextField(_("what to correct"), blank=True)
    correction_deadline = models.DateTimeField(_("correction deadline"), null=True, blank=True)
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    checked_version = models.PositiveSmallIntegerField(_("checked version"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("formal check")
        verbose_name_plural = _("formal checks")
        indexes = [models.Index(fields=["status", "correction_deadline"])]

    def __str__(self):
        return f"{self.offer}: {self.get_status_display()}"

    @property
    def correction_open(self):
        return (
            self.status == FormalStatus.CORRECTION
            and self.corrected_at is None
            and self.correction_deadline is not None
            and timezone.now() <= self.correction_deadline
        )


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


# ---------------------------------------------------------------------------
# Scoring (law.md §2.4–§2.5)


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


# ---------------------------------------------------------------------------
# Decision and results (art. 15(2g)–(2j), art. 18a)


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


# ---------------------------------------------------------------------------
# After the award: the offer update, the agreement, reports and settlement


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
