"""Reads of the offers stage for an organisation's members: drafts to finish, corrections to make."""

from django.db.models import Q
from django.utils import timezone

from wspolpraca.competitions.enums import CallState, FormalStatus, OfferState
from wspolpraca.competitions.models import FormalCheck, Offer
from wspolpraca.organisations.enums import VerificationStatus
from wspolpraca.organisations.models import Membership


def member_organisation_ids(user):
    """The verified organisations the user acts for (a subquery)."""
    return Membership.objects.filter(user=user, organisation__verification_status=VerificationStatus.VERIFIED).values(
        "organisation_id"
    )


def drafts_to_finish(user, now=None):
    """Drafts of the user's organisations in calls still accepting offers, the nearest deadline first."""
    now = now or timezone.now()
    return (
        Offer.objects.filter(
            state=OfferState.DRAFT,
            organisation_id__in=member_organisation_ids(user),
            call__state__in=(CallState.PUBLISHED, CallState.OPEN),
        )
        .filter(Q(call__offer_deadline__isnull=True) | Q(call__offer_deadline__gt=now))
        .select_related("call", "organisation")
        .order_by("call__offer_deadline", "pk")
    )


def corrections_to_make(user, now=None):
    """Formal checks asking the user's organisations for a correction, still open, the nearest first."""
    now = now or timezone.now()
    return (
        FormalCheck.objects.filter(
            status=FormalStatus.CORRECTION,
            corrected_at__isnull=True,
            correction_deadline__gte=now,
            offer__organisation_id__in=member_organisation_ids(user),
        )
        .select_related("offer", "offer__call", "offer__organisation")
        .order_by("correction_deadline", "pk")
    )
