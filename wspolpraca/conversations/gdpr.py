"""For the accounts module's "download my data": the messages the person wrote.

Nothing is erased: a message belongs to the record of a public task (the office's
correspondence about an offer, agreement, report or registration); when the account goes, the
message stays without its author (Message.author is SET_NULL).
"""

from wspolpraca.conversations.models import Message


def export_user_data(user):
    messages = (
        Message.objects.filter(author=user)
        .select_related("thread")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )
    return {
        "messages": [
            {
                "thread": message.thread.title,
                "side": message.side,
                "body": message.body,
                "sent_at": message.created_at.isoformat(),
                "attachments": [attachment.name for attachment in message.attachments.all()],
            }
            for message in messages
        ]
    }
