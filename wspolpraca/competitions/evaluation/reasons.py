"""Requests for the reasons for selecting or rejecting an offer (art. 15(2j), law.md §8 rules 16–17).

Requests for reasons (art. 15(2j)) are accepted until the end of the day (Warsaw)
`reasons_request_days` after the day the results were published; the server enforces it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.dates import end_of_day
from wspolpraca.common.ratelimit import address_key, take_attempt
from wspolpraca.common.services import log_action, require_permission
from wspolpraca.competitions.enums import CallState, OfferState
from wspolpraca.competitions.evaluation.mailing import safely, send
from wspolpraca.competitions.models import Call, CompetitionSettings, ReasonsRequest


class ReasonsRateLimited(Exception):
    pass


REASONS_RATE_LIMIT = 5  # requests per address per hour


def reasons_deadline(call):
    """The last moment a request for reasons is accepted (end of the day, Warsaw), or None."""
    if call.results_published_at is None:
        return None
    days = CompetitionSettings.load().reasons_request_days
    published = timezone.localtime(call.results_published_at).date()
    return end_of_day(published + datetime.timedelta(days=days))


def reasons_window_open(call, *, now=None):
    deadline = reasons_deadline(call)
    return call.state == CallState.RESOLVED and deadline is not None and (now or timezone.now()) <= deadline


def _rate_key(ip):
    return address_key("results.reasons", ip)


@transaction.atomic
def request_reasons(*, call, name, email, text, offer=None, ip=None, actor=None, now=None):
    """Anyone asks for the reasons for selecting or rejecting an offer; the call's officers are e-mailed."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    now = now or timezone.now()
    if call.state != CallState.RESOLVED:
        raise ValidationError(_("Reasons may be requested only once the results are published."), code="state")
    if not reasons_window_open(call, now=now):
        raise ValidationError(
            _(
                "Requests for reasons were accepted until %(deadline)s (%(days)s days after the results "
                "were published). Contact the city unit running the call."
            )
            % {
                "deadline": timezone.localtime(reasons_deadline(call)).strftime("%d.%m.%Y %H:%M"),
                "days": CompetitionSettings.load().reasons_request_days,
            },
            code="window_closed",
        )
    if offer is not None and (offer.call_id != call.pk or offer.state != OfferState.SUBMITTED):
        raise ValidationError({"offer": _("Choose an offer of this call.")})
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Enter your name.")
    if not (email or "").strip():
        errors["email"] = _("Enter your e-mail address: the reply is sent there.")
    if not (text or "").strip():
        errors["text"] = _("Write what you would like to know.")
    if errors:
        raise ValidationError(errors)
    if not take_attempt(_rate_key(ip), limit=REASONS_RATE_LIMIT):
        raise ReasonsRateLimited
    repeated = (
        ReasonsRequest.objects.filter(
            call=call, offer=offer, email__iexact=email.strip(), text=text.strip(), replied_at__isnull=True
        )
        .order_by("-pk")
        .first()
    )
    if repeated is not None:
        return repeated  # the same request sent again (a double click): one request, one e-mail
    request = ReasonsRequest.objects.create(
        call=call, offer=offer, name=name.strip()[:200], email=email.strip(), text=text.strip()
    )
    log_action(
        actor=actor,
        action="results.reasons_requested",
        obj=call,
        data={"request": request.pk, "name": request.name, "offer": offer.number if offer else None},
    )
    pk = request.pk
    transaction.on_commit(lambda: safely(_send_reasons_requested, pk))
    return request


@transaction.atomic
def reply_to_reasons_request(*, actor, request, reply):
    """The officer's reply, e-mailed to the requester; both kept and logged."""
    require_permission(actor, "competitions.answer_reasons_requests", request.call)
    request = ReasonsRequest.objects.select_for_update().select_related("call").get(pk=request.pk)
    if request.replied_at is not None:
        raise ValidationError(_("This request has already been answered."), code="replied")
    reply = (reply or "").strip()
    if not reply:
        raise ValidationError({"reply": _("Write the reply.")})
    request.reply = reply
    request.replied_at = timezone.now()
    request.replied_by = actor
    request.save(update_fields=["reply", "replied_at", "replied_by"])
    log_action(
        actor=actor,
        action="results.reasons_replied",
        obj=request.call,
        data={"request": request.pk, "name": request.name},
    )
    pk = request.pk
    transaction.on_commit(lambda: safely(_send_reasons_reply, pk))
    return request


def call_officer_emails(call):
    """The officers of the call's unit (the centre's officers when the unit has none)."""
    emails = list(call.unit.officers.filter(is_active=True, is_officer=True).values_list("email", flat=True))
    if not emails:
        from django.contrib.auth import get_user_model

        emails = list(
            get_user_model()
            .objects.filter(is_active=True, is_officer=True, city_units__is_centre=True)
            .values_list("email", flat=True)
        )
    return emails


def _send_reasons_requested(pk):
    request = ReasonsRequest.objects.select_related("call", "call__unit", "offer__organisation").get(pk=pk)
    send("reasons_requested", call_officer_emails(request.call), {"request": request, "call": request.call})


def _send_reasons_reply(pk):
    request = ReasonsRequest.objects.select_related("call", "offer__organisation").get(pk=pk)
    send("reasons_reply", [request.email], {"request": request, "call": request.call})
