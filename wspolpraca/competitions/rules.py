"""Every permission of the competitions, registered with django-rules.

Each stage keeps its predicates and its `RULES` (permission name -> predicate) in its own
rules.py, built on the stages before it (calls -> offers -> small grants, evaluation ->
agreements -> reporting); this module only gathers and registers them, so `user.has_perm("competitions.…")`
and `{% has_perm %}` know them all. django-rules imports it (AutodiscoverRulesConfig); no code
imports it for a predicate: take predicates from the stage's rules.py.
"""

import rules

from wspolpraca.competitions.agreements.rules import RULES as AGREEMENTS
from wspolpraca.competitions.calls.rules import RULES as CALLS
from wspolpraca.competitions.evaluation.rules import RULES as EVALUATION
from wspolpraca.competitions.offers.rules import RULES as OFFERS
from wspolpraca.competitions.reporting.rules import RULES as REPORTING
from wspolpraca.competitions.small_grants.rules import RULES as SMALL_GRANTS

RULES = {**CALLS, **OFFERS, **SMALL_GRANTS, **EVALUATION, **AGREEMENTS, **REPORTING}


for _name, _predicate in RULES.items():
    rules.add_rule(_name, _predicate)
    rules.add_perm(_name, _predicate)
