"""The registry of scheduled steps that `manage.py run_scheduled` runs, each app adding its own.

A step is a function taking `now` and returning a list of lines describing what it changed (an
empty list when there was nothing to do). Steps must be idempotent: the command is meant to run
every minute from cron or a systemd timer. Apps register their steps in `AppConfig.ready()`, so the
command (in common) imports no app: the modules keep their one-way imports.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ScheduledStep:
    name: str
    run: Callable
    order: int


_STEPS: dict[str, ScheduledStep] = {}


def register_scheduled_step(name, run, *, order=50):
    """Add (or replace, by name) a step; lower `order` runs first, equal orders by name."""
    _STEPS[name] = ScheduledStep(name=name, run=run, order=order)


def scheduled_steps():
    """The registered steps in the order they run."""
    return sorted(_STEPS.values(), key=lambda step: (step.order, step.name))
