"""Meetings, quorum, numbered resolutions with named votes, minutes: the services' rules."""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tests.bodies.factories import council_with_meeting
from tests.factories import UserFactory
from tests.pdfs import make_pdf
from wspolpraca.bodies import meetings as services
from wspolpraca.bodies.enums import MeetingState, MinutesState, ResolutionState
from wspolpraca.bodies.models import Meeting, Resolution
from wspolpraca.common.models import ActivityLog

pytestmark = pytest.mark.django_db


def _attend(officer, meeting, seats, present):
    services.record_attendance(
        actor=officer,
        meeting=meeting,
        presence={seat.pk: "present" if i < present else "excused" for i, seat in enumerate(seats)},
    )


def test_meetings_are_numbered_in_the_term_and_need_a_place_or_a_link(officer):
    meeting, _seats = council_with_meeting()
    when = timezone.now() + datetime.timedelta(days=7)
    with pytest.raises(ValidationError) as error:
        services.create_meeting(actor=officer, term=meeting.term, starts_at=when)
    assert "place" in error.value.message_dict
    second = services.create_meeting(
        actor=officer, term=meeting.term, starts_at=when, online_url="https://meet.example.org/x"
    )
    assert second.number == 2 and second.state == MeetingState.PLANNED


def test_a_vote_is_refused_without_quorum(officer):
    meeting, seats = council_with_meeting(members=5)
    resolution = services.create_resolution(
        actor=officer, meeting=meeting, kind="resolution", subject="Program współpracy", text="§ 1."
    )
    _attend(officer, meeting, seats, present=2)  # 3 of 5 needed (50 %, rounded up)
    assert services.quorum_of(meeting) == (2, 3, 5)
    votes = {seats[0].pk: "for", seats[1].pk: "for"}
    with pytest.raises(ValidationError) as error:
        services.record_votes(actor=officer, resolution=resolution, votes=votes)
    assert error.value.code == "no_quorum"
    message = error.value.messages[0]
    assert ("kworum" in message or "quorum" in message) and "3" in message
    resolution.refresh_from_db()
    assert resolution.state == ResolutionState.DRAFT and not resolution.votes.exists()


def test_adopted_with_quorum_and_more_for_than_against_absent_recorded(officer):
    meeting, seats = council_with_meeting(members=5)
    _attend(officer, meeting, seats, present=3)
    first = services.create_resolution(actor=officer, meeting=meeting, kind="resolution", subject="A", text="§ 1.")
    _resolution, tally = services.record_votes(
        actor=officer,
        resolution=first,
        votes={seats[0].pk: "for", seats[1].pk: "for", seats[2].pk: "against"},
    )
    first.refresh_from_db()
    assert first.state == ResolutionState.ADOPTED
    assert tally == {"for": 2, "against": 1, "abstain": 0, "absent": 2}
    assert first.votes.get(membership=seats[4]).choice == "absent"
    tie = services.create_resolution(
        actor=officer, meeting=meeting, kind="opinion", outcome="negative", subject="B", text="Opinia."
    )
    services.record_votes(
        actor=officer, resolution=tie, votes={seats[0].pk: "for", seats[1].pk: "against", seats[2].pk: "abstain"}
    )
    tie.refresh_from_db()
    assert tie.state == ResolutionState.REJECTED
    with pytest.raises(ValidationError):  # voted once
        services.record_votes(actor=officer, resolution=tie, votes={seats[0].pk: "for"})


def test_every_present_member_votes_and_only_they(officer):
    meeting, seats = council_with_meeting(members=3)
    _attend(officer, meeting, seats, present=2)
    resolution = services.create_resolution(actor=officer, meeting=meeting, kind="resolution", subject="A", text="x")
    with pytest.raises(ValidationError):
        services.record_votes(actor=officer, resolution=resolution, votes={seats[0].pk: "for"})
    with pytest.raises(ValidationError):
        services.record_votes(
            actor=officer,
            resolution=resolution,
            votes={seats[0].pk: "for", seats[1].pk: "for", seats[2].pk: "for"},
        )


def test_a_resolution_number_is_never_reused(officer, settings):
    settings.LANGUAGE_CODE = "pl"
    meeting, _seats = council_with_meeting()
    meeting.term.body.name_genitive = "Płockiej Rady Działalności Pożytku Publicznego"
    meeting.term.body.save()
    first = services.create_resolution(actor=officer, meeting=meeting, kind="resolution", subject="A", text="x")
    services.withdraw_resolution(actor=officer, resolution=first, reason="Projekt wycofany")
    second = services.create_resolution(actor=officer, meeting=meeting, kind="resolution", subject="B", text="y")
    first.delete()  # even a deleted draft's number stays taken: the counter only goes up
    third = services.create_resolution(
        actor=officer, meeting=meeting, kind="opinion", outcome="positive", subject="C", text="z"
    )
    year = timezone.localtime(meeting.starts_at).year
    assert (second.number, third.number) == (2, 3)
    assert second.number_label.endswith(f" 2/{year} Płockiej Rady Działalności Pożytku Publicznego")
    assert f" 3/{year} " in third.number_label
    with pytest.raises(IntegrityError), transaction.atomic():
        Resolution.objects.create(meeting=meeting, body=meeting.term.body, year=year, number=2, subject="D", text="dup")


def test_numbers_run_per_body_and_year(officer):
    meeting, _seats = council_with_meeting()
    first = services.create_resolution(actor=officer, meeting=meeting, kind="resolution", subject="A", text="x")
    next_year = timezone.localtime(meeting.starts_at).replace(month=1, day=15) + datetime.timedelta(days=366)
    meeting.term.end = next_year.date() + datetime.timedelta(days=30)
    meeting.term.save()
    later = services.create_meeting(actor=officer, term=meeting.term, starts_at=next_year, place="Sala")
    in_next_year = services.create_resolution(
        actor=officer, meeting=later, kind="opinion", outcome="positive", subject="B", text="y"
    )
    other, _seats = council_with_meeting()
    of_another_body = services.create_resolution(actor=officer, meeting=other, kind="resolution", subject="C", text="z")
    assert (first.number, in_next_year.number, of_another_body.number) == (1, 1, 1)
    assert in_next_year.year == first.year + 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_numbers_given_at_the_same_moment_differ(officer):
    meeting, _seats = council_with_meeting()

    def create(subject):
        try:
            return services.create_resolution(
                actor=officer, meeting=meeting, kind="resolution", subject=subject, text="x"
            ).number
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        numbers = sorted(pool.map(create, ["A", "B"]))
    assert numbers == [1, 2]


def test_minutes_keep_versions_and_cannot_be_published_before_approval(officer):
    meeting, seats = council_with_meeting()
    with pytest.raises(ValidationError):  # not held yet
        services.save_minutes(actor=officer, meeting=meeting, text="Przebieg.")
    services.mark_meeting_held(actor=officer, meeting=meeting)
    minutes = services.save_minutes(actor=officer, meeting=meeting, text="Przebieg posiedzenia.")
    with pytest.raises(ValidationError):
        services.publish_minutes(actor=officer, minutes=minutes)
    services.send_minutes(actor=officer, minutes=minutes)
    services.save_minutes(actor=officer, meeting=meeting, text="Przebieg posiedzenia, poprawiony.", note="Uwaga p. X")
    minutes.refresh_from_db()
    with pytest.raises(ValidationError):
        services.publish_minutes(actor=officer, minutes=minutes)
    assert minutes.state == MinutesState.SENT
    assert [v.text for v in minutes.versions.all()] == ["Przebieg posiedzenia.", "Przebieg posiedzenia, poprawiony."]
    with pytest.raises(ValidationError):  # not at the same (or an earlier) meeting
        services.approve_minutes(actor=officer, minutes=minutes, at_meeting=meeting)
    later = services.create_meeting(
        actor=officer, term=meeting.term, starts_at=meeting.starts_at + datetime.timedelta(days=30), place="Sala 2"
    )
    services.approve_minutes(actor=officer, minutes=minutes, at_meeting=later)
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.APPROVED
    assert minutes.approved_at_item.meeting == later
    assert minutes.approved_at_item.title.endswith(" 1")
    with pytest.raises(ValidationError):  # no corrections after approval
        services.save_minutes(actor=officer, meeting=meeting, text="Zmiana")
    services.publish_minutes(actor=officer, minutes=minutes)
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.PUBLISHED and minutes.published_at


def test_invitations_carry_the_agenda_and_an_ics(officer, django_capture_on_commit_callbacks):
    user = UserFactory(email="sekretarz@example.org")
    meeting, seats = council_with_meeting(secretary_user=user)
    seats[1].email = "radny@example.org"  # a member without an account, with an e-mail for invitations
    seats[1].save()
    meeting.starts_at = timezone.now() + datetime.timedelta(days=7)
    meeting.save()
    assert services.members_without_email(meeting) == sorted(seats[2:], key=lambda m: m.name)  # by post
    services.add_agenda_item(actor=officer, meeting=meeting, title="Opinia o programie współpracy")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(actor=officer, meeting=meeting)
    message = mail.outbox[-1]
    assert message.bcc == ["radny@example.org", "sekretarz@example.org"]
    assert "Opinia o programie współpracy" in message.body
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype == "text/calendar"
    text = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VEVENT" in text and "DTSTART" in text


def test_the_agenda_is_changed_reordered_and_shortened_before_the_meeting(officer):
    meeting, _seats = council_with_meeting()
    meeting.starts_at = timezone.now() + datetime.timedelta(days=7)
    meeting.save()
    first, second, third = (
        services.add_agenda_item(actor=officer, meeting=meeting, title=title) for title in ("A", "B", "C")
    )
    services.move_agenda_item(actor=officer, item=third, up=True)
    services.move_agenda_item(actor=officer, item=first, up=True)  # already first: stays
    assert list(meeting.agenda_items.values_list("title", "position")) == [("A", 1), ("C", 2), ("B", 3)]
    services.change_agenda_item(actor=officer, item=second, title="B poprawione", description="Opis")
    with pytest.raises(ValidationError):
        services.change_agenda_item(actor=officer, item=second, title=" ")
    services.add_document(
        actor=officer,
        item=first,
        title="Projekt",
        upload=SimpleUploadedFile("p.pdf", make_pdf(), content_type="application/pdf"),
        public=True,
    )
    with pytest.raises(ValidationError):  # its papers would be lost
        services.remove_agenda_item(actor=officer, item=first)
    services.remove_agenda_item(actor=officer, item=third)
    assert list(meeting.agenda_items.values_list("title", "position", "description")) == [
        ("A", 1, ""),
        ("B poprawione", 2, "Opis"),
    ]
    actions = ActivityLog.objects.filter(action__startswith="body.agenda_item_").values_list("action", flat=True)
    assert {"body.agenda_item_moved", "body.agenda_item_changed", "body.agenda_item_removed"} <= set(actions)
    secretary = UserFactory()
    meeting.term.memberships.filter(role="secretary").update(user=secretary)
    with pytest.raises(PermissionDenied):  # the secretary records; officers set the agenda
        services.move_agenda_item(actor=secretary, item=second, up=True)
    services.mark_meeting_held(actor=officer, meeting=meeting)
    with pytest.raises(ValidationError):  # a held meeting's agenda is its record
        services.change_agenda_item(actor=officer, item=second, title="Później")


def test_the_secretary_records_but_does_not_manage(officer):
    secretary = UserFactory(email="sekretarz@example.org")
    meeting, seats = council_with_meeting(members=3, secretary_user=secretary)
    _attend(secretary, meeting, seats, present=3)
    with pytest.raises(PermissionDenied):
        services.create_resolution(actor=secretary, meeting=meeting, kind="resolution", subject="A", text="x")
    resolution = services.create_resolution(actor=officer, meeting=meeting, kind="resolution", subject="A", text="x")
    services.record_votes(actor=secretary, resolution=resolution, votes={s.pk: "for" for s in seats})
    services.mark_meeting_held(actor=secretary, meeting=meeting)
    minutes = services.save_minutes(actor=secretary, meeting=meeting, text="Protokół.")
    with pytest.raises(PermissionDenied):
        services.publish_minutes(actor=secretary, minutes=minutes)
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.HELD
