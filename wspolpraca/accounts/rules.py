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

RULES = {
    "accounts.use_panel": is_staff_member,
    "accounts.manage_roles": is_administrator,
    "common.edit_site_settings": is_administrator,
}

# Each rule is both a rule (rules.test_rule) and a permission: views check it with
# PermissionRequiredMixin / user.has_perm and templates with {% if perms.accounts.… %},
# which only see rules added with add_perm.
for _name, _predicate in RULES.items():
    rules.add_rule(_name, _predicate)
    rules.add_perm(_name, _predicate)
