"""Which accounts must use two-step verification (TOTP) before reaching their screens.

Later modules (commissions, bodies) append a callable to MFA_REQUIRED_CHECKS when a
role of theirs needs MFA: `MFA_REQUIRED_CHECKS.append(lambda user: ...)`.
"""

MFA_REQUIRED_CHECKS = [
    lambda user: user.is_officer,
    lambda user: user.is_executive,
    lambda user: user.is_superuser,
    lambda user: user.is_staff,
]


def requires_mfa(user):
    return user.is_authenticated and any(check(user) for check in MFA_REQUIRED_CHECKS)


def has_mfa(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
