"""Typed reading of settings from the environment.

Every reader fails loudly (ImproperlyConfigured) on a value it cannot parse, and
returns the default when the variable is unset or empty.
"""

import os
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def _raw(name):
    value = os.environ.get(name, "")
    return value.strip() or None


def env_str(name, default=""):
    value = _raw(name)
    return default if value is None else value


def env_bool(name, default=False):
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true/false, 1/0, yes/no, on/off).")


def env_int(name, default):
    value = _raw(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_list(name, default=()):
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def parse_email_url(url):
    """Turn EMAIL_URL into Django e-mail settings.

    console://            print messages (the default)
    smtp://user:pass@host:25, smtp+tls://…:587 (STARTTLS), smtps://…:465 (SSL)
    file:///var/mail/wspolpraca, locmem://, dummy://
    """
    parsed = urlparse(url)
    if parsed.scheme not in EMAIL_BACKENDS:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {parsed.scheme!r} is not supported; use one of {', '.join(sorted(EMAIL_BACKENDS))}."
        )
    config = {"EMAIL_BACKEND": EMAIL_BACKENDS[parsed.scheme]}
    if parsed.scheme.startswith("smtp"):
        try:
            port = parsed.port
        except ValueError:
            raise ImproperlyConfigured(f"EMAIL_URL has a bad port: {url!r}") from None
        config.update(
            EMAIL_HOST=parsed.hostname or "localhost",
            EMAIL_PORT=port or {"smtps": 465, "smtp+tls": 587}.get(parsed.scheme, 25),
            EMAIL_HOST_USER=unquote(parsed.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parsed.password or ""),
            EMAIL_USE_TLS=parsed.scheme == "smtp+tls",
            EMAIL_USE_SSL=parsed.scheme == "smtps",
        )
        options = parse_qs(parsed.query)
        if "timeout" in options:
            config["EMAIL_TIMEOUT"] = int(options["timeout"][0])
    if parsed.scheme == "file":
        config["EMAIL_FILE_PATH"] = parsed.path
    return config


S3_STORAGE = "storages.backends.s3.S3Storage"
# django-storages' S3Storage option ← the variable it is read from (django-storages' own names)
S3_VARIABLES = {
    "bucket_name": "AWS_STORAGE_BUCKET_NAME",
    "endpoint_url": "AWS_S3_ENDPOINT_URL",
    "region_name": "AWS_S3_REGION_NAME",
    "access_key": "AWS_ACCESS_KEY_ID",
    "secret_key": "AWS_SECRET_ACCESS_KEY",
    "location": "AWS_LOCATION",
    "default_acl": "AWS_DEFAULT_ACL",
}


def s3_storage_options():
    """OPTIONS for django-storages' S3Storage (FILE_STORAGE=storages.backends.s3.S3Storage), from the
    AWS_* variables; any S3-compatible service through AWS_S3_ENDPOINT_URL.

    Uploads are served only through the authorised views, so the bucket stays private (its own
    default; AWS_DEFAULT_ACL only if a provider needs a canned ACL); URLs, if ever made, are signed;
    a file never replaces another of the same name (S3Storage overwrites by default). Without
    AWS_S3_ENDPOINT_URL: Amazon S3 in AWS_S3_REGION_NAME.
    """
    options = {option: env_str(name) for option, name in S3_VARIABLES.items() if env_str(name)}
    if "bucket_name" not in options:
        raise ImproperlyConfigured(f"FILE_STORAGE={S3_STORAGE} needs AWS_STORAGE_BUCKET_NAME.")
    # path-style URLs (endpoint/bucket/name): one origin to allow in the CSP, see s3_origin()
    options.update(querystring_auth=True, file_overwrite=False, addressing_style="path")
    return options


def s3_origin(options):
    """The origin of the storage's (signed) file URLs, e.g. logos in <img>: the CSP allows it."""
    endpoint = options.get("endpoint_url")
    if not endpoint:
        region = options.get("region_name")
        endpoint = f"https://s3.{region}.amazonaws.com" if region else "https://s3.amazonaws.com"
    parsed = urlparse(endpoint)
    return f"{parsed.scheme}://{parsed.netloc}"
