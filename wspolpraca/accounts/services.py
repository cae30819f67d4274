from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.accounts import gdpr
from wspolpraca.accounts.enums import roles_of
from wspolpraca.accounts.models import User
from wspolpraca.common.models import ActivityLog
from wspolpraca.common.services import log_action


@transaction.atomic
def create_user(*, email, password, first_name="", last_name="", verified=True, actor=None, **roles):
    """Create an account with a (by default verified) primary e-mail address."""
    user = User.objects.create_user(email=email, password=password, first_name=first_name, last_name=last_name, **roles)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    log_action(actor=actor, action="user.created", obj=user, data={"roles": sorted(k for k, v in roles.items() if v)})
    return user


@transaction.atomic
def enrol_totp(*, user, secret):
    """Enrol TOTP with a known secret (demo data, tests) and create recovery codes."""
    Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    ).delete()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    log_action(actor=user, action="user.mfa_enrolled", obj=user)


@transaction.atomic
def update_profile(*, actor, user, first_name, last_name, phone):
    """Change a person's name and phone (the person themselves, from "My account")."""
    before = {"first_name": user.first_name, "last_name": user.last_name, "phone": user.phone}
    after = {"first_name": first_name.strip(), "last_name": last_name.strip(), "phone": phone.strip()}
    if before == after:
        return user
    for field, value in after.items():
        setattr(user, field, value)
    user.save(update_fields=list(after))
    changed = sorted(field for field in after if before[field] != after[field])
    # Only which fields changed: the values are personal data and need not be kept twice.
    log_action(actor=actor, action="user.profile_updated", obj=user, data={"changed": changed})
    return user


@transaction.atomic
def set_user_roles(*, actor, user, is_officer, is_executive, is_administrator):
    """Grant or revoke site roles. Only administrators; nobody removes their own
    administrator role (so that the site always keeps one who can grant roles)."""
    if not actor.has_perm("accounts.manage_roles"):
        raise PermissionDenied
    if actor.pk == user.pk and user.is_superuser and not is_administrator:
        raise ValidationError(
            _("You cannot remove your own administrator role. Ask another administrator to do it."),
            code="own_administrator_role",
        )
    if user.anonymised_at is not None:
        raise ValidationError(_("This account has been deleted."), code="deleted")
    before = [str(role.value) for role in roles_of(user)]
    user.is_officer = bool(is_officer)
    user.is_executive = bool(is_executive)
    user.is_superuser = bool(is_administrator)
    # Django's admin site is for administrators only.
    user.is_staff = bool(is_administrator)
    after = [str(role.value) for role in roles_of(user)]
    if before == after:
        return user
    user.save(update_fields=["is_officer", "is_executive", "is_superuser", "is_staff"])
    log_action(actor=actor, action="user.roles_changed", obj=user, data={"before": before, "after": after})
    return user


@transaction.atomic
def delete_account(*, user):
    """Delete a person's account at their request (GDPR art. 17).

    The User row is anonymised, not deleted, so that records the law requires to keep
    (the activity log, submitted offers) keep their foreign keys, without personal data.
    Every app's eraser runs first. All sessions end: the password hash changes, which
    invalidates every session of the user (Django checks the session auth hash); the view
    also logs the current session out.
    """
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    if user.is_superuser and not User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).exists():
        raise ValidationError(
            _("You are the only administrator. Make someone else an administrator before deleting your account."),
            code="last_administrator",
        )

    old_emails = {user.email.lower()} | {
        e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }

    gdpr.erase_user(user)

    EmailAddress.objects.filter(user=user).delete()  # cascades to e-mail confirmations
    Authenticator.objects.filter(user=user).delete()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__in=old_emails).delete()

    anonymous_name = f"deleted-{user.pk}@invalid"
    user.email = anonymous_name
    user.first_name = ""
    user.last_name = ""
    user.phone = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_officer = False
    user.is_executive = False
    user.is_superuser = False
    user.is_staff = False
    user.last_login = None
    user.anonymised_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()

    # Rows about the person keep their meaning but no longer show the name or address.
    ActivityLog.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)).update(
        object_repr=anonymous_name
    )

    log_action(actor=user, action="user.deleted", obj=user)
    return user
