"""What an edit changed, as the activity log records it: {field: {before, after}} in plain JSON."""

import datetime

from django.utils import timezone


def as_logged(value):
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, bool | int | list):
        return value
    return str(value)


def apply_changes(obj, values):
    """Apply `values` to `obj`; return {field: {before, after}} of what really changed."""
    changed = {}
    for field, new in values.items():
        old = getattr(obj, field)
        if old != new and not (old in (None, "", []) and new in (None, "", [])):
            changed[field] = {"before": as_logged(old), "after": as_logged(new)}
        setattr(obj, field, new)
    return changed
