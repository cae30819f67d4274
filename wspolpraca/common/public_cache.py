"""Whole-page cache of public pages for visitors without an account (docs/decisions/0005).

On deadline day most requests are anonymous reads of the same few pages (calls, a call, the
results register, the directory). Rendering them again for every visitor costs tens of
milliseconds of CPU each; serving the stored bytes costs almost nothing. So:

- a view opts in with `@public_page` (function) or `public_cache = True` (class);
- a response is stored only for a visitor without a session or pending messages, for GET, with
  status 200, when nothing on the page used the CSRF token and the response sets no cookie —
  so no token, no name and no message of one person can reach another;
- the key is the full path with its query, the language (the switch's cookie) and the htmx
  headers (htmx asks for page fragments);
- every stored page carries the site's content version; any write to a model that public pages
  may show (everything but the private, busy models in `PRIVATE_MODELS`) bumps the version after
  commit, so the next visitor gets a fresh page; `PUBLIC_CACHE_SECONDS` bounds the rest (writes
  that send no signal, such as bulk updates, and changes that only time makes, such as a call
  opening at its hour).

The cache is Django's default cache: Redis in production (shared by every worker, so a bump
reaches all of them), local memory otherwise. `PUBLIC_CACHE_SECONDS = 0` switches it off.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import Resolver404, get_urlconf, resolve

VERSION_KEY = "public-page:version"
HIT_HEADER = "X-Public-Cache"

# What a hit must pass before it is served, by name. A view that limits its callers (the API's
# throttle) names its check in `request.public_cache_check`; the stored page keeps the name and
# every hit runs the check, which counts the request and returns a refusal (429) or None.
HIT_CHECKS = {}


def register_hit_check(name, check):
    """Register `check(request) -> HttpResponse | None` under `name` (see HIT_CHECKS)."""
    HIT_CHECKS[name] = check


# app_label.model_name of models no public page shows, written often by signed-in work (the
# offer editor's autosave, sessions, the audit trail). Their writes do not empty the cache.
PRIVATE_MODELS = {
    "sessions.session",
    "common.activitylog",
    "admin.logentry",
    "account.emailaddress",
    "account.emailconfirmation",
    "mfa.authenticator",
    "socialaccount.socialtoken",
    "competitions.offer",
    "competitions.offerversion",
    "competitions.offerattachment",
    "competitions.offerassessment",
    "competitions.scoresheet",
    "competitions.score",
    "competitions.impartialitydeclaration",
    "competitions.offerpartner",
    "competitions.callalert",
    "organisations.joinrequest",
    # last_login changes at every sign-in, and deadline day is full of sign-ins; public pages show
    # no account data (a changed name on an organisation's page shows within PUBLIC_CACHE_SECONDS)
    "accounts.user",
}
PRIVATE_APPS = {"axes", "django_tasks_database", "django_tasks_db", "contenttypes", "auth", "conversations"}


def public_page(view):
    """Mark a function view's anonymous GET responses as cacheable."""
    view.public_cache = True
    return view


def _seconds():
    return getattr(settings, "PUBLIC_CACHE_SECONDS", 0)


def _is_private(model):
    meta = model._meta
    if meta.app_label in PRIVATE_APPS or f"{meta.app_label}.{meta.model_name}" in PRIVATE_MODELS:
        return True
    # django-simple-history's historical records: an audit trail, never shown publicly.
    return meta.model_name.startswith("historical") and hasattr(model, "history_id")


def bump_version():
    """Make every stored public page stale (after the current transaction commits): once per
    transaction, however many public rows it writes."""
    if any(callback is _bump_now for _, callback, _ in transaction.get_connection().run_on_commit):
        return
    transaction.on_commit(_bump_now)


def _bump_now():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted: a new value unlike any stored page's
        cache.set(VERSION_KEY, time.time_ns(), None)


def _current_version(found):
    version = found.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
    return version


def _on_write(sender, **kwargs):
    if _seconds() and not _is_private(sender):
        bump_version()


def connect_signals():
    post_save.connect(_on_write, dispatch_uid="public-cache-save")
    post_delete.connect(_on_write, dispatch_uid="public-cache-delete")
    m2m_changed.connect(_on_write, dispatch_uid="public-cache-m2m")


def _opted_in(view_func):
    view_class = getattr(view_func, "view_class", None)
    return bool(getattr(view_func, "public_cache", False) or getattr(view_class, "public_cache", False))


@functools.lru_cache(maxsize=2048)
def _may_be_public(urlconf, path):
    """Does `path` lead to a view that opted in? Known before the view runs, so that a request to
    any other page (the panel, the editor, an autosave) costs no cache round trip. The same test
    as `process_view`'s, remembered per path."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return _opted_in(match.func)


def _forget_paths(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _may_be_public.cache_clear()


setting_changed.connect(_forget_paths, dispatch_uid="public-cache-paths")


def _key(request):
    """The cache key for this request, or None when it may not be served from the cache."""
    if request.method != "GET" or not _seconds():
        return None
    if not _may_be_public(get_urlconf(), request.path_info):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    language = cookies.get(settings.LANGUAGE_COOKIE_NAME, "")[:10]
    htmx = "|".join(request.headers.get(h, "") for h in ("HX-Request", "HX-Target", "HX-Boosted"))
    raw = "\n".join((request.get_full_path(), language, htmx)).encode("utf-8", "surrogateescape")
    return "public-page:" + hashlib.sha256(raw).hexdigest()


def _storable(request, response):
    if not getattr(request, "_public_cache", False) or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


class PublicPageCacheMiddleware:
    """Placed right after the security and static-file middleware: a hit skips sessions,
    authentication, templates and the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _key(request)
        version = None
        if key:
            found = cache.get_many([VERSION_KEY, key])
            version = _current_version(found)
            stored = found.get(key)
            if stored is not None and stored[0] == version and self.may_serve_stored(request):
                check = HIT_CHECKS.get(stored[2]) if len(stored) > 2 else None
                refused = check(request) if check else None
                if refused is not None:
                    return refused
                response = stored[1]
                response[HIT_HEADER] = "hit"
                return response
        response = self.get_response(request)
        if key and _storable(request, response):
            response[HIT_HEADER] = "miss"
            cache.set(key, (version, response, getattr(request, "public_cache_check", None)), _seconds())
        return response

    def may_serve_stored(self, request):
        """Hook for the benchmarks (bench/middleware.py), which measure rendered pages too."""
        return True

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _opted_in(view_func):
            request._public_cache = True
