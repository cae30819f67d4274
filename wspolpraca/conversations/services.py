"""Writing and reading threads: `send_message`, `mark_thread_read` (atomic, audited on the record).

Each message is logged on the record itself (ActivityLog), so it stays in the record's history,
and e-mailed, once the transaction commits, to the other side with a link to the thread.
"""

from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wspolpraca.common.mail import send_templated_mail
from wspolpraca.common.models import SiteSettings
from wspolpraca.common.services import log_action
from wspolpraca.common.storage import refuse_when_disk_full
from wspolpraca.conversations import files
from wspolpraca.conversations.enums import OTHER_SIDE, Side
from wspolpraca.conversations.models import Message, MessageAttachment, Thread
from wspolpraca.conversations.registry import kind_by_key, kind_for, side_of

BODY_MAX = 10000


def thread_url(kind_key, object_id):
    return reverse("conversations:thread", kwargs={"kind": kind_key, "pk": object_id})


def _require_side(actor, kind, record):
    side = side_of(actor, kind, record) if actor is not None else None
    if side is None:
        raise PermissionDenied("conversations.write")
    return side


def _thread_for(kind, record):
    """The record's thread, created on the first message; its title follows the record's."""
    content_type = ContentType.objects.get_for_model(record)
    thread = Thread.objects.select_for_update().filter(content_type=content_type, object_id=record.pk).first()
    with translation.override(settings.LANGUAGE_CODE):  # stored in the site's language
        title = str(kind.title(record))[:300]
    if thread is None:
        return Thread.objects.create(subject=record, kind=kind.key, title=title, organisation=kind.organisation(record))
    thread.title = title
    return thread


@transaction.atomic
def send_message(*, actor, record, body, uploaded=None):
    """Write to the other side about `record` (an offer, agreement, report, organisation…)."""
    kind = kind_for(record)
    side = _require_side(actor, kind, record)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the message.")})
    if len(body) > BODY_MAX:
        raise ValidationError({"body": _("The message is too long: at most %(max)s characters.") % {"max": BODY_MAX}})
    checked = files.checked_file(uploaded) if uploaded is not None else None
    thread = _thread_for(kind, record)
    message = Message.objects.create(thread=thread, author=actor, side=side, body=body)
    attachment = None
    if checked is not None:
        content_type, extension, digest = checked
        name = files.safe_name(uploaded.name, extension)
        attachment = MessageAttachment(
            message=message, name=name, content_type=content_type, size=uploaded.size, sha256=digest
        )
        with refuse_when_disk_full("attachment"):
            attachment.file.save(name, uploaded, save=False)
        attachment.save()
    thread.last_message_at = message.created_at
    thread.save(update_fields=["title", "last_message_at"])
    log_action(
        actor=actor,
        action="conversation.message_sent",
        obj=record,
        data={
            "thread": thread.pk,
            "message": message.pk,
            "side": str(side),
            "attachment": attachment.name if attachment else "",
            "sha256": attachment.sha256 if attachment else "",
        },
    )
    transaction.on_commit(partial(notify_other_side, message.pk))
    return message


def _officers_who_wrote(thread):
    return Message.objects.filter(thread=thread, side=Side.OFFICER, author__is_active=True).values_list(
        "author__email", flat=True
    )


def notify_other_side(message_pk):
    """E-mail the other side of the thread: a link to it, not the message (it may be private)."""
    message = Message.objects.select_related("thread", "author").get(pk=message_pk)
    thread = message.thread
    kind = kind_by_key(thread.kind)
    record = thread.subject
    if kind is None or record is None:
        return
    if message.side == Side.OFFICER:
        recipients = set(kind.organisation_recipients(record))
    else:
        recipients = set(kind.officer_recipients(record)) | set(_officers_who_wrote(thread))
        recipients = recipients or {SiteSettings.load().contact_email}  # nobody in charge: the centre
    if message.author is not None:
        recipients.discard(message.author.email)
    send_templated_mail(
        template="conversations/email/new_message",
        recipients=recipients,
        context={
            "thread": thread,
            "message": message,
            "to_side": OTHER_SIDE[Side(message.side)],
            "thread_url": settings.SITE_URL + thread_url(thread.kind, thread.object_id),
        },
    )


@transaction.atomic
def mark_thread_read(*, actor, thread):
    """The actor has read the thread: the other side's unread messages get their receipt (the
    first reader and when). Returns how many messages were marked."""
    kind = kind_by_key(thread.kind)
    side = _require_side(actor, kind, thread.subject)
    marked = (
        Message.objects.filter(thread=thread, read_at__isnull=True)
        .exclude(side=side)
        .update(read_at=timezone.now(), read_by=actor)
    )
    if marked:
        log_action(
            actor=actor,
            action="conversation.read",
            obj=thread.subject,
            data={"thread": thread.pk, "messages": marked},
        )
    return marked
