import pytest
from django.core.management import call_command

from wspolpraca.consultations.enums import CommentState, ConsultationState
from wspolpraca.consultations.models import Comment, Consultation, ConsultationReport, DraftUnit
from wspolpraca.consultations.services import unanswered_comments

pytestmark = pytest.mark.django_db


def counts():
    return {
        "consultations": Consultation.objects.count(),
        "units": DraftUnit.objects.count(),
        "comments": Comment.objects.count(),
        "reports": ConsultationReport.objects.count(),
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
    assert sent.values("organisation").distinct().count() == 4
    assert not unanswered_comments(programme).exists()
    assert sent.values("answer").distinct().count() == 3  # two similar comments answered together
    assert [report.title for report in programme.reports.all()] == ["Raport 1"]
    closed = Consultation.objects.get(state=ConsultationState.CLOSED)
    assert not closed.comments.exists()
