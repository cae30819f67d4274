"""Scoring by the commission: score sheets, the result per offer, closing the evaluation, the minutes.

Predicates shared with part 1 live in rules.py; RULES here is merged into it.
"""

import rules

from wspolpraca.accounts.rules import is_executive
from wspolpraca.competitions.enums import CallState, CommissionRole


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


def _manages_call(user, call):
    from wspolpraca.competitions.rules import manages_call

    return manages_call(user, call)


manages_the_call = rules.predicate(_manages_call, name="manages_the_call")

RULES = {
    # Score sheets: members only; the service checks the declaration, conflicts and the state.
    "competitions.score_offers": sits_on_call,
    # The overview of a call's evaluation (scores respect Call.score_visibility for members).
    "competitions.view_evaluation": sits_on_call | manages_the_call | is_executive,
    # Proposing amounts, closing and reopening the evaluation.
    "competitions.chair_evaluation": chairs_call,
    # The minutes (protokół), once the evaluation is closed.
    "competitions.view_minutes": (sits_on_call | manages_the_call | is_executive) & evaluation_is_closed,
}
