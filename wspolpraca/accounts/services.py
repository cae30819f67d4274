from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from wspolpraca.accounts.models import User
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
