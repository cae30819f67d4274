"""Who may do what with an organisation. Site roles come from accounts/rules.py."""

import rules

from wspolpraca.accounts.rules import is_administrator, is_officer
from wspolpraca.organisations.enums import MembershipRole, VerificationStatus
from wspolpraca.organisations.models import Membership


def _role(user, organisation):
    """The user's role in the organisation, or None."""
    if not user.is_authenticated or organisation is None or organisation.pk is None:
        return None

    return Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True).first()


@rules.predicate
def is_member(user, organisation):
    return user.is_active and _role(user, organisation) is not None


@rules.predicate
def is_representative(user, organisation):
    return user.is_active and _role(user, organisation) == MembershipRole.REPRESENTATIVE


@rules.predicate
def is_editor_or_representative(user, organisation):
    return user.is_active and _role(user, organisation) in (MembershipRole.REPRESENTATIVE, MembershipRole.EDITOR)


@rules.predicate
def is_verified_organisation(user, organisation):
    return organisation is not None and organisation.verification_status == VerificationStatus.VERIFIED


is_registry_officer = is_officer | is_administrator

RULES = {
    "organisations.register_organisation": rules.is_authenticated,
    "organisations.view_organisation": is_verified_organisation | is_member | is_registry_officer,
    "organisations.view_private": is_member | is_registry_officer,
    "organisations.change_organisation": is_representative,
    "organisations.manage_members": is_representative,
    "organisations.verify_organisation": is_registry_officer,
    "organisations.export_private": is_registry_officer,
    # A verified organisation's identity data (name, numbers, bank account) changes only on an
    # officer's approval: its representatives ask (and may withdraw), officers decide.
    "organisations.request_identity_change": is_representative,
    "organisations.decide_identity_change": is_registry_officer,
    # For later modules: who may prepare documents and who may submit and sign them.
    "organisations.prepare_for_organisation": is_editor_or_representative & is_verified_organisation,
    "organisations.sign_for_organisation": is_representative & is_verified_organisation,
}

# Both a rule (rules.test_rule) and a permission (user.has_perm, {% if perms.… %}).
for _name, _predicate in RULES.items():
    rules.add_rule(_name, _predicate)
    rules.add_perm(_name, _predicate)
