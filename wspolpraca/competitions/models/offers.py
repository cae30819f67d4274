"""Models of the offers stage (tables keep the app label `competitions`)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wspolpraca.competitions.enums import (
    FORMAL_CHECK_ITEMS,
    FormalStatus,
    OfferState,
    PartnerInvitationState,
)
from wspolpraca.competitions.models.calls import MONEY, Call, CallTask, RequiredAttachment
from wspolpraca.organisations.models import Organisation


class OfferQuerySet(models.QuerySet):
    def visible_to_organisation_member(self, user):
        """Offers of organisations the user belongs to, as lead offeror or as a partner."""
        if not user.is_authenticated:
            return self.none()
        # Subqueries, not joins: an OR over two joined paths needs DISTINCT over every offer of
        # every member organisation, which PostgreSQL plans and sorts slowly (issue 17).
        # One IN over the union of the two ways, not an OR of two: PostgreSQL reads the OR by scanning
        # every offer, the union by the organisation's index.
        organisation_ids = user.memberships.values("organisation_id")
        led = Offer.objects.filter(organisation_id__in=organisation_ids).order_by().values("pk")
        partnered = OfferPartner.objects.filter(organisation_id__in=organisation_ids).order_by().values("offer_id")
        return self.filter(pk__in=led.union(partnered, all=True))

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
        return str(dict(FORMAL_CHECK_ITEMS).get(self.code, self.label))


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
