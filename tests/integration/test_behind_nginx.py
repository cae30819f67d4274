"""The deploy guide's nginx block and the settings, tested together behind a real nginx.

nginx (Debian's nginx-light) runs as a child process with the `location /` server block of
docs/deploy/README.md, rendered for a free port and a temporary prefix, in front of
pytest-django's live server; TRUSTED_PROXY_COUNT is the guide's. Clients connect from distinct
loopback addresses (127.0.0.2, 127.0.0.3…: on Linux all of 127.0.0.0/8 is loopback), so nginx's
$proxy_add_x_forwarded_for carries different real addresses, as on the internet. Without nginx
the tests are skipped, except under CI (CI=true), where that is a failure.

Marked `nginx` (`-m nginx` selects them).
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.urls import reverse

from tests.competitions.factories import CityUnitFactory
from tests.competitions.test_small_grants_factories import sg_call
from tests.competitions.test_small_grants_pages import publish, received
from tests.conftest import seed_reference_data
from tests.factories import TEST_PASSWORD
from wspolpraca.common.public_cache import HIT_HEADER
from wspolpraca.competitions.small_grants.services import COMMENT_RATE_LIMIT

pytestmark = [pytest.mark.nginx, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """The public benefit areas a small-grant call needs (the flush after any transactional test
    removes them)."""
    seed_reference_data()


NGINX = os.environ.get("NGINX", shutil.which("nginx") or "/usr/sbin/nginx")
GUIDE = Path(django_settings.BASE_DIR) / "docs" / "deploy" / "README.md"
LOGIN = "/konto/login/"


def _in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def _guide():
    return GUIDE.read_text(encoding="utf-8")


def guide_proxy_count():
    """TRUSTED_PROXY_COUNT of the guide's environment file."""
    return int(re.search(r"^TRUSTED_PROXY_COUNT=(\d+)", _guide(), re.M).group(1))


def guide_server_block(*, port, upstream, root):
    """The guide's server block that proxies to the app, listening on 127.0.0.1:`port` without
    TLS, proxying to `upstream`, its file paths under `root`."""
    config = re.search(r"```nginx\n(.*?)```", _guide(), re.S).group(1)
    blocks = re.split(r"^(?=server \{)", config, flags=re.M)
    block = next(b for b in blocks if "proxy_pass" in b)
    kept = [
        line
        for line in block.splitlines()
        if not re.match(r"\s*(listen\b|ssl_|http2\b)", line)  # TLS is not what is tested here
    ]
    block = "\n".join(kept).replace("server {", f"server {{\n    listen 127.0.0.1:{port};", 1)
    block = re.sub(r"proxy_pass http://127\.0\.0\.1:8001", f"proxy_pass {upstream}", block)
    assert f"proxy_pass {upstream}" in block, "the guide's proxy_pass changed: update this test"
    return block.replace("/var/lib/wspolpraca/", f"{root}/")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port, process, deadline=10.0):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if process.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


@pytest.fixture
def nginx(live_server, tmp_path, settings):
    """nginx in front of the live server, as the guide sets it up; yields its port."""
    if not os.path.exists(NGINX):
        message = f"nginx not found at {NGINX}: install Debian's nginx-light (or set NGINX)."
        if _in_ci():
            pytest.fail(message + " (CI=true: the tests behind nginx must run in CI)", pytrace=False)
        pytest.skip(message)
    settings.TRUSTED_PROXY_COUNT = guide_proxy_count()
    port = _free_port()
    temp = {name: tmp_path / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir()
    server = guide_server_block(port=port, upstream=live_server.url, root=tmp_path)
    (tmp_path / "nginx.conf").write_text(
        f"""daemon off;
master_process off;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {tmp_path}/access.log;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
{server}
}}
"""
    )
    process = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        if not _wait_for(port, process):
            log = (tmp_path / "error.log").read_text() if (tmp_path / "error.log").exists() else ""
            pytest.fail(f"nginx did not start: {log}{process.stderr.read().decode() if process.poll() else ''}")
        caches["limits"].clear()
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        caches["limits"].clear()


class Visitor:
    """A browser at one address: keeps its cookies; `forwarded` is an X-Forwarded-For of its own."""

    def __init__(self, port, address, forwarded=None):
        self.port, self.address, self.forwarded = port, address, forwarded
        self.cookies = {}
        self.tokens = {}
        self.headers = None  # of the last response

    def request(self, method, path, form=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15, source_address=(self.address, 0))
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.forwarded:
            headers["X-Forwarded-For"] = self.forwarded
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            content = response.read().decode()
        finally:
            connection.close()
        self.headers = response.headers
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, content

    def post(self, path, form):
        """Send the form at `path` as a browser does: with the CSRF token of the page."""
        if path not in self.tokens:
            status, html = self.request("GET", path)
            assert status == 200, (path, status)
            self.tokens[path] = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        return self.request("POST", path, {**form, "csrfmiddlewaretoken": self.tokens[path]})[0]

    def log_in(self, email, password):
        return self.post(LOGIN, {"login": email, "password": password})


def test_five_failures_lock_out_only_that_client_for_that_account(nginx, resident, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}  # production's (off in tests)
    limit = settings.AXES_FAILURE_LIMIT
    attacker, owner = Visitor(nginx, "127.0.0.2"), Visitor(nginx, "127.0.0.3")
    assert [attacker.log_in(resident.email, "zle-haslo") for _ in range(limit)][-1] == 429
    assert attacker.log_in(resident.email, TEST_PASSWORD) == 429
    # the attacker writes another address into X-Forwarded-For: nginx appends the real one
    forger = Visitor(nginx, "127.0.0.2", forwarded="127.0.0.3")
    assert forger.log_in(resident.email, TEST_PASSWORD) == 429
    # the owner, from another address, signs in
    assert owner.log_in(resident.email, TEST_PASSWORD) == 302


def test_comment_limit_counts_each_client(nginx, officer):
    unit = CityUnitFactory()
    unit.officers.add(officer)
    review = publish(received(sg_call(unit=unit)), officer)
    path = reverse("small_grants:offer", args=[review.pk])
    data = {"author_name": "A", "author_email": "a@example.org", "text": "Uwaga.", "consent": "on"}
    first = Visitor(nginx, "127.0.0.4")
    assert [first.post(path, data) for _ in range(COMMENT_RATE_LIMIT + 1)][-2:] == [302, 429]
    assert Visitor(nginx, "127.0.0.4", forwarded="127.0.0.5").post(path, data) == 429
    assert Visitor(nginx, "127.0.0.5").post(path, data) == 302


def test_api_throttle_counts_each_client_also_from_the_page_cache(nginx, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    settings.PUBLIC_CACHE_SECONDS = 300
    first = Visitor(nginx, "127.0.0.6")
    answers = []
    for _ in range(4):
        answers.append((first.request("GET", "/api/v1/calls/")[0], first.headers.get(HIT_HEADER)))
    assert answers == [(200, "miss"), (200, "hit"), (200, "hit"), (429, None)]
    assert Visitor(nginx, "127.0.0.6", forwarded="127.0.0.7").request("GET", "/api/v1/calls/")[0] == 429
    assert Visitor(nginx, "127.0.0.7").request("GET", "/api/v1/calls/")[0] == 200
