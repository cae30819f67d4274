"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

- Chromium comes from the Debian package (``/usr/bin/chromium``, or ``E2E_CHROMIUM``); we
  never run ``playwright install``. Without it the tests are skipped, except under CI
  (``CI=true``), where a missing browser is a failure, not a silent skip.
- Every test here is marked ``e2e`` (``-m "not e2e"`` leaves them out).
- ``assert_no_axe_violations(page)`` runs axe-core (WCAG 2.1 A + AA) and also checks that the
  browser logged no Content Security Policy violation.
"""

import os
import time
from pathlib import Path

import pytest

from tests.conftest import seed_reference_data

# Playwright's sync API runs an event loop in this thread; Django's ORM (fixtures, factories)
# refuses to run under a running loop unless told it is safe. It is: the loop is Playwright's.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 15_000

E2E_DIR = Path(__file__).parent

_console_logs = {}  # id(page) -> ConsoleLog
_last_totp_counter = {}  # account -> TOTP time step last used in this test


def _in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def pytest_collection_modifyitems(config, items):
    # Belt and braces: everything under tests/e2e carries the e2e marker, even if a file forgets it.
    for item in items:
        if E2E_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


# --- browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = (
            f"Chromium not found at {CHROMIUM}: install Debian's package "
            "(apt-get install chromium) or set E2E_CHROMIUM. Never `playwright install`."
        )
        if _in_ci():
            pytest.fail(message + " (CI=true: browser tests must run in CI)", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class ConsoleLog:
    """Console messages and page errors seen by one page."""

    def __init__(self):
        self.messages = []
        self.page_errors = []

    def csp_violations(self):
        return [
            m.text
            for m in self.messages
            if m.type == "error" and ("Content Security Policy" in m.text or "Content-Security-Policy" in m.text)
        ]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """Districts and public benefit areas, as the data migration puts them in.

    Browser tests run in transactions that are really committed (the live server is another
    thread), so the database is flushed after each one, taking the migration's reference data
    with it; whichever browser test runs next (in any order, on any xdist worker) gets it back.
    Autouse, so it runs before the fixtures that build organisations.
    """
    seed_reference_data()


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A fresh browser context and page per test (own cookies), at desktop size, Polish first."""
    from django.core.cache import caches

    # The live server shares this process's caches: start every test from empty ones (cached
    # site settings of a flushed database, allauth's record of used TOTP codes, the rate limits'
    # counters, whose database table the flush between tests leaves alone).
    for each in caches.all():
        each.clear()
    _last_totp_counter.clear()
    page = new_page(browser)
    yield page
    close_page(page)


def new_page(browser, javascript=True):
    """A page in a new browser context (own cookies: another person at another computer), at
    desktop size, Polish first, its console watched for CSP violations. Close it with close_page().
    `javascript=False` browses as without scripts (progressive enhancement)."""
    context = browser.new_context(
        viewport=DESKTOP, locale="pl-PL", timezone_id="Europe/Warsaw", java_script_enabled=javascript
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    log = ConsoleLog()
    page.on("console", lambda message: log.messages.append(message))
    page.on("pageerror", lambda error: log.page_errors.append(error))
    _console_logs[id(page)] = log
    return page


def close_page(page):
    _console_logs.pop(id(page), None)
    page.context.close()


def console_log(page):
    return _console_logs[id(page)]


# --- helpers -------------------------------------------------------------------------------


def url(live_server, path):
    return live_server.url + path


def goto(page, live_server, path, expect_status=200):
    response = page.goto(url(live_server, path), wait_until="load")
    assert response is not None, f"no response for {path}"
    assert response.status == expect_status, f"{path}: HTTP {response.status}, expected {expect_status}"
    return response


def assert_no_csp_violations(page):
    violations = console_log(page).csp_violations()
    assert not violations, f"Content Security Policy violations on {page.url}:\n" + "\n".join(
        f"  - {text}" for text in violations
    )


def format_axe_violations(violations):
    lines = []
    for v in violations:
        node = v["nodes"][0] if v["nodes"] else {}
        target = ", ".join(str(t) for t in node.get("target", []))
        html = " ".join(node.get("html", "").split())[:300]
        lines.append(
            f"  - {v['id']} ({v.get('impact') or 'n/a'}): {v['help']} [{len(v['nodes'])} node(s)]\n"
            f"      first: {target}\n"
            f"      html:  {html}\n"
            f"      more:  {v.get('helpUrl', '')}"
        )
    return "\n".join(lines)


def axe_violations(page, context=None):
    """axe-core's WCAG 2.1 A and AA violations on the current page (a list of dicts)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, context=context, options=options).response["violations"]


def assert_no_axe_violations(page, context=None):
    """Run axe-core (WCAG 2.1 A and AA rules) on the current page; fail with a readable list.

    Also fails if the browser logged a Content Security Policy violation on this page
    (both problems are reported together).
    """
    problems = []
    violations = axe_violations(page, context)
    if violations:
        problems.append(
            f"axe-core found {len(violations)} WCAG 2.1 A/AA violation(s) on {page.url}:\n"
            + format_axe_violations(violations)
        )
    csp = console_log(page).csp_violations()
    if csp:
        problems.append(f"Content Security Policy violations on {page.url}:\n" + "\n".join(f"  - {t}" for t in csp))
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def assert_no_horizontal_scroll(page):
    scroll_width, inner_width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, (
        f"{page.url} scrolls sideways at {inner_width}px wide: the document is {scroll_width}px wide"
    )


def submit(page, form_or_button):
    """Click the submit button of a form (or the button itself) and wait for the next page."""
    button = form_or_button
    if not form_or_button.evaluate("el => el.tagName === 'BUTTON' || el.tagName === 'INPUT'"):
        button = form_or_button.locator("[type=submit]").first
    with page.expect_navigation(wait_until="load"):
        button.click()


def log_out(page):
    """Sign out from the header: the account's menu ("Konto") holds the button."""
    page.locator(".site-nav__account > summary").click()
    submit(page, page.locator("form[action$='/konto/logout/']").first)


def follow(page, link):
    """Click a link and wait for the next page."""
    with page.expect_navigation(wait_until="load"):
        link.click()


# --- signing in ----------------------------------------------------------------------------


def totp_code(secret, key=None):
    """The current RFC 6238 code for `secret` (30 s steps, 6 digits).

    allauth refuses a code used twice, so for the same `key` (an account) this waits for the
    next time step instead of repeating a code; it also avoids the last second of a step.
    """
    from allauth.mfa.totp.internal.auth import hotp_value

    now = time.time()
    if 30 - now % 30 < 1.5:  # about to roll over: the server might see the next step
        time.sleep(30 - now % 30 + 0.1)
    counter = int(time.time()) // 30
    if key is not None and _last_totp_counter.get(key) == counter:
        time.sleep(30 - time.time() % 30 + 0.1)
        counter = int(time.time()) // 30
    if key is not None:
        _last_totp_counter[key] = counter
    return f"{hotp_value(secret, counter):06d}"


def login(page, live_server, email, password, totp_secret=None):
    """Sign in through the real allauth form (and its two-step page when it appears)."""
    goto(page, live_server, "/konto/login/")
    form = page.locator("form:has(input[name=login])")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation(wait_until="load"):
        form.locator("[type=submit]").first.click()

    code_input = page.locator("input[name=code]")
    if "/2fa/authenticate" in page.url or code_input.count():
        assert totp_secret, f"{email} has two-step verification: pass totp_secret to login()"
        code_input.fill(totp_code(totp_secret, key=email))
        mfa_form = page.locator("form:has(input[name=code])")
        with page.expect_navigation(wait_until="load"):
            mfa_form.locator("[type=submit]").first.click()
        assert "/2fa/authenticate" not in page.url, f"two-step code refused for {email}"

    assert "/konto/login/" not in page.url, f"login failed for {email}: still on {page.url}"
    return page
