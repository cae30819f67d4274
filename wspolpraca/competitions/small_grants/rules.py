"""Who may do what with small grants (art. 19a): the officers who manage the call, and the executive decides."""

import rules

from wspolpraca.accounts.rules import is_executive
from wspolpraca.competitions.calls.rules import manages_call


@rules.predicate
def manages_small_grant(user, review):
    return review is not None and manages_call(user, review.offer.call)


RULES = {
    # Small grants (art. 19a)
    "competitions.manage_small_grant": manages_small_grant,
    "competitions.decide_small_grant": manages_small_grant | (is_executive & rules.is_authenticated),
}
