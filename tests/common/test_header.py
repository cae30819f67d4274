"""The header's links follow the person's roles; the executive's panel carries the executive's title."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.competitions.factories import CallFactory
from wspolpraca.competitions.enums import CommissionRole
from wspolpraca.competitions.models import CommissionMember

HOME = reverse("common:home")
OFFERS = reverse("offers:mine")
COMMISSIONS = reverse("commission_panel:mine")
PANEL = reverse("panel:home")


def header_of(client, user, path=HOME):
    client.cookies["django_language"] = "en"
    client.force_login(user)
    with translation.override("en"):
        response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    return re.search(r'<header class="site-header">.*?</header>', html, re.S).group(0)


def links_of(header):
    return set(re.findall(r'<a href="([^"]+)"', header))


def seat_for(user, officer):
    return CommissionMember.objects.create(call=CallFactory(), user=user, role=CommissionRole.NGO, appointed_by=officer)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "offers", "commissions", "panel"),
    [
        ("resident", False, False, False),
        ("representative", True, False, False),
        ("editor", True, False, False),
        ("officer", False, False, True),
        ("executive", False, False, True),
        ("administrator", False, False, True),
        ("commission_member", False, True, False),
    ],
)
def test_header_links_follow_the_roles(client, request, officer, persona, offers, commissions, panel):
    user = request.getfixturevalue(persona)
    if persona == "commission_member":
        seat_for(user, officer)
    header = header_of(client, user)
    links = links_of(header)
    assert reverse("accounts:dashboard") in links
    assert (OFFERS in links) is offers
    assert (COMMISSIONS in links) is commissions
    assert (PANEL in links) is panel
    assert ("My offers" in header) is offers
    assert ("My commissions" in header) is commissions


@pytest.mark.django_db
def test_header_links_to_my_matters_when_the_page_exists(client, resident):
    try:
        my_home = reverse("common:my_home")
    except Exception:
        pytest.skip("common:my_home is not in this branch yet")
    header = header_of(client, resident)
    assert my_home in links_of(header) and "My matters" in header


@pytest.mark.django_db
def test_header_for_anonymous_visitors_has_no_personal_links(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        html = client.get(HOME).content.decode()
    assert OFFERS not in html and COMMISSIONS not in html and PANEL not in html
    assert reverse("account_login") in html


@pytest.mark.django_db
def test_commission_member_who_is_also_an_editor_sees_both(client, commission_member, organisation, officer):
    from tests.organisations.factories import MembershipFactory

    MembershipFactory(user=commission_member, organisation=organisation, role="editor")
    seat_for(commission_member, officer)
    links = links_of(header_of(client, commission_member))
    assert {OFFERS, COMMISSIONS} <= links


@pytest.mark.django_db
def test_executive_panel_is_titled_for_the_executive(client, executive):
    client.cookies["django_language"] = "en"
    client.force_login(executive)
    with translation.override("en"):
        html = client.get(PANEL).content.decode()
    assert "<h1>Mayor&#x27;s office panel</h1>" in html or "<h1>Mayor's office panel</h1>" in html
    assert "<title>Mayor" in html
    assert "Officer panel" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["officer", "administrator"])
def test_officers_keep_the_officer_panel_title(client, request, persona):
    client.cookies["django_language"] = "en"
    client.force_login(request.getfixturevalue(persona))
    with translation.override("en"):
        html = client.get(PANEL).content.decode()
    assert "<h1>Officer panel</h1>" in html
    assert "Mayor" not in html


def panel_nav_of(client, user):
    client.cookies["django_language"] = "en"
    client.force_login(user)
    with translation.override("en"):
        html = client.get(PANEL).content.decode()
    return re.search(r'<nav class="panel-nav".*?</nav>', html, re.S).group(0)


@pytest.mark.django_db
def test_language_switch_is_a_compact_disclosure_of_the_three_languages(client):
    html = client.get(HOME).content.decode()
    switch = re.search(r'<form class="language-switch".*?</form>', html, re.S).group(0)
    assert 'action="/jezyk/" method="get"' in switch
    assert re.search(r'<details class="disclosure[^"]*">\s*<summary class="disclosure__toggle">', switch)
    assert '<span class="language-switch__code">PL</span>' in switch
    assert re.search(r'<summary class="disclosure__toggle"><span class="visually-hidden">[^<]+: </span>', switch)
    buttons = re.findall(r'<button type="submit" name="language" value="(\w+)" lang="\1"', switch)
    assert buttons == ["pl", "en", "uk"]
    assert re.search(r'value="pl"[^>]*aria-current="true"', switch)
    assert not re.search(r'value="en"[^>]*aria-current', switch)
    assert 'name="next" type="hidden" value="/"' in switch


@pytest.mark.django_db
def test_administrator_panel_nav_groups_every_link(client, administrator):
    nav = panel_nav_of(client, administrator)
    groups = re.findall(r'<summary class="disclosure__toggle[^"]*">([^<]+)<', nav)
    assert groups == ["Calls", "Commissions", "Agreements and reports", "Consultations", "Administration"]
    for name in (
        "competitions_panel:list",
        "small_grants_panel:list",
        "competitions_plan_panel:list",
        "agreements_panel:list",
        "reports_panel:list",
        "settlements_panel:list",
        "consultations_panel:list",
        "opinions_panel:list",
        "organisations_panel:list",
        "accounts_panel:user_list",
        "panel:site_settings",
    ):
        assert f'href="{reverse(name)}"' in nav, name


@pytest.mark.django_db
def test_officer_panel_nav_has_no_administration(client, officer):
    nav = panel_nav_of(client, officer)
    assert "Administration" not in nav
    assert reverse("panel:site_settings") not in nav and reverse("accounts_panel:user_list") not in nav
    assert f'href="{reverse("competitions_panel:list")}"' in nav


@pytest.mark.django_db
def test_the_group_of_the_current_page_is_marked(client, officer):
    client.force_login(officer)
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        html = client.get(reverse("competitions_panel:list")).content.decode()
    nav = re.search(r'<nav class="panel-nav".*?</nav>', html, re.S).group(0)
    assert re.search(r'<summary class="disclosure__toggle disclosure__toggle--current">Calls<', nav)
    assert f'href="{reverse("competitions_panel:list")}" aria-current="page"' in nav
    assert nav.count("disclosure__toggle--current") == 1
