"""Data the API tests read: calls in every public state and a draft, grants (one withdrawn, one
of a call whose results are not published), verified and pending organisations."""

import datetime

import pytest
from django.utils import timezone

from tests.competitions.factories import CallFactory, CityUnitFactory, open_call, small_grant_call
from tests.competitions.factories_register import make_grant, resolved_call, small_grant_row
from tests.organisations.factories import OrganisationFactory
from wspolpraca.competitions.enums import CallState
from wspolpraca.organisations.enums import VerificationStatus


def build_calls(n=1, *, prefix="api"):
    """Per round: an open call, an announced one, a closed one, a cancelled one and a draft."""
    now = timezone.now()
    made = []
    for i in range(n):
        made += [
            open_call(slug=f"{prefix}-open-{i}", title=f"Konkurs otwarty {i} – sport"),
            open_call(
                slug=f"{prefix}-upcoming-{i}",
                title=f"Konkurs zapowiedziany {i}",
                offers_from=now + datetime.timedelta(days=5),
            ),
            open_call(
                slug=f"{prefix}-closed-{i}",
                title=f"Konkurs zamknięty {i}",
                state=CallState.CLOSED,
                offer_deadline=now - datetime.timedelta(days=3),
                year=2026,
            ),
            open_call(slug=f"{prefix}-cancelled-{i}", title=f"Konkurs odwołany {i}", state=CallState.CANCELLED),
            CallFactory(slug=f"{prefix}-draft-{i}", title=f"Projekt ogłoszenia {i}", state=CallState.DRAFT),
        ]
    return made


@pytest.fixture
def calls(db):
    return {call.slug: call for call in build_calls(1)}


@pytest.fixture
def small_grants(db):
    return small_grant_call()


def build_grants(n=1, *, organisation=None):
    made = []
    for _ in range(n):
        call = resolved_call(unit=CityUnitFactory())
        made.append(make_grant(call=call, organisation=organisation, amount="12000.00"))
        made.append(make_grant(call=call, amount="3000.50", withdrawn=True))
        made.append(small_grant_row(amount="4500.00"))
        hidden = resolved_call(published=False)
        made.append(make_grant(call=hidden, amount="99999.00", title="Wyniki jeszcze nieogłoszone"))
    return made


@pytest.fixture
def grants(db, organisation):
    return build_grants(1, organisation=organisation)


@pytest.fixture
def pending_organisation(db):
    return OrganisationFactory(
        name="Fundacja Czekająca", slug="fundacja-czekajaca", verification_status=VerificationStatus.PENDING
    )


def build_bodies(n=1, *, prefix="api"):
    """Per round: a body with a held meeting (agenda, a public and a working paper), an adopted
    opinion with named votes, a draft resolution, and published minutes; another body, empty."""
    import datetime as _datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.bodies.factories import BodyFactory, council_with_meeting
    from tests.factories import UserFactory
    from tests.pdfs import make_pdf
    from wspolpraca.bodies import meetings

    officer = UserFactory(is_officer=True)
    made = []
    for i in range(n):
        meeting, _seats = council_with_meeting(members=3)
        body = meeting.term.body
        body.slug = f"{prefix}-rada-{i}"
        body.save()
        seats = meetings.members_at(meeting)
        item = meetings.add_agenda_item(actor=officer, meeting=meeting, title="Opinia o programie")
        for public in (True, False):
            upload = SimpleUploadedFile("d.pdf", make_pdf(), content_type="application/pdf")
            title = "Projekt jawny" if public else "Notatka robocza"
            meetings.add_document(actor=officer, item=item, title=title, upload=upload, public=public)
        meetings.record_attendance(actor=officer, meeting=meeting, presence={s.pk: "present" for s in seats})
        opinion = meetings.create_resolution(
            actor=officer, meeting=meeting, kind="opinion", outcome="positive", subject="Program", text="Opinia."
        )
        meetings.record_votes(actor=officer, resolution=opinion, votes={s.pk: "for" for s in seats})
        meetings.create_resolution(actor=officer, meeting=meeting, kind="resolution", subject="Tajny projekt", text="x")
        meetings.mark_meeting_held(actor=officer, meeting=meeting)
        minutes = meetings.save_minutes(actor=officer, meeting=meeting, text="Przebieg.")
        meetings.send_minutes(actor=officer, minutes=minutes)
        later = meetings.create_meeting(
            actor=officer,
            term=meeting.term,
            starts_at=meeting.starts_at + _datetime.timedelta(days=1),
            place="Sala",
        )
        meetings.approve_minutes(actor=officer, minutes=minutes, at_meeting=later)
        meetings.publish_minutes(actor=officer, minutes=minutes)
        made += [body, BodyFactory(slug=f"{prefix}-zespol-{i}", kind="advisory_team")]
    return made


def build_consultations(officer, n=1, *, prefix="api"):
    """Per round: an open consultation with comments public at once (one online, one on paper,
    one unconfirmed resident's) and a meeting; one whose comments wait for the close; a draft."""
    from tests.consultations.factories import draft_consultation, meeting, open_consultation, paper_comment
    from wspolpraca.consultations import participation
    from wspolpraca.consultations.enums import Participants

    made = []
    for i in range(n):
        public = open_consultation(
            officer, title=f"{prefix} konsultacje {i}", participants=Participants.ORGANISATIONS_AND_RESIDENTS
        )
        paper_comment(officer, public, email=f"tajny{i}@example.org")
        participation.submit_resident_comment(
            consultation=public,
            data={"sender_name": "Niepotwierdzona", "email": f"res{i}@example.org", "justification": "Nie liczy się"},
            ip=f"192.0.2.{i % 250}",
        )
        meeting(officer, public, registrations=1)
        later = open_consultation(officer, title=f"{prefix} po zamknięciu {i}", comments_visibility="after_close")
        paper_comment(officer, later, justification="Jeszcze niepubliczna")
        made += [public, later, draft_consultation(officer, title=f"{prefix} szkic {i}")]
    return made
