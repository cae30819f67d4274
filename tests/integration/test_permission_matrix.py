"""Every page × every persona → the status they get.

The table is the specification: a change of who may see what must change this table.
Rows: (name, path builder). Columns: the personas in PERSONAS order.
  200 = the page, 302 = sent to log in (or elsewhere, see the row), 403 = refused,
  404 = a private object of others (its existence is not revealed), 405 = POST only.
"""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.integration import (
    matrix_agreements,
    matrix_api,
    matrix_bodies,
    matrix_calls,
    matrix_consultations,
    matrix_conversations,
    matrix_offers,
    matrix_register,
    matrix_reports,
    matrix_results,
    matrix_scoring,
    matrix_small_grants,
)
from tests.organisations.factories import JoinRequestFactory, MembershipFactory, OrganisationFactory
from wspolpraca.organisations.enums import VerificationStatus
from wspolpraca.organisations.models import IdentityChangeRequest

PERSONAS = [
    "anonymous",
    "resident",
    "representative",
    "editor",
    "officer",
    "executive",
    "administrator",
    "commission_member",
    "council_member",
]


@pytest.fixture
def world(db, organisation, representative, editor, officer, executive, commission_member, council_member):
    pending = OrganisationFactory(
        name="Fundacja W Trakcie Weryfikacji", slug="fundacja-w-trakcie", verification_status=VerificationStatus.PENDING
    )
    MembershipFactory(organisation=pending)
    member = MembershipFactory(organisation=organisation, role="editor")
    # another organisation's request, so that `org`'s edit page stays fully editable
    renamed = OrganisationFactory(name="Fundacja Przed Zmianą Nazwy", slug="fundacja-przed-zmiana")
    identity_change = IdentityChangeRequest.objects.create(
        organisation=renamed, before={"name": renamed.name}, after={"name": "Fundacja Po Zmianie Nazwy"}
    )
    join_request = JoinRequestFactory(organisation=organisation, user=UserFactory())
    other_user = UserFactory(email="ktos@example.org")
    w = {
        "org": organisation,
        "pending": pending,
        "member": member,
        "join_request": join_request,
        "identity_change": identity_change,
        "user": other_user,
        "representative": representative,
        "editor": editor,
        "officer": officer,
        "executive": executive,
        "commission_member": commission_member,
        "council_member": council_member,
    }
    for module in MODULES:
        module.build(w)
    return w


def url(name, *args):
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args])


slug = lambda key: lambda w: w[key].slug  # noqa: E731
pk = lambda key: lambda w: w[key].pk  # noqa: E731

#         anon resid  rep  edit  offi  exec  admin comm council
MATRIX = [
    ("home", url("common:home"), [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("accessibility", url("common:accessibility"), [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("privacy", url("common:privacy"), [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("contact", url("common:contact"), [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    # nothing kept for anyone here: to the login page, or on to the dashboard (test_kept_forms.py)
    ("kept forms", url("common:kept_forms"), [302, 302, 302, 302, 302, 302, 302, 302, 302]),
    ("login", url("account_login"), [200, 302, 302, 302, 302, 302, 302, 302, 302]),
    ("signup", url("account_signup"), [200, 302, 302, 302, 302, 302, 302, 302, 302]),
    ("password reset", url("account_reset_password"), [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    # the lockout's unlock link: asked for by anyone, opened by anyone holding it (an invalid one here)
    ("unlock request", url("accounts:unlock_request"), [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("unlock link", url("accounts:unlock", "not-a-valid-token"), [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("dashboard", url("accounts:dashboard"), [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("my matters", url("common:my_home"), [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("my data", url("accounts:export"), [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("delete account", url("accounts:delete"), [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("e-mail addresses", url("account_email"), [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("change password", url("account_change_password"), [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("two-step verification", url("mfa_index"), [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("directory", url("organisations:directory"), [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("directory CSV", url("organisations:directory_export"), [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("register organisation", url("organisations:register"), [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("my organisations", url("organisations:mine"), [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("verified profile", url("organisations:detail", slug("org")), [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("pending profile", url("organisations:detail", slug("pending")), [404, 404, 404, 404, 200, 404, 200, 404, 404]),
    ("join", url("organisations:join", slug("org")), [302, 200, 302, 302, 200, 200, 200, 200, 200]),
    # Officers may see every organisation, so they get 403 (not 404) on members' pages.
    ("edit organisation", url("organisations:edit", slug("org")), [302, 404, 200, 403, 403, 404, 200, 404, 404]),
    (
        "edit pending of others",
        url("organisations:edit", slug("pending")),
        [302, 404, 404, 404, 403, 404, 200, 404, 404],
    ),
    ("members", url("organisations:members", slug("org")), [302, 404, 200, 403, 403, 404, 200, 404, 404]),
    (
        "remove member",
        url("organisations:member_remove", slug("org"), pk("member")),
        [302, 404, 200, 403, 403, 404, 200, 404, 404],
    ),
    (
        "join request",
        url("organisations:join_request", slug("org"), pk("join_request")),
        [302, 404, 200, 403, 403, 404, 200, 404, 404],
    ),
    ("panel", url("panel:home"), [302, 403, 403, 403, 200, 200, 200, 403, 403]),
    ("site settings", url("panel:site_settings"), [302, 403, 403, 403, 403, 403, 200, 403, 403]),
    ("panel organisations", url("organisations_panel:list"), [302, 403, 403, 403, 200, 403, 200, 403, 403]),
    ("panel organisations CSV", url("organisations_panel:export"), [302, 403, 403, 403, 200, 403, 200, 403, 403]),
    (
        "panel organisation",
        url("organisations_panel:detail", pk("pending")),
        [302, 403, 403, 403, 200, 403, 200, 403, 403],
    ),
    ("verify", url("organisations_panel:verify", pk("pending")), [302, 403, 403, 403, 200, 403, 200, 403, 403]),
    (
        "corrections",
        url("organisations_panel:request_corrections", pk("pending")),
        [302, 403, 403, 403, 200, 403, 200, 403, 403],
    ),
    (
        "panel identity changes",
        url("organisations_panel:identity_changes"),
        [302, 403, 403, 403, 200, 403, 200, 403, 403],
    ),
    (
        "panel identity change",
        url("organisations_panel:identity_change", pk("identity_change")),
        [302, 403, 403, 403, 200, 403, 200, 403, 403],
    ),
    # POST only: a representative (and the administrator) gets 405 on GET, the others are stopped before
    # (the request is found only on POST, so another organisation's pk shows the same)
    (
        "withdraw identity change",
        url("organisations:identity_change_withdraw", slug("org"), pk("identity_change")),
        [302, 404, 405, 403, 403, 404, 405, 404, 404],
    ),
    ("users", url("accounts_panel:user_list"), [302, 403, 403, 403, 403, 403, 200, 403, 403]),
    ("user roles", url("accounts_panel:user_roles", pk("user")), [302, 403, 403, 403, 403, 403, 200, 403, 403]),
    ("django admin", lambda w: "/admin/", [302, 302, 302, 302, 302, 302, 200, 302, 302]),
    # no sign-in form of its own: to the site's sign-in (anonymous), to the admin (administrator)
    ("django admin login", lambda w: "/admin/login/", [302, 403, 403, 403, 403, 403, 302, 403, 403]),
]

# Each module keeps its rows (and the objects they need) in its own file; see matrix_calls.py.
MODULES = [
    matrix_calls,
    matrix_offers,
    matrix_small_grants,
    matrix_scoring,
    matrix_results,
    matrix_register,
    matrix_agreements,
    matrix_reports,
    matrix_api,
    matrix_conversations,
    matrix_bodies,
    matrix_consultations,
]
for _module in MODULES:
    MATRIX += _module.rows(url, slug, pk)


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(persona, request, client, world):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    column = PERSONAS.index(persona)
    got = {}
    for name, build, expected in MATRIX:
        response = client.get(build(world))
        got[name] = (response.status_code, expected[column])
    wrong = {name: f"got {g}, expected {e}" for name, (g, e) in got.items() if g != e}
    assert not wrong, f"{persona}: {wrong}"


def test_matrix_covers_every_named_page():
    """A new URL must get a row here (or be listed as not a page)."""
    from django.urls import get_resolver

    not_pages = {
        "set_language",  # POST only
        "common:language",  # a redirect that sets the language cookie
        "common:theme",  # the identity's stylesheet and logo, files for everyone: tests/common/test_site_identity.py
        "common:logo",
        "account_logout",  # confirmation then POST
        "account_inactive",
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "account_confirm_reauthentication_code",
        "account_email_verification_sent",
        "account_set_password",
        "account_confirm_login_code",
        "account_confirm_email",
        "account_reset_password_from_key_done",
        "account_reset_password_from_key",
        "account_reset_password_done",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_activate_totp",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "organisations:resubmit",  # only after corrections were requested; tested in tests/organisations
        "organisations:member_role",  # POST only
    }
    names = set()

    def walk(patterns, ns=None):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                if p.namespace == "admin":
                    continue
                walk(p.url_patterns, p.namespace or ns)
            elif p.name:
                names.add(f"{ns}:{p.name}" if ns else p.name)

    walk(get_resolver().url_patterns)
    matrix_names = set()
    for _name, build, _e in MATRIX:
        closure_vars = build.__closure__ or ()
        for cell in closure_vars:
            if isinstance(cell.cell_contents, str) and (":" in cell.cell_contents or cell.cell_contents in names):
                matrix_names.add(cell.cell_contents)
    for module in MODULES:
        not_pages |= set(getattr(module, "NOT_PAGES", ()))
    missing = names - matrix_names - not_pages
    assert not missing, f"pages without a row in the permission matrix: {sorted(missing)}"
