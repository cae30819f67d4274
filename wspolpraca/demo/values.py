"""Small value builders shared by the demo's scenes: amounts and moments in Warsaw time."""

import datetime
from decimal import Decimal

from django.utils import timezone


def money(value):
    """An amount of PLN as a Decimal with two places."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def at(day, hour=0, minute=0):
    """`day` at hour:minute in the current time zone (Europe/Warsaw)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
