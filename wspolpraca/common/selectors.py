from django.contrib.contenttypes.models import ContentType

from wspolpraca.common.models import ActivityLog


def activity_for(obj, *, limit=None):
    """Activity-log rows about one object, newest first, with the actor loaded."""
    rows = ActivityLog.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
    return rows[:limit] if limit else rows


def label_actions(rows, labels):
    """Activity rows as a list, each with `label`: its action as `labels` reads it (else the code)."""
    rows = list(rows)
    for row in rows:
        row.label = labels.get(row.action, row.action)
    return rows


def labelled_activity(obj, labels, *, limit=None):
    """`activity_for` as a list, each row labelled (`label_actions`)."""
    return label_actions(activity_for(obj, limit=limit), labels)
