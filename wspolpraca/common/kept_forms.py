"""Forms sent after the session expired: kept server-side, offered back after signing in again.

A POST that would be lost because the sender is no longer signed in (a login-required view
redirects to the login page, or the CSRF check refuses a stale token) is stored here with a
random token that the browser's new session remembers. Whoever signs in next in that browser
claims it, unless the expired session is known to have belonged to someone else; the
interstitial page (`KeptFormsView`) then shows the entries and re-sends them to the original
address as a fresh POST, so the original view validates and saves them as usual.
Passwords, tokens and secrets are never stored; files cannot be kept. See
docs/decisions/0007-kept-forms.md.
"""

import re
import secrets
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst

from wspolpraca.common.client_ip import client_ip
from wspolpraca.common.models import KeptForm
from wspolpraca.common.ratelimit import address_key, take_attempt

SESSION_TOKENS = "kept_forms"  # tokens of the entries this browser session may claim or re-send
SESSION_OFFER = "kept_forms_offer"  # set at sign-in: show the interstitial on the next page
RESEND_FIELD = "_kept_form"  # the hidden field of a re-sent form: its entry is used up
MAX_PER_SESSION = 10

_SECRET_TEXT = re.compile(r"passw|passphrase|secret|token|csrf|totp|api_?key", re.IGNORECASE)
_SECRET_PARTS = {"pass", "pwd", "otp", "pin"}  # as a whole part of the name: "pin", "user-otp"
_SECRET_NAMES = {"code"}  # allauth's one-time code field; "postal_code" is fine
_MANAGEMENT_FIELD = re.compile(r"(^|-)(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$")
# Pages of sign-in itself (allauth's account_* and mfa_* views) keep nothing and offer nothing.
_ACCOUNT_URL_NAMES = ("account_", "mfa_")


def is_secret_field(name):
    """Field names that look like passwords, one-time codes, tokens or keys are never kept."""
    parts = {part.lower() for part in re.split(r"[-_.\[\]]+", name)}
    return (
        name == RESEND_FIELD
        or name.lower() in _SECRET_NAMES
        or bool(_SECRET_TEXT.search(name))
        or bool(parts & _SECRET_PARTS)
    )


def is_sign_in_page(path):
    """allauth's pages (sign-in, two-step code, password) and the interstitial itself."""
    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return False
    return (match.url_name or "").startswith(_ACCOUNT_URL_NAMES) or match.view_name == "common:kept_forms"


def is_never_kept(path):
    """A page whose view says its forms must never be stored (`keep_forms = False` on the view
    class), e.g. a secret ballot: what was chosen must not be written next to who chose it."""
    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return False
    view = getattr(match.func, "view_class", match.func)
    return getattr(view, "keep_forms", True) is False


def fields_to_keep(post):
    """The submitted (name, value) pairs worth keeping, in order, without any secret."""
    return [[name, value] for name, values in post.lists() if not is_secret_field(name) for value in values]


def expired_session_user(request):
    """The user whose session the browser still presents, though it expired (None if unknown).

    The database session engines keep an expired row until `clearsessions`; Django ignores it,
    but its user id tells whose typing this was.
    """
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not key or not hasattr(store_class, "get_model_class"):
        return None
    row = store_class.get_model_class().objects.filter(session_key=key).first()
    user_id = store_class().decode(row.session_data).get(SESSION_KEY) if row else None
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


@transaction.atomic
def keep_form(*, path, fields, dropped_files=(), former_user=None, user=None):
    """Store one refused submission; `user` when the sender is known to be signed in now."""
    return KeptForm.objects.create(
        token=secrets.token_urlsafe(32),
        path=path[:2000],
        fields=fields,
        dropped_files=sorted(set(dropped_files)),
        former_user=former_user,
        user=user,
        expires_at=timezone.now() + timedelta(hours=settings.KEPT_FORM_HOURS),
    )


def keep_request(request):
    """Keep the POST of `request` and remember its token in the browser's session.

    Returns the entry, or None when there is nothing to keep (no fields, a sign-in page), or
    when one address sends more than KEPT_FORM_RATE_LIMIT such forms an hour unsigned-in.
    Requests sent by htmx (autosave, live figures) are not kept: their page stays on screen
    with the text, and its own submit button is kept when pressed.
    """
    path = request.get_full_path()
    if getattr(request, "htmx", False) or is_sign_in_page(path) or is_never_kept(path):
        return None
    fields = fields_to_keep(request.POST)
    if not fields:
        return None
    signed_in = request.user if request.user.is_authenticated else None
    if not signed_in and not take_attempt(
        address_key("kept_forms", client_ip(request)), limit=settings.KEPT_FORM_RATE_LIMIT
    ):
        return None
    entry = keep_form(
        path=path,
        fields=fields,
        dropped_files=[name for name, files in request.FILES.lists() if any(f.size for f in files)],
        former_user=signed_in or expired_session_user(request),
        user=signed_in,
    )
    request.session[SESSION_TOKENS] = [*request.session.get(SESSION_TOKENS, []), entry.token][-MAX_PER_SESSION:]
    if signed_in:
        request.session[SESSION_OFFER] = True
    return entry


@transaction.atomic
def claim_kept_forms(*, user, tokens):
    """At sign-in: `user` takes the entries of this browser session that may be theirs.

    Entries of an expired session known to be someone else's are deleted, never offered.
    Returns the tokens now offered to `user`.
    """
    now = timezone.now()
    unclaimed = KeptForm.objects.filter(token__in=tokens, user__isnull=True, expires_at__gt=now)
    unclaimed.filter(Q(former_user__isnull=True) | Q(former_user=user)).update(user=user)
    unclaimed.delete()  # what is left unclaimed was typed by another person
    return list(
        KeptForm.objects.filter(token__in=tokens, user=user, expires_at__gt=now).values_list("token", flat=True)
    )


def on_user_logged_in(sender, request, user, **kwargs):
    """`user_logged_in` receiver: claim what this browser kept; offer it on the next page."""
    if request is None or not hasattr(request, "session"):
        return
    tokens = request.session.get(SESSION_TOKENS)
    if not tokens:
        return
    claimed = claim_kept_forms(user=user, tokens=tokens)
    request.session[SESSION_TOKENS] = claimed
    if claimed:
        request.session[SESSION_OFFER] = True
    else:
        request.session.pop(SESSION_OFFER, None)


def pending_kept_forms(*, user, tokens):
    return list(KeptForm.objects.filter(token__in=tokens, user=user, expires_at__gt=timezone.now()))


@transaction.atomic
def discard_kept_form(*, user, token):
    """The person no longer needs what was kept (or has just re-sent it)."""
    KeptForm.objects.filter(token=token, user=user).delete()


def forget_token(session, token):
    tokens = [t for t in session.get(SESSION_TOKENS, []) if t != token]
    if tokens:
        session[SESSION_TOKENS] = tokens
    else:
        session.pop(SESSION_TOKENS, None)


def prune_kept_forms(now):
    """run_scheduled step: delete kept forms whose time has passed."""
    deleted, _ = KeptForm.objects.filter(expires_at__lte=now).delete()
    return [f"{deleted} expired kept form(s) removed"] if deleted else []


def is_management_field(name):
    """Formset bookkeeping (TOTAL_FORMS and the like): re-sent, but not shown to the person."""
    return bool(_MANAGEMENT_FIELD.search(name))


def is_sent_from_this_site(request):
    """The browser says the form came from one of this site's pages (Origin, else Referer).

    Only such a refused form is kept: a form forged by another site must never be offered
    back for re-sending.
    """
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source or source == "null":
        return False
    return url_has_allowed_host_and_scheme(source, {request.get_host()}, require_https=request.is_secure())


def readable_name(name):
    """A field's name as a fallback label: "budget-0-amount" → "Budget 0 amount"."""
    return capfirst(re.sub(r"[-_.]+", " ", name).strip())


def shown_fields(entry, page_form):
    """(label, [values]) per field, in the order sent, for the interstitial.

    `page_form` (wspolpraca.common.form_labels.PageForm) holds the page's own labels and
    choices; without them the names are made readable. Bookkeeping, blanks and the page's
    hidden inputs are left out of the list (they are still re-sent).
    """
    grouped = {}
    for name, value in entry.fields:
        if value.strip() and not is_management_field(name) and name not in page_form.hidden:
            grouped.setdefault(name, []).append(page_form.choices.get((name, value), value))
    return [(page_form.labels.get(name) or readable_name(name), values) for name, values in grouped.items()]
