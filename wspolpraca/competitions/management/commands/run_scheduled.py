"""Scheduled work, safe to run every minute (cron or a systemd timer): `manage.py run_scheduled`.

Each step is idempotent and reports what it did. Other modules append their steps to STEPS
(a function taking `now` and returning a list of lines describing what changed).
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from wspolpraca.common.form_tokens import purge_form_tokens as purge
from wspolpraca.common.kept_forms import prune_kept_forms
from wspolpraca.competitions.calls import services as calls
from wspolpraca.competitions.offers import formal_check
from wspolpraca.competitions.reporting import services as reports
from wspolpraca.competitions.small_grants import services as small_grants
from wspolpraca.consultations import services as consultations


def refresh_calls(now):
    """Open calls whose intake has begun and close those whose deadline has passed."""
    done = []
    for call in calls.calls_due_for_refresh(now):
        with transaction.atomic():
            new_state = calls.refresh_call_state(call, now=now)
        if new_state:
            done.append(f"call {call.pk} ({call.slug}): {call.state} → {new_state}")
    return done


def prune_task_results(now):
    """Forget the background tasks that finished more than a week ago (failed ones after 30 days),
    with the database backend (`TASKS_BACKEND=database`)."""
    if settings.TASKS_BACKEND != "database":
        return []
    from django_tasks_db.models import DBTaskResult

    before = DBTaskResult.objects.count()
    call_command("prune_db_task_results", min_age_days=7, failed_min_age_days=30, verbosity=0)
    deleted = max(0, before - DBTaskResult.objects.count())
    return [f"{deleted} finished task result(s) removed"] if deleted else []


def purge_form_tokens(now):
    """Forget one-time form tokens used long ago (common/form_tokens.py)."""

    deleted = purge(now)
    return [f"{deleted} used form token(s) removed"] if deleted else []


STEPS = [
    ("calls", refresh_calls),
    ("small_grants", small_grants.scheduled_step),
    ("formal_check", formal_check.scheduled_step),
    ("reports", reports.scheduled_step),
    ("consultations", consultations.scheduled_step),
    ("tasks", prune_task_results),
    ("kept_forms", prune_kept_forms),
    ("form_tokens", purge_form_tokens),
]


class Command(BaseCommand):
    help = "Run the scheduled, idempotent work: open and close calls by the clock, and the other modules' steps."

    def handle(self, *args, **options):
        now = timezone.now()
        for name, step in STEPS:
            lines = step(now)
            for line in lines:
                self.stdout.write(f"{name}: {line}")
            if not lines:
                self.stdout.write(f"{name}: nothing to do")
