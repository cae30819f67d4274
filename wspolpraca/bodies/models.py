"""Councils and teams, their terms (kadencje) and memberships."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wspolpraca.bodies.enums import SIDE_OF, BodyKind, MemberRole, MembershipState, NominatedBy


class Body(models.Model):
    """A council or team: its legal basis, where it sits and its composition rules as data."""

    kind = models.CharField(_("kind"), max_length=40, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    act_number = models.CharField(_("act number"), max_length=120, blank=True)
    act_date = models.DateField(_("act date"), null=True, blank=True)
    act_pdf = models.FileField(_("act (PDF)"), upload_to="bodies/legal-basis/%Y/", blank=True)
    unit = models.CharField(_("unit it sits at"), max_length=300, blank=True)
    seats_ngo = models.PositiveSmallIntegerField(_("seats for organisations"), default=0)
    seats_city_council = models.PositiveSmallIntegerField(_("seats for the city council"), default=0)
    seats_executive = models.PositiveSmallIntegerField(_("seats for the executive"), default=0)
    min_ngo_share = models.PositiveSmallIntegerField(
        _("minimum share of organisations (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    term_years = models.PositiveSmallIntegerField(
        _("term length (years)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    contact_email = models.EmailField(_("public contact e-mail"), blank=True)
    work_plan = models.TextField(_("work plan for the year"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("council or team")
        verbose_name_plural = _("councils and teams")

    def __str__(self):
        return self.name

    @property
    def seats(self):
        """{side: seats} from the statute."""
        return {"ngo": self.seats_ngo, "city_council": self.seats_city_council, "executive": self.seats_executive}

    @property
    def seats_total(self):
        return self.seats_ngo + self.seats_city_council + self.seats_executive


class Term(models.Model):
    """A term of office (kadencja)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="terms")
    number = models.PositiveSmallIntegerField(_("number"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        ordering = ["body", "-start"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="bodies_term_number_unique"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="bodies_term_end_after_start"),
        ]
        verbose_name = _("term")
        verbose_name_plural = _("terms")

    def __str__(self):
        return f"{self.body} — {self.number} ({self.start:%Y}–{self.end:%Y})"

    @property
    def anchor(self):
        return f"term-{self.pk}"


class Membership(models.Model):
    """A seat held in one term: an account, or a name only for a member who never signs in."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_memberships",
        verbose_name=_("account"),
    )
    name = models.CharField(_("first name and surname"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    nominated_by = models.CharField(_("nominated by"), max_length=20, choices=NominatedBy.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="body_memberships",
        verbose_name=_("nominating organisation"),
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=MembershipState.choices, default=MembershipState.ACTIVE)
    end_reason = models.TextField(_("reason for the early end"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["term", "role", "name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.name} — {self.term.body}"

    @property
    def side(self):
        return SIDE_OF.get(self.nominated_by)

    @property
    def until(self):
        """The last day of the seat: the early end, else the term's end."""
        return self.end or self.term.end
