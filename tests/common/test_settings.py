"""Settings come from the environment, typed, failing loudly, working with none set."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from wspolpraca.env import env_bool, env_int, env_list, env_str, parse_email_url

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_VARS = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_URL", "REDIS_URL", "SITE_URL")


def load_settings(**env):
    """Import the real settings in a fresh interpreter with exactly these variables set."""
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARS and not k.startswith("WSPOLPRACA_")}
    clean.update(env)
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='wspolpraca.settings'\n"
        "from django.conf import settings\n"
        "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'], settings.EMAIL_BACKEND, "
        "settings.CACHES['default']['BACKEND'], settings.TIME_ZONE, settings.LANGUAGE_CODE)"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_settings_work_with_nothing_set():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "django.db.backends.sqlite3",
        "django.core.mail.backends.console.EmailBackend",
        "django.core.cache.backends.locmem.LocMemCache",
        "Europe/Warsaw",
        "pl",
    ]


def test_secret_key_required_when_debug_is_off():
    result = load_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_bad_boolean_fails_loudly():
    result = load_settings(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_production_values_are_read():
    result = load_settings(
        DEBUG="off",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="example.org",
        DATABASE_URL="postgres://u:p@db.example.org:5432/wspolpraca",
        EMAIL_URL="smtp+tls://user:pa%40ss@mail.example.org:587",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:4] == [
        "False",
        "django.db.backends.postgresql",
        "django.core.mail.backends.smtp.EmailBackend",
        "django.core.cache.backends.redis.RedisCache",
    ]


@pytest.mark.parametrize(
    ("reader", "raw", "expected"),
    [
        (lambda: env_bool("X_TEST", False), "yes", True),
        (lambda: env_bool("X_TEST", True), "0", False),
        (lambda: env_bool("X_TEST", True), "", True),
        (lambda: env_int("X_TEST", 5), "12", 12),
        (lambda: env_list("X_TEST"), "a.org, b.org,", ["a.org", "b.org"]),
        (lambda: env_str("X_TEST", "d"), "  ", "d"),
    ],
)
def test_readers(monkeypatch, reader, raw, expected):
    monkeypatch.setenv("X_TEST", raw)
    assert reader() == expected


@pytest.mark.parametrize(("reader", "raw"), [(lambda: env_bool("X_TEST"), "tak"), (lambda: env_int("X_TEST", 1), "5m")])
def test_readers_fail_loudly(monkeypatch, reader, raw):
    monkeypatch.setenv("X_TEST", raw)
    with pytest.raises(ImproperlyConfigured, match="X_TEST"):
        reader()


def test_email_url():
    config = parse_email_url("smtps://user:p%40ss@mail.example.org")
    assert config["EMAIL_HOST"] == "mail.example.org"
    assert config["EMAIL_PORT"] == 465
    assert config["EMAIL_USE_SSL"] is True
    assert config["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert parse_email_url("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(ImproperlyConfigured, match="not supported"):
        parse_email_url("sendgrid://key")


def test_sqlite_file_database_runs_in_wal_mode(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARS}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='wspolpraca.settings'; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"


def storage_in_fresh_settings(**env):
    """The default storage of the real settings, in a fresh interpreter with these variables."""
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARS and not k.startswith(("AWS_", "FILE_"))}
    clean.update(env)
    code = (
        "import os, json, django; os.environ['DJANGO_SETTINGS_MODULE']='wspolpraca.settings'; django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.files.storage import storages\n"
        "s = storages['default']\n"
        "print(json.dumps({'class': type(s).__module__ + '.' + type(s).__name__, 'bucket': s.bucket_name,"
        " 'endpoint': s.endpoint_url, 'region': s.region_name, 'key': s.access_key, 'location': s.location,"
        " 'overwrite': s.file_overwrite, 'signed': s.querystring_auth, 'acl': s.default_acl,"
        " 'logo_url': s.url('organisations/logos/logo.png'),"
        " 'img_src': settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']}))"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_s3_compatible_storage_from_the_environment():
    """FILE_STORAGE=storages.backends.s3.S3Storage with the AWS_* variables (README): django-storages
    is installed and configured, its signed URLs come from an origin the CSP allows for images
    (logos). No request is made: S3Storage connects on first use, URLs are signed locally."""
    result = storage_in_fresh_settings(
        FILE_STORAGE="storages.backends.s3.S3Storage",
        AWS_STORAGE_BUCKET_NAME="wspolpraca-uploads",
        AWS_S3_ENDPOINT_URL="https://s3.example.org:9000",
        AWS_S3_REGION_NAME="pl-central",
        AWS_ACCESS_KEY_ID="key-id",
        AWS_SECRET_ACCESS_KEY="secret",
        AWS_LOCATION="media",
    )
    assert result.returncode == 0, result.stderr
    storage = json.loads(result.stdout.strip().splitlines()[-1])
    logo_url = storage.pop("logo_url")
    assert storage == {
        "class": "storages.backends.s3.S3Storage",
        "bucket": "wspolpraca-uploads",
        "endpoint": "https://s3.example.org:9000",
        "region": "pl-central",
        "key": "key-id",
        "location": "media",
        "overwrite": False,  # a file never replaces another of the same name
        "signed": True,  # URLs are signed: the bucket stays private
        "acl": None,  # the bucket's own default
        "img_src": ["'self'", "data:", "https://s3.example.org:9000"],
    }
    assert logo_url.startswith("https://s3.example.org:9000/wspolpraca-uploads/media/organisations/logos/logo.png?")


def test_s3_on_amazon_without_an_endpoint():
    result = storage_in_fresh_settings(
        FILE_STORAGE="storages.backends.s3.S3Storage",
        AWS_STORAGE_BUCKET_NAME="uploads",
        AWS_S3_REGION_NAME="eu-central-1",
        AWS_ACCESS_KEY_ID="key-id",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    assert result.returncode == 0, result.stderr
    storage = json.loads(result.stdout.strip().splitlines()[-1])
    assert storage["img_src"][-1] == "https://s3.eu-central-1.amazonaws.com"
    assert storage["logo_url"].startswith("https://s3.eu-central-1.amazonaws.com/uploads/organisations/logos/logo.png?")


def test_s3_storage_without_a_bucket_fails_loudly():
    result = storage_in_fresh_settings(FILE_STORAGE="storages.backends.s3.S3Storage")
    assert result.returncode != 0
    assert "needs AWS_STORAGE_BUCKET_NAME" in result.stderr
