import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from wspolpraca.common.identity import DEFAULT_COLOUR, validate_primary_colour, validate_site_logo


class ActivityLog(models.Model):
    """One row per domain action: who did what, when, to which object.

    Written only through `wspolpraca.common.services.log_action`.
    """

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    subject = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("activity log entry")
        verbose_name_plural = _("activity log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class AccessibilityStatus(models.TextChoices):
    COMPLIANT = "compliant", _("fully compliant")
    PARTIAL = "partial", _("partially compliant")
    NOT_COMPLIANT = "not_compliant", _("not compliant")


class SiteSettings(models.Model):
    """The centre's identity, edited by administrators; one row (pk=1)."""

    CACHE_KEY = "common.site_settings"

    site_name = models.CharField(
        _("site name"),
        max_length=100,
        default="Współpraca",
        help_text=_("Shown at the top of every page and in the browser's tab, e.g. Współpraca — Płock."),
    )
    logo = models.FileField(
        _("logo"),
        upload_to="site/",
        blank=True,
        validators=[validate_site_logo],
        help_text=_("SVG, PNG, JPEG or WebP, at most 512 KB; shown in the header about 3 rem high."),
    )
    logo_alt = models.CharField(
        _("logo's text alternative"),
        max_length=200,
        blank=True,
        help_text=_("What the logo says, for people who cannot see it, e.g. Płock. Required with a logo."),
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        default=DEFAULT_COLOUR,
        validators=[validate_primary_colour],
        help_text=_(
            "Links, buttons and the stripe at the top of the page, as #rrggbb. It must reach a contrast of "
            "4.5:1 with white (WCAG 2.1 AA)."
        ),
    )
    city_name = models.CharField(_("city name"), max_length=100, default="Płock")
    municipality_name = models.CharField(
        _("municipality (the legal person party to agreements)"),
        max_length=200,
        default="Gmina-Miasto Płock",
        help_text=_("As in the agreements: the municipality, not its office, e.g. Gmina-Miasto Płock."),
    )
    municipality_name_instrumental = models.CharField(
        _("municipality, instrumental case"),
        max_length=200,
        default="Gminą-Miasto Płock",
        help_text=_('As after "pomiędzy" in an agreement, e.g. Gminą-Miasto Płock.'),
    )
    municipality_address = models.CharField(
        _("municipality's seat (address)"), max_length=200, default="Stary Rynek 1, 09-400 Płock"
    )
    centre_name = models.CharField(
        _("centre name"), max_length=200, default="Centrum Organizacji Pozarządowych w Płocku"
    )
    centre_short_name = models.CharField(_("short name"), max_length=40, default="COP")
    operator_name = models.CharField(
        _("run by"),
        max_length=300,
        default="Urząd Miasta Płocka, Wydział Kultury i Wspierania Inicjatyw Społecznych",
    )
    street_address = models.CharField(_("street address"), max_length=200, default="ul. Synagogalna 4")
    postal_code = models.CharField(_("postal code"), max_length=10, default="09-400")
    postal_town = models.CharField(_("town"), max_length=100, default="Płock")
    opening_hours = models.TextField(
        _("opening hours"), default="poniedziałek–piątek 8:00–18:00\nsobota po wcześniejszym uzgodnieniu"
    )
    contact_email = models.EmailField(_("contact e-mail"), default="cop@example.org")
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True, default="+48 24 367 15 00")
    accessibility_coordinator = models.CharField(
        _("accessibility coordinator"), max_length=200, blank=True, default="Koordynator ds. dostępności"
    )
    data_protection_officer_email = models.EmailField(_("data protection officer e-mail"), default="iod@example.org")
    accessibility_statement_date = models.DateField(_("accessibility statement prepared on"), null=True, blank=True)
    accessibility_reviewed_on = models.DateField(_("accessibility statement last reviewed on"), null=True, blank=True)
    accessibility_status = models.CharField(
        _("compliance status"),
        max_length=20,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.PARTIAL,
    )
    accessibility_exceptions = models.TextField(
        _("content that is not accessible"),
        blank=True,
        help_text=_("One item per line: what is not accessible and why. Shown in the accessibility statement."),
    )
    architectural_accessibility = models.TextField(
        _("architectural accessibility of the building"),
        blank=True,
        help_text=_(
            "Entrances, ramps, lifts, toilets, parking places for disabled people, induction loops. "
            "When empty, the statement shows general guidance only."
        ),
    )
    website_published_on = models.DateField(_("website published on"), null=True, blank=True)
    website_updated_on = models.DateField(_("website last significantly updated on"), null=True, blank=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return self.centre_name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @classmethod
    def load(cls):
        obj = cache.get(cls.CACHE_KEY)
        if obj is None:
            obj, _created = cls.objects.get_or_create(pk=1)
            cache.set(cls.CACHE_KEY, obj, 300)
        return obj

    @property
    def theme_version(self):
        """Changes with the colour, so that browsers fetch the new stylesheet at once."""
        return self.primary_colour.lstrip("#").lower()

    @property
    def logo_version(self):
        return hashlib.sha256(self.logo.name.encode()).hexdigest()[:12] if self.logo else ""

    @property
    def full_address(self):
        return f"{self.street_address}, {self.postal_code} {self.postal_town}"

    @property
    def accessibility_exception_list(self):
        return [line.strip() for line in self.accessibility_exceptions.splitlines() if line.strip()]


class KeptForm(models.Model):
    """What someone typed into a form that reached the server after their session had expired.

    Kept by `wspolpraca.common.kept_forms` (docs/decisions/0007-kept-forms.md), offered back
    to the same person after they sign in again, then re-sent or discarded; pruned when expired.
    """

    token = models.CharField(max_length=64, unique=True)
    path = models.CharField(_("address"), max_length=2000)
    fields = models.JSONField(default=list)  # [[name, value], …] in the order sent
    dropped_files = models.JSONField(default=list)  # names of file fields that could not be kept
    former_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )  # whose session had expired, when the server still knew it
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )  # who signed in again in that browser and may see it
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("kept form")
        verbose_name_plural = _("kept forms")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.path}"


class FormToken(models.Model):
    """A one-time form token, stored when first used (see common/form_tokens.py): the unique
    token makes a second sending of the same form find the object the first one created."""

    token = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    used_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("used form token")
        verbose_name_plural = _("used form tokens")

    def __str__(self):
        return f"{self.purpose} {self.used_at:%Y-%m-%d %H:%M}"
