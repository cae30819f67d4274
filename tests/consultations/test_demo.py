import pytest
from django.core.management import call_command

from wspolpraca.consultations.enums import CommentState, ConsultationState
from wspolpraca.consultations.models import Comment, Consultation, DraftUnit

pytestmark = pytest.mark.django_db


def counts():
    return {
        "consultations": Consultation.objects.count(),
        "units": DraftUnit.objects.count(),
        "comments": Comment.objects.count(),
    }


def test_seed_demo_consultations_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    programme = Consultation.objects.get(title__startswith="Konsultacje projektu Programu współpracy")
    assert programme.state == ConsultationState.OPEN
    assert programme.versions.get().units.filter(kind="paragraph").count() == 5
    assert programme.comments.filter(state=CommentState.SENT, organisation__isnull=False).count() == 1
    assert programme.comments.filter(state=CommentState.DRAFT).count() == 1
    assert Consultation.objects.filter(state=ConsultationState.CLOSED).count() == 1
