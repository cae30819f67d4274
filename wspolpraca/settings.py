"""Settings for Współpraca, read from the environment (see README, "Configuration").

Everything works with no variable set: SQLite in the project folder, e-mail printed to
the console, DEBUG on. Production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL and EMAIL_URL.
"""

import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from wspolpraca.env import (
    S3_STORAGE,
    env_bool,
    env_int,
    env_list,
    env_str,
    parse_email_url,
    s3_origin,
    s3_storage_options,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
TESTING = env_bool("WSPOLPRACA_TESTING", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "wspolpraca.common",
    "wspolpraca.accounts",
    "wspolpraca.conversations",
    "wspolpraca.organisations",
    "wspolpraca.consultations",
    "wspolpraca.competitions",
    "wspolpraca.bodies",
    "wspolpraca.api",
    "wspolpraca.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "django_htmx",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "wspolpraca.common.public_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wspolpraca.common.middleware.PolishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Django's, with the message storage made only when a message is added or shown
    "wspolpraca.common.middleware.LazyMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wspolpraca.common.middleware.PermissionsPolicyMiddleware",
    # django-csp's, with the headers built once from the settings (docs/decisions/0010)
    "wspolpraca.common.middleware.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wspolpraca.accounts.middleware.RequireMFAMiddleware",
    # a form sent after the session expired is kept and offered back after signing in again
    "wspolpraca.common.middleware.KeptFormMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # innermost, so that its process_exception runs first: database unreachable → 503
    "wspolpraca.common.middleware_db.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "wspolpraca.urls"
WSGI_APPLICATION = "wspolpraca.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wspolpraca.common.context_processors.site",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL cannot be parsed: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches: "default" (public pages, settings) and "limits", the counters of every per-address
# limit (login rate limits, the API throttle, public forms). Both are Redis when REDIS_URL is
# set; without it "limits" is Django's database cache, shared by every worker and app server
# (its table is made by the common app's migration; docs/decisions/0006).
LIMITS_CACHE_TABLE = "common_limits_cache"
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LIMITS_DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": LIMITS_CACHE_TABLE,
    # one counter per client and limit: Django's default of 300 rows would cull live counters
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}
CACHES["limits"] = {**CACHES["default"], "KEY_PREFIX": "limits"} if REDIS_URL else LIMITS_DATABASE_CACHE

# The number of reverse proxies in front of the app (nginx: 1). Every per-address limit takes the
# client's address from their X-Forwarded-For through common.client_ip; 0: the connection's address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Background work (the Django tasks API, django-tasks): TASKS_BACKEND=immediate runs a task at
# once, in the process that enqueues it (the default: nothing more to run); database queues it
# in the database for `manage.py db_worker` (production: receipts and offer PDFs are then made
# outside the request; the worker runs as a unit of its own, docs/deploy).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND={TASKS_BACKEND!r}: use one of {', '.join(TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

# Anonymous visitors' public pages are served from the cache for at most this long (0 = off);
# writes empty it at once (common/public_cache.py, docs/decisions/0005).
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 300)

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "common:my_home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "wspolpraca.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Współpraca] "
# allauth's defaults, except failed logins: counted per address only. Its default also counts 5
# per account from anywhere, which would let anyone keep a named person out; axes locks one
# account at one address instead (AXES_LOCKOUT_PARAMETERS below).
ACCOUNT_RATE_LIMITS = False if TESTING else {"login_failed": "10/m/ip"}
# allauth's rate limits take the client's address from the adapter (common.client_ip); its own
# setting is kept equal for any allauth code that reads the header itself.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Współpraca")

# django-axes: lock out after repeated failures of one account from one address. Not by the
# account alone (anyone could lock a named person out on deadline day with five wrong passwords)
# nor by the address alone (one office's NAT is many people); allauth's rate limit of failures
# per address (10 a minute) slows down guessing across many accounts. A locked person may clear
# the lockout with a link by e-mail (accounts/lockout.py).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_USERNAME_CALLABLE = "wspolpraca.accounts.lockout.get_username"
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
# The client's address for the lockout: common.client_ip (honours TRUSTED_PROXY_COUNT, as every limit).
AXES_CLIENT_IP_CALLABLE = "wspolpraca.common.client_ip.client_ip"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Demo data: the published demo password and TOTP secret are refused when DEBUG is off.
DEMO_PASSWORD = "Wspolpraca-demo-2026"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# Internationalisation: Polish first.
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English")), ("uk", _("Ukrainian"))]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

# Files
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
STORAGES = {
    # local files: Django's FileSystemStorage that never leaves a partial file on a full disk
    "default": {"BACKEND": env_str("FILE_STORAGE", "wspolpraca.common.storage.AtomicFileSystemStorage")},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# E-mail
for _key, _value in parse_email_url(env_str("EMAIL_URL", "console://")).items():
    globals()[_key] = _value
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Współpraca <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Admin", a) for a in env_list("ADMINS")]

# The court register's open API (organisations/krs.py): registering an organisation by its KRS
# number fills the form from the register. On unless switched off (tests mock the register);
# when the register does not answer within the timeout (seconds), the form is filled by hand.
KRS_LOOKUP_ENABLED = env_bool("KRS_LOOKUP_ENABLED", not TESTING)
KRS_LOOKUP_TIMEOUT = env_int("KRS_LOOKUP_TIMEOUT", 5)

# Consultations (consultations/services.py): the shortest period without a recorded reason of urgency.
CONSULTATION_MIN_DAYS = env_int("CONSULTATION_MIN_DAYS", 7)

# Opinion requests to bodies (consultations/opinions.py): the body's time for an opinion unless the
# officer sets another, and the shortest allowed (never below 7; a cooperation programme or a
# strategy always has 14 days, art. 41i ust. 2).
OPINION_REQUEST_DAYS = env_int("OPINION_REQUEST_DAYS", 14)
OPINION_REQUEST_MIN_DAYS = env_int("OPINION_REQUEST_MIN_DAYS", 7)

# The public read-only REST API (wspolpraca/api, docs/api.md): JSON for everyone, no login.
# API_THROTTLE_RATE: requests per address, e.g. "120/minute" (s, m, h, d); "off" switches it off
# (tests, benchmarks). The counter lives in the cache: set REDIS_URL when several app servers run.
API_THROTTLE_RATE = env_str("API_THROTTLE_RATE", "off" if TESTING else "120/minute")
if API_THROTTLE_RATE.lower() == "off":
    API_THROTTLE_RATE = None
elif not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", API_THROTTLE_RATE):
    raise ImproperlyConfigured(
        f"API_THROTTLE_RATE={API_THROTTLE_RATE!r} is not a rate (use e.g. 120/minute, 10/s, 5000/day, or off)."
    )
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The client's address for the throttle: common.client_ip (api/throttling.py), not NUM_PROXIES.
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Wspolpraca API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "SCHEMA_PATH_PREFIX_TRIM": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # The description and licence are set by the hook (translated strings of the api app).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "wspolpraca.api.schema.empty_query_values_allowed",
        "wspolpraca.api.schema.describe",
    ],
    "ENUM_NAME_OVERRIDES": {
        "CallModeEnum": "wspolpraca.competitions.enums.CallMode.choices",
        "BodyKindEnum": "wspolpraca.bodies.enums.BodyKind.choices",
        "ResolutionKindEnum": "wspolpraca.bodies.enums.ResolutionKind.choices",
        "ConsultationStateEnum": "wspolpraca.consultations.enums.ConsultationState.choices",
    },
}

# Security headers and the Content Security Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
if STORAGES["default"]["BACKEND"] == S3_STORAGE:
    # S3-compatible object storage (django-storages), configured by the AWS_* variables; its signed
    # URLs (logos) are images from the storage's origin
    STORAGES["default"]["OPTIONS"] = s3_storage_options()
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(s3_origin(STORAGES["default"]["OPTIONS"]))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A refused form (stale CSRF token) is kept like one sent after the session expired.
CSRF_FAILURE_VIEW = "wspolpraca.common.views.csrf_failure"
# How long what was typed into a form sent after the session expired is kept (docs/decisions/0007).
KEPT_FORM_HOURS = env_int("KEPT_FORM_HOURS", 24)
KEPT_FORM_RATE_LIMIT = 30  # forms kept per address and hour for people not signed in (bots)
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if TRUSTED_PROXY_COUNT:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint and its font subsetter log every glyph table at INFO.
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
    },
}

# Static files are served by WhiteNoise; in development and tests straight from the apps.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# Forms render through the project's accessible templates (labels, hints, errors tied
# to fields with aria-describedby, an error summary linked to the fields).
FORM_RENDERER = "wspolpraca.common.forms.renderer.AccessibleFormRenderer"

# Accounts: staff may not switch off two-step verification (wspolpraca.accounts.adapter).
MFA_ADAPTER = "wspolpraca.accounts.adapter.MFAAdapter"

# The published demo password and TOTP secret are refused when DEBUG is off.
ACCOUNT_FORMS = {"login": "wspolpraca.accounts.demo_guard.GuardedLoginForm"}
MFA_FORMS = {
    "authenticate": "wspolpraca.accounts.demo_guard.GuardedAuthenticateForm",
    "reauthenticate": "wspolpraca.accounts.demo_guard.GuardedReauthenticateForm",
}
AUTH_PASSWORD_VALIDATORS.append({"NAME": "wspolpraca.accounts.demo_guard.DemoPasswordValidator"})

# Elections in the civic dialogue commissions (docs/bodies.md): the turnout (% of the organisations
# entitled to vote) below which an election is void — 0: valid whatever the turnout (Płock's rule) —
# and how a tie for the last seat is broken: "lot" (drawn by the officer, recorded) or "second_round".
ELECTION_MIN_TURNOUT = env_int("ELECTION_MIN_TURNOUT", 0)
ELECTION_TIE_RESOLUTION = env_str("ELECTION_TIE_RESOLUTION", "lot")
