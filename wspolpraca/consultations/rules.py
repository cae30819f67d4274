"""Who may do what with consultations. Site roles come from accounts/rules.py."""

import rules

from wspolpraca.accounts.rules import is_administrator, is_executive, is_officer
from wspolpraca.consultations.enums import PUBLIC_STATES, Participants
from wspolpraca.consultations.opinions import secretary_body_ids
from wspolpraca.organisations.enums import MembershipRole, VerificationStatus
from wspolpraca.organisations.models import Membership

is_consultation_officer = is_officer | is_administrator


@rules.predicate
def is_public(user, consultation):
    return consultation is not None and consultation.state in PUBLIC_STATES


def representable_organisations(user):
    """The verified organisations the user may comment for (representatives and editors)."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(
        user=user,
        role__in=(MembershipRole.REPRESENTATIVE, MembershipRole.EDITOR),
        organisation__verification_status=VerificationStatus.VERIFIED,
    )


@rules.predicate
def may_take_part(user, consultation):
    """Who the consultation is open to: residents only when it says so; organisations' people
    (representatives and editors of a verified organisation). A consultation with the council
    alone takes no online comments: the council gives its opinion as a body (an opinion request,
    consultations/opinions.py)."""
    if consultation is None or not user.is_authenticated or not user.is_active:
        return False
    if consultation.participants == Participants.ORGANISATIONS_AND_RESIDENTS:
        return True
    if consultation.participants == Participants.COUNCIL:
        return False
    return representable_organisations(user).exists()


@rules.predicate
def is_body_secretary(user, request):
    """The secretary of the body asked for an opinion (a current seat with that role)."""
    if request is None or not user.is_authenticated:
        return False
    return request.body_id in secretary_body_ids(user)


RULES = {
    "consultations.list_in_panel": is_consultation_officer | is_executive,
    "consultations.view_in_panel": is_consultation_officer | is_executive,
    "consultations.manage_consultation": is_consultation_officer,
    "consultations.view_consultation": is_public | is_consultation_officer | is_executive,
    "consultations.comment": is_public & may_take_part,
    # Opinion requests to bodies: officers ask and withdraw; the body's secretary or an officer records the opinion.
    "consultations.manage_opinion_requests": is_consultation_officer,
    "consultations.record_opinion": is_consultation_officer | is_body_secretary,
}

for _name, _predicate in RULES.items():
    rules.add_rule(_name, _predicate)
    rules.add_perm(_name, _predicate)
