import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction

from wspolpraca.common.models import ActivityLog, SiteSettings
from wspolpraca.common.storage import refuse_when_disk_full


def log_action(*, actor, action, obj=None, data=None):
    """Write one activity-log row. Services call this inside their transaction.

    `action` is a dotted name such as "organisation.verified"; `data` holds
    before/after values or a reason (JSON-serialisable).
    """
    entry = ActivityLog(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        data=data or {},
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:300]
    entry.save()
    return entry


def require_permission(actor, permission, obj=None):
    """Services check who acts, whatever called them (view, command, task): refuse with
    PermissionDenied unless `actor` has the named rule for `obj`."""
    if actor is None or not actor.has_perm(permission, obj):
        raise PermissionDenied(permission)


def _json_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, File):  # the logo: its file name
        return value.name or ""
    return value


@transaction.atomic
def update_site_settings(*, actor, data):
    """Change the centre's settings; `data` maps field names to cleaned values.

    Only fields that really change are saved and logged (before and after).
    Unknown field names are refused so that a typo cannot pass silently.
    """
    settings_row = SiteSettings.objects.select_for_update().filter(pk=1).first() or SiteSettings.load()
    editable = {f.name for f in SiteSettings._meta.concrete_fields if f.editable and not f.primary_key}
    unknown = set(data) - editable
    if unknown:
        raise ValueError(f"Not site settings fields: {', '.join(sorted(unknown))}")
    before, after = {}, {}
    for name, value in data.items():
        old = getattr(settings_row, name)
        if old != value:
            before[name], after[name] = _json_value(old), _json_value(value)
            setattr(settings_row, name, value)
    if after:
        with refuse_when_disk_full("logo"):
            settings_row.save()  # stores a new logo
        if "logo" in after:  # the name it was stored under
            after["logo"] = settings_row.logo.name or ""
        log_action(
            actor=actor, action="site_settings.updated", obj=settings_row, data={"before": before, "after": after}
        )
    return settings_row
