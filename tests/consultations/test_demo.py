import pytest
from django.core.management import call_command

from wspolpraca.consultations.enums import CommentState, ConsultationState
from wspolpraca.consultations.models import Comment, Consultation, DraftUnit, MeetingRegistration

pytestmark = pytest.mark.django_db


def counts():
    return {
        "consultations": Consultation.objects.count(),
        "units": DraftUnit.objects.count(),
        "comments": Comment.objects.count(),
        "registrations": MeetingRegistration.objects.count(),
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
    paper = programme.comments.get(channel="post")
    assert paper.author is None and paper.entered_by is not None and paper.on_time
    assert paper.scan.name.startswith("private/") and paper.scan.open("rb").read(5) == b"%PDF-"
    meeting = programme.meetings.get()
    assert meeting.registrations.count() == 2
    strategy = Consultation.objects.get(act_kind="strategy")
    assert strategy.state == ConsultationState.OPEN and strategy.participants == "organisations_and_residents"
    assert programme.comments.filter(state=CommentState.DRAFT).count() == 1
    assert Consultation.objects.filter(state=ConsultationState.CLOSED).count() == 1
