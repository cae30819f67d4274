"""Consultations of draft acts (art. 5 ust. 2 pkt 3 and 3a of the Act): the consultation, the
versions of the draft's text split into units, and the participants' comments."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wspolpraca.common.pdf_safety import validate_pdf_content
from wspolpraca.consultations.enums import (
    ActKind,
    AnswerVerdict,
    CommentState,
    CommentsVisibility,
    ConsultationForm,
    ConsultationState,
    OpinionOutcome,
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


class Comment(models.Model):
    """A participant's comment on a unit of the draft or on the whole."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(DraftVersion, on_delete=models.PROTECT, related_name="comments")
    unit = models.ForeignKey(
        DraftUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="comments", verbose_name=_("unit")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultation_comments")
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

    @property
    def is_hidden(self):
        return self.hidden_at is not None


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
