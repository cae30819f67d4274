"""The scheduled command opens and closes calls by the clock, idempotently."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.competitions.factories import CallFactory, open_call
from wspolpraca.common.scheduled import scheduled_steps
from wspolpraca.common.selectors import activity_for
from wspolpraca.competitions import scheduled as run_scheduled
from wspolpraca.competitions.enums import CallState

pytestmark = pytest.mark.django_db


def run():
    out = StringIO()
    call_command("run_scheduled", stdout=out)
    return out.getvalue()


def test_closes_at_the_deadline_idempotently():
    past = open_call(offer_deadline=timezone.now() - datetime.timedelta(minutes=1))
    running = open_call()
    draft = CallFactory(offer_deadline=timezone.now() - datetime.timedelta(days=1))

    output = run()
    assert f"call {past.pk}" in output and "closed" in output
    past.refresh_from_db()
    running.refresh_from_db()
    draft.refresh_from_db()
    assert past.state == CallState.CLOSED
    assert running.state == CallState.OPEN
    assert draft.state == CallState.DRAFT

    second = run()
    assert "calls: nothing to do" in second
    assert list(activity_for(past).values_list("action", flat=True)).count("call.closed") == 1


def test_opens_a_published_call_when_its_intake_begins():
    call = open_call(state=CallState.PUBLISHED, offers_from=timezone.now() - datetime.timedelta(seconds=5))
    later = open_call(state=CallState.PUBLISHED, offers_from=timezone.now() + datetime.timedelta(days=2))
    run()
    call.refresh_from_db()
    later.refresh_from_db()
    assert call.state == CallState.OPEN
    assert later.state == CallState.PUBLISHED
    assert "call.opened" in activity_for(call).values_list("action", flat=True)


def test_a_published_call_past_its_deadline_closes_directly():
    call = open_call(
        state=CallState.PUBLISHED,
        offers_from=timezone.now() - datetime.timedelta(days=3),
        offer_deadline=timezone.now() - datetime.timedelta(seconds=1),
    )
    run()
    call.refresh_from_db()
    assert call.state == CallState.CLOSED


def registered():
    return [(step.name, step.run) for step in scheduled_steps()]


def test_the_steps_come_from_every_module_calls_first_housekeeping_last():
    names = [name for name, _ in registered()]
    assert names[0] == "calls"
    assert ("calls", run_scheduled.refresh_calls) in registered()
    assert names[-3:] == ["tasks", "kept_forms", "form_tokens"]
    assert {"small_grants", "formal_check", "reports", "consultations"} <= set(names)


def test_finished_background_tasks_are_pruned_after_a_week(settings):
    from django_tasks_db.models import DBTaskResult

    from wspolpraca.competitions import tasks

    settings.TASKS_BACKEND = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    old = tasks.send_offer_receipt.enqueue(1)
    recent = tasks.send_offer_receipt.enqueue(2)
    waiting = tasks.send_offer_receipt.enqueue(3)
    now = timezone.now()
    DBTaskResult.objects.filter(pk=old.id).update(status="SUCCESSFUL", finished_at=now - datetime.timedelta(days=8))
    DBTaskResult.objects.filter(pk=recent.id).update(status="SUCCESSFUL", finished_at=now - datetime.timedelta(days=1))
    assert "tasks: 1 finished task result(s) removed" in run()
    assert {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)} == {recent.id, waiting.id}
    assert "tasks: nothing to do" in run()
