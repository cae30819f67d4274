"""The one generic state move every `transition_<entity>` function is built on.

An entity's allowed moves are a TRANSITIONS table in its app's enums.py (pure data: state →
the states that may follow). `move_state` checks the move against the table, sets the state
field and the fields that go with the move, saves, writes one activity-log row with from, to,
actor and reason, and queues the notification for after the commit. The entity's own
`transition_<entity>` function chooses the log verb, the extra fields and the notification;
nothing else assigns a state field (tests/common/test_state_assignments.py enforces it).
See docs/decisions/0008-one-generic-state-move.md.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wspolpraca.common.services import log_action


def state_label(obj, field, value):
    """The human label of `value` in the choices of `obj`'s state field."""
    return str(dict(obj._meta.get_field(field).flatchoices).get(value, value))


def check_move(obj, to_state, *, table, field="state", message=None, code="transition"):
    """Refuse (ValidationError) a move the table does not allow; return the current state.

    `message` may use %(from)s (also as %(state)s) and %(to)s, the states' labels."""
    from_state = getattr(obj, field)
    if to_state not in table.get(from_state, ()):
        labels = {"from": state_label(obj, field, from_state), "to": state_label(obj, field, to_state)}
        labels["state"] = labels["from"]
        raise ValidationError(
            (message or _("This cannot change from “%(from)s” to “%(to)s”.")) % labels,
            code=code,
        )
    return from_state


def move_state(
    obj,
    to_state,
    *,
    table,
    actor,
    action,
    field="state",
    changes=None,
    reason="",
    data=None,
    log_obj=None,
    notify=None,
    message=None,
    code="transition",
    save_all=False,
):
    """Check, set, save, log, notify. Returns the state the object came from.

    `changes` are the other fields the move sets (saved with it, set only once the move is
    allowed); `log_obj` is the object the log row is about (default: `obj`); `notify` is a
    callable queued with `transaction.on_commit`; `save_all` saves every field (for callers that
    set fields on the locked object before the move). Callers lock `obj` in their transaction.
    """
    from_state = check_move(obj, to_state, table=table, field=field, message=message, code=code)
    changes = dict(changes or {})
    if field in changes:
        raise ValueError(f"The state field {field!r} is set by the move, not among the changes.")
    for name, value in changes.items():
        setattr(obj, name, value)
    setattr(obj, field, to_state)
    if obj.pk is None or save_all:
        obj.save()
    else:
        fields = [field, *changes]
        if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
            fields.append("updated_at")
        obj.save(update_fields=fields)
    reason = (reason or "").strip()
    log_action(
        actor=actor,
        action=action,
        obj=log_obj if log_obj is not None else obj,
        data={"from": from_state, "to": to_state, **({"reason": reason} if reason else {}), **(data or {})},
    )
    if notify is not None:
        transaction.on_commit(notify)
    return from_state
