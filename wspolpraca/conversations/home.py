"""On the person's home page (/moje/): the threads with messages they have not read yet."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wspolpraca.common.home import HomeItem, HomeSection
from wspolpraca.conversations.selectors import threads_for
from wspolpraca.conversations.services import thread_url

LIMIT = 8


def home_sections(user):
    if not user.is_authenticated:
        return []
    threads = list(threads_for(user, unread_only=True)[: LIMIT + 1])
    if not threads:
        return []
    total = len(threads) if len(threads) <= LIMIT else threads_for(user, unread_only=True).count()
    items = [
        HomeItem(
            label=thread.title,
            url=thread_url(thread.kind, thread.object_id),
            detail=ngettext("%(count)d unread message", "%(count)d unread messages", thread.unread)
            % {"count": thread.unread},
        )
        for thread in threads[:LIMIT]
    ]
    return [
        HomeSection(
            key="unread_messages",
            title=_("Unread messages"),
            items=items,
            total=total,
            more_url=reverse("conversations:inbox") + "?unread=on",
        )
    ]
