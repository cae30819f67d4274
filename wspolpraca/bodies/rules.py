"""Who may do what with councils and teams: officers and administrators manage, the executive reads."""

import rules

from wspolpraca.accounts.rules import is_administrator, is_executive, is_officer

is_bodies_officer = is_officer | is_administrator

RULES = {
    "bodies.view_panel": is_bodies_officer | is_executive,
    "bodies.manage_bodies": is_bodies_officer,
}

for _name, _predicate in RULES.items():
    rules.add_rule(_name, _predicate)
    rules.add_perm(_name, _predicate)

# Elections in the commissions: officers run them; who may vote is checked per organisation in
# services.cast_vote (a representative of a verified organisation registered in the commission).
RULES_ELECTIONS = {"bodies.manage_elections": is_bodies_officer}
for _name, _predicate in RULES_ELECTIONS.items():
    rules.add_rule(_name, _predicate)
    rules.add_perm(_name, _predicate)
