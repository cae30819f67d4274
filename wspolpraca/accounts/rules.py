"""Who may do what: site roles. Organisation roles live in organisations/rules.py."""

import rules


@rules.predicate
def is_administrator(user):
    return user.is_authenticated and user.is_active and user.is_superuser


@rules.predicate
def is_officer(user):
    return user.is_authenticated and user.is_active and user.is_officer


@rules.predicate
def is_executive(user):
    return user.is_authenticated and user.is_active and user.is_executive


is_staff_member = is_officer | is_executive | is_administrator

rules.add_rule("accounts.use_panel", is_staff_member)
rules.add_rule("accounts.manage_roles", is_administrator)
rules.add_rule("common.edit_site_settings", is_administrator)
