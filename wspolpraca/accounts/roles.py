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
    found = user._meta.model._default_manager.filter(pk=user.pk).values(**checks).first() if checks else None
    answer = {key: bool((found or {}).get(key)) for key in checks}
    setattr(user, _CACHE_ATTRIBUTE, answer)
    return answer


def forget_personal_roles(user):
    """Drop the cached answer (after a change to the person's rows within the same request)."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def requires_mfa(user):
    if not user.is_authenticated:
        return False
    if any(check(user) for check in MFA_REQUIRED_CHECKS):
        return True
    roles = personal_roles(user)
    return any(roles.get(key) for key, role in _PERSONAL_ROLES.items() if role.requires_mfa)


def has_mfa(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
