"""Opinion requests to bodies (art. 41i ust. 1 and 2 of the Act): the office asks a council or a
team for its opinion on a draft, with a deadline; the body's secretary (or an officer) records the
opinion; a request without one lapses the day after its deadline as "right not used".

Services (atomic, logged on the request and on its consultation) and the reads of the pages.
`transition_opinion_request` is the only place a request changes its state.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wspolpraca.accounts.roles import personal_roles
from wspolpraca.bodies.enums import MemberRole, MembershipState, ResolutionKind, ResolutionState
from wspolpraca.bodies.selectors import current_memberships
from wspolpraca.common.mail import send_templated_mail
from wspolpraca.common.services import log_action
from wspolpraca.common.transitions import move_state
from wspolpraca.consultations.enums import (
    OPINION_REQUEST_TRANSITIONS,
    STATUTORY_OPINION_KINDS,
    OpinionRequestState,
)
from wspolpraca.consultations.models import OpinionRequest
from wspolpraca.consultations.reports import ReportSection

REQUEST_FIELDS = ("body", "consultation", "subject", "act_kind", "note", "draft_file", "delivered_on", "days")
OPINION_FIELDS = ("outcome", "opinion_text", "resolution_number", "resolution", "opinion_file", "given_on")


def default_days():
    """The body's time for an opinion unless the officer sets another (default 14 days)."""
    return getattr(settings, "OPINION_REQUEST_DAYS", 14)


def minimum_days(act_kind):
    """14 days for a cooperation programme or a strategy (art. 41i ust. 2); otherwise the
    setting OPINION_REQUEST_MIN_DAYS, never less than 7."""
    floor = max(7, getattr(settings, "OPINION_REQUEST_MIN_DAYS", 7))
    return max(floor, 14) if act_kind in STATUTORY_OPINION_KINDS else floor


def deadline_for(delivered_on, days):
    """Calendar days counted from the delivery of the draft to the body."""
    return delivered_on + timedelta(days=days)


def check_request(*, act_kind, delivered_on, days, today=None):
    today = today or timezone.localdate()
    errors = {}
    floor = minimum_days(act_kind)
    if days is not None and days < floor:
        errors["days"] = ngettext(
            "The body must have at least %(days)d day for its opinion.",
            "The body must have at least %(days)d days for its opinion.",
            floor,
        ) % {"days": floor}
    if delivered_on is not None:
        if delivered_on > today:
            errors["delivered_on"] = _("The delivery date cannot be in the future.")
        elif days is not None and "days" not in errors and deadline_for(delivered_on, days) < today:
            errors["days"] = _("With this delivery date the deadline has already passed.")
    if errors:
        raise ValidationError(errors)


def transition_opinion_request(request, to_state, *, actor, reason="", changes=None, message=None):
    """The one place an opinion request changes its state (the table in enums.py); every move
    out of `requested` is final and stamps `closed_at` (a report shows what was closed by its
    publication)."""
    changes = {"closed_at": timezone.now(), **(changes or {})}
    return move_state(
        request,
        to_state,
        table=OPINION_REQUEST_TRANSITIONS,
        actor=actor,
        action=f"opinion_request.{to_state}",
        reason=reason,
        changes=changes,
        message=message,
    )


def _log_on_consultation(request, *, actor, action):
    if request.consultation_id:
        log_action(actor=actor, action=action, obj=request.consultation, data={"opinion_request": request.pk})


def body_recipients(body):
    """Who is told about a request: the body's public address and its sitting members with accounts."""
    emails = (
        current_memberships()
        .filter(term__body=body, state=MembershipState.ACTIVE, user__isnull=False, user__is_active=True)
        .values_list("user__email", flat=True)
    )
    return [body.contact_email, *emails]


def office_recipients(request):
    return [
        request.created_by.email if request.created_by else "",
        request.consultation.contact_email if request.consultation else "",
    ]


def _mail(request, template, recipients):
    context = {"request_": request, "deadline": date_format(request.deadline, "DATE_FORMAT")}
    transaction.on_commit(
        lambda: send_templated_mail(template=f"consultations/email/{template}", recipients=recipients, context=context)
    )


@transaction.atomic
def request_opinion(*, actor, data, today=None):
    """Ask a body for its opinion; the deadline runs from the delivery of the draft."""
    data = dict(data)
    consultation = data.get("consultation")
    if consultation is not None:
        data["act_kind"] = data.get("act_kind") or consultation.act_kind
        if not (data.get("subject") or "").strip():
            data["subject"] = consultation.title
    if not data.get("days"):
        data["days"] = max(default_days(), minimum_days(data.get("act_kind")))
    check_request(act_kind=data.get("act_kind"), delivered_on=data.get("delivered_on"), days=data["days"], today=today)
    request = OpinionRequest(created_by=actor, **{name: data[name] for name in REQUEST_FIELDS if name in data})
    request.deadline = deadline_for(request.delivered_on, request.days)
    request.save()
    log_action(actor=actor, action="opinion_request.created", obj=request, data={"body": request.body_id})
    _log_on_consultation(request, actor=actor, action="consultation.opinion_requested")
    _mail(request, "opinion_requested", body_recipients(request.body))
    return request


def _locked(request):
    return (
        OpinionRequest.objects.select_for_update(of=("self",)).select_related("body", "consultation").get(pk=request.pk)
    )


def _from_resolution(request, data):
    """An opinion the body adopted by a resolution (bodies' meetings): its outcome, text, number
    and day fill what the form left empty."""
    resolution = data.get("resolution")
    if resolution is None:
        return data
    if (
        resolution.body_id != request.body_id
        or resolution.kind != ResolutionKind.OPINION
        or resolution.state != ResolutionState.ADOPTED
    ):
        raise ValidationError({"resolution": _("Choose an opinion this body adopted.")})
    data = dict(data)
    data["outcome"] = data.get("outcome") or resolution.outcome
    data["opinion_text"] = (data.get("opinion_text") or "").strip() or resolution.text
    data["resolution_number"] = data.get("resolution_number") or resolution.number_label
    if not data.get("given_on") and resolution.voted_at:
        data["given_on"] = timezone.localdate(resolution.voted_at)
    return data


@transaction.atomic
def record_opinion(*, actor, request, data, today=None, now=None):
    """The body's opinion, recorded by its secretary or an officer, at the latest on the deadline's day."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    request = _locked(request)
    if request.state != OpinionRequestState.REQUESTED:
        raise ValidationError(
            _("This request is %(state)s: the opinion can no longer be recorded.")
            % {"state": request.get_state_display()}
        )
    if today > request.deadline:
        raise ValidationError(
            _(
                "The deadline for the opinion passed on %(deadline)s: the body did not use its right to give an "
                "opinion. Your text is kept below."
            )
            % {"deadline": date_format(request.deadline, "DATE_FORMAT")}
        )
    data = _from_resolution(request, data)
    errors = {}
    if not data.get("outcome"):
        errors["outcome"] = _("Choose the opinion.")
    if not (data.get("opinion_text") or "").strip() and not data.get("opinion_file"):
        errors["opinion_text"] = _("Give the text of the opinion or attach it as a PDF.")
    given_on = data.get("given_on") or today
    if given_on > today or given_on < request.delivered_on:
        errors["given_on"] = _("The date must fall between the delivery of the draft and today.")
    if errors:
        raise ValidationError(errors)
    changes = {name: data[name] for name in OPINION_FIELDS if name in data and data[name] is not None}
    changes.update(given_on=given_on, recorded_by=actor, closed_at=now)
    transition_opinion_request(request, OpinionRequestState.GIVEN, actor=actor, changes=changes)
    _log_on_consultation(request, actor=actor, action="consultation.opinion_given")
    _mail(request, "opinion_given", office_recipients(request))
    return request


@transaction.atomic
def withdraw_opinion_request(*, actor, request, reason):
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for withdrawing the request.")})
    request = _locked(request)
    transition_opinion_request(
        request,
        OpinionRequestState.WITHDRAWN,
        actor=actor,
        reason=reason,
        changes={"withdraw_reason": reason.strip()},
        message=_("Only a request awaiting the opinion can be withdrawn."),
    )
    _log_on_consultation(request, actor=actor, action="consultation.opinion_request_withdrawn")
    _mail(request, "opinion_withdrawn", body_recipients(request.body))
    return request


def lapse_opinion_requests(now):
    """run_scheduled step: a request still awaiting its opinion the day after its deadline closes as
    "right not used" (calendar days, Polish time); never on the deadline's day itself."""
    today = timezone.localdate(now)
    done = []
    due = OpinionRequest.objects.filter(state=OpinionRequestState.REQUESTED, deadline__lt=today).order_by("pk")
    for request in due.only("pk"):
        with transaction.atomic():
            locked = _locked(request)
            if locked.state != OpinionRequestState.REQUESTED or locked.deadline >= today:
                continue
            transition_opinion_request(locked, OpinionRequestState.NOT_USED, actor=None)
            _log_on_consultation(locked, actor=None, action="consultation.opinion_not_used")
            _mail(locked, "opinion_not_used", office_recipients(locked))
        done.append(f"opinion request {locked.pk}: requested → not_used")
    return done


# --- the reports' section ----------------------------------------------------------------------


def report_section(report):
    """The bodies' opinions (or their lapse) closed by the report's publication: "Raport 2" carries
    the council's opinion, "Raport 1" published before it does not."""
    requests = [
        request
        for request in report.consultation.opinion_requests.select_related("body").order_by("delivered_on", "pk")
        if request.state in (OpinionRequestState.GIVEN, OpinionRequestState.NOT_USED)
        and request.closed_at is not None
        and request.closed_at <= report.published_at
    ]
    if not requests:
        return None
    return ReportSection(
        title=_("Opinions of bodies"),
        template="consultations/includes/report_opinions.html",
        context={"opinion_requests": requests},
        key="opinions",
    )


# --- reads --------------------------------------------------------------------------------------


def opinion_requests_for_panel(*, state="", body=None):
    requests = OpinionRequest.objects.select_related("body", "consultation").order_by("-delivered_on", "-pk")
    if state:
        requests = requests.filter(state=state)
    if body:
        requests = requests.filter(body=body)
    return requests


def opinion_requests_of(consultation):
    return list(consultation.opinion_requests.select_related("body").order_by("delivered_on", "pk"))


def _secretary_seats(user, day=None):
    return current_memberships(day).filter(user=user, role=MemberRole.SECRETARY, state=MembershipState.ACTIVE)


def secretary_body_ids(user, day=None):
    """The bodies in which the person is the secretary today."""
    if not user.is_authenticated:
        return []
    return list(_secretary_seats(user, day).values_list("term__body_id", flat=True))


def opinion_requests_to_answer(user):
    """Requests awaiting an opinion from the bodies the person is the secretary of, the soonest
    deadline first (one query; none for a person who sits on no body)."""
    if not user.is_authenticated or not personal_roles(user).get("body_member"):
        return OpinionRequest.objects.none()
    return (
        OpinionRequest.objects.filter(
            state=OpinionRequestState.REQUESTED,
            body_id__in=_secretary_seats(user).values("term__body_id"),
        )
        .select_related("body")
        .order_by("deadline", "pk")
    )
