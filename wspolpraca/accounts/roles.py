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

from django.db import connections, router
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

MFA_REQUIRED_CHECKS = [
    lambda user: user.is_officer,
    lambda user: user.is_executive,
    lambda user: user.is_superuser,
    lambda user: user.is_staff,
]

_CACHE_ATTRIBUTE = "_personal_roles_cache"
_TOTP_ATTRIBUTE = "_has_totp_cache"
# The person's memberships of verified organisations, kept for the request by the offers' rules.
MEMBERSHIPS_ATTRIBUTE = "_verified_memberships_cache"
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
    """Register (or replace) a personal role; `rows` is a callable returning a queryset. Its
    filters may depend on the date (the query is compiled once a day), not on the time of day."""
    _PERSONAL_ROLES[key] = PersonalRole(key=key, rows=rows, user_field=user_field, requires_mfa=requires_mfa)
    _forget_compiled_query()


def registered_personal_roles():
    return dict(_PERSONAL_ROLES)


def personal_roles(user):
    """{role key: bool} for every registered personal role: one query, then cached for the request."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    found = _ask_roles_query(user)
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


# The roles query compiled once per process and database (issue 17): building and compiling its
# dozen EXISTS subqueries costs ≈2 ms of Python on every signed-in request, running it ≈0.3 ms.
# Only the person's id changes between requests: it is compiled with a marker in its place, again
# each day (a role's rows may depend on the date, e.g. a running term; never on the time of day).
_COMPILED = {}
_MARKER = -7_340_201_713


def _roles_queryset(model, pk):
    checks = {key: role.exists_for_outer_user() for key, role in _PERSONAL_ROLES.items()}
    checks[_TOTP_KEY] = _totp_exists()
    checks[_PERMISSIONS_KEY] = Exists(
        model.user_permissions.through.objects.filter(**{_user_column(model): OuterRef("pk")})
    )
    checks[_GROUPS_KEY] = Exists(model.groups.through.objects.filter(**{_user_column(model): OuterRef("pk")}))
    return model._default_manager.filter(pk=pk).values(**checks)


def _ask_roles_query(user):
    """{key: value} of the roles query for the person, or {} when the account is gone."""
    model = user._meta.model
    database = router.db_for_read(model)
    key = (database, timezone.localdate())  # a role's rows may depend on the day (a running term)
    compiled = _COMPILED.get(key)
    if compiled is None:
        sql, params = _roles_queryset(model, _MARKER).query.sql_with_params()
        if sum(1 for param in params if param == _MARKER) != 1:  # never expected: ask it the long way
            return _roles_queryset(model, user.pk).first() or {}
        _COMPILED.clear()  # yesterday's
        compiled = _COMPILED[key] = (sql, params)
    sql, params = compiled
    with connections[database].cursor() as cursor:
        cursor.execute(sql, [user.pk if param == _MARKER else param for param in params])
        row = cursor.fetchone()
        if row is None:
            return {}
        return {column[0]: value for column, value in zip(cursor.description, row, strict=True)}


def _forget_compiled_query():
    _COMPILED.clear()


def _user_column(model):
    return f"{model._meta.model_name}_id"


def _totp_exists():
    from allauth.mfa.models import Authenticator

    return Exists(Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP))


def forget_personal_roles(user):
    """Drop the cached answers (after a change to the person's rows within the same request)."""
    for attribute in (_CACHE_ATTRIBUTE, _TOTP_ATTRIBUTE, MEMBERSHIPS_ATTRIBUTE):
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
