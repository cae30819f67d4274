"""Who may do what with councils and teams: officers and administrators manage, the executive reads;
a body's current members see its working documents; its secretary drafts the minutes and records
attendance and votes. Object rules take the Body."""

import rules
from django.utils import timezone

from wspolpraca.accounts.rules import is_administrator, is_executive, is_officer
from wspolpraca.bodies.enums import MemberRole
from wspolpraca.bodies.selectors import current_memberships

is_bodies_officer = is_officer | is_administrator


def _seats(user, body):
    if not user.is_authenticated or body is None:
        return None
    return current_memberships(timezone.localdate()).filter(user=user, term__body=body, state="active")


@rules.predicate
def is_body_member(user, body):
    seats = _seats(user, body)
    return bool(seats is not None and seats.exists())


@rules.predicate
def is_body_secretary(user, body):
    seats = _seats(user, body)
    return bool(seats is not None and seats.filter(role=MemberRole.SECRETARY).exists())


RULES = {
    "bodies.view_panel": is_bodies_officer | is_executive,
    "bodies.manage_bodies": is_bodies_officer,
    # Meetings, agenda, resolutions; per body (object: Body).
    "bodies.manage_meetings": is_bodies_officer,
    # Attendance, named votes and the minutes' drafts: the officers and the body's secretary.
    "bodies.record_meeting": is_bodies_officer | is_body_secretary,
    # Working documents and draft minutes: the body's current members and the officers.
    "bodies.view_working_documents": is_bodies_officer | is_body_member,
}

for _name, _predicate in RULES.items():
    rules.add_rule(_name, _predicate)
    rules.add_perm(_name, _predicate)

# Elections in the commissions: officers run them; who may vote is checked per organisation in
# elections.cast_vote (a representative of a verified organisation registered in the commission).
RULES_ELECTIONS = {"bodies.manage_elections": is_bodies_officer}
for _name, _predicate in RULES_ELECTIONS.items():
    rules.add_rule(_name, _predicate)
    rules.add_perm(_name, _predicate)
