"""Scheduled work, safe to run every minute (cron or a systemd timer): `manage.py run_scheduled`.

Each step is idempotent and reports what it did. The steps come from the registry in
common/scheduled.py: every app registers its own in `AppConfig.ready()` (calls, small grants, the
formal check, reports, consultations, opinion requests, and common's housekeeping below).
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from wspolpraca.common.form_tokens import purge_form_tokens as purge
from wspolpraca.common.scheduled import scheduled_steps


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


class Command(BaseCommand):
    help = "Run the scheduled, idempotent work: open and close calls by the clock, and the other modules' steps."

    def handle(self, *args, **options):
        now = timezone.now()
        for step in scheduled_steps():
            lines = step.run(now)
            for line in lines:
                self.stdout.write(f"{step.name}: {line}")
            if not lines:
                self.stdout.write(f"{step.name}: nothing to do")
