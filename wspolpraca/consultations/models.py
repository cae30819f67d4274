"""Consultations of draft acts (art. 5 ust. 2 pkt 3 and 3a of the Act): the consultation, the
versions of the draft's text split into units, and the participants' comments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wspolpraca.bodies.enums import OpinionOutcome
from wspolpraca.common.pdf_safety import validate_pdf_content
from wspolpraca.consultations.enums import (
    ActKind,
    AnswerVerdict,
    CommentChannel,
    CommentState,
    CommentsVisibility,
    ConsultationForm,
    ConsultationState,
    OpinionRequestState,
    Participants,
    UnitKind,
)


class Consultation(models.Model):
    title = models.CharField(_("title"), max_length=300)
    act_kind = models.CharField(_("kind of act"), max_length=30, choices=ActKind.choices)
    order_number = models.CharField(_("number of the order launching it"), max_length=100, blank=True)
    order_date = models.DateField(_("date of the order"), null=True, blank=True)
    order_file = models.FileField(
        _("the order (PDF)"),
        upload_to="consultations/orders/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_content],
    )
    draft_file = models.FileField(
        _("the draft as a file"),
        upload_to="consultations/drafts/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["docx", "odt", "pdf", "txt"])],
        help_text=_("DOCX, ODT, PDF with text, or TXT; at most 20 MB."),
    )
    participants = models.CharField(
        _("who may take part"), max_length=40, choices=Participants.choices, default=Participants.ORGANISATIONS
    )
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    forms = models.JSONField(_("forms of consultation"), default=list, blank=True)
    areas = models.ManyToManyField(
        "organisations.PublicBenefitArea",
        blank=True,
        related_name="+",
        verbose_name=_("public benefit areas"),
        help_text=_(
            "The areas of art. 4 the draft concerns: alerts go to those who asked for them. Leave empty when it "
            "concerns organisations of every area (such as the cooperation programme)."
        ),
    )
    unit_name = models.CharField(_("responsible unit of the office"), max_length=200)
    contact_person = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    urgency_reason = models.TextField(_("reason of urgency"), blank=True)
    comments_visibility = models.CharField(
        _("comments are public"),
        max_length=20,
        choices=CommentsVisibility.choices,
        default=CommentsVisibility.AFTER_CLOSE,
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ConsultationState.choices, default=ConsultationState.DRAFT
    )
    announced_at = models.DateTimeField(_("announced"), null=True, blank=True)
    # When the e-mail alerts about the opening went out (once; services.send_opening_alerts).
    alerts_sent_at = models.DateTimeField(_("alerts sent"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason of cancellation"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-starts_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self):
        return self.state == ConsultationState.OPEN and self.starts_at <= timezone.now() < self.ends_at

    @property
    def draft_filename(self):
        return self.draft_file.name.rsplit("/", 1)[-1] if self.draft_file else ""

    def form_labels(self):
        labels = dict(ConsultationForm.choices)
        return [labels[value] for value in self.forms if value in labels]


class DraftVersion(models.Model):
    """One version of the draft act's text; version 1 at creation, a new one for each change after the opening."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text of the draft"))
    is_final = models.BooleanField(
        _("final text"), default=False, help_text=_("The text as adopted after the consultation, for the comparison.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("version of the draft")
        verbose_name_plural = _("versions of the draft")
        ordering = ["consultation", "number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"], name="consultation_version_unique")]

    def __str__(self):
        return f"{self.consultation} v{self.number}"


class DraftUnit(models.Model):
    """A numbered unit of the draft (§, ust., pkt, lit.) a comment may point at."""

    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="units")
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind of unit"), max_length=20, choices=UnitKind.choices)
    label = models.CharField(_("label"), max_length=100, help_text=_("For example: § 2 ust. 1 pkt 3"))
    text = models.TextField(_("wording"))
    depth = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("unit of the draft")
        verbose_name_plural = _("units of the draft")
        ordering = ["version", "position"]

    def __str__(self):
        return self.label


SCAN_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


def validate_scan(file):
    """A scan is what its name says (PDF, PNG or JPEG, by its first bytes); a PDF carries no
    active content (common.pdf_safety)."""
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not any(head.startswith(signature) for signature in SCAN_SIGNATURES.get(extension, ())):
        raise ValidationError(_("The file is not a PDF, PNG or JPEG scan."), code="scan_type")
    if extension == "pdf":
        validate_pdf_content(file)


def comment_scan_path(instance, filename):
    """Under private/: never served by address, only by the officers' view that checks the reader."""
    return f"private/consultations/{instance.consultation_id}/scans/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class Comment(models.Model):
    """A participant's comment on a unit of the draft or on the whole."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(DraftVersion, on_delete=models.PROTECT, related_name="comments")
    unit = models.ForeignKey(
        DraftUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="comments", verbose_name=_("unit")
    )
    # Null for a comment received on paper or by e-mail (entered_by records the officer) and for a
    # resident commenting without an account (sender_name and email).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_comments",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=CommentChannel.choices, default=CommentChannel.ONLINE
    )
    received_on = models.DateField(_("date of receipt"), null=True, blank=True)
    postmarked_on = models.DateField(
        _("postmark date"),
        null=True,
        blank=True,
        help_text=_("A letter posted on or before the consultation's last day was sent on time."),
    )
    sender_name = models.CharField(_("name of the sender"), max_length=200, blank=True)
    organisation_name = models.CharField(
        _("name of the organisation"),
        max_length=300,
        blank=True,
        help_text=_("When the organisation is not in the registry."),
    )
    # Never shown to anyone but officers: a resident's or a paper sender's address.
    email = models.EmailField(_("e-mail address"), blank=True)
    scan = models.FileField(
        _("scan of the letter"),
        upload_to=comment_scan_path,
        blank=True,
        validators=[FileExtensionValidator(["pdf", "png", "jpg", "jpeg"]), validate_scan],
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_comments",
        verbose_name=_("on behalf of"),
    )
    current_wording = models.TextField(_("current wording"), blank=True)
    proposed_wording = models.TextField(_("proposed wording"), blank=True)
    justification = models.TextField(_("justification"))
    state = models.CharField(_("state"), max_length=10, choices=CommentState.choices, default=CommentState.DRAFT)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    answer = models.ForeignKey(
        "CommentAnswer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("answer"),
    )
    hidden_at = models.DateTimeField(_("hidden by the moderator"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason of hiding"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["consultation", "sent_at", "pk"]

    def __str__(self):
        return f"{self.consultation}: {self.unit or _('the whole draft')}"

    @property
    def public_name(self):
        """Who the public sees: the organisation's name, else the person's; never the e-mail."""
        if self.organisation_id:
            return self.organisation.name
        if self.organisation_name:
            return self.organisation_name
        if self.sender_name:
            return self.sender_name
        return self.author.get_full_name() if self.author_id else ""

    @property
    def on_time(self):
        """Received by the end of the consultation (Polish date); a postmark on or before the
        last day counts as on time, whenever the letter arrived or was entered."""
        last_day = timezone.localtime(self.consultation.ends_at).date()
        if self.postmarked_on is not None:
            return self.postmarked_on <= last_day
        if self.received_on is not None:
            return self.received_on <= last_day
        return self.sent_at is not None and self.sent_at <= self.consultation.ends_at

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class OpinionRequest(models.Model):
    """The office asks a body (the Public Benefit Council, a civic dialogue commission, a team) for
    its opinion on a draft, linked to a consultation where there is one (art. 41i ust. 1 and 2)."""

    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="+", verbose_name=_("body"))
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinion_requests",
        verbose_name=_("consultation"),
    )
    subject = models.CharField(_("draft to give an opinion on"), max_length=300)
    act_kind = models.CharField(_("kind of act"), max_length=30, choices=ActKind.choices)
    note = models.TextField(_("message to the body"), blank=True)
    draft_file = models.FileField(
        _("the draft (PDF)"),
        upload_to="consultations/opinions/drafts/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_content],
    )
    delivered_on = models.DateField(_("delivered to the body on"))
    days = models.PositiveSmallIntegerField(_("days for the opinion"))
    deadline = models.DateField(_("deadline for the opinion"))
    state = models.CharField(
        _("state"), max_length=20, choices=OpinionRequestState.choices, default=OpinionRequestState.REQUESTED
    )
    outcome = models.CharField(_("opinion"), max_length=30, choices=OpinionOutcome.choices, blank=True)
    opinion_text = models.TextField(_("text of the opinion"), blank=True)
    resolution_number = models.CharField(_("number of the resolution"), max_length=100, blank=True)
    resolution = models.ForeignKey(
        "bodies.Resolution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the body's resolution"),
    )
    opinion_file = models.FileField(
        _("the opinion (PDF)"),
        upload_to="consultations/opinions/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_content],
    )
    given_on = models.DateField(_("opinion given on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdraw_reason = models.TextField(_("reason for withdrawing"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("opinion request")
        verbose_name_plural = _("opinion requests")
        ordering = ["-delivered_on", "-pk"]
        indexes = [models.Index(fields=["state", "deadline"], name="opinion_request_due")]

    def __str__(self):
        return f"{self.subject} ({self.body})"

    def get_absolute_url(self):
        return reverse("consultations:opinion", kwargs={"pk": self.pk})


class CommentAnswer(models.Model):
    """The office's answer to one comment, or one joint answer to several similar comments."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="answers")
    verdict = models.CharField(_("decision"), max_length=20, choices=AnswerVerdict.choices)
    reason = models.TextField(_("reason"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("answer to comments")
        verbose_name_plural = _("answers to comments")
        ordering = ["consultation", "answered_at", "pk"]

    def __str__(self):
        return f"{self.consultation}: {self.get_verdict_display()}"


class ConsultationReport(models.Model):
    """A published report of the consultation: "Raport 1" after the organisations' comments,
    "Raport 2" after the council's opinion, numbered per consultation."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="reports")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    introduction = models.TextField(_("introduction"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consultation report")
        verbose_name_plural = _("consultation reports")
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="consultation_report_number_unique")
        ]

    def __str__(self):
        return f"{self.consultation}: {self.title}"

    def get_absolute_url(self):
        return reverse("consultations:report", kwargs={"pk": self.consultation_id, "number": self.number})


class Meeting(models.Model):
    """An open meeting of a consultation, with a simple list of registrations."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("link to the online meeting"), blank=True)
    description = models.TextField(_("description"), blank=True)
    places = models.PositiveIntegerField(
        _("limit of places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    notes = models.TextField(_("notes from the meeting"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("open meeting")
        verbose_name_plural = _("open meetings")
        ordering = ["consultation", "starts_at", "pk"]

    def __str__(self):
        return f"{self.consultation}: {timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"


class MeetingRegistration(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    organisation_name = models.CharField(_("organisation"), max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    present = models.BooleanField(_("present"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration for a meeting")
        verbose_name_plural = _("registrations for meetings")
        ordering = ["meeting", "created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "email"], name="consultation_meeting_email_unique")]

    def __str__(self):
        return self.name


class ConsultationAlert(models.Model):
    """A person asked to be e-mailed when a consultation opens (of one kind of act, or any)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_alerts")
    act_kind = models.CharField(_("kind of act"), max_length=30, choices=ActKind.choices, blank=True)
    # None chosen: every area.
    areas = models.ManyToManyField(
        "organisations.PublicBenefitArea", blank=True, related_name="+", verbose_name=_("public benefit areas")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("consultation alert")
        verbose_name_plural = _("consultation alerts")
        ordering = ["user", "act_kind"]
        constraints = [models.UniqueConstraint(fields=["user", "act_kind"], name="consultation_alert_unique")]

    def __str__(self):
        return f"{self.user}: {self.get_act_kind_display() or '*'}"
