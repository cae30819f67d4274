"""How small grants follow the offers (connected by CompetitionsConfig.ready)."""

from django.dispatch import receiver

from wspolpraca.competitions.enums import CallMode
from wspolpraca.competitions.offers.signals import offer_submitted
from wspolpraca.competitions.small_grants.services import register_small_grant_offer


@receiver(offer_submitted, dispatch_uid="small_grants.register_on_submission")
def open_comment_window(sender, *, offer, actor, is_update, **kwargs):
    """A small-grant offer, once submitted (not an update after a reduced award), is registered
    for its publication and the public comment window (art. 19a)."""
    if offer.call.mode == CallMode.SMALL_GRANT and not is_update:
        register_small_grant_offer(offer=offer, actor=actor)
