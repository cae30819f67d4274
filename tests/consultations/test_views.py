from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from wspolpraca.consultations import services
from wspolpraca.consultations.enums import ACTION_LABELS, CommentState, CommentsVisibility, ConsultationState
from wspolpraca.consultations.models import Comment, Consultation

from .factories import DRAFT_TEXT, draft_consultation, open_consultation

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    now = timezone.localtime()
    data = {
        "title": "Konsultacje strategii",
        "act_kind": "strategy",
        "order_number": "77/2026",
        "order_date": now.date().isoformat(),
        "participants": "organisations",
        "forms": ["online", "meetings"],
        "starts_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + timedelta(days=15)).strftime("%Y-%m-%dT%H:%M"),
        "urgency_reason": "",
        "comments_visibility": "at_once",
        "unit_name": "Centrum Organizacji Pozarządowych",
        "contact_person": "Jan Urzędnik",
        "contact_email": "cop@example.org",
        "text": DRAFT_TEXT,
    }
    data.update(overrides)
    return data


def test_officer_creates_a_consultation(client, officer):
    client.force_login(officer)
    response = client.post(reverse("consultations_panel:add"), form_data())
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations_panel:detail", args=[consultation.pk])
    assert consultation.forms == ["online", "meetings"]
    assert consultation.versions.get().units.count() == 10
    page = client.get(response["Location"])
    assert b"\xc2\xa7 2 pkt 2 lit. a" in page.content  # "§ 2 pkt 2 lit. a"


def test_short_period_without_reason_refused_next_to_the_field_and_nothing_lost(client, officer):
    client.force_login(officer)
    now = timezone.localtime()
    data = form_data(ends_at=(now + timedelta(days=4)).strftime("%Y-%m-%dT%H:%M"), title="Mój tytuł ąę")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the site follows the language switch's cookie
    with translation.override("en"):
        response = client.post(reverse("consultations_panel:add"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "urgency_reason" in form.errors
    assert "give the reason of urgency" in form.errors["urgency_reason"][0]
    assert 'value="Mój tytuł ąę"' in response.content.decode()
    assert "Uchwala się Program współpracy" in response.content.decode()
    assert not Consultation.objects.exists()
    response = client.post(reverse("consultations_panel:add"), {**data, "urgency_reason": "Termin ustawowy"})
    assert response.status_code == 302


def test_announce_and_cancel_with_confirmation(client, officer):
    consultation = draft_consultation(officer)
    client.force_login(officer)
    client.post(reverse("consultations_panel:announce", args=[consultation.pk]))
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.OPEN
    url = reverse("consultations_panel:cancel", args=[consultation.pk])
    response = client.post(url, {"reason": "Zmiana ustawy"})  # not confirmed
    assert response.status_code == 200 and "confirm" in response.context["form"].errors
    assert "Zmiana ustawy" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.OPEN
    response = client.post(url, {"reason": "Zmiana ustawy", "confirm": "on"})
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.CANCELLED
    assert consultation.cancel_reason == "Zmiana ustawy"
    # The history reads in words, never in the log's codes.
    html = client.get(reverse("consultations_panel:detail", args=[consultation.pk])).content.decode()
    assert "consultation.created" not in html and "consultation.cancelled" not in html
    with translation.override(settings.LANGUAGE_CODE):
        assert str(ACTION_LABELS["consultation.cancelled"]) in html
        assert str(ACTION_LABELS["consultation.created"]) in html


def test_executive_reads_but_has_no_actions(client, officer, executive):
    consultation = draft_consultation(officer)
    client.force_login(executive)
    response = client.get(reverse("consultations_panel:detail", args=[consultation.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("consultations_panel:announce", args=[consultation.pk]) not in content
    assert reverse("consultations_panel:edit", args=[consultation.pk]) not in content
    assert client.post(reverse("consultations_panel:announce", args=[consultation.pk])).status_code == 403


def test_officer_corrects_a_unit(client, officer):
    consultation = draft_consultation(officer)
    unit = consultation.versions.get().units.get(label="§ 3")
    client.force_login(officer)
    url = reverse("consultations_panel:unit_edit", args=[consultation.pk, unit.pk])
    client.post(url, {"label": "§ 3", "text": "Wykonanie powierza się Prezydentowi."})
    unit.refresh_from_db()
    assert unit.text == "Wykonanie powierza się Prezydentowi."


def test_comment_prefilled_saved_as_draft_then_sent(client, officer, representative, organisation):
    consultation = open_consultation(officer)
    unit = consultation.versions.get().units.get(label="§ 3")
    client.force_login(representative)
    url = reverse("consultations:comment_add", args=[consultation.pk])
    response = client.get(url, {"jednostka": unit.pk})
    assert response.context["form"].initial["current_wording"] == unit.text
    data = {
        "unit": unit.pk,
        "organisation": organisation.pk,
        "current_wording": unit.text,
        "proposed_wording": "Wykonanie powierza się Prezydentowi.",
        "justification": "Krócej.",
        "save": "1",
    }
    client.post(url, data)
    comment = Comment.objects.get()
    assert comment.state == CommentState.DRAFT and comment.organisation == organisation
    client.post(reverse("consultations:comment_edit", args=[consultation.pk, comment.pk]), {**data, "send": "1"})
    comment.refresh_from_db()
    assert comment.state == CommentState.SENT
    page = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert organisation.name in page and "Krócej." in page
    assert representative.email not in page


def test_comment_after_close_refused_with_the_text_kept(client, officer, representative):
    now = timezone.now()
    consultation = open_consultation(officer, ends_at=now + timedelta(days=7, seconds=2), starts_at=now)
    client.force_login(representative)
    url = reverse("consultations:comment_add", args=[consultation.pk])
    assert client.get(url).status_code == 200
    Consultation.objects.filter(pk=consultation.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the site follows the language switch's cookie
    with translation.override("en"):
        response = client.post(url, {"justification": "Mój długi tekst uwagi", "proposed_wording": "Nowy zapis"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "comments are no longer accepted" in content
    assert "Mój długi tekst uwagi" in content and "Nowy zapis" in content
    assert not Comment.objects.exists()


def test_the_author_email_never_shown_and_visibility_after_close(client, officer, representative):
    consultation = open_consultation(officer, comments_visibility=CommentsVisibility.AFTER_CLOSE)
    services.save_comment(
        actor=representative, consultation=consultation, data={"justification": "Uwaga jawna"}, send=True
    )
    url = reverse("consultations:detail", args=[consultation.pk])
    assert "Uwaga jawna" not in client.get(url).content.decode()
    Consultation.objects.filter(pk=consultation.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    content = client.get(url).content.decode()
    assert "Uwaga jawna" in content
    assert representative.email not in content
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.CLOSED  # closed lazily when read


def test_resident_may_comment_only_when_residents_are_invited(client, officer, resident):
    for_organisations = open_consultation(officer)
    for_everyone = open_consultation(officer, participants="organisations_and_residents")
    client.force_login(resident)
    assert client.get(reverse("consultations:comment_add", args=[for_organisations.pk])).status_code == 403
    assert client.get(reverse("consultations:comment_add", args=[for_everyone.pk])).status_code == 200


def test_public_list_tabs(client, officer):
    open_one = open_consultation(officer, title="Otwarta")
    draft_consultation(officer, title="Szkic niewidoczny")
    response = client.get(reverse("consultations:list"), {"tab": "open"})
    content = response.content.decode()
    assert "Otwarta" in content and "Szkic niewidoczny" not in content
    assert open_one.get_absolute_url() in content
    assert "Otwarta" not in client.get(reverse("consultations:list"), {"tab": "closed"}).content.decode()


@pytest.mark.parametrize(
    ("url_name", "persona"), [("consultations:list", None), ("consultations_panel:list", "officer")]
)
def test_list_query_count_does_not_grow(client, request, officer, url_name, persona, django_assert_num_queries):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    open_consultation(officer)
    url = reverse(url_name)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(8):
        open_consultation(officer)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 9
