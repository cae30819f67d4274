"""The offers' part of the officer's work list: formal checks and corrections."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from wspolpraca.competitions.enums import CallState, FormalStatus, OfferState
from wspolpraca.competitions.kernel.worklist import Entry, url
from wspolpraca.competitions.models import FormalCheck, Offer


def _to_check(scope):
    """Offers submitted to calls past their deadline and not yet checked formally."""
    return (
        Offer.objects.filter(call__in=scope.call_ids, state=OfferState.SUBMITTED, call__state=CallState.CLOSED)
        .exclude(Exists(FormalCheck.objects.filter(offer_id=OuterRef("pk"))))  # not an outer join (issue 17)
        .select_related("call", "organisation")
        .order_by("call__selection_date", "submitted_at")
    )


def _corrections(scope):
    """Calls to correct: waiting for the NGO (deadline) or corrected and waiting for a new check."""
    return (
        FormalCheck.objects.filter(offer__call__in=scope.call_ids, status=FormalStatus.CORRECTION)
        .select_related("offer", "offer__organisation", "offer__call")
        .order_by("correction_deadline")
    )


SECTIONS = (
    Entry(
        key="formal_check",
        title=_("Offers to check formally"),
        hint=_("Submitted offers in closed calls without a formal check; due before the selection date."),
        query=_to_check,
        fields=(
            "pk",
            "title",
            "number",
            "call",
            "organisation",
            "call__selection_date",
            "call__title",
            "organisation__name",
        ),
        more="competitions_panel:list",
        label=lambda o: f"{o.organisation.name}: {o.title or o.number}",
        link=lambda o: url("offers_panel:formal_check", o.call_id, o.pk),
        deadline=lambda o: o.call.selection_date,
        detail=lambda o: o.call.title,
    ),
    Entry(
        key="corrections",
        title=_("Corrections"),
        hint=_("Offers called to correct: the NGO's deadline, or corrected and waiting for a new check."),
        query=_corrections,
        fields=(
            "pk",
            "corrected_at",
            "correction_deadline",
            "offer",
            "offer__title",
            "offer__number",
            "offer__call",
            "offer__call__selection_date",
            "offer__organisation",
            "offer__organisation__name",
        ),
        label=lambda c: f"{c.offer.organisation.name}: {c.offer.title or c.offer.number}",
        link=lambda c: url("offers_panel:formal_check", c.offer.call_id, c.offer_id),
        deadline=lambda c: c.offer.call.selection_date if c.corrected_at else c.correction_deadline,
        detail=lambda c: _("corrected, to check again") if c.corrected_at else _("waiting for the NGO"),
    ),
)
