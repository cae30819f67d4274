from django.contrib.contenttypes.models import ContentType

from wspolpraca.common.models import ActivityLog


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
