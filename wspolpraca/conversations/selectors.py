"""Reads: a record's thread and messages, the person's threads (the inbox), unread counts."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q

from wspolpraca.conversations.enums import Side
from wspolpraca.conversations.models import MessageAttachment, Thread
from wspolpraca.conversations.registry import kinds


def thread_of(record):
    content_type = ContentType.objects.get_for_model(record)
    return Thread.objects.filter(content_type=content_type, object_id=record.pk).first()


def messages_of(thread):
    """The thread's messages, the oldest first, with authors, receipts and attachments."""
    if thread is None:
        return []
    return list(
        thread.messages.select_related("author", "read_by").prefetch_related(
            Prefetch("attachments", queryset=MessageAttachment.objects.only("pk", "message_id", "name", "size"))
        )
    )


def unread_in(thread, side):
    """How many of the other side's messages nobody on `side` has read yet."""
    if thread is None or side is None:
        return 0
    return thread.messages.filter(read_at__isnull=True).exclude(side=side).count()


def _organisations_of(user):
    return user.memberships.values("organisation_id")


def _officer_threads(user):
    """The threads an officer reads: every thread for administrators, else those whose records
    the kinds give them (the records of the calls they manage, the registry…)."""
    if user.is_superuser:
        return Q(pk__isnull=False)  # not Q(): an empty Q vanishes from `mine | officer`
    if not user.is_officer:
        return None
    visible = Q(pk__in=[])
    for kind in kinds():
        records = kind.officer_records(user)
        if records is not None:
            visible |= Q(kind=kind.key, object_id__in=records.values("pk"))
    return visible


def threads_for(user, *, search="", unread_only=False):
    """The person's threads, with `unread` (the other side's messages not yet read): the unread
    first, then the latest. One query whatever the number of threads."""
    if not user.is_authenticated or not user.is_active:
        return Thread.objects.none()
    mine = Q(organisation_id__in=_organisations_of(user))
    officer = _officer_threads(user)
    visible = mine | officer if officer is not None else mine
    other_side = (mine & Q(messages__side=Side.OFFICER)) | (~mine & Q(messages__side=Side.ORGANISATION))
    threads = (
        Thread.objects.filter(visible)
        .select_related("organisation")
        .annotate(unread=Count("messages", filter=Q(messages__read_at__isnull=True) & other_side))
    )
    if search:
        threads = threads.filter(Q(title__icontains=search) | Q(organisation__name__icontains=search))
    if unread_only:
        threads = threads.filter(unread__gt=0)
    return threads.order_by("-unread", "-last_message_at", "-pk")
