"""The published results of a call on its public page, and the dates the results or the
cancellation notice were published in the BIP and on the notice board (art. 15(2h), art. 18a)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.services import log_action, require_permission
from wspolpraca.competitions.enums import CallState, DecisionOutcome
from wspolpraca.competitions.models import Call, Decision


def d_m_y(day):
    return day.strftime("%d.%m.%Y") if day else ""


def published_results(call):
    """What the public page lists: funded rows (organisation, task, amount) and the other counts."""
    decisions = list(
        Decision.objects.filter(offer__call=call)
        .select_related("offer__organisation", "offer__task")
        .order_by("offer__task__number", "-amount", "offer__organisation__name")
    )
    funded = [d for d in decisions if d.outcome == DecisionOutcome.FUNDED]
    return {
        "funded": funded,
        "total": sum((d.amount for d in funded), Decimal("0.00")),
        "not_funded": sum(1 for d in decisions if d.outcome == DecisionOutcome.NOT_FUNDED),
        "rejected": sum(1 for d in decisions if d.outcome == DecisionOutcome.REJECTED),
    }


def _record_channels(*, actor, call, values, missing, action):
    """Save the BIP / notice-board dates (and address) in `values` on the locked call; dates are
    required and not in the future (`missing`: {field: message}, errors under the name of the
    argument, i.e. without the prefix); logged with before and after."""
    today = timezone.localdate()
    errors = {}
    for field, message in missing.items():
        day, name = values.get(field), field.split("_", 1)[1]
        if not day:
            errors[name] = message
        elif day > today:
            errors[name] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    values = {field: value or ("" if field.endswith("_url") else None) for field, value in values.items()}

    def shown(value):
        return d_m_y(value) if isinstance(value, datetime.date) else value

    before = {field: shown(getattr(call, field)) for field in values}
    after = {field: shown(value) for field, value in values.items()}
    if before != after:
        for field, value in values.items():
            setattr(call, field, value)
        call.save(update_fields=[*values, "updated_at"])
        log_action(actor=actor, action=action, obj=call, data={"before": before, "after": after})
    return call


@transaction.atomic
def record_results_publication(*, actor, call, bip_published_on, notice_board_published_on, bip_url=""):
    """The BIP and notice-board dates of the results (the website date is their publication here)."""
    require_permission(actor, "competitions.record_results_publication", call)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.state != CallState.RESOLVED or call.results_published_at is None:
        raise ValidationError(_("The results of this call have not been published yet."), code="not_resolved")
    return _record_channels(
        actor=actor,
        call=call,
        values={
            "results_bip_published_on": bip_published_on,
            "results_notice_board_published_on": notice_board_published_on,
            "results_bip_url": bip_url,
        },
        missing={
            "results_bip_published_on": _("Enter the date the results were published in the BIP."),
            "results_notice_board_published_on": _("Enter the date the results were posted on the notice board."),
        },
        action="results.publication_changed",
    )


@transaction.atomic
def record_cancellation_publication(*, actor, call, bip_published_on, notice_board_published_on):
    """The BIP and notice-board dates of the cancellation notice (art. 18a with art. 13 ust. 3)."""
    require_permission(actor, "competitions.record_results_publication", call)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.state != CallState.CANCELLED:
        raise ValidationError(_("This call has not been cancelled."), code="not_cancelled")
    return _record_channels(
        actor=actor,
        call=call,
        values={
            "cancellation_bip_published_on": bip_published_on,
            "cancellation_notice_board_published_on": notice_board_published_on,
        },
        missing={
            "cancellation_bip_published_on": _("Enter the date the cancellation was published in the BIP."),
            "cancellation_notice_board_published_on": _(
                "Enter the date the cancellation was posted on the notice board."
            ),
        },
        action="call.cancellation_published",
    )
