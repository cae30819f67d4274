"""Settings come from the environment, typed, failing loudly, working with none set."""

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
