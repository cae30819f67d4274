from django import template

from wspolpraca.competitions.offers import submission
from wspolpraca.competitions.offers.formal_check import open_correction

register = template.Library()


@register.filter
def may_submit_offer(offer, user):
    """{% if offer|may_submit_offer:user %}: the lead's representative, the call accepting offers
    (or a call to correct open for the offer)."""

    return submission.may_submit(user, offer) and (offer.call.accepts_offers() or open_correction(offer) is not None)


@register.filter
def may_withdraw_offer(offer, user):
    return submission.may_withdraw(user, offer)
