from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wspolpraca.consultations import services
from wspolpraca.consultations.home import LIMIT, home_sections
from wspolpraca.consultations.models import Consultation

from .factories import open_consultation

pytestmark = pytest.mark.django_db


def test_participant_sees_draft_comments_with_the_end_as_deadline(client, officer, representative):
    consultation = open_consultation(officer)
    comment = services.save_comment(
        actor=representative, consultation=consultation, data={"justification": "Szkic uwagi"}
    )
    services.save_comment(actor=representative, consultation=consultation, data={"justification": "Wysłana"}, send=True)
    [section] = home_sections(representative)
    assert section.key == "consultation_draft_comments"
    assert section.total == 1
    [item] = section.items
    assert item.url == reverse("consultations:comment_edit", args=[consultation.pk, comment.pk])
    assert item.deadline == consultation.ends_at.date()
    client.force_login(representative)
    assert item.url in client.get(reverse("common:my_home")).content.decode()
    assert home_sections(officer) == []


def test_officer_sees_consultations_to_close_or_answer(officer, representative):
    consultation = open_consultation(officer)
    assert home_sections(officer) == []
    Consultation.objects.filter(pk=consultation.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    [section] = home_sections(officer)
    assert section.key == "consultations_to_answer"
    assert section.items[0].url == reverse("consultations_panel:detail", args=[consultation.pk])
    assert home_sections(representative) == []


def test_one_query_per_section_whatever_its_length(officer):
    for _ in range(3):
        open_consultation(officer)
    Consultation.objects.update(ends_at=timezone.now() - timedelta(minutes=1))
    home_sections(officer)  # the person's roles, answered once per request (accounts/roles.py)
    with CaptureQueriesContext(connection) as few:
        home_sections(officer)
    for _ in range(LIMIT):
        open_consultation(officer)
    Consultation.objects.update(ends_at=timezone.now() - timedelta(minutes=1))
    with CaptureQueriesContext(connection) as many:
        [section] = home_sections(officer)
    assert section.total == LIMIT + 3 and len(section.items) == LIMIT
    assert len(many.captured_queries) == len(few.captured_queries) + 1  # the count, when it overflows
