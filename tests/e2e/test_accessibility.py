"""The accessibility sweep: every page each persona may open (the permission matrix's 200s),
plus forms showing validation errors, pass axe-core at WCAG 2.1 A and AA with no Content
Security Policy violation; pages outside the officer panel do not scroll sideways at 390 px.
Their sources (the HTML the server sent) pass the W3C Nu HTML checker with no error: kept by
every persona's run and checked together by one checker run at the end of the session.

One browser context per persona (one test each), signed in through the real login form
(with a TOTP code for staff), so the pages are seen exactly as that person sees them.
"""

import time
import warnings

import pytest
from django.urls import reverse

from tests.conftest import TEST_TOTP_SECRET
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    _in_ci,
    axe_violations,
    console_log,
    format_axe_violations,
    goto,
    login,
    url,
)
from tests.e2e.html_checker import HtmlPages, find_checker
from tests.factories import TEST_PASSWORD
from tests.integration import test_permission_matrix as matrix
from tests.integration.test_permission_matrix import MATRIX, PERSONAS

pytestmark = pytest.mark.e2e

# The permission matrix's fixture: the same organisations, members and requests it checks.
world = matrix.world

# council_member is left out: beyond a resident's pages they open only the form on which a
# body's secretary records an opinion, which the officer's run checks (the same page).
SWEEP_PERSONAS = [
    "anonymous",
    "resident",
    "representative",
    "editor",
    "officer",
    "executive",
    "administrator",
    "commission_member",
]
WITH_TOTP = {"officer", "executive", "administrator", "commission_member"}

# Downloads, not pages: only their status and type are checked.
DOWNLOADS = {
    "directory CSV": "text/csv",
    "panel organisations CSV": "text/csv",
    "my data": "application/json",
    # Competitions: feeds, notices, offer documents and exports.
    "deadlines iCal": "text/calendar",
    "calls Atom": "application/atom+xml",
    "panel notice PDF": "application/pdf",
    "panel BIP export": "text/html",
    "offer attachment": "application/pdf",
    "offer receipt": "application/pdf",
    "offer PDF": "application/pdf",
    "commission offer PDF": "application/pdf",
    "offer canonical": "application/json",
    "panel offers XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "panel offers CSV": "text/csv",
}
# Each matrix module may list its own downloads (name → content type) as DOWNLOADS.
for _module in matrix.MODULES:
    DOWNLOADS.update(getattr(_module, "DOWNLOADS", {}))
# Django's own admin is third-party UI that we do not style or template: status only, no axe.
THIRD_PARTY = {"django admin"}


def pages_for(persona, world):
    column = PERSONAS.index(persona)
    return [(name, build(world)) for name, build, expected in MATRIX if expected[column] == 200]


@pytest.fixture(scope="session")
def html_pages():
    """The sources of every page the sweep saw on this process, checked at the end of the session
    by one run of the Nu HTML checker (one JVM per pytest-xdist worker). Without the checker
    the sweep fails under CI and runs without the HTML check locally (with a warning)."""
    checker, reason = find_checker()
    if checker is None:
        if _in_ci():
            pytest.fail(f"{reason} (CI=true: the HTML check must run in CI)", pytrace=False)
        warnings.warn(f"HTML validity not checked: {reason}", stacklevel=1)
        yield None
        return
    pages = HtmlPages(checker)
    yield pages
    started = time.monotonic()
    try:
        errors = pages.errors()
    finally:
        pages.close()
    if errors:
        pytest.fail(
            f"the Nu HTML checker found {len(errors)} error(s) in {len(pages.labels)} page(s) "
            f"({time.monotonic() - started:.1f}s):\n" + "\n".join(errors),
            pytrace=False,
        )


class Problems:
    """Everything wrong across a persona's pages, reported together at the end."""

    def __init__(self, page, persona, html_pages):
        self.page = page
        self.persona = persona
        self.html_pages = html_pages
        self.items = []
        self._csp_seen = 0

    def check(self, label, *, response=None, h1=True, scroll=False):
        page = self.page
        if response is not None and self.html_pages is not None:
            self.html_pages.add(f"{self.persona}, {label}", response.url, response.text())
        violations = axe_violations(page)
        if violations:
            self.items.append(f"[{label}] {page.url}: axe\n{format_axe_violations(violations)}")
        csp = console_log(page).csp_violations()
        if len(csp) > self._csp_seen:
            self.items.append(f"[{label}] {page.url}: CSP\n  " + "\n  ".join(csp[self._csp_seen :]))
            self._csp_seen = len(csp)
        if h1 and page.locator("h1").count() != 1:
            self.items.append(f"[{label}] {page.url}: {page.locator('h1').count()} <h1> elements, expected 1")
        if scroll:
            scroll_width, inner_width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
            if scroll_width > inner_width:
                self.items.append(f"[{label}] {page.url}: scrolls sideways at {inner_width}px ({scroll_width}px)")

    def expect(self, condition, message):
        if not condition:
            self.items.append(message)

    def assert_none(self, persona):
        if self.items:
            pytest.fail(f"{persona}: {len(self.items)} problem(s)\n" + "\n".join(self.items), pytrace=False)


def submit(page, form):
    """Submit the form; the response to it."""
    with page.expect_navigation(wait_until="load") as navigation:
        form.locator("[type=submit]").first.click()
    return navigation.value


def visit_matrix_pages(page, live_server, persona, world, problems):
    for name, path in pages_for(persona, world):
        if name in DOWNLOADS or name in THIRD_PARTY:
            response = page.request.get(url(live_server, path), max_redirects=0)
            problems.expect(response.status == 200, f"[{name}] {path}: HTTP {response.status}")
            if name in DOWNLOADS:
                content_type = response.headers.get("content-type", "")
                problems.expect(content_type.startswith(DOWNLOADS[name]), f"[{name}] {path}: {content_type}")
            continue
        public = not path.startswith("/panel/")
        page.set_viewport_size(DESKTOP)
        response = goto(page, live_server, path)
        problems.check(name, response=response)
        if public:
            page.set_viewport_size(PHONE)
            # A reload lays the page out afresh at phone width (as a phone would get it).
            page.reload(wait_until="load")
            # axe again at phone width for visitors' pages: narrow screens surface other rules
            # (e.g. scrollable regions); for signed-in people the scroll check is enough.
            if persona == "anonymous":
                problems.check(f"{name}, 390px", h1=False, scroll=True)
            else:
                scroll_width, inner_width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
                problems.expect(
                    scroll_width <= inner_width,
                    f"[{name}, 390px] {page.url}: scrolls sideways ({scroll_width}px > {inner_width}px)",
                )
    page.set_viewport_size(DESKTOP)


def show_errors(page, live_server, path, problems, label, prepare=None):
    """Open a form, empty it (or `prepare` it), submit, and check the page with its errors."""
    goto(page, live_server, path)
    form = page.locator("main form[method=post]").last
    if prepare:
        prepare(form)
    response = submit(page, form)
    summary = page.locator(".error-summary, .errorlist, .field__error, [aria-invalid=true]")
    problems.expect(summary.count() > 0, f"[{label}] {page.url}: submitting showed no error")
    problems.check(label, response=response)


def clear_text_fields(form):
    fields = form.locator("input[type=text], input[type=email], input[type=url], input[type=tel], textarea")
    for i in range(fields.count()):
        fields.nth(i).fill("")


def uncheck_radios(form):
    form.evaluate("f => f.querySelectorAll('input[type=radio]').forEach(r => { r.checked = false; })")


def error_forms(page, live_server, persona, user, world, problems):
    org = world["org"]
    if persona == "anonymous":
        show_errors(page, live_server, reverse("account_signup"), problems, "signup, empty")
        show_errors(page, live_server, reverse("account_reset_password"), problems, "password reset, empty")
        show_errors(
            page,
            live_server,
            reverse("consultations:resident_comment", args=[world["cons_residents"].pk]),
            problems,
            "resident's comment without an account, empty",
        )
        goto(page, live_server, reverse("account_login"))
        form = page.locator("form:has(input[name=login])")
        form.locator("input[name=login]").fill("nikt@example.org")
        form.locator("input[name=password]").fill("wrong-password")
        response = submit(page, form)
        problems.check("login, wrong password", response=response)
    elif persona == "resident":
        show_errors(page, live_server, reverse("organisations:register"), problems, "register organisation, empty")
        show_errors(
            page,
            live_server,
            reverse("organisations:join", args=[org.slug]),
            problems,
            "join request, empty",
            prepare=uncheck_radios,
        )
        show_errors(page, live_server, reverse("accounts:delete"), problems, "delete account, empty")
        show_errors(page, live_server, reverse("account_change_password"), problems, "change password, empty")
    elif persona == "representative":
        join_request = world["join_request"]
        show_errors(
            page,
            live_server,
            reverse("organisations:join_request", args=[org.slug, join_request.pk]),
            problems,
            "join request decision, empty",
        )
        show_errors(
            page,
            live_server,
            reverse("organisations:edit", args=[org.slug]),
            problems,
            "edit organisation, emptied",
            prepare=clear_text_fields,
        )
        show_errors(page, live_server, reverse("offers:copy"), problems, "copy an earlier offer, nothing chosen")
        show_errors(
            page,
            live_server,
            reverse("consultations:comment_add", args=[world["cons_open"].pk]),
            problems,
            "consultation comment, empty",
        )
        show_errors(
            page,
            live_server,
            reverse("conversations:thread", args=["oferta", world["submitted_offer"].pk]),
            problems,
            "message, empty",
        )
    elif persona == "officer":
        show_errors(
            page,
            live_server,
            reverse("organisations_panel:request_corrections", args=[world["pending"].pk]),
            problems,
            "corrections, empty",
        )
        show_errors(
            page,
            live_server,
            reverse("organisations_panel:identity_change", args=[world["identity_change"].pk]),
            problems,
            "change of identity data, no decision",
        )
        show_errors(
            page,
            live_server,
            reverse("bodies_panel:membership_end", args=[world["body_membership"].pk]),
            problems,
            "end a council membership, no reason",
        )
        show_errors(
            page,
            live_server,
            reverse("bodies_panel:member_create", args=[world["body"].pk, world["body_term"].pk]),
            problems,
            "council member, nothing typed",
        )
        show_errors(
            page,
            live_server,
            reverse("consultations_panel:add"),
            problems,
            "new consultation, empty",
        )
        show_errors(
            page,
            live_server,
            reverse("consultations_panel:intake", args=[world["cons_open"].pk]),
            problems,
            "paper comment, empty",
        )
    elif persona == "administrator":
        show_errors(
            page,
            live_server,
            reverse("panel:site_settings"),
            problems,
            "site settings, emptied",
            prepare=clear_text_fields,
        )

        # Roles: an administrator may not take away their own administrator role.
        def uncheck_all(form):
            boxes = form.locator("input[type=checkbox]")
            for i in range(boxes.count()):
                boxes.nth(i).uncheck()

        show_errors(
            page,
            live_server,
            reverse("accounts_panel:user_roles", args=[user.pk]),
            problems,
            "own roles, all unchecked",
            prepare=uncheck_all,
        )


@pytest.mark.parametrize("persona", SWEEP_PERSONAS)
def test_every_page_a_persona_may_open_is_accessible(persona, request, page, live_server, world, html_pages):
    user = None
    if persona != "anonymous":
        user = request.getfixturevalue(persona)
        login(
            page, live_server, user.email, TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET if persona in WITH_TOTP else None
        )
    problems = Problems(page, persona, html_pages)
    visit_matrix_pages(page, live_server, persona, world, problems)
    error_forms(page, live_server, persona, user, world, problems)
    problems.assert_none(persona)
