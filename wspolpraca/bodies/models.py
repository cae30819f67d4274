"""Councils and teams, their terms (kadencje) and memberships; commissions' elections."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wspolpraca.bodies.enums import (
    SIDE_OF,
    BodyKind,
    ElectionState,
    MeetingState,
    MemberRole,
    MembershipState,
    MinutesState,
    NominatedBy,
    OpinionOutcome,
    Presence,
    ResolutionKind,
    ResolutionState,
    VoteChoice,
)


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
    min_age = models.PositiveSmallIntegerField(
        _("lowest age of a member"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text=_("Only where the statute sets it (e.g. a youth council); empty: no limit."),
    )
    max_age = models.PositiveSmallIntegerField(
        _("highest age of a member"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text=_("Only where the statute sets it; empty: no limit."),
    )
    contact_email = models.EmailField(_("public contact e-mail"), blank=True)
    name_genitive = models.CharField(
        _("name in the genitive"),
        max_length=300,
        blank=True,
        help_text=_("As in “Resolution no. 5/2026 of …”, e.g. Płockiej Rady Działalności Pożytku Publicznego."),
    )
    quorum_percent = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("quorum (% of the members)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The share of the members sitting that must be present for a vote, as the statute sets it."),
    )
    work_plan = models.TextField(_("work plan for the year"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("council or team")
        verbose_name_plural = _("councils and teams")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("bodies:detail", kwargs={"slug": self.slug})

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
    email = models.EmailField(
        _("e-mail for invitations"),
        blank=True,
        help_text=_("For a member without an account: invitations and minutes are sent here. Not public."),
    )
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        help_text=_("Kept only for a body whose statute sets age limits."),
    )
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


class RegisteredOrganisation(models.Model):
    """An organisation registered in a civic dialogue commission: the commission's electorate."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="registered_organisations")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="commission_registrations",
        verbose_name=_("organisation"),
    )
    registered_on = models.DateField(_("registered on"))

    class Meta:
        ordering = ["body", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "organisation"], name="bodies_registered_organisation_unique")
        ]
        verbose_name = _("registered organisation")
        verbose_name_plural = _("registered organisations")

    def __str__(self):
        return f"{self.organisation} — {self.body}"


def paper_ballots_path(instance, filename):
    return f"bodies/elections/{instance.pk}/ballots/{uuid.uuid4().hex}.pdf"


def consent_path(instance, filename):
    return f"bodies/elections/{instance.election_id}/consents/{uuid.uuid4().hex}.pdf"


class Election(models.Model):
    """A secret-ballot election in a commission for seats on a body's term (e.g. the council's)."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="elections", verbose_name=_("electing commission")
    )
    target_term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="elections", verbose_name=_("term of the body elected to")
    )
    title = models.CharField(_("title"), max_length=300)
    seats = models.PositiveSmallIntegerField(
        _("seats"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    candidacies_until = models.DateTimeField(_("candidacies until"))
    voting_from = models.DateTimeField(_("voting from"))
    voting_until = models.DateTimeField(_("voting until"))
    state = models.CharField(_("state"), max_length=20, choices=ElectionState.choices, default=ElectionState.DRAFT)
    paper_ballots_scan = models.FileField(_("scan of the paper ballots"), upload_to=paper_ballots_path, blank=True)
    eligible_count = models.PositiveIntegerField(_("organisations entitled to vote"), null=True, blank=True)
    lot_drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lot_drawn_at = models.DateTimeField(null=True, blank=True)
    previous_round = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_rounds"
    )
    counted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-voting_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(voting_until__gt=models.F("voting_from")), name="bodies_election_window"
            ),
            models.CheckConstraint(
                condition=models.Q(voting_from__gte=models.F("candidacies_until")), name="bodies_election_order"
            ),
        ]
        verbose_name = _("election")
        verbose_name_plural = _("elections")

    def __str__(self):
        return self.title

    def candidacies_open(self, now=None):
        now = now or timezone.now()
        return self.state in (ElectionState.DRAFT, ElectionState.CANDIDACIES) and now < self.candidacies_until

    def voting_open(self, now=None):
        now = now or timezone.now()
        return self.state == ElectionState.VOTING and self.voting_from <= now < self.voting_until


class Candidate(models.Model):
    """A candidate, and the votes cast for them: counters, never rows per ballot (the secret).

    No timestamps here: nothing in this table can be joined with the voters' table."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(_("first name and surname"), max_length=200)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation putting the candidate forward"),
    )
    consent = models.BooleanField(_("the candidate has consented"), default=False)
    consent_file = models.FileField(
        _("the candidate's signed consent (PDF)"), upload_to=consent_path, blank=True, max_length=200
    )
    online_votes = models.PositiveIntegerField(_("votes cast online"), default=0)
    paper_votes = models.PositiveIntegerField(_("votes cast on paper"), default=0)
    elected = models.BooleanField(_("elected"), default=False)
    membership = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["election", "name"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")

    def __str__(self):
        return self.name

    @property
    def votes(self):
        return self.online_votes + self.paper_votes


class Voter(models.Model):
    """That an organisation voted online in an election — and nothing else: a random key, no time.

    One per organisation and election, enforced by the database."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="voters")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "organisation"], name="bodies_one_vote_per_organisation")
        ]
        verbose_name = _("organisation that voted")
        verbose_name_plural = _("organisations that voted")

    def __str__(self):
        return f"{self.organisation_id} — {self.election_id}"


class Delegation(models.Model):
    """A member of a body delegated to the city's competition commissions, nominated by the body."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="delegations")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="delegations")
    purpose = models.CharField(_("purpose"), max_length=300)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")

    def __str__(self):
        return f"{self.membership.name} — {self.purpose}"


class Meeting(models.Model):
    """A meeting of a body in a term, numbered within the term."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveSmallIntegerField(_("number"))
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=MeetingState.choices, default=MeetingState.PLANNED)
    invitations_sent_at = models.DateTimeField(_("invitations sent"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["term", "number"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="bodies_meeting_number_unique")]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.term.body} — {self.number}"

    def get_absolute_url(self):
        return reverse("bodies:meeting", kwargs={"slug": self.term.body.slug, "pk": self.pk})

    @property
    def body(self):
        return self.term.body


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "position"], name="bodies_agenda_position_unique")]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return f"{self.position}. {self.title}"


class AgendaDocument(models.Model):
    """A paper of an agenda item: public, or a working document only the body's members and officers see."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file (PDF)"), upload_to="bodies/documents/%Y/")
    public = models.BooleanField(_("public"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="attendances")
    presence = models.CharField(_("attendance"), max_length=10, choices=Presence.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="bodies_attendance_unique"),
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self):
        return f"{self.membership_id}: {self.presence}"


class ResolutionNumber(models.Model):
    """The last number given to a resolution or opinion of a body in a year: numbers only go up."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="resolution_numbers")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="bodies_resolution_number_unique")]

    def __str__(self):
        return f"{self.body_id}/{self.year}: {self.last}"


class Resolution(models.Model):
    """A resolution or an opinion, numbered per body and year when its draft is entered."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="resolutions")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="resolutions")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=12, choices=ResolutionKind.choices, default=ResolutionKind.RESOLUTION)
    subject = models.CharField(_("subject"), max_length=400)
    text = models.TextField(_("text"))
    outcome = models.CharField(_("opinion"), max_length=24, choices=OpinionOutcome.choices, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=ResolutionState.choices, default=ResolutionState.DRAFT)
    voted_at = models.DateTimeField(_("voted"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "number"], name="bodies_resolution_unique_number"),
        ]
        verbose_name = _("resolution or opinion")
        verbose_name_plural = _("resolutions and opinions")

    def __str__(self):
        return self.number_label

    def get_absolute_url(self):
        return reverse("bodies:resolution", kwargs={"slug": self.body.slug, "year": self.year, "number": self.number})

    @property
    def number_label(self):
        """ "Uchwała nr 5/2026 Płockiej Rady …" (in the active language)."""
        of = self.body.name_genitive or self.body.name
        if self.kind == ResolutionKind.OPINION:
            label = gettext("Opinion no. %(number)d/%(year)d %(body)s")
        else:
            label = gettext("Resolution no. %(number)d/%(year)d %(body)s")
        return label % {"number": self.number, "year": self.year, "body": of}


class Vote(models.Model):
    """A named vote of one member on one resolution (absent members recorded as absent)."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="votes")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)

    class Meta:
        ordering = ["membership__name"]
        constraints = [models.UniqueConstraint(fields=["resolution", "membership"], name="bodies_vote_unique")]

    def __str__(self):
        return f"{self.membership_id}: {self.choice}"


class Minutes(models.Model):
    """The minutes of a meeting: drafted, sent to members, approved at a later meeting, published."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    text = models.TextField(_("text of the minutes"))
    state = models.CharField(_("state"), max_length=12, choices=MinutesState.choices, default=MinutesState.DRAFT)
    approved_at_item = models.OneToOneField(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("approved at"),
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return str(self.meeting)


class MinutesVersion(models.Model):
    """Every text the minutes had before approval, with who wrote it."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["minutes", "number"]
        constraints = [models.UniqueConstraint(fields=["minutes", "number"], name="bodies_minutes_version_unique")]

    def __str__(self):
        return f"{self.minutes_id} v{self.number}"
