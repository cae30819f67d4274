"""Reads of the evaluation for a commission member: seats, declarations to file, sheets to fill."""

from django.db.models import Exists, OuterRef

from wspolpraca.competitions.enums import CallState, FormalStatus, OfferState, SheetState
from wspolpraca.competitions.models import CommissionMember, ImpartialityDeclaration, Offer, ScoreSheet

# The calls whose commission still has work: appointed before or after the deadline, not yet closed.
ACTIVE_CALL_STATES = (CallState.PUBLISHED, CallState.OPEN, CallState.CLOSED)


def _declared(user, call_ref):
    return Exists(ImpartialityDeclaration.objects.filter(call=call_ref, user=user))


def active_seats(user):
    """The user's seats in commissions still at work, each with `declared` (the declaration filed)."""
    return (
        CommissionMember.objects.filter(user=user, call__state__in=ACTIVE_CALL_STATES)
        .annotate(declared=_declared(user, OuterRef("call")))
        .select_related("call")
        .order_by("call__offer_deadline", "call_id")
    )


def declarations_to_file(user):
    """Seats in commissions still at work without the member's declaration of impartiality."""
    return active_seats(user).filter(declared=False)


def sheets_to_fill(user):
    """The offers the user is to score now: calls being evaluated (closed for offers) where they sit
    and declared, offers that passed the formal check, not the declared conflict, no submitted sheet."""
    declaration = ImpartialityDeclaration.objects.filter(call=OuterRef("call"), user=user)
    submitted = ScoreSheet.objects.filter(offer=OuterRef("pk"), member__user=user, state=SheetState.SUBMITTED)
    return (
        Offer.objects.filter(
            call__state=CallState.CLOSED,
            call__commission_members__user=user,
            state=OfferState.SUBMITTED,
            formal_check__status=FormalStatus.PASSED,
        )
        .filter(Exists(declaration))
        .exclude(Exists(declaration.filter(conflicted_offer=OuterRef("pk"))))
        .exclude(Exists(submitted))
        .select_related("call", "organisation")
        .order_by("call__selection_date", "call_id", "number", "pk")
    )
