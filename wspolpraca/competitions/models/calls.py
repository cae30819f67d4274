"""Models of the calls stage (tables keep the app label `competitions`)."""

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
    CallMode,
    CallState,
    CancellationGround,
    CriterionKind,
    Financing,
    ScoreAggregation,
    ScoreVisibility,
)
from wspolpraca.organisations.models import PublicBenefitArea

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
