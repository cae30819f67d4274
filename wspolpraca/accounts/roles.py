"""What a person is on the site beyond their account flags, asked once per request.

Two kinds of role:
- flags on the account (officer, executive, administrator): `MFA_REQUIRED_CHECKS` holds the
  callables that say which of them need two-step verification;
- personal roles given by rows of later apps (a membership of an organisation, a seat on a
  commission, on a council): the apps register them in their `AppConfig.ready()` with
  `register_personal_role(key, rows, user_field, requires_mfa=...)`, since accounts imports no
  app above it. `personal_roles(user)` answers every registered role in ONE query and keeps the
  answer on the user object, which lives for one request: the header, the second-factor check
  and the pages ask the same question without asking the database again.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

MFA_REQUIRED_CHECKS = [
    lambda user: user.is_officer,
    lambda user: user.is_executive,
    lambda user: user.is_superuser,
    lambda user: user.is_staff,
]

_CACHE_ATTRIBUTE = "_personal_roles_cache"
_TOTP_ATTRIBUTE = "_has_totp_cache"
_TOTP_KEY = "_has_totp"  # not a role: asked in the same query (has_mfa), kept apart from the roles
_PERMISSIONS_KEY = "_has_permissions"  # nor these: has the account model permissions or groups?
_GROUPS_KEY = "_has_groups"


@dataclass(frozen=True)
class PersonalRole:
    """A role given by rows of another app: `rows()` filtered by `user_field` = the person."""

    key: str
    rows: Callable[[], QuerySet]
    user_field: str
    requires_mfa: bool = False

    def exists_for_outer_user(self):
        return Exists(self.rows().filter(**{self.user_field: OuterRef("pk")}))


_PERSONAL_ROLES: dict[str, PersonalRole] = {}


def register_personal_role(key, rows, user_field, *, requires_mfa=False):
    """Register (or replace) a personal role; `rows` is a callable returning a queryset."""
    _PERSONAL_ROLES[key] = PersonalRole(key=key, rows=rows, user_field=user_field, requires_mfa=requires_mfa)


def registered_personal_roles():
    return dict(_PERSONAL_ROLES)


def personal_roles(user):
    """{role key: bool} for every registered personal role: one query, then cached for the request."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    checks = {key: role.exists_for_outer_user() for key, role in _PERSONAL_ROLES.items()}
    checks[_TOTP_KEY] = _totp_exists()
    model = user._meta.model
    checks[_PERMISSIONS_KEY] = Exists(
        model.user_permissions.through.objects.filter(**{_user_column(model): OuterRef("pk")})
    )
    checks[_GROUPS_KEY] = Exists(model.groups.through.objects.filter(**{_user_column(model): OuterRef("pk")}))
    found = model._default_manager.filter(pk=user.pk).values(**checks).first() or {}
    answer = {key: bool(found.get(key)) for key in _PERSONAL_ROLES}
    setattr(user, _CACHE_ATTRIBUTE, answer)
    setattr(user, _TOTP_ATTRIBUTE, bool(found.get(_TOTP_KEY)))
    if found and not user.is_superuser and not found[_PERMISSIONS_KEY] and not found[_GROUPS_KEY]:
        # No permission of its own and no group: Django's model permissions are empty. Filled in
        # the caches Django's ModelBackend keeps on the user for the request, so that `has_perm`
        # (the header's "Panel" link on every page) does not ask the database twice to learn it.
        for attribute in ("_user_perm_cache", "_group_perm_cache", "_perm_cache"):
            if not hasattr(user, attribute):
                setattr(user, attribute, set())
    return answer


def _user_column(model):
    return f"{model._meta.model_name}_id"


def _totp_exists():
    from allauth.mfa.models import Authenticator

    return Exists(Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP))


def forget_personal_roles(user):
    """Drop the cached answers (after a change to the person's rows within the same request)."""
    for attribute in (_CACHE_ATTRIBUTE, _TOTP_ATTRIBUTE):
        if hasattr(user, attribute):
            delattr(user, attribute)


def requires_mfa(user):
    if not user.is_authenticated:
        return False
    if any(check(user) for check in MFA_REQUIRED_CHECKS):
        return True
    roles = personal_roles(user)
    return any(roles.get(key) for key, role in _PERSONAL_ROLES.items() if role.requires_mfa)


def has_mfa(user):
    """Has the person a TOTP authenticator? Asked with the personal roles, in their one query, and
    kept on the user object like them (issue 17: the second-factor check of every staff request
    cost a query of its own). An authenticator saved or deleted forgets the answer
    (accounts.apps: `forget_enrolment`)."""
    cached = getattr(user, _TOTP_ATTRIBUTE, None)
    if cached is None and user.is_authenticated:
        personal_roles(user)
        cached = getattr(user, _TOTP_ATTRIBUTE, None)
    if cached is not None:
        return cached
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def forget_enrolment(sender, instance, **kwargs):
    """post_save / post_delete of an Authenticator: the answers kept on its user object, and on the
    signed-in person of the current request when it is them, are stale."""
    from allauth.core import context

    user = instance._state.fields_cache.get("user")
    if user is not None:
        forget_personal_roles(user)
    request = context.request
    current = getattr(request, "user", None) if request is not None else None
    if current is not None and current.is_authenticated and current.pk == instance.user_id:
        forget_personal_roles(current)
