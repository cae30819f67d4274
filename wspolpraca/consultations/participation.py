"""Taking part beyond an account's online comment: residents who comment without an account
(honeypot, a limit per client address, an e-mailed confirmation), the open meetings of a
consultation with their registrations, and the e-mail alerts sent when a consultation opens
(the `consultation_alerts` step of run_scheduled). Atomic, logged, like services.py, which
this module builds on (never the other way)."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wspolpraca.common.mail import send_templated_mail
from wspolpraca.common.ratelimit import address_key, take_attempt
from wspolpraca.common.services import log_action
from wspolpraca.consultations.enums import CommentChannel, CommentState, ConsultationState, Participants
from wspolpraca.consultations.models import Comment, Consultation, ConsultationAlert, Meeting, MeetingRegistration
from wspolpraca.consultations.services import (
    check_open_for_comments,
    current_version,
    refresh_consultation_state,
    transition_comment,
)

# --- residents without an account ----------------------------------------------------------------

RESIDENT_COMMENT_LIMIT = 5  # per client address and hour
CONFIRM_SALT = "consultations.comment.confirm"
CONFIRM_SECONDS = 3 * 24 * 3600


class CommentRateLimited(Exception):
    """Too many comments from one address within the hour."""


def takes_resident_comments(consultation):
    return consultation.participants == Participants.ORGANISATIONS_AND_RESIDENTS


@transaction.atomic
def submit_resident_comment(*, consultation, data, ip, now=None):
    """A resident without an account: the comment is kept unsent until the link e-mailed to the
    address given is followed (confirm_resident_comment). Rate-limited per client address."""
    now = now or timezone.now()
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    refresh_consultation_state(consultation, now=now)
    if not takes_resident_comments(consultation):
        raise ValidationError(_("This consultation takes comments only from organisations."))
    check_open_for_comments(consultation, now)
    if not (data.get("justification") or "").strip():
        raise ValidationError({"justification": _("Give the justification of the comment.")})
    if not take_attempt(address_key("consultations.comments", ip), limit=RESIDENT_COMMENT_LIMIT):
        raise CommentRateLimited
    comment = Comment(
        consultation=consultation,
        author=None,
        version=current_version(consultation),
        channel=CommentChannel.ONLINE,
        sender_name=data["sender_name"].strip(),
        email=data["email"],
        unit=data.get("unit"),
        current_wording=data.get("current_wording") or "",
        proposed_wording=data.get("proposed_wording") or "",
        justification=data["justification"],
    )
    if comment.unit is not None:
        comment.version = comment.unit.version
    comment.save()
    log_action(actor=None, action="consultation_comment.submitted", obj=comment, data={"consultation": consultation.pk})
    token = signing.dumps(comment.pk, salt=CONFIRM_SALT)
    language = translation.get_language()  # the resident's own confirmation: in the language they use
    transaction.on_commit(
        lambda: send_templated_mail(
            template="consultations/email/confirm_comment",
            recipients=[comment.email],
            context={"consultation": consultation, "comment": comment, "token": token},
            language=language,
        )
    )
    return comment


@transaction.atomic
def confirm_resident_comment(token, *, now=None):
    """Follow the e-mailed link: the comment counts as sent when it was submitted (the form was
    refused after the close, so it is on time). A link older than three days, or used, does nothing.
    Returns the comment, or None for a bad or expired link."""
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_SECONDS)
    except signing.BadSignature:
        return None
    comment = Comment.objects.select_for_update().filter(pk=pk, author=None, entered_by=None).first()
    if comment is None:
        return None
    if comment.state == CommentState.DRAFT:
        transition_comment(
            comment,
            CommentState.SENT,
            actor=None,
            changes={"sent_at": comment.created_at, "received_on": timezone.localdate(comment.created_at)},
        )
    return comment


# --- open meetings -------------------------------------------------------------------------------

MEETING_FIELDS = ("starts_at", "place", "online_url", "description", "places")


@transaction.atomic
def save_meeting(*, actor, consultation, data, meeting=None):
    if not (data.get("place") or "").strip() and not data.get("online_url"):
        raise ValidationError({"place": _("Give the place or the link to the online meeting.")})
    if meeting is None:
        meeting = Meeting(consultation=consultation)
    for name in MEETING_FIELDS:
        if name in data:
            setattr(meeting, name, data[name])
    created = meeting.pk is None
    meeting.save()
    log_action(
        actor=actor,
        action="consultation_meeting.created" if created else "consultation_meeting.updated",
        obj=consultation,
        data={"meeting": meeting.pk},
    )
    return meeting


def places_left(meeting):
    if meeting.places is None:
        return None
    return max(meeting.places - meeting.registrations.count(), 0)


@transaction.atomic
def register_for_meeting(*, meeting, name, email, organisation_name="", user=None, now=None):
    """A person signs up from the public page, while the meeting is ahead and places remain."""
    now = now or timezone.now()
    meeting = Meeting.objects.select_for_update().select_related("consultation").get(pk=meeting.pk)
    if meeting.starts_at <= now or meeting.consultation.state == ConsultationState.CANCELLED:
        raise ValidationError(_("Registration for this meeting is closed."))
    if MeetingRegistration.objects.filter(meeting=meeting, email__iexact=email).exists():
        raise ValidationError({"email": _("This e-mail address is already registered for the meeting.")})
    if meeting.places is not None and places_left(meeting) <= 0:
        raise ValidationError(_("There are no places left at this meeting."))
    registration = MeetingRegistration.objects.create(
        meeting=meeting,
        name=name.strip(),
        email=email,
        organisation_name=(organisation_name or "").strip(),
        user=user if user is not None and user.is_authenticated else None,
    )
    log_action(
        actor=registration.user,
        action="consultation_meeting.registered",
        obj=meeting.consultation,
        data={"meeting": meeting.pk, "registration": registration.pk},
    )
    return registration


@transaction.atomic
def record_meeting_outcome(*, actor, meeting, notes, present_ids, now=None):
    """After the meeting: the officer's notes and who came (the others: absent)."""
    now = now or timezone.now()
    if meeting.starts_at > now:
        raise ValidationError(_("Attendance is recorded after the meeting."))
    meeting.notes = notes
    meeting.save(update_fields=["notes"])
    present_ids = {int(pk) for pk in present_ids}
    for registration in meeting.registrations.all():
        registration.present = registration.pk in present_ids
        registration.save(update_fields=["present"])
    log_action(
        actor=actor,
        action="consultation_meeting.attendance",
        obj=meeting.consultation,
        data={"meeting": meeting.pk, "present": sorted(present_ids)},
    )
    return meeting


# --- e-mail alerts -------------------------------------------------------------------------------

UNSUBSCRIBE_SALT = "consultations.alert.unsubscribe"


@transaction.atomic
def save_alert(*, user, act_kind="", areas=()):
    """The person's alert for a kind of act (or any), in the areas chosen (none: every area); saved
    again for the same kind, it takes the new areas."""
    alert, _created = ConsultationAlert.objects.get_or_create(user=user, act_kind=act_kind or "")
    alert.areas.set(areas)
    log_action(
        actor=user,
        action="consultation_alert.saved",
        obj=alert,
        data={"act_kind": alert.act_kind, "areas": sorted(area.code for area in areas)},
    )
    return alert


@transaction.atomic
def delete_alert(*, alert, actor=None):
    log_action(actor=actor, action="consultation_alert.deleted", obj=alert, data={"act_kind": alert.act_kind})
    alert.delete()


def unsubscribe_token(alert):
    return signing.dumps(alert.pk, salt=UNSUBSCRIBE_SALT)


def alert_from_token(token):
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return ConsultationAlert.objects.filter(pk=pk).select_related("user").first()


def alerts_for(consultation):
    """The alerts a consultation meets: of its kind of act (or any kind), and in one of its areas
    (an alert without areas takes every area; a consultation without areas concerns every area)."""
    areas = set(consultation.areas.values_list("pk", flat=True))
    alerts = (
        ConsultationAlert.objects.filter(user__is_active=True, act_kind__in=("", consultation.act_kind))
        .exclude(user__email="")
        .select_related("user")
        .prefetch_related("areas")
        .order_by("user_id", "act_kind")
    )
    return [
        alert for alert in alerts if not areas or not alert.areas.all() or areas & {a.pk for a in alert.areas.all()}
    ]


def send_opening_alerts(consultation, *, now=None):
    """E-mail those who asked (for any kind of act, or this one) that the consultation is open;
    once: the consultation is marked first, in its own transaction. Returns the number sent, or
    None when another run had already done it."""
    now = now or timezone.now()
    with transaction.atomic():
        marked = Consultation.objects.filter(
            pk=consultation.pk, state=ConsultationState.OPEN, alerts_sent_at__isnull=True
        ).update(alerts_sent_at=now)
    if not marked:
        return None
    sent = set()
    for alert in alerts_for(consultation):
        if alert.user_id in sent:
            continue
        sent.add(alert.user_id)
        # One message per person: addresses of others are never disclosed.
        send_templated_mail(
            template="consultations/email/alert",
            recipients=[alert.user.email],
            context={"consultation": consultation, "token": unsubscribe_token(alert)},
        )
    return len(sent)


def alerts_step(now):
    """run_scheduled step: tell those who asked about each consultation that opened (once each)."""
    done = []
    for consultation in Consultation.objects.filter(state=ConsultationState.OPEN, alerts_sent_at__isnull=True).order_by(
        "pk"
    ):
        sent = send_opening_alerts(consultation, now=now)
        if sent:
            done.append(f"consultation {consultation.pk}: {sent} alerts")
    return done
