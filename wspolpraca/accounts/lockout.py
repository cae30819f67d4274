"""django-axes's lockout (one account from one address, settings.AXES_*) and the way out of it:
a link by e-mail that clears the account's lockout.

The link is signed (SECRET_KEY), valid for UNLOCK_LINK_SECONDS and single use: it names the
newest failure row of the account, which clearing deletes. It is sent when the account is
locked and again on request from the lockout page; what the page answers never shows whether
the account exists.
"""

import logging

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from wspolpraca.accounts.models import User
from wspolpraca.common.ratelimit import address_key, take_attempt
from wspolpraca.common.services import log_action

logger = logging.getLogger(__name__)

UNLOCK_LINK_SECONDS = 60 * 60
UNLOCK_SALT = "wspolpraca.accounts.unlock"
# one e-mail per account per this many seconds, however often it is asked for
UNLOCK_MAIL_INTERVAL = 5 * 60


def get_username(request, credentials):
    """The account name axes counts failures against: allauth logs in by e-mail."""
    for source in (credentials or {}, request.POST if request is not None else {}):
        for key in ("email", "login", "username"):
            value = source.get(key)
            if value:
                return str(value).strip().lower()
    return None


def _newest_failure(email):
    return AccessAttempt.objects.filter(username=email).aggregate(newest=Max("pk"))["newest"]


def _unlock_url(user, newest):
    token = signing.dumps({"u": user.pk, "f": newest}, salt=UNLOCK_SALT, compress=True)
    return settings.SITE_URL + reverse("accounts:unlock", kwargs={"token": token})


def send_unlock_link(*, email):
    """E-mail the person a link that clears the lockout of the account `email`, if there is such
    an active account with failures recorded; nothing otherwise (the caller says the same)."""
    email = (email or "").strip().lower()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    newest = _newest_failure(email) if user else None
    if newest is None:
        return
    if not caches["limits"].add(address_key("accounts.unlock-mail", email), 1, UNLOCK_MAIL_INTERVAL):
        return
    body = _(
        "Logging in to your account on %(site)s was blocked after several unsuccessful attempts.\n\n"
        "If it was you, open this link within an hour to unblock logging in to your account "
        "(the link works once):\n%(url)s\n\n"
        "If it was not you, someone may be trying to guess your password: ignore this message "
        "and consider setting a new, longer password."
    ) % {"site": settings.SITE_URL, "url": _unlock_url(user, newest)}
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Unblock logging in to your account")
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:  # the lockout page must not fail with the mail server
        logger.exception("The unlock link for account %s could not be e-mailed.", user.pk)


def request_unlock_link(*, email, ip):
    """The lockout page's request for a link: at most 5 an hour from one address."""
    if take_attempt(address_key("accounts.unlock-request", ip), limit=5):
        send_unlock_link(email=email)


def unlock_user(token):
    """The account a valid, unused, unexpired link is for; None otherwise."""
    try:
        data = signing.loads(token, salt=UNLOCK_SALT, max_age=UNLOCK_LINK_SECONDS)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or data.get("f") is None or _newest_failure(user.email) != data["f"]:
        return None
    return user


@transaction.atomic
def clear_lockout(*, token):
    """Clear the lockout of the link's account (every address); False when the link is not valid."""
    user = unlock_user(token)
    if user is None:
        return False
    removed = reset(username=user.email)
    log_action(actor=user, action="account.lockout_cleared", obj=user, data={"attempts": removed})
    return True


def on_locked_out(sender, request, username, ip_address, **kwargs):
    """axes's user_locked_out signal: the account's owner gets the link at once."""
    if username:
        send_unlock_link(email=username)
