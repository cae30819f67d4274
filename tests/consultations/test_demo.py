import pytest
from django.core.management import call_command

from wspolpraca.consultations.enums import CommentState, ConsultationState
from wspolpraca.consultations.models import Comment, Consultation, ConsultationReport, DraftUnit, MeetingRegistration
from wspolpraca.consultations.services import unanswered_comments

pytestmark = pytest.mark.django_db


def counts():
    return {
        "consultations": Consultation.objects.count(),
        "units": DraftUnit.objects.count(),
        "comments": Comment.objects.count(),
        "reports": ConsultationReport.objects.count(),
        "registrations": MeetingRegistration.objects.count(),
    }


def test_seed_demo_consultations_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    programme = Consultation.objects.get(title__startswith="Konsultacje projektu Programu współpracy")
    assert programme.state == ConsultationState.REPORT_PUBLISHED
    assert programme.versions.get(is_final=False).units.filter(kind="paragraph").count() == 5
    assert programme.versions.filter(is_final=True).count() == 1
    sent = programme.comments.filter(state=CommentState.SENT)
    assert sent.filter(organisation__isnull=False).values("organisation").distinct().count() == 4
    assert not unanswered_comments(programme).exists()
    assert sent.values("answer").distinct().count() == 4  # two similar comments answered together
    assert [report.title for report in programme.reports.all()] == ["Raport 1", "Raport 2"]
    [request] = programme.opinion_requests.all()
    assert request.state == "given" and request.days == 14 and request.given_on <= request.deadline
    first, second = programme.reports.all()
    assert request.closed_at <= second.published_at and request.closed_at > first.published_at
    paper = programme.comments.get(channel="post")
    assert paper.author is None and paper.entered_by is not None and paper.on_time and paper.answer
    assert paper.scan.name.startswith("private/") and paper.scan.open("rb").read(5) == b"%PDF-"
    meeting = programme.meetings.get()
    assert meeting.registrations.filter(present=True).count() == 2
    strategy = Consultation.objects.get(act_kind="strategy")
    assert strategy.state == ConsultationState.OPEN and strategy.participants == "organisations_and_residents"
    closed = Consultation.objects.get(state=ConsultationState.CLOSED)
    assert not closed.comments.exists()
