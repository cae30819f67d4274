import pytest
from django.urls import reverse

from wspolpraca.common.models import ActivityLog, SiteSettings
from wspolpraca.common.services import update_site_settings


def _form_data(**changes):
    site = SiteSettings.load()
    data = {
        "site_name": site.site_name,
        "logo_alt": site.logo_alt,
        "primary_colour": site.primary_colour,
        "centre_name": site.centre_name,
        "centre_short_name": site.centre_short_name,
        "city_name": site.city_name,
        "operator_name": site.operator_name,
        "street_address": site.street_address,
        "postal_code": site.postal_code,
        "postal_town": site.postal_town,
        "opening_hours": site.opening_hours,
        "contact_email": site.contact_email,
        "contact_phone": site.contact_phone,
        "data_protection_officer_email": site.data_protection_officer_email,
        "accessibility_coordinator": site.accessibility_coordinator,
        "accessibility_status": site.accessibility_status,
        "accessibility_statement_date": "",
        "accessibility_reviewed_on": "",
        "website_published_on": "",
        "website_updated_on": "",
        "accessibility_exceptions": "",
        "architectural_accessibility": "",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_service_logs_before_and_after(administrator):
    update_site_settings(actor=administrator, data={"contact_phone": "+48 24 000 00 00"})
    site = SiteSettings.load()
    assert site.contact_phone == "+48 24 000 00 00"
    entry = ActivityLog.objects.get(action="site_settings.updated")
    assert entry.actor == administrator
    assert entry.data == {
        "before": {"contact_phone": "+48 24 367 15 00"},
        "after": {"contact_phone": "+48 24 000 00 00"},
    }


@pytest.mark.django_db
def test_service_without_changes_writes_nothing(administrator):
    site = SiteSettings.load()
    update_site_settings(actor=administrator, data={"city_name": site.city_name})
    assert not ActivityLog.objects.filter(action="site_settings.updated").exists()


@pytest.mark.django_db
def test_service_refuses_unknown_fields(administrator):
    with pytest.raises(ValueError):
        update_site_settings(actor=administrator, data={"colour": "red"})


@pytest.mark.django_db
def test_administrator_edits_settings(client, administrator):
    client.force_login(administrator)
    url = reverse("panel:site_settings")
    assert client.get(url).status_code == 200
    response = client.post(url, _form_data(opening_hours="pon.–pt. 9:00–17:00", website_published_on="2026-12-01"))
    assert response.status_code == 302
    site = SiteSettings.load()
    assert site.opening_hours == "pon.–pt. 9:00–17:00"
    assert str(site.website_published_on) == "2026-12-01"
    entry = ActivityLog.objects.get(action="site_settings.updated")
    assert entry.data["after"] == {"opening_hours": "pon.–pt. 9:00–17:00", "website_published_on": "2026-12-01"}
    assert "pon.–pt. 9:00–17:00" in client.get("/").content.decode()


@pytest.mark.django_db
def test_invalid_form_shows_the_error_summary(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("panel:site_settings"), _form_data(postal_code="9400", contact_email="x"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_postal_code"' in html
    assert SiteSettings.load().postal_code == "09-400"


@pytest.mark.django_db
def test_officer_may_not_edit_settings(client, officer):
    client.force_login(officer)
    assert client.get(reverse("panel:site_settings")).status_code == 403
    assert client.post(reverse("panel:site_settings"), _form_data(city_name="X")).status_code == 403
    assert SiteSettings.load().city_name == "Płock"


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("panel:site_settings"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_panel_home_for_officer_and_administrator(client, officer, administrator):
    client.force_login(officer)
    html = client.get(reverse("panel:home")).content.decode()
    assert "urzędnik" in html.lower()
    assert reverse("panel:site_settings") not in html
    client.force_login(administrator)
    html = client.get(reverse("panel:home")).content.decode()
    assert reverse("panel:site_settings") in html


@pytest.mark.django_db
def test_admin_registers_settings_and_read_only_log(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/common/sitesettings/").status_code == 200
    assert client.get("/admin/common/activitylog/").status_code == 200
    assert client.get("/admin/common/activitylog/add/").status_code == 403


def test_settings_form_sections_cover_every_field():
    from wspolpraca.common.forms.site_settings import SiteSettingsForm

    names = [name for _legend, fields in SiteSettingsForm.sections for name in fields]
    assert sorted(names) == sorted(SiteSettingsForm.Meta.fields)


@pytest.mark.django_db
def test_field_error_is_shown_next_to_the_field_and_tied_to_it(client, administrator):
    client.force_login(administrator)
    html = client.post(reverse("panel:site_settings"), _form_data(postal_code="9400")).content.decode()
    assert '<p class="field__error" id="id_postal_code_error">' in html
    assert 'class="field field--error field--required"' in html
    input_tag = next(tag for tag in html.split("<input") if 'id="id_postal_code"' in tag)
    assert 'aria-invalid="true"' in input_tag
    assert "id_postal_code_error" in input_tag
