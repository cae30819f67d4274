"""The executive decision, published results, requests for reasons, cancellation (art. 18a), the /wyniki/ register.

Predicates shared with part 1 live in rules.py; RULES here is merged into it.
"""

import rules

from wspolpraca.accounts.rules import is_executive


@rules.predicate
def _manages_call(user, call):
    from wspolpraca.competitions.rules import manages_call

    return manages_call(user, call)


RULES = {
    # The decision page: the executive decides; officers who manage the call read it (law.md §2.6).
    "competitions.view_decision": is_executive | _manages_call,
    "competitions.decide_call": is_executive,
    # The BIP and notice-board dates of the results and of a cancellation notice.
    "competitions.record_results_publication": _manages_call,
    # Requests for reasons (art. 15(2j)): the call's officers list and answer them.
    "competitions.answer_reasons_requests": _manages_call,
}
