"""The calls' part of the officer's work list: calls that can only be cancelled (art. 18a)."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from wspolpraca.competitions.enums import CallState, FormalStatus, OfferState
from wspolpraca.competitions.kernel.worklist import Entry, url
from wspolpraca.competitions.models import Offer


def _nothing_to_select():
    """Closed with no offer filed, or none eligible."""
    submitted = Offer.objects.filter(call=OuterRef("pk"), state=OfferState.SUBMITTED)
    eligible = submitted.exclude(formal_check__status=FormalStatus.REJECTED)
    return ~Exists(submitted) | ~Exists(eligible)


SECTIONS = (
    Entry(
        key="cancel",
        title=_("Calls to cancel (art. 18a)"),
        hint=_("No offer was filed, or none met the requirements: the only end is cancellation, with a notice."),
        state=CallState.CLOSED,
        when=_nothing_to_select,
        order="offer_deadline",
        label=lambda call: call.title,
        link=lambda call: url("competitions_panel:cancel", call.pk),
        deadline=lambda call: call.offer_deadline,
        detail=_("deadline for offers passed"),
        is_deadline=False,
    ),
)
