from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from wspolpraca.common.models import ActivityLog
from wspolpraca.common.scheduled import scheduled_steps
from wspolpraca.common.selectors import activity_for
from wspolpraca.consultations import services
from wspolpraca.consultations.enums import CommentState, ConsultationState
from wspolpraca.consultations.models import Consultation

from .factories import DRAFT_TEXT, consultation_data, draft_consultation, open_consultation

pytestmark = pytest.mark.django_db


def test_creation_stores_version_one_split_into_units(officer):
    consultation = draft_consultation(officer)
    version = consultation.versions.get()
    assert version.number == 1
    assert version.units.count() == 10
    assert ActivityLog.objects.filter(action="consultation.created", object_id=str(consultation.pk)).exists()


def test_period_below_seven_days_refused_without_reason(officer):
    now = timezone.now()
    data = consultation_data(starts_at=now, ends_at=now + timedelta(days=6, hours=23))
    with pytest.raises(ValidationError) as error:
        services.create_consultation(actor=officer, data=data, text=DRAFT_TEXT)
    assert "urgency_reason" in error.value.error_dict
    assert not Consultation.objects.exists()


def test_period_below_seven_days_accepted_with_reason(officer):
    now = timezone.now()
    data = consultation_data(starts_at=now, ends_at=now + timedelta(days=3), urgency_reason="Termin ustawowy.")
    consultation = services.create_consultation(actor=officer, data=data, text=DRAFT_TEXT)
    assert consultation.urgency_reason == "Termin ustawowy."


def test_exactly_seven_days_needs_no_reason(officer):
    now = timezone.now()
    draft_consultation(officer, starts_at=now, ends_at=now + timedelta(days=7))


@override_settings(CONSULTATION_MIN_DAYS=14)
def test_the_minimum_is_a_setting(officer):
    now = timezone.now()
    with pytest.raises(ValidationError):
        draft_consultation(officer, starts_at=now, ends_at=now + timedelta(days=10))


def test_end_before_start_refused(officer):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        draft_consultation(officer, starts_at=now, ends_at=now - timedelta(days=1))
    assert "ends_at" in error.value.error_dict


def test_announce_opens_at_once_when_started_and_clock_closes(officer):
    consultation = open_consultation(officer)
    assert consultation.state == ConsultationState.OPEN
    later = consultation.ends_at + timedelta(minutes=1)
    assert services.scheduled_step(consultation.starts_at) == []
    assert services.scheduled_step(later) == [f"consultation {consultation.pk}: open → closed"]
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.CLOSED
    assert services.scheduled_step(later) == []


def test_announced_before_start_opens_by_the_scheduled_step(officer):
    now = timezone.now()
    consultation = draft_consultation(officer, starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=10))
    consultation = services.announce_consultation(actor=officer, consultation=consultation)
    assert consultation.state == ConsultationState.ANNOUNCED
    services.scheduled_step(now + timedelta(days=2, minutes=1))
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.OPEN


@pytest.mark.parametrize("to_state", [ConsultationState.CLOSED, ConsultationState.ANSWERED, ConsultationState.OPEN])
def test_illegal_moves_refused(officer, to_state):
    consultation = draft_consultation(officer)
    with pytest.raises(ValidationError):
        services.transition_consultation(consultation, to_state, actor=officer)
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.DRAFT


def test_cancel_needs_reason_and_is_final(officer):
    consultation = open_consultation(officer)
    with pytest.raises(ValidationError):
        services.cancel_consultation(actor=officer, consultation=consultation, reason=" ")
    consultation = services.cancel_consultation(actor=officer, consultation=consultation, reason="Zmiana przepisów")
    assert consultation.state == ConsultationState.CANCELLED
    assert consultation.cancel_reason == "Zmiana przepisów"
    with pytest.raises(ValidationError):
        services.cancel_consultation(actor=officer, consultation=consultation, reason="Again")
    with pytest.raises(ValidationError):
        services.transition_consultation(consultation, ConsultationState.OPEN, actor=officer)


def test_announce_refuses_an_empty_draft(officer):
    consultation = draft_consultation(officer, text="")
    with pytest.raises(ValidationError):
        services.announce_consultation(actor=officer, consultation=consultation)


def test_units_corrected_before_announcement_only(officer):
    consultation = draft_consultation(officer)
    unit = consultation.versions.get().units.get(label="§ 3")
    services.update_unit(actor=officer, unit=unit, label="§ 3", text="Wykonanie powierza się Prezydentowi.")
    unit.refresh_from_db()
    assert unit.text == "Wykonanie powierza się Prezydentowi."
    services.announce_consultation(actor=officer, consultation=consultation)
    with pytest.raises(ValidationError):
        services.update_unit(actor=officer, unit=unit, label="x", text="y")


def test_text_changed_after_opening_makes_a_new_version_and_comments_keep_theirs(officer, representative):
    consultation = open_consultation(officer)
    unit = consultation.versions.get().units.get(label="§ 3")
    comment = services.save_comment(
        actor=representative, consultation=consultation, data={"unit": unit, "justification": "Uzasadnienie"}, send=True
    )
    services.update_consultation(
        actor=officer, consultation=consultation, data={}, text=DRAFT_TEXT + "\n§ 4. Wchodzi w życie po 14 dniach."
    )
    assert list(consultation.versions.values_list("number", flat=True)) == [1, 2]
    comment.refresh_from_db()
    assert comment.version.number == 1
    assert comment.unit == unit


def test_text_changed_in_a_draft_replaces_version_one(officer):
    consultation = draft_consultation(officer)
    services.update_consultation(actor=officer, consultation=consultation, data={}, text="§ 1. Jedyny.")
    assert [(v.number, v.units.count()) for v in consultation.versions.all()] == [(1, 1)]


def test_comment_draft_then_send(officer, representative, organisation):
    consultation = open_consultation(officer)
    comment = services.save_comment(
        actor=representative,
        consultation=consultation,
        data={"organisation": organisation, "justification": "Uzasadnienie", "proposed_wording": "Nowe brzmienie"},
    )
    assert comment.state == CommentState.DRAFT
    comment = services.save_comment(
        actor=representative, consultation=consultation, comment=comment, data={}, send=True
    )
    assert comment.state == CommentState.SENT and comment.sent_at is not None
    with pytest.raises(ValidationError):
        services.save_comment(actor=representative, consultation=consultation, comment=comment, data={})


def test_comment_after_close_refused(officer, representative):
    consultation = open_consultation(officer)
    after = consultation.ends_at + timedelta(seconds=1)
    with pytest.raises(ValidationError):
        services.save_comment(
            actor=representative, consultation=consultation, data={"justification": "Za późno"}, now=after
        )
    assert not consultation.comments.exists()


def test_a_draft_comment_stays_out_of_the_consultation_history_until_sent(officer, representative):
    consultation = open_consultation(officer)
    comment = services.save_comment(actor=representative, consultation=consultation, data={"justification": "Szkic"})
    assert not activity_for(consultation).filter(action__startswith="consultation_comment").exists()
    assert activity_for(comment).filter(action="consultation_comment.created").exists()
    services.save_comment(actor=representative, consultation=consultation, comment=comment, data={}, send=True)
    assert activity_for(consultation).filter(action="consultation_comment.sent").exists()


def test_run_scheduled_closes_a_consultation_at_its_end(officer):
    assert ("consultations", services.scheduled_step) in [(step.name, step.run) for step in scheduled_steps()]
    consultation = open_consultation(officer)
    Consultation.objects.filter(pk=consultation.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    out = StringIO()
    call_command("run_scheduled", stdout=out)
    assert f"consultations: consultation {consultation.pk}: open → closed" in out.getvalue()
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.CLOSED
