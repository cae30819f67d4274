"""Atom feed of announcements: the newest published open competitions."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wspolpraca.common.models import SiteSettings
from wspolpraca.common.money import format_money
from wspolpraca.competitions.calls import selectors


class AnnouncementsFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Calls of %(centre)s") % {"centre": SiteSettings.load().centre_name}

    def subtitle(self):
        return _("Newly announced open competitions for non-governmental organisations.")

    def link(self):
        return reverse("competitions:call_list")

    def feed_url(self):
        return reverse("competitions:feed_atom")

    def items(self):
        return selectors.latest_announcements()

    def item_title(self, call):
        return call.title

    def item_description(self, call):
        parts = [call.summary, f"{_('City unit')}: {call.unit.name}"]
        parts.append(f"{_('Total funds')}: {format_money(call.total_budget or 0, localised=True, space=' ')}")
        if call.offer_deadline:
            parts.append(
                f"{_('Deadline for offers')}: {date_format(timezone.localtime(call.offer_deadline), 'd.m.Y H:i')}"
            )
        return "\n".join(p for p in parts if p)

    def item_link(self, call):
        return call.get_absolute_url()

    def item_guid(self, call):
        return f"{settings.SITE_URL}{call.get_absolute_url()}"

    item_guid_is_permalink = False

    def item_pubdate(self, call):
        return call.published_at

    def item_updateddate(self, call):
        return call.updated_at

    def item_author_name(self, call):
        return call.unit.name
