"""Cancelling a call (art. 18a; law.md §2.6): the statutory grounds and the cancellation itself.

After the deadline, with no submitted offer (NO_OFFERS) or every submitted offer rejected on
formal grounds (NONE_ELIGIBLE), cancellation is the only end of the call and its ground is that
fact; any other cancellation (OTHER) needs a reason. It sits with the results because the grounds
are read from the offers and their formal checks; the call's state moves through
calls.services.transition_call.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.services import require_permission
from wspolpraca.competitions.calls.services import transition_call
from wspolpraca.competitions.enums import CallState, CancellationGround
from wspolpraca.competitions.evaluation.results import required_cancellation_ground
from wspolpraca.competitions.models import Call


@transaction.atomic
def cancel_call(*, call, actor, reason="", ground=CancellationGround.OTHER):
    """Cancel a call (art. 18a). The statutory grounds must match the facts: NO_OFFERS after the
    deadline with no submitted offer, NONE_ELIGIBLE when every submitted offer was rejected on
    formal grounds (their reason defaults to a sentence naming the facts); OTHER needs a reason."""
    require_permission(actor, "competitions.manage_call", call)
    if ground not in CancellationGround.values:
        raise ValidationError({"ground": _("Choose the ground for cancelling the call.")}, code="ground")
    reason = (reason or "").strip()
    if ground == CancellationGround.OTHER and not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling the call.")}, code="reason")
    call = Call.objects.select_for_update().get(pk=call.pk)
    if ground != CancellationGround.OTHER:
        required = required_cancellation_ground(call)
        if required != ground:
            message = {
                CancellationGround.NO_OFFERS: _(
                    "This ground does not apply: it needs the deadline to have passed with no offer submitted."
                ),
                CancellationGround.NONE_ELIGIBLE: _(
                    "This ground does not apply: it needs the deadline to have passed and every submitted offer "
                    "to have been rejected on formal grounds."
                ),
            }[CancellationGround(ground)]
            raise ValidationError({"ground": message}, code="ground_mismatch")
        if not reason:
            reason = default_cancellation_reason(call, ground)
    call.cancellation_ground = ground
    return transition_call(call, CallState.CANCELLED, actor=actor, reason=reason, data={"ground": ground})


def default_cancellation_reason(call, ground):
    deadline = timezone.localtime(call.offer_deadline).strftime("%d.%m.%Y %H:%M") if call.offer_deadline else ""
    if ground == CancellationGround.NO_OFFERS:
        return _("No offer was submitted by the deadline (%(deadline)s).") % {"deadline": deadline}
    if ground == CancellationGround.NONE_ELIGIBLE:
        return _(
            "None of the offers submitted by the deadline (%(deadline)s) met the requirements of the announcement: all were rejected on formal grounds."
        ) % {"deadline": deadline}
    return ""
