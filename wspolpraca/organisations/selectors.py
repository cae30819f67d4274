"""Reads of the NGO registry."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.text import Truncator, capfirst

from wspolpraca.common.history import HistorySource, history_entries
from wspolpraca.organisations.enums import IdentityChangeStatus, JoinRequestStatus, MembershipRole, VerificationStatus
from wspolpraca.organisations.models import (
    IdentityChangeRequest,
    JoinRequest,
    Membership,
    Organisation,
    PublicBenefitArea,
)


def _search(queryset, *, q="", area=None, district=None, status=None):
    q = (q or "").strip()
    if q:
        queryset = queryset.filter(
            Q(name__icontains=q) | Q(short_name__icontains=q) | Q(krs_number=q) | Q(nip=q.replace("-", ""))
        )
    if area:
        queryset = queryset.filter(areas=area)
    if district:
        queryset = queryset.filter(district=district)
    if status:
        queryset = queryset.filter(verification_status=status)
    return queryset.distinct() if area else queryset


def _with_areas(queryset):
    return queryset.select_related("district").prefetch_related(
        Prefetch("areas", queryset=PublicBenefitArea.objects.order_by("position", "code"))
    )


def verified_organisations():
    """Organisations the public sees and that may submit offers or book rooms."""
    return Organisation.objects.filter(verification_status=VerificationStatus.VERIFIED)


def directory(*, q="", area=None, district=None):
    """The public directory: verified organisations only, with what the list shows loaded."""
    return _with_areas(_search(verified_organisations(), q=q, area=area, district=district)).order_by("name", "pk")


def directory_cards(organisations):
    """A page of `directory` (areas and districts loaded) as a list, each organisation with what its
    card shows made once in Python (issue 17: no URL lookups, choice labels or text filters per card
    in the template): `card_url`, `card_legal_form`, `card_areas` ((full name, tag) pairs)."""
    organisations = list(organisations)
    for organisation in organisations:
        organisation.card_url = reverse("organisations:detail", kwargs={"slug": organisation.slug})
        organisation.card_legal_form = capfirst(organisation.get_legal_form_display())
        organisation.card_areas = [
            (area.name, Truncator(capfirst(area.name)).chars(48)) for area in organisation.areas.all()
        ]
    return organisations


def registry_for_officers(*, q="", area=None, district=None, status=None):
    return _with_areas(_search(Organisation.objects.all(), q=q, area=area, district=district, status=status)).order_by(
        "name", "pk"
    )


def memberships_of(user):
    """The user's memberships with their organisations, for "my organisations"."""
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation", "organisation__district")
        .order_by("organisation__name", "pk")
    )


def organisations_user_may_act_for(user, *, role=None):
    """Verified organisations the user belongs to (optionally with a given role): the ones
    for which they may prepare (editor or representative) or submit (representative)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    memberships = Membership.objects.filter(user=user)
    if role == MembershipRole.REPRESENTATIVE:
        memberships = memberships.filter(role=MembershipRole.REPRESENTATIVE)
    return verified_organisations().filter(pk__in=memberships.values("organisation_id"))


def members_of(organisation):
    return organisation.memberships.select_related("user").order_by("role", "user__last_name", "user__email")


def representative_emails(organisation):
    """The e-mail addresses of the organisation's active representatives, without repeats."""
    emails = organisation.memberships.filter(role=MembershipRole.REPRESENTATIVE, user__is_active=True).values_list(
        "user__email", flat=True
    )
    return sorted({e.lower(): e for e in emails if e}.values())


def registry_officer_emails():
    """Who is told of work in the registry (a change of identity data to decide): the active
    officers of the NGO centre (the city unit marked as the centre), or every active officer
    when the centre has none named — each of them may decide (rules: is_registry_officer).
    The city units come with the competitions app; they are reached by name, not imported."""
    officers = get_user_model().objects.filter(is_active=True, is_officer=True).exclude(email="")
    emails = list(officers.filter(city_units__is_centre=True).values_list("email", flat=True).distinct())
    if not emails:
        emails = list(officers.values_list("email", flat=True))
    return sorted({e.lower(): e for e in emails}.values())


def pending_identity_change_count():
    """How many changes of identity data wait for an officer (one query; the panel home's card)."""
    return IdentityChangeRequest.objects.filter(status=IdentityChangeStatus.PENDING).count()


def pending_join_requests(organisation):
    return organisation.join_requests.filter(status=JoinRequestStatus.PENDING).select_related("user")


def pending_join_request(user, organisation):
    if not user.is_authenticated:
        return None
    return JoinRequest.objects.filter(user=user, organisation=organisation, status=JoinRequestStatus.PENDING).first()


def pending_identity_changes():
    """Changes of identity data waiting for an officer, the oldest first, with what the list shows."""
    return (
        IdentityChangeRequest.objects.filter(status=IdentityChangeStatus.PENDING)
        .select_related("organisation", "requested_by")
        .order_by("created_at", "pk")
    )


def pending_identity_change(organisation):
    """The organisation's change of identity data waiting for approval, or None."""
    return (
        organisation.identity_changes.filter(status=IdentityChangeStatus.PENDING).select_related("requested_by").first()
    )


def history_of(organisation):
    """Changes of the register data: one entry per saved version that changed something, the newest
    first; each entry has when, who, kind and its changes as (field label, old value, new value)."""
    return history_entries(
        HistorySource(organisation.history.all(), related=("district", "verified_by")), initial_values=False
    )


def join_requests_to_decide(user):
    """Requests to join the verified organisations the user represents, oldest first (one query)."""
    return (
        JoinRequest.objects.filter(
            status=JoinRequestStatus.PENDING,
            organisation__verification_status=VerificationStatus.VERIFIED,
            organisation__memberships__user=user,
            organisation__memberships__role=MembershipRole.REPRESENTATIVE,
        )
        .select_related("user", "organisation")
        .order_by("created_at", "pk")
    )
