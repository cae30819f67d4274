"""Who may do what in the evaluation: the commission (nominations, the pool, appointment), scoring,
the executive's decision, the results and requests for reasons."""

import rules

from wspolpraca.accounts.roles import personal_roles
from wspolpraca.accounts.rules import is_executive
from wspolpraca.competitions.calls.rules import is_call_officer, manages_call
from wspolpraca.competitions.enums import CallState, CommissionRole
from wspolpraca.organisations.enums import MembershipRole, VerificationStatus
from wspolpraca.organisations.models import Membership


@rules.predicate
def sits_on_call(user, call):
    """A member of the call's commission (any role, experts too)."""
    if call is None or not user.is_authenticated or not user.is_active:
        return False
    return call.commission_members.filter(user=user).exists()


@rules.predicate
def chairs_call(user, call):
    if call is None or not user.is_authenticated or not user.is_active:
        return False
    return call.commission_members.filter(user=user, role=CommissionRole.CHAIR).exists()


@rules.predicate
def evaluation_is_closed(user, call):
    return call is not None and call.state in (CallState.EVALUATED, CallState.RESOLVED)


@rules.predicate
def is_commission_member(user):
    """Sits on a commission: the request's one roles query (accounts/roles.py), asked once."""
    return bool(user.is_authenticated and user.is_active and personal_roles(user).get("commission_member"))


@rules.predicate
def represents_an_organisation(user):
    """A representative of a verified organisation (who may nominate commission candidates)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.filter(
        user=user, role=MembershipRole.REPRESENTATIVE, organisation__verification_status=VerificationStatus.VERIFIED
    ).exists()


RULES = {
    # The commission (law.md §2.5)
    "competitions.nominate_commission_candidates": represents_an_organisation,
    "competitions.view_commission_pool": is_call_officer | is_executive,
    "competitions.appoint_commission": is_executive,
    "competitions.sit_on_commission": is_commission_member,
    # Score sheets: members only; the service checks the declaration, conflicts and the state.
    "competitions.score_offers": sits_on_call,
    # The overview of a call's evaluation (scores respect Call.score_visibility for members).
    "competitions.view_evaluation": sits_on_call | manages_call | is_executive,
    # Proposing amounts, closing and reopening the evaluation.
    "competitions.chair_evaluation": chairs_call,
    # The minutes (protokół), once the evaluation is closed.
    "competitions.view_minutes": (sits_on_call | manages_call | is_executive) & evaluation_is_closed,
    # The decision page: the executive decides; officers who manage the call read it (law.md §2.6).
    "competitions.view_decision": is_executive | manages_call,
    "competitions.decide_call": is_executive,
    # The BIP and notice-board dates of the results and of a cancellation notice.
    "competitions.record_results_publication": manages_call,
    # Requests for reasons (art. 15(2j)): the call's officers list and answer them.
    "competitions.answer_reasons_requests": manages_call,
}
