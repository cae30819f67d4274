from django import template

from wspolpraca.competitions.enums import OfferState
from wspolpraca.competitions.offers import submission
from wspolpraca.competitions.offers.formal_check import open_correction
from wspolpraca.competitions.offers.rules import is_offer_member
from wspolpraca.competitions.offers.selectors import has_unsubmitted_changes
from wspolpraca.competitions.offers.update import open_update

register = template.Library()


@register.filter
def may_submit_offer(offer, user):
    """{% if offer|may_submit_offer:user %}: the lead's representative, the call accepting offers
    (or a call to correct open for the offer)."""

    return submission.may_submit(user, offer) and (offer.call.accepts_offers() or open_correction(offer) is not None)


@register.filter
def may_withdraw_offer(offer, user):
    return submission.may_withdraw(user, offer)


@register.inclusion_tag("competitions/offers/includes/unsubmitted_banner.html", takes_context=True)
def unsubmitted_changes_banner(context, offer):
    """{% unsubmitted_changes_banner offer %}: on every page of a submitted offer changed since
    its submission, a banner saying so, with the button that submits the new version."""
    user = context["request"].user
    # Only the offerors' members: officers read submitted versions, never the working draft.
    if not is_offer_member(user, offer) or not has_unsubmitted_changes(offer):
        return {"show": False}
    return {
        "show": True,
        "offer": offer,
        "version": offer.versions.filter(is_current=True).first(),
        "may_submit": may_submit_offer(offer, user),
        "update": open_update(offer),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("competitions/offers/includes/preview_link.html")
def offer_preview_link(offer):
    """{% offer_preview_link offer %}: the print preview of the working draft, where there is one
    that is not what was filed: a draft, or a submitted offer changed since (else its PDF is the
    filed version's, on the versions page)."""
    show = offer.state == OfferState.DRAFT or (offer.state == OfferState.SUBMITTED and has_unsubmitted_changes(offer))
    return {"show": show, "offer": offer}
