from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_image_file_extension
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wspolpraca.organisations.enums import (
    IDENTITY_FIELDS,
    IdentityChangeStatus,
    JoinRequestStatus,
    LegalForm,
    MembershipRole,
    VerificationStatus,
)
from wspolpraca.organisations.validators import (
    compact_iban,
    compact_nip,
    compact_regon,
    validate_iban,
    validate_krs,
    validate_logo_size,
    validate_nip,
    validate_postal_code,
    validate_regon,
)


class PublicBenefitAreaQuerySet(models.QuerySet):
    def current(self, on=None):
        """Areas in force on the given day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))


class PublicBenefitArea(models.Model):
    """A point of art. 4 ust. 1 of the Act, with the dates its wording is in force.

    When the Act changes, the old row gets `valid_to` and a new row is added; records
    made earlier keep pointing at the wording they were made under.
    """

    code = models.CharField(_("point"), max_length=5, help_text=_("Point of art. 4 ust. 1, e.g. 1, 1a, 33."))
    name = models.CharField(_("name"), max_length=500)
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PublicBenefitAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("public benefit area")
        verbose_name_plural = _("public benefit areas")
        ordering = ["position", "code", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="area_code_valid_from_unique")]

    def __str__(self):
        return f"{self.code}) {self.name}"


class District(models.Model):
    """An osiedle (housing estate district) of Płock."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """An NGO or art. 3 ust. 3 entity in the registry."""

    name = models.CharField(_("full name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    slug = models.SlugField(_("address in the directory"), max_length=120, unique=True)
    legal_form = models.CharField(_("legal form"), max_length=40, choices=LegalForm.choices)
    krs_number = models.CharField(
        _("KRS number"),
        max_length=10,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_krs],
        help_text=_("10 digits. Leave empty if the organisation is entered in another register."),
    )
    register_name = models.CharField(
        _("other register"),
        max_length=200,
        blank=True,
        help_text=_(
            "If not in the KRS: the register the organisation is entered in, e.g. the county's register of ordinary associations."
        ),
    )
    register_number = models.CharField(_("number in the other register"), max_length=50, blank=True)
    nip = models.CharField(
        _("NIP"),
        max_length=13,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_nip],
        help_text=_("10 digits."),
    )
    regon = models.CharField(
        _("REGON"), max_length=17, blank=True, validators=[validate_regon], help_text=_("9 or 14 digits.")
    )
    is_public_benefit = models.BooleanField(
        _("public benefit organisation (OPP status)"),
        default=False,
        help_text=_("The organisation has the status of a public benefit organisation (OPP)."),
    )
    street_address = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=6, validators=[validate_postal_code])
    town = models.CharField(_("town"), max_length=100, default="Płock")
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
        help_text=_("The Płock district (osiedle) where the organisation is based or mostly active."),
    )
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description of activities"), blank=True)
    areas = models.ManyToManyField(
        PublicBenefitArea, verbose_name=_("public benefit areas"), blank=True, related_name="organisations"
    )
    logo = models.ImageField(
        _("logo"),
        upload_to="organisations/logos/",
        blank=True,
        validators=[validate_image_file_extension, validate_logo_size],
        help_text=_("PNG, JPG or GIF, at most 2 MB."),
    )
    bank_account = models.CharField(
        _("bank account number"),
        max_length=34,
        blank=True,
        validators=[validate_iban],
        help_text=_("Not shown publicly. Used for grant agreements."),
    )
    verification_status = models.CharField(
        _("verification status"),
        max_length=30,
        choices=VerificationStatus.choices,
        default=VerificationStatus.PENDING,
        db_index=True,
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    corrections_reason = models.TextField(_("corrections requested"), blank=True)
    krs_snapshot = models.JSONField(
        _("data from the KRS"),
        default=dict,
        blank=True,
        help_text=_("What the court register said when the organisation was registered."),
    )
    krs_fetched_at = models.DateTimeField(_("KRS data fetched at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "krs_snapshot", "krs_fetched_at"])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "pk"]
        indexes = [
            # the public directory: verified organisations by name, a page at a time
            models.Index(
                fields=["name", "id"], name="organisation_directory", condition=Q(verification_status="verified")
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def is_verified(self):
        """Only verified organisations may submit offers or book rooms."""
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def display_name(self):
        return self.short_name or self.name

    def clean(self):
        self.nip = compact_nip(self.nip) or None
        self.regon = compact_regon(self.regon) or ""
        self.krs_number = (self.krs_number or "").strip() or None
        self.bank_account = compact_iban(self.bank_account) or ""
        errors = {}
        if not self.krs_number:
            if not self.register_name and not self.register_number:
                errors["krs_number"] = _("Give the KRS number or the name and number of another register.")
            elif not self.register_name:
                errors["register_name"] = _("Give the name of the register the number comes from.")
            elif not self.register_number:
                errors["register_number"] = _("Give the number in the other register.")
        if errors:
            raise ValidationError(errors)


class Membership(models.Model):
    """A person acting for an organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=MembershipRole.choices,
        default=MembershipRole.EDITOR,
        help_text=_(
            "A representative may submit and sign on the organisation's behalf; an editor may prepare documents."
        ),
    )
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation", "role", "user__last_name", "user__first_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_user_org_unique")]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    @property
    def is_representative(self):
        return self.role == MembershipRole.REPRESENTATIVE


class Decided(models.Model):
    """Who decided a request, when, and why (the reason is required to refuse)."""

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        abstract = True


class JoinRequest(Decided):
    """A person asks to act for an organisation; a representative decides."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="organisation_join_requests",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message"), blank=True)
    role = models.CharField(
        _("requested role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.EDITOR
    )
    status = models.CharField(
        _("status"), max_length=20, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(status="pending"),
                name="joinrequest_one_pending_per_user_org",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation}"


class IdentityChangeRequest(Decided):
    """A verified organisation asks to change its identity data (enums.IDENTITY_FIELDS).

    `before` and `after` hold the changed fields only (stored values; a district or area never
    appears here). The organisation keeps its old values, publicly too, until an officer approves.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="identity_changes",
    )
    before = models.JSONField(_("values before"), default=dict)
    after = models.JSONField(_("values requested"), default=dict)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=IdentityChangeStatus.choices,
        default=IdentityChangeStatus.PENDING,
        db_index=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("date of the request"), auto_now_add=True)

    class Meta:
        verbose_name = _("change of identity data")
        verbose_name_plural = _("changes of identity data")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="pending"),
                name="identitychange_one_pending_per_org",
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_status_display()})"

    @property
    def is_pending(self):
        return self.status == IdentityChangeStatus.PENDING

    @property
    def changes_bank_account(self):
        return "bank_account" in self.after

    def rows(self, *, masked=False):
        """(field label, value before, value requested) per changed field, in the form's order;
        `masked`: the bank account shown by its last four digits only."""
        return [
            (
                Organisation._meta.get_field(name).verbose_name,
                _identity_display(name, self.before.get(name), masked),
                _identity_display(name, self.after.get(name), masked),
            )
            for name in IDENTITY_FIELDS
            if name in self.after
        ]

    @property
    def changed_labels(self):
        return [Organisation._meta.get_field(name).verbose_name for name in IDENTITY_FIELDS if name in self.after]

    @property
    def masked_rows(self):
        return self.rows(masked=True)


def _identity_display(name, value, masked):
    if value in (None, ""):
        return "—"
    if masked and name == "bank_account":
        return "…" + value[-4:]
    if name == "legal_form":
        return LegalForm(value).label if value in LegalForm.values else value
    return value
