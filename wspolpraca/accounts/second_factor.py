"""Has this session passed the second factor? Asked of the session, never of the account.

allauth keeps a record of every authentication step completed in the session (password,
TOTP, recovery code, reauthentication), bound to the user who completed it; Django's
`login()` keeps the records when the same anonymous session logs in and drops the session
when another user logs in. A session passed the second factor when it holds an "mfa" record
for its user: a TOTP or recovery code typed at sign-in (allauth's authenticate stage) or on
the confirmation page (`mfa_reauthenticate`), or a TOTP authenticator enrolled in this
session (enrolment requires a valid code; recorded by `record_enrolment`).

A session made any other way (`django.contrib.auth.login()` called by some view, a password
reset, the admin's own login form) holds no such record, whatever the account has enrolled.
"""

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.core import context
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

MFA_METHOD = "mfa"


def passed_second_factor(request):
    return any(record.get("method") == MFA_METHOD for record in get_authentication_records(request, request.user))


def record_second_factor(request, authenticator, **extra):
    """Record in `request.session` that its user has just used `authenticator`, as allauth does."""
    record_authentication(
        request, authenticator.user, MFA_METHOD, id=authenticator.pk, type=authenticator.type, **extra
    )


def record_enrolment(sender, instance, created, **kwargs):
    """post_save of Authenticator: a TOTP authenticator that the signed-in person enrolled in this
    request (allauth's activation page takes a valid code from the app) counts as this session's
    second factor. Recorded at once, not when the transaction commits: the response saves the
    session. An authenticator made outside a request or for someone else records nothing."""
    request = context.request
    if (
        created
        and instance.type == Authenticator.Type.TOTP
        and request is not None
        and request.user.is_authenticated
        and request.user.pk == instance.user_id
    ):
        record_second_factor(request, instance, enrolled=True)


def record_second_factor_in_session(session, user):
    """Mark a session made outside a sign-in (the bench's prepared sessions, the test client's
    force_login) as having passed the second factor with `user`'s TOTP authenticator, exactly
    as allauth's sign-in records it. Nothing is recorded for an account without TOTP."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return
    request = HttpRequest()
    request.session = session
    record_second_factor(request, authenticator)
    session.save()
