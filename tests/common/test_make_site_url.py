"""`make run`/`make serve` pass SITE_URL derived from HOST, so the demo's e-mails link to its port."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def runserver_line(*args, env_site_url=None):
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "HOST", "MAKEFLAGS")}
    if env_site_url:
        env["SITE_URL"] = env_site_url
    out = subprocess.run(
        ["make", "-n", "serve", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    return next(line for line in out.splitlines() if "runserver" in line)


@pytest.mark.parametrize(
    ("args", "site_url"),
    [
        ((), "http://127.0.0.1:8000"),
        (("HOST=0.0.0.0:8080",), "http://127.0.0.1:8080"),
        (("HOST=8081",), "http://127.0.0.1:8081"),
        (("HOST=[::]:9000",), "http://[::1]:9000"),
        (("HOST=192.168.1.5:8000",), "http://192.168.1.5:8000"),
        (("HOST=0.0.0.0:8080", "SITE_URL=https://wspolpraca.example.org"), "https://wspolpraca.example.org"),
    ],
)
def test_site_url_follows_host(args, site_url):
    assert runserver_line(*args).startswith(f"SITE_URL='{site_url}' ")


def test_site_url_from_the_environment_wins():
    line = runserver_line("HOST=0.0.0.0:8080", env_site_url="https://wspolpraca.example.org")
    assert line.startswith("SITE_URL='https://wspolpraca.example.org' ")
