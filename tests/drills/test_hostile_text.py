"""Hostile and malformed markup in the free texts the site shows to the public.

Markdown is rendered nowhere yet (news and announcements, which will use it, do not exist): free
text is shown escaped, paragraphs and line breaks only (Django's linebreaks). These tests put
script tags, javascript: links, event handlers, Markdown-looking links and deeply nested
quotes and lists, and a megabyte of text, into the public pages' texts: the pages answer, and
nothing of it becomes markup. Links are only ever written from validated http(s) URL fields."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db.models import CharField, TextField

from tests.competitions.factories import CallFactory, open_call
from tests.drills.site import build_site
from tests.organisations.factories import OrganisationFactory
from wspolpraca.competitions.models import Call

pytestmark = pytest.mark.django_db

HOSTILE = (
    "<script>alert(1)</script>"
    '<img src=x onerror="alert(2)">'
    "[kliknij](javascript:alert(3)) "
    '<a href="javascript:alert(4)">link</a>'
    "<iframe src=//evil.example></iframe>"
    "<svg/onload=alert(5)>"
    "\u202e<b>odwrócony</b>\n\n"
    + "> " * 5_000
    + "cytat\n"
    + "".join("  " * depth + "- punkt\n" for depth in range(500))
    + "```\n<style>body{display:none}</style>\n```"
)
MEGABYTE = (HOSTILE + "\n") * (1_000_000 // len(HOSTILE) + 1)


def assert_inert(html, *, shown=True):
    """Nothing of the hostile text became markup: only the site's own scripts and links remain
    (`shown`: and the text itself is there, escaped)."""
    for tag in ("<script>alert", "<img src=x", "<iframe", "<svg/onload", "<style>body", "<b>odwr"):
        assert tag not in html, tag
    assert not re.search(r'href="\s*javascript:', html, re.I)
    assert not re.search(r"<[^>]+\son\w+=", html)  # no event handler attribute on any tag
    if shown:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_organisations_description_and_name(client):
    organisation = OrganisationFactory(name="<script>alert(1)</script> Fundacja", description=MEGABYTE)
    response = client.get(f"/organizacje/{organisation.slug}/")
    assert response.status_code == 200
    assert_inert(response.content.decode())
    directory = client.get("/organizacje/", {"q": "<script>"})
    assert directory.status_code == 200
    assert "<script>alert(1)</script> Fundacja" not in directory.content.decode()


def call_texts():
    """The call's free texts: each at its limit (text fields: a megabyte)."""
    texts = {}
    for field in Call._meta.get_fields():
        if isinstance(field, TextField):
            texts[field.name] = MEGABYTE
        elif (
            isinstance(field, CharField)
            and not field.choices
            and field.name not in ("slug", "bip_url", "results_bip_url")
        ):
            texts[field.name] = HOSTILE[: field.max_length]
    return texts


def test_a_published_call_page(client):
    call = open_call(**call_texts())
    response = client.get(f"/konkursy/{call.slug}/")
    assert response.status_code == 200
    assert_inert(response.content.decode())
    listing = client.get("/konkursy/")
    assert listing.status_code == 200
    assert_inert(listing.content.decode(), shown=False)


def test_a_small_grant_offer_published_for_comments(client, officer, executive, organisation):
    site = build_site(officer=officer, executive=executive, organisation=organisation)
    review = site["review"]
    version = review.offer.versions.get(is_current=True)
    content = version.content
    for key in ("title", "place", "target_group", "needs", "results_products"):
        content["III"][key] = MEGABYTE if key == "needs" else HOSTILE
    content["IV"]["experience"] = HOSTILE
    content["II"]["offerors"][0]["website"] = "javascript:alert(6)"
    type(version).objects.filter(pk=version.pk).update(content=content)  # as if submitted so
    response = client.get(f"/male-granty/oferty/{review.pk}/")
    assert response.status_code == 200
    assert_inert(response.content.decode())


def test_urls_are_only_http():
    from wspolpraca.organisations.models import Organisation

    organisation = Organisation(website="javascript:alert(1)")
    with pytest.raises(ValidationError) as raised:
        organisation.full_clean()
    assert "website" in raised.value.message_dict
    assert CallFactory.build(bip_url="javascript:alert(1)").bip_url  # the model field...
    with pytest.raises(ValidationError):
        Call._meta.get_field("bip_url").run_validators("javascript:alert(1)")  # ...refuses it
