"""Meetings, resolutions with named votes, and minutes: atomic, checked, in the activity log.

Numbers of resolutions and opinions: a number is allocated when the draft is entered (so the
agenda and the papers can cite it), from a counter per body and year (`ResolutionNumber`) read
under select_for_update; the counter only goes up, so a withdrawn or rejected draft keeps its
number and no number is ever given twice (also guarded by a unique constraint)."""

import datetime
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from wspolpraca.bodies.enums import (
    MEETING_TRANSITIONS,
    MINUTES_EDITABLE,
    MINUTES_TRANSITIONS,
    RESOLUTION_TRANSITIONS,
    MeetingState,
    MinutesState,
    OpinionOutcome,
    Presence,
    ResolutionKind,
    ResolutionState,
    VoteChoice,
)
from wspolpraca.bodies.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    Body,
    Meeting,
    Minutes,
    MinutesVersion,
    Resolution,
    ResolutionNumber,
    Term,
    Vote,
)
from wspolpraca.common.mail import send_templated_mail
from wspolpraca.common.models import SiteSettings
from wspolpraca.common.pdf_safety import validate_pdf_content
from wspolpraca.common.services import log_action, require_permission
from wspolpraca.common.storage import refuse_when_disk_full
from wspolpraca.common.transitions import move_state

# --- reads the services and pages share ---------------------------------------------------------


def members_at(meeting):
    """The members of the meeting's term sitting on its day, by name."""
    day = timezone.localtime(meeting.starts_at).date()
    return [
        m
        for m in meeting.term.memberships.select_related("user").order_by("name")
        if m.start <= day and (m.end is None or m.end >= day)
    ]


def quorum_of(meeting, members=None, present=None):
    """(present, required, members): required = ceil(quorum % of the members sitting)."""
    members = members if members is not None else members_at(meeting)
    if present is None:
        present = meeting.attendances.filter(presence=Presence.PRESENT).count()
    required = math.ceil(len(members) * meeting.term.body.quorum_percent / 100) if members else 1
    return present, max(required, 1), len(members)


# --- meetings ------------------------------------------------------------------------------


@transaction.atomic
def create_meeting(*, actor, term, starts_at, place="", online_url=""):
    """The next meeting of `term` (numbered 1, 2, … within the term)."""
    require_permission(actor, "bodies.manage_meetings", term.body)
    term = Term.objects.select_for_update().get(pk=term.pk)
    errors = {}
    if not (place or "").strip() and not (online_url or "").strip():
        errors["place"] = _("Give the place of the meeting or a link to join it online.")
    if not (term.start <= timezone.localtime(starts_at).date() <= term.end):
        errors["starts_at"] = _("The meeting must take place within the term.")
    if errors:
        raise ValidationError(errors)
    last = term.meetings.order_by("-number").values_list("number", flat=True).first() or 0
    meeting = Meeting.objects.create(
        term=term, number=last + 1, starts_at=starts_at, place=place.strip(), online_url=online_url.strip()
    )
    log_action(actor=actor, action="body.meeting_created", obj=term.body, data={"meeting": meeting.pk})
    return meeting


def transition_meeting(meeting, to_state, *, actor, reason=""):
    """The one place a meeting's state changes: planned → held or cancelled."""
    return move_state(
        meeting,
        to_state,
        table=MEETING_TRANSITIONS,
        actor=actor,
        action=f"body.meeting_{to_state}",
        reason=reason,
        data={"meeting": meeting.pk, "number": meeting.number},
        message=_("This meeting cannot change from “%(from)s” to “%(to)s”."),
    )


@transaction.atomic
def mark_meeting_held(*, actor, meeting):
    require_permission(actor, "bodies.record_meeting", meeting.term.body)
    meeting = Meeting.objects.select_for_update().select_related("term__body").get(pk=meeting.pk)
    transition_meeting(meeting, MeetingState.HELD, actor=actor)
    return meeting


@transaction.atomic
def cancel_meeting(*, actor, meeting, reason):
    require_permission(actor, "bodies.manage_meetings", meeting.term.body)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason why the meeting is cancelled.")})
    meeting = Meeting.objects.select_for_update().select_related("term__body").get(pk=meeting.pk)
    transition_meeting(meeting, MeetingState.CANCELLED, actor=actor, reason=reason)
    return meeting


@transaction.atomic
def add_agenda_item(*, actor, meeting, title, description=""):
    require_permission(actor, "bodies.manage_meetings", meeting.term.body)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the title of the agenda item.")})
    last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first() or 0
    item = AgendaItem.objects.create(
        meeting=meeting, position=last + 1, title=title.strip(), description=(description or "").strip()
    )
    log_action(actor=actor, action="body.agenda_item_added", obj=meeting, data={"item": item.pk, "title": item.title})
    return item


def _editable_item(actor, item):
    require_permission(actor, "bodies.manage_meetings", item.meeting.term.body)
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if item.meeting.state != MeetingState.PLANNED:
        raise ValidationError(_("The agenda can be changed only before the meeting is held."))
    return item


@transaction.atomic
def change_agenda_item(*, actor, item, title, description=""):
    """Correct an item's title or description before the meeting."""
    item = _editable_item(actor, item)
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the title of the agenda item.")})
    before = [item.title, item.description]
    item.title, item.description = title.strip(), (description or "").strip()
    item.save(update_fields=["title", "description"])
    log_action(
        actor=actor,
        action="body.agenda_item_changed",
        obj=item.meeting,
        data={"item": item.pk, "from": before, "to": [item.title, item.description]},
    )
    return item


@transaction.atomic
def move_agenda_item(*, actor, item, up):
    """Swap the item with the one above it (`up`) or below it; the numbers stay 1, 2, …"""
    item = _editable_item(actor, item)
    siblings = AgendaItem.objects.select_for_update().filter(meeting=item.meeting)
    neighbour = (
        siblings.filter(position__lt=item.position).order_by("-position")
        if up
        else siblings.filter(position__gt=item.position).order_by("position")
    ).first()
    if neighbour is None:
        return item
    mine, theirs = item.position, neighbour.position
    item.position = 0  # free the place: positions are unique per meeting
    item.save(update_fields=["position"])
    neighbour.position = mine
    neighbour.save(update_fields=["position"])
    item.position = theirs
    item.save(update_fields=["position"])
    log_action(actor=actor, action="body.agenda_item_moved", obj=item.meeting, data={"item": item.pk, "to": theirs})
    return item


@transaction.atomic
def remove_agenda_item(*, actor, item):
    """Take an item without papers off the agenda before the meeting; the later ones move up."""
    item = _editable_item(actor, item)
    if item.documents.exists() or Minutes.objects.filter(approved_at_item=item).exists():
        raise ValidationError(_("An item with documents or an approval of minutes cannot be removed."))
    meeting, position, title = item.meeting, item.position, item.title
    item.delete()
    for later in meeting.agenda_items.select_for_update().filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
    log_action(actor=actor, action="body.agenda_item_removed", obj=meeting, data={"title": title})


@transaction.atomic
def add_document(*, actor, item, title, upload, public):
    require_permission(actor, "bodies.manage_meetings", item.meeting.term.body)
    try:
        validate_pdf_content(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    document = AgendaDocument(item=item, title=(title or upload.name).strip(), public=bool(public))
    with refuse_when_disk_full("file"):
        document.file.save(upload.name, upload, save=False)
    document.save()
    log_action(
        actor=actor,
        action="body.document_added",
        obj=item.meeting,
        data={"document": document.pk, "public": document.public},
    )
    return document


def invitation_ics(meeting):
    """The meeting as an iCalendar file (bytes), for the invitation."""
    calendar = Calendar()
    calendar.add("prodid", "-//Wspolpraca//bodies//PL")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{settings.SITE_URL.split('//')[-1]}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + datetime.timedelta(hours=2))
    event.add("summary", _("Meeting no. %(number)d: %(body)s") % {"number": meeting.number, "body": meeting.body})
    event.add("location", meeting.place or meeting.online_url)
    if meeting.online_url:
        event.add("url", meeting.online_url)
    agenda = "\n".join(f"{item.position}. {item.title}" for item in meeting.agenda_items.all())
    event.add("description", agenda)
    calendar.add_component(event)
    return calendar.to_ical()


def member_email(membership):
    """Where a member's invitations and minutes go: their account's address, else the one given."""
    return membership.user.email if membership.user_id else membership.email


def _member_emails(meeting):
    return sorted({member_email(m) for m in members_at(meeting) if member_email(m)})


def members_without_email(meeting):
    """The members sitting on the meeting's day whom no e-mail reaches (invited by post)."""
    return [m for m in members_at(meeting) if not member_email(m)]


@transaction.atomic
def send_invitations(*, actor, meeting):
    """E-mail the members with an account the agenda and the meeting as an .ics file."""
    require_permission(actor, "bodies.manage_meetings", meeting.term.body)
    meeting = Meeting.objects.select_for_update().select_related("term__body").get(pk=meeting.pk)
    if meeting.state != MeetingState.PLANNED:
        raise ValidationError(_("Invitations are sent only for a planned meeting."))
    recipients = _member_emails(meeting)
    if not recipients:
        raise ValidationError(_("No member of this body has an account with an e-mail address."))
    context = {
        "meeting": meeting,
        "items": list(meeting.agenda_items.all()),
        "site": SiteSettings.load(),
        "site_url": settings.SITE_URL,
    }
    with translation.override("pl"):
        subject = " ".join(render_to_string("bodies/email/invitation_subject.txt", context).split())
        body = render_to_string("bodies/email/invitation_body.txt", context)
        ics = invitation_ics(meeting)

    def send():
        message = EmailMessage(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            to=[settings.DEFAULT_FROM_EMAIL],
            bcc=recipients,
        )
        message.attach(f"posiedzenie-{meeting.number}.ics", ics, "text/calendar")
        message.send()

    meeting.invitations_sent_at = timezone.now()
    meeting.save(update_fields=["invitations_sent_at"])
    log_action(actor=actor, action="body.invitations_sent", obj=meeting, data={"recipients": len(recipients)})
    transaction.on_commit(send)
    return recipients


@transaction.atomic
def record_attendance(*, actor, meeting, presence):
    """`presence`: {membership id: Presence} for the members sitting on the meeting's day."""
    require_permission(actor, "bodies.record_meeting", meeting.term.body)
    meeting = Meeting.objects.select_for_update().select_related("term__body").get(pk=meeting.pk)
    if meeting.state == MeetingState.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    members = {m.pk: m for m in members_at(meeting)}
    unknown = set(presence) - set(members)
    if unknown or any(value not in Presence.values for value in presence.values()):
        raise ValidationError(_("Attendance can be recorded only for the members sitting on the day of the meeting."))
    for membership_id, value in presence.items():
        Attendance.objects.update_or_create(meeting=meeting, membership_id=membership_id, defaults={"presence": value})
    log_action(
        actor=actor,
        action="body.attendance_recorded",
        obj=meeting,
        data={str(key): value for key, value in sorted(presence.items())},
    )
    return meeting


# --- resolutions and opinions ----------------------------------------------------------------


def _next_number(body, year):
    counter, _created = ResolutionNumber.objects.select_for_update().get_or_create(body=body, year=year)
    counter = ResolutionNumber.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def create_resolution(*, actor, meeting, kind, subject, text, outcome=""):
    """A draft resolution or opinion for `meeting`; its number is taken now and kept for good."""
    body = meeting.term.body
    require_permission(actor, "bodies.manage_meetings", body)
    Body.objects.select_for_update().get(pk=body.pk)  # one numbering at a time per body
    errors = {}
    if not (subject or "").strip():
        errors["subject"] = _("Give the subject.")
    if not (text or "").strip():
        errors["text"] = _("Give the text.")
    if kind == ResolutionKind.OPINION and outcome not in OpinionOutcome.values:
        errors["outcome"] = _("Choose the opinion: positive, positive with remarks or negative.")
    if errors:
        raise ValidationError(errors)
    if kind != ResolutionKind.OPINION:
        outcome = ""
    year = timezone.localtime(meeting.starts_at).year
    resolution = Resolution.objects.create(
        meeting=meeting,
        body=body,
        year=year,
        number=_next_number(body, year),
        kind=kind,
        subject=subject.strip(),
        text=text.strip(),
        outcome=outcome,
    )
    log_action(
        actor=actor,
        action="body.resolution_created",
        obj=body,
        data={"resolution": resolution.pk, "number": f"{resolution.number}/{year}", "kind": kind},
    )
    return resolution


def transition_resolution(resolution, to_state, *, actor, reason="", changes=None):
    """The one place a resolution's state changes."""
    return move_state(
        resolution,
        to_state,
        table=RESOLUTION_TRANSITIONS,
        actor=actor,
        action=f"body.resolution_{to_state}",
        reason=reason,
        changes=changes,
        log_obj=resolution.body,
        data={"resolution": resolution.pk, "number": f"{resolution.number}/{resolution.year}"},
        message=_("This resolution cannot change from “%(from)s” to “%(to)s”."),
    )


@transaction.atomic
def withdraw_resolution(*, actor, resolution, reason):
    require_permission(actor, "bodies.manage_meetings", resolution.body)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason why the draft is withdrawn.")})
    resolution = Resolution.objects.select_for_update().select_related("body").get(pk=resolution.pk)
    transition_resolution(resolution, ResolutionState.WITHDRAWN, actor=actor, reason=reason)
    return resolution


def no_quorum_message(present, required):
    return _("The vote cannot take place: there is no quorum (%(present)d members present, %(required)d needed).") % {
        "present": present,
        "required": required,
    }


@transaction.atomic
def record_votes(*, actor, resolution, votes):
    """Named votes of the members present ({membership id: for/against/abstain}); the others are
    recorded absent. Refused without quorum. Adopted when more votes are for than against."""
    resolution = (
        Resolution.objects.select_for_update().select_related("body", "meeting__term__body").get(pk=resolution.pk)
    )
    meeting = resolution.meeting
    require_permission(actor, "bodies.record_meeting", resolution.body)
    if meeting.state == MeetingState.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    if resolution.state != ResolutionState.DRAFT:
        raise ValidationError(_("This resolution has already been voted on or withdrawn."))
    members = members_at(meeting)
    present_ids = set(meeting.attendances.filter(presence=Presence.PRESENT).values_list("membership_id", flat=True))
    present, required, _total = quorum_of(meeting, members, len(present_ids))
    if present < required:
        raise ValidationError(no_quorum_message(present, required), code="no_quorum")
    cast = {VoteChoice.FOR, VoteChoice.AGAINST, VoteChoice.ABSTAIN}
    missing = [m.name for m in members if m.pk in present_ids and votes.get(m.pk) not in cast]
    if missing:
        raise ValidationError(_("Record the vote of every member present: %(names)s.") % {"names": ", ".join(missing)})
    if set(votes) - present_ids:
        raise ValidationError(_("Only members recorded as present can vote."))
    rows = [
        Vote(resolution=resolution, membership=m, choice=votes[m.pk] if m.pk in present_ids else VoteChoice.ABSENT)
        for m in members
    ]
    Vote.objects.bulk_create(rows)
    tally = {choice: sum(1 for row in rows if row.choice == choice) for choice in VoteChoice.values}
    adopted = tally[VoteChoice.FOR] > tally[VoteChoice.AGAINST]
    transition_resolution(
        resolution,
        ResolutionState.ADOPTED if adopted else ResolutionState.REJECTED,
        actor=actor,
        changes={"voted_at": timezone.now()},
    )
    return resolution, tally


def tally_of(votes):
    return {choice: sum(1 for vote in votes if vote.choice == choice) for choice in VoteChoice.values}


# --- minutes -------------------------------------------------------------------------------------


def transition_minutes(minutes, to_state, *, actor, changes=None, reason=""):
    """The one place the minutes' state changes: draft → sent → approved → published."""
    return move_state(
        minutes,
        to_state,
        table=MINUTES_TRANSITIONS,
        actor=actor,
        action=f"body.minutes_{to_state}",
        changes=changes,
        reason=reason,
        log_obj=minutes.meeting,
        data={"minutes": minutes.pk},
        message=_("The minutes cannot change from “%(from)s” to “%(to)s”."),
    )


@transaction.atomic
def save_minutes(*, actor, meeting, text, note=""):
    """Draft the minutes of a held meeting or correct them before approval; every text is kept."""
    require_permission(actor, "bodies.record_meeting", meeting.term.body)
    meeting = Meeting.objects.select_for_update().select_related("term__body").get(pk=meeting.pk)
    if meeting.state != MeetingState.HELD:
        raise ValidationError(_("Minutes are drafted for a meeting that has been held."))
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the minutes.")})
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        minutes = Minutes.objects.create(meeting=meeting, text=text.strip())
    elif minutes.state not in MINUTES_EDITABLE:
        raise ValidationError(_("Approved minutes can no longer be changed."))
    else:
        minutes.text = text.strip()
        minutes.save(update_fields=["text", "updated_at"])
    last = minutes.versions.order_by("-number").values_list("number", flat=True).first() or 0
    MinutesVersion.objects.create(minutes=minutes, number=last + 1, text=minutes.text, author=actor, note=note.strip())
    log_action(actor=actor, action="body.minutes_saved", obj=meeting, data={"version": last + 1})
    return minutes


@transaction.atomic
def send_minutes(*, actor, minutes):
    """Send the draft to the members (e-mail) for their remarks before approval."""
    require_permission(actor, "bodies.record_meeting", minutes.meeting.term.body)
    minutes = Minutes.objects.select_for_update().select_related("meeting__term__body").get(pk=minutes.pk)
    transition_minutes(minutes, MinutesState.SENT, actor=actor, changes={"sent_at": timezone.now()})
    recipients = _member_emails(minutes.meeting)
    transaction.on_commit(
        lambda: send_templated_mail(
            template="bodies/email/minutes", recipients=recipients, context={"minutes": minutes}
        )
    )
    return minutes


@transaction.atomic
def approve_minutes(*, actor, minutes, at_meeting):
    """Approve the minutes at a later meeting of the body: recorded as an item of its agenda."""
    require_permission(actor, "bodies.manage_meetings", minutes.meeting.term.body)
    minutes = Minutes.objects.select_for_update().select_related("meeting__term__body").get(pk=minutes.pk)
    earlier = minutes.meeting
    if at_meeting.term.body_id != earlier.term.body_id or at_meeting.starts_at <= earlier.starts_at:
        raise ValidationError(_("Minutes are approved at a later meeting of the same body."))
    if at_meeting.state == MeetingState.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    with translation.override("pl"):
        title = _("Approval of the minutes of meeting no. %(number)d") % {"number": earlier.number}
    item = add_agenda_item(actor=actor, meeting=at_meeting, title=title)
    transition_minutes(
        minutes,
        MinutesState.APPROVED,
        actor=actor,
        changes={"approved_at_item": item},
        reason=f"{at_meeting.number}",
    )
    return minutes


@transaction.atomic
def publish_minutes(*, actor, minutes):
    """Publish approved minutes (HTML and PDF); refused before approval."""
    require_permission(actor, "bodies.manage_meetings", minutes.meeting.term.body)
    minutes = Minutes.objects.select_for_update().select_related("meeting__term__body").get(pk=minutes.pk)
    transition_minutes(minutes, MinutesState.PUBLISHED, actor=actor, changes={"published_at": timezone.now()})
    return minutes
