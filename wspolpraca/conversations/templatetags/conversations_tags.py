"""`{% messages_link record %}`: on a record's page, the link to its thread with the unread count
(nothing for a reader who is on neither side)."""

from django import template

from wspolpraca.conversations import selectors
from wspolpraca.conversations.registry import kind_for, side_of
from wspolpraca.conversations.services import thread_url

register = template.Library()


@register.inclusion_tag("conversations/includes/messages_link.html", takes_context=True)
def messages_link(context, record):
    request = context.get("request")
    kind = kind_for(record)
    side = side_of(request.user, kind, record) if request is not None else None
    if side is None:
        return {"shown": False}
    thread = selectors.thread_of(record)
    return {
        "shown": True,
        "url": thread_url(kind.key, record.pk),
        "count": thread.messages.count() if thread else 0,
        "unread": selectors.unread_in(thread, side),
    }
