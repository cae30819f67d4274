from django import template

from wspolpraca.competitions.services import submission

register = template.Library()


@register.filter
def may_submit_offer(offer, user):
    """{% if offer|may_submit_offer:user %}: the lead's representative, the call accepting offers."""
    return submission.may_submit(user, offer) and offer.call.accepts_offers()


@register.filter
def may_withdraw_offer(offer, user):
    return submission.may_withdraw(user, offer)
