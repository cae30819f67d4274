from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldError
from django.db.models import Q
from django.utils import timezone

from wspolpraca.accounts.enums import SiteRole, roles_of
from wspolpraca.accounts.models import User
from wspolpraca.common.models import ActivityLog

EXPORT_FORMAT_VERSION = 1


def _iso(value):
    return value.isoformat() if value else None


def users_for_roles_list(*, search="", role=""):
    """Users for the administrators' list, filtered by name/e-mail and site role."""
    users = User.objects.filter(anonymised_at__isnull=True)
    search = (search or "").strip()
    if search:
        condition = Q()
        for word in search.split():
            condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        users = users.filter(condition)
    if role == SiteRole.OFFICER:
        users = users.filter(is_officer=True)
    elif role == SiteRole.EXECUTIVE:
        users = users.filter(is_executive=True)
    elif role == SiteRole.ADMINISTRATOR:
        users = users.filter(is_superuser=True)
    elif role == "none":
        users = users.filter(is_officer=False, is_executive=False, is_superuser=False)
    return users.order_by("last_name", "first_name", "email")


def mfa_authenticators(user):
    return list(Authenticator.objects.filter(user=user).order_by("created_at"))


def memberships_of(user):
    """The user's organisation memberships, if the organisations app provides them."""
    related = getattr(user, "memberships", None)
    if related is None:
        return []
    try:
        return list(related.select_related("organisation"))
    except FieldError:  # the registry is being built: its shape may still change
        return list(related.all())


def commission_seats_of(user):
    """The user's seats in competition commissions, if the competitions app provides them."""
    related = getattr(user, "commission_seats", None)
    if related is None:
        return []
    return list(related.select_related("call").order_by("-appointed_at"))


def organisations_left_without_representative(user):
    """Organisations where `user` is the only representative (a warning before deletion)."""
    orphaned = []
    for membership in memberships_of(user):
        if getattr(membership, "role", None) != "representative":
            continue
        organisation = getattr(membership, "organisation", None)
        others = getattr(organisation, "memberships", None)
        if others is None:
            continue
        try:
            if not others.filter(role="representative").exclude(user=user).exists():
                orphaned.append(organisation)
        except FieldError:
            continue
    return orphaned


def login_attempts_of(user):
    """What django-axes keeps about the person's logins: times, addresses, browsers."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    emails = {user.email.lower()} | {
        e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    rows = [
        {
            "when": _iso(row.attempt_time),
            "successful": True,
            "logged_out_at": _iso(row.logout_time),
            "ip_address": row.ip_address,
            "browser": row.user_agent,
        }
        for row in AccessLog.objects.filter(username__in=emails)
    ]
    rows += [
        {"when": _iso(row.attempt_time), "successful": False, "ip_address": row.ip_address, "browser": row.user_agent}
        for row in AccessFailureLog.objects.filter(username__in=emails)
    ]
    rows += [
        {
            "when": _iso(row.attempt_time),
            "successful": False,
            "failures": row.failures_since_start,
            "ip_address": row.ip_address,
            "browser": row.user_agent,
        }
        for row in AccessAttempt.objects.filter(username__in=emails)
    ]
    return sorted(rows, key=lambda row: row["when"] or "")


def account_data_for_export(user):
    """The accounts part of the GDPR export. Never secrets: no password hash, no TOTP
    secret, no recovery codes."""
    user_type = ContentType.objects.get_for_model(User)
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "id": user.pk,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "phone": user.phone,
            "is_active": user.is_active,
        },
        "email_addresses": [
            {"email": address.email, "primary": address.primary, "verified": address.verified}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "roles": [str(role.value) for role in roles_of(user)],
        "two_step_verification": [
            {
                "type": authenticator.type,
                "created_at": _iso(authenticator.created_at),
                "last_used_at": _iso(authenticator.last_used_at),
            }
            for authenticator in mfa_authenticators(user)
        ],
        "dates": {
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "login_attempts": login_attempts_of(user),
        "activity": [
            {
                "when": _iso(row.created_at),
                "action": row.action,
                "object": row.object_repr,
                "details": row.data,
            }
            for row in ActivityLog.objects.filter(actor=user).order_by("created_at", "id")
        ],
        "activity_about_me": [
            {"when": _iso(row.created_at), "action": row.action, "details": row.data}
            for row in ActivityLog.objects.filter(content_type=user_type, object_id=str(user.pk)).order_by(
                "created_at", "id"
            )
        ],
    }
