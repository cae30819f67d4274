"""What the agreements stage adds to the offers' pages (connected by CompetitionsConfig.ready)."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from wspolpraca.competitions.agreements.selectors import agreements_to_sign, updates_to_submit
from wspolpraca.competitions.enums import OfferUpdateState
from wspolpraca.competitions.offers.selectors import ToDo
from wspolpraca.competitions.offers.signals import offers_to_do


@receiver(offers_to_do, dispatch_uid="agreements.updates_and_signatures_to_do")
def updates_and_signatures(sender, *, offers, user, **kwargs):
    """The list of offers: an update to submit after a reduced award, an agreement to sign (a query
    each, reading only the columns used: the joined offers' texts are heavy)."""
    ids = [offer.pk for offer in offers]
    items = [
        ToDo(
            update.offer_id,
            _("Update the offer to the amount awarded")
            if update.state != OfferUpdateState.RETURNED
            else _("Correct the update"),
            reverse("award:update", args=[update.offer_id]),
        )
        for update in updates_to_submit(user).filter(offer_id__in=ids).select_related(None).only("offer_id", "state")
    ]
    items += [
        ToDo(agreement.offer_id, _("Sign the agreement"), reverse("award:agreement", args=[agreement.offer_id]))
        for agreement in agreements_to_sign(user).filter(offer_id__in=ids).select_related(None).only("offer_id")
    ]
    return items
