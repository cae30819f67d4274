"""A thread of messages between the office and an organisation about one record (an offer, an
agreement, a report, an organisation's registration), attached to it by a generic key.

Which records may have a thread, who writes on which side and where the record's page is: the
registry of subject kinds (registry.py), filled by the apps above in their AppConfig.ready().
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wspolpraca.conversations.enums import Side


class Thread(models.Model):
    """The one thread of a record; created with its first message."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=40, db_index=True)  # the subject kind's key
    title = models.CharField(_("subject"), max_length=300)  # the record's title when last written to
    # The organisation the record belongs to (its members write on the organisation's side).
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="threads",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-last_message_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="thread_one_per_record")]

    def __str__(self):
        return self.title


class Message(models.Model):
    """One message; `read_at`/`read_by`: the first reader on the other side (the read receipt)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("read by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "side", "read_at"])]

    def __str__(self):
        return f"{self.thread} – {self.created_at:%Y-%m-%d %H:%M}"


def message_attachment_path(instance, filename):
    """Under private/: never served by address, only by the view that checks the reader."""
    return f"private/conversations/{instance.message.thread_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class MessageAttachment(models.Model):
    """A private file sent with a message (PDF, PNG or JPEG), for both sides of the thread only."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=message_attachment_path)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("attachment of a message")
        verbose_name_plural = _("attachments of messages")
        ordering = ["message", "pk"]

    def __str__(self):
        return self.name
