"""The competitions' steps of `manage.py run_scheduled` (common/scheduled.py), registered by apps.py."""

from django.db import transaction

from wspolpraca.competitions.calls import services as calls
from wspolpraca.competitions.offers import formal_check
from wspolpraca.competitions.reporting import services as reports
from wspolpraca.competitions.small_grants import services as small_grants


def refresh_calls(now):
    """Open calls whose intake has begun and close those whose deadline has passed."""
    done = []
    for call in calls.calls_due_for_refresh(now):
        with transaction.atomic():
            new_state = calls.refresh_call_state(call, now=now)
        if new_state:
            done.append(f"call {call.pk} ({call.slug}): {call.state} → {new_state}")
    return done


# (name, step, order): calls first, as the other steps read the calls' states.
STEPS = (
    ("calls", refresh_calls, 10),
    ("small_grants", small_grants.scheduled_step, 20),
    ("formal_check", formal_check.scheduled_step, 30),
    ("reports", reports.scheduled_step, 40),
)
