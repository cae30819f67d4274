"""The city's identity as settings: the site's name, the logo (with its text alternative) and the
primary colour, checked for WCAG 2.1 AA contrast; the pages use them; anonymous pages stay cached."""

import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from tests.common.test_site_settings import _form_data
from wspolpraca.common.identity import (
    contrast_ratio,
    theme_colours,
    theme_css,
    validate_primary_colour,
    validate_site_logo,
)
from wspolpraca.common.models import ActivityLog, SiteSettings
from wspolpraca.common.public_cache import HIT_HEADER

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#1d4f91"/></svg>'


def _svg(content=SVG, name="logo.svg"):
    return SimpleUploadedFile(name, content, content_type="image/svg+xml")


def test_contrast_ratio_follows_wcag():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#767676", "#ffffff"), 2) == 4.54
    assert contrast_ratio("#ffffff", "#ffffff") == 1


@pytest.mark.parametrize("colour", ["#0b4f8a", "#1d4f91", "#a4161a", "#000000"])
def test_dark_colours_pass(colour):
    validate_primary_colour(colour)


@pytest.mark.parametrize("colour", ["#ffdd00", "#3b82f6", "#777777", "#e30613"])
def test_light_colours_are_refused_with_the_ratio(colour):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validate_primary_colour(colour)
    message = caught.value.messages[0]
    assert "4.5:1" in message and "Choose a darker shade" in message
    assert re.search(r"only \d\.\d:1", message)


@pytest.mark.parametrize("value", ["0b4f8a", "#0b4f8", "#0b4f8g", "red", "#0b4f8a;}body{", ""])
def test_only_hex_colours_are_accepted(value):
    with pytest.raises(ValidationError) as caught:
        validate_primary_colour(value)
    assert caught.value.code == "format"


def test_every_derived_shade_keeps_the_contrast():
    colour = "#0b4f8a"
    shades = theme_colours(colour)
    assert contrast_ratio(shades["accent"], shades["accent-soft"]) >= 4.5
    assert contrast_ratio(shades["accent-dark"], "#ffffff") >= contrast_ratio(colour, "#ffffff")


def test_theme_css_holds_only_a_checked_colour():
    assert "--accent:#1d4f91;" in theme_css("#1D4F91".lower())
    assert "body" not in theme_css("#000000;}body{")
    assert "--accent:#0b4f8a;" in theme_css("#000000;}body{")


def test_safe_svg_and_images_are_accepted():
    validate_site_logo(_svg())
    validate_site_logo(SimpleUploadedFile("logo.png", b"\x89PNG....", content_type="image/png"))


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        b'<image x:href="https://evil.example/a.png"/></svg>',
        b'<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
        b"<html>not an svg</html>",
        b"<svg",
    ],
)
def test_unsafe_svg_is_refused(content):
    with pytest.raises(ValidationError) as caught:
        validate_site_logo(_svg(content))
    assert caught.value.code == "logo_unsafe"


def test_other_files_are_refused():
    with pytest.raises(ValidationError) as caught:
        validate_site_logo(SimpleUploadedFile("logo.gif.html", b"<b>", content_type="text/html"))
    assert caught.value.code == "logo_type"


@pytest.mark.django_db
def test_pages_use_the_name_the_colour_and_the_logo(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    site = SiteSettings.load()
    site.site_name = "Współpraca — Płock"
    site.primary_colour = "#1d4f91"
    site.logo_alt = "Płock"
    site.logo.save("logo.svg", _svg(), save=False)
    site.save()
    html = client.get(reverse("common:contact")).content.decode()
    header = re.search(r'<header class="site-header">.*?</header>', html, re.S).group(0)
    assert '<span class="site-brand__name">Współpraca — Płock</span>' in header
    assert f'src="{reverse("common:logo")}?v={SiteSettings.load().logo_version}" alt="Płock"' in header
    assert "· Współpraca — Płock ·" in html
    assert f'href="{reverse("common:theme")}?v=1d4f91"' in html
    css = client.get(reverse("common:theme"), {"v": "1d4f91"})
    assert css["Content-Type"].startswith("text/css")
    assert "--accent:#1d4f91;" in css.content.decode()
    assert "immutable" in css["Cache-Control"]
    logo = client.get(reverse("common:logo"), {"v": "x"})
    assert logo.status_code == 200 and logo["Content-Type"] == "image/svg+xml"
    assert "sandbox" in logo["Content-Security-Policy"]
    assert b"".join(logo.streaming_content) == SVG


@pytest.mark.django_db
def test_without_a_logo_there_is_no_image(client):
    html = client.get(reverse("common:contact")).content.decode()
    assert "site-brand__logo" not in html
    assert client.get(reverse("common:logo")).status_code == 404


@pytest.mark.django_db
def test_administrator_sets_the_identity(client, administrator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(administrator)
    data = _form_data(site_name="Współpraca — Płock", primary_colour="#1D4F91", logo_alt="Płock", logo=_svg())
    response = client.post(reverse("panel:site_settings"), data)
    assert response.status_code == 302
    site = SiteSettings.load()
    assert (site.site_name, site.primary_colour, site.logo_alt) == ("Współpraca — Płock", "#1d4f91", "Płock")
    assert site.logo.name.startswith("site/logo")
    after = ActivityLog.objects.get(action="site_settings.updated").data["after"]
    assert after["logo"] == site.logo.name and after["primary_colour"] == "#1d4f91"


@pytest.mark.django_db
def test_low_contrast_colour_is_refused_next_to_the_field_and_nothing_changes(client, administrator):
    client.force_login(administrator)
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        response = client.post(reverse("panel:site_settings"), _form_data(primary_colour="#ffdd00", site_name="X"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_primary_colour_error"' in html and "Choose a darker shade" in html
    assert 'value="#ffdd00"' in html and 'value="X"' in html  # nothing typed is lost
    site = SiteSettings.load()
    assert (site.primary_colour, site.site_name) == ("#0b4f8a", "Współpraca")


@pytest.mark.django_db
def test_a_logo_needs_its_text_alternative(client, administrator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(administrator)
    response = client.post(reverse("panel:site_settings"), _form_data(logo=_svg(), logo_alt=""))
    assert response.status_code == 200
    assert 'id="id_logo_alt_error"' in response.content.decode()
    assert not SiteSettings.load().logo


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["officer", "executive", "representative", "resident"])
def test_only_administrators_change_the_identity(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("panel:site_settings"), _form_data(primary_colour="#000000"))
    assert response.status_code == 403
    assert SiteSettings.load().primary_colour == "#0b4f8a"


@pytest.mark.django_db(transaction=True)
def test_anonymous_pages_stay_cached_and_follow_a_new_colour(client, settings, django_assert_num_queries):
    settings.PUBLIC_CACHE_SECONDS = 300
    SiteSettings.load()  # the row exists before the first page (its creation would empty the cache)
    cache.clear()
    assert client.get("/kontakt/").headers.get(HIT_HEADER) == "miss"
    with django_assert_num_queries(0):
        assert client.get("/kontakt/").headers.get(HIT_HEADER) == "hit"
    site = SiteSettings.load()
    site.primary_colour = "#1d4f91"
    site.save()
    response = client.get("/kontakt/")
    assert response.headers.get(HIT_HEADER) == "miss"
    assert "motyw.css?v=1d4f91" in response.content.decode()
    cache.clear()


@pytest.mark.django_db
def test_demo_sets_plocks_identity_and_its_logo_is_a_safe_svg(settings, tmp_path):
    from wspolpraca.demo.identity import LOGO_SVG, seed_identity

    settings.MEDIA_ROOT = tmp_path
    validate_site_logo(_svg(LOGO_SVG.encode()))
    seed_identity()
    seed_identity()  # again: nothing changes
    site = SiteSettings.load()
    assert (site.site_name, site.logo_alt) == ("Współpraca — Płock", "Płock")
    assert contrast_ratio(site.primary_colour, "#ffffff") >= 4.5
    assert site.logo.name == "site/plock-logo.svg"
    assert len(list(tmp_path.joinpath("site").iterdir())) == 1
