import re

import pytest
from django.urls import reverse

from wspolpraca.common.models import SiteSettings

PUBLIC_PAGES = ["common:home", "common:contact", "common:accessibility", "common:privacy"]


def _html(response):
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_one_h1_and_landmarks(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = _html(response)
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert '<main id="main"' in html
    assert '<header class="site-header">' in html
    assert '<footer class="site-footer">' in html
    assert 'aria-label="Menu główne"' in html  # Polish by default
    assert 'href="#main"' in html
    assert 'name="htmx-config"' in html


@pytest.mark.django_db
def test_pages_are_polish_by_default(client):
    html = _html(client.get(reverse("common:home")))
    assert '<html lang="pl">' in html
    assert "Organizacje" in html
    assert "Przejdź do treści głównej" in html


@pytest.mark.django_db
def test_home_shows_the_centre_and_links(client):
    html = _html(client.get(reverse("common:home")))
    site = SiteSettings.load()
    assert site.street_address in html
    assert "8:00–18:00" in html
    assert reverse("organisations:directory") in html
    assert reverse("account_signup") in html
    assert reverse("common:contact") in html
    assert reverse("bodies:list") in html  # the council's pages are on the site, not "until then" in BIP


@pytest.mark.django_db
def test_anonymous_header(client):
    html = _html(client.get(reverse("common:home")))
    assert reverse("account_login") in html
    assert reverse("account_signup") in html
    assert reverse("panel:home") not in html
    assert 'action="/jezyk/" method="get"' in html
    assert '<button type="submit" name="language" value="en" lang="en"' in html


@pytest.mark.django_db
def test_resident_header(client, resident):
    client.force_login(resident)
    html = _html(client.get(reverse("common:home")))
    assert reverse("accounts:dashboard") in html
    assert f'action="{reverse("account_logout")}"' in html
    assert reverse("panel:home") not in html
    assert reverse("account_login") not in html


@pytest.mark.django_db
def test_officer_header_links_the_panel(client, officer):
    client.force_login(officer)
    html = _html(client.get(reverse("common:home")))
    assert reverse("panel:home") in html


@pytest.mark.django_db
def test_current_page_is_marked(client):
    html = _html(client.get(reverse("common:contact")))
    assert f'href="{reverse("common:contact")}" aria-current="page"' in html


@pytest.mark.django_db
def test_language_switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/kontakt/"})
    assert response.status_code == 302
    html = _html(client.get(reverse("common:contact")))
    assert '<html lang="en">' in html
    assert "Opening hours" in html


@pytest.mark.django_db
def test_accessibility_statement(client):
    site = SiteSettings.load()
    html = _html(client.get(reverse("common:accessibility")))
    assert "4 kwietnia 2019" in html
    assert "Rzecznik" in html
    assert "samooceny" in html
    assert 'id="a11y-data-publikacja"' not in html  # no date yet: not invented

    import datetime

    site.website_published_on = datetime.date(2026, 12, 1)
    site.accessibility_statement_date = datetime.date(2026, 12, 3)
    site.accessibility_status = "compliant"
    site.save()
    html = _html(client.get(reverse("common:accessibility")))
    assert '<span id="a11y-data-publikacja">2026-12-01</span>' in html
    assert '<span id="a11y-data-sporzadzenie">2026-12-03</span>' in html
    assert "w pełni zgodna" in html


@pytest.mark.django_db
def test_privacy_notice(client):
    site = SiteSettings.load()
    html = _html(client.get(reverse("common:privacy")))
    assert site.operator_name in html
    assert site.data_protection_officer_email in html
    assert "Prezes" in html and "Urzędu Ochrony Danych Osobowych" in html
    assert "sessionid" in html and "csrftoken" in html


@pytest.mark.django_db
def test_contact(client):
    site = SiteSettings.load()
    html = _html(client.get(reverse("common:contact")))
    assert site.contact_email in html
    assert site.postal_code in html


@pytest.mark.django_db
def test_site_settings_from_one_query_per_request_at_most(client, django_assert_max_num_queries):
    client.get(reverse("common:home"))  # warms the cache
    with django_assert_max_num_queries(
        5
    ):  # session/user, the three sections of what is open (tests/competitions/test_public_home.py); site settings come from the cache
        client.get(reverse("common:home"))


@pytest.mark.django_db
def test_layout_keeps_the_centre_on_allauth_pages(client):
    """allauth puts its own `site` in the context; the footer must still show the centre."""
    html = _html(client.get(reverse("account_login")))
    assert "Synagogalna 4" in html
    assert SiteSettings.load().operator_name in html
