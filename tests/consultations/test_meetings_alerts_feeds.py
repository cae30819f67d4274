"""Open meetings (registration, places, attendance, CSV), e-mail alerts when a consultation
opens (once, by kind, unsubscribe), the list's filters, the Atom feed and the iCalendar, the
public home section and the comments as open data."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from wspolpraca.consultations import participation, services
from wspolpraca.consultations.enums import ActKind
from wspolpraca.consultations.models import Consultation, ConsultationAlert, MeetingRegistration

from .factories import draft_consultation, meeting, open_consultation, paper_comment

pytestmark = pytest.mark.django_db


# --- meetings ------------------------------------------------------------------------------------


def run_steps(now):
    """The consultations' steps of run_scheduled: open and close, then the alerts."""
    return services.scheduled_step(now) + participation.alerts_step(now)


def test_registration_from_the_public_page_with_a_limit_of_places(client, officer):
    consultation = open_consultation(officer)
    made = meeting(officer, consultation, places=1)
    page = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert "Centrum Organizacji Pozarządowych, sala 1" in page
    register = reverse("consultations:meeting_register", args=[consultation.pk, made.pk])
    assert register in page
    response = client.post(register, {"name": "Ewa", "email": "ewa@example.org", "organisation_name": "Fundacja X"})
    assert response.status_code == 302
    assert MeetingRegistration.objects.get().organisation_name == "Fundacja X"
    full = client.post(register, {"name": "Olek", "email": "olek@example.org"})
    assert full.status_code == 200
    assert MeetingRegistration.objects.count() == 1
    page = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert register not in page and "ewa@example.org" not in page


def test_registration_twice_and_after_the_meeting_refused(officer):
    consultation = open_consultation(officer)
    made = meeting(officer, consultation)
    participation.register_for_meeting(meeting=made, name="A", email="a@example.org")
    with pytest.raises(ValidationError):
        participation.register_for_meeting(meeting=made, name="A", email="A@example.org")
    with pytest.raises(ValidationError):
        participation.register_for_meeting(
            meeting=made, name="B", email="b@example.org", now=made.starts_at + timedelta(minutes=1)
        )


def test_meeting_needs_a_place_or_a_link(officer):
    consultation = open_consultation(officer)
    with pytest.raises(ValidationError):
        meeting(officer, consultation, place="")
    assert meeting(officer, consultation, place="", online_url="https://meet.example.org/x").pk


def test_attendance_and_notes_after_the_meeting_and_csv(client, officer, executive):
    consultation = open_consultation(officer)
    made = meeting(officer, consultation, registrations=2)
    first, second = made.registrations.order_by("pk")
    with pytest.raises(ValidationError):
        participation.record_meeting_outcome(actor=officer, meeting=made, notes="x", present_ids=[first.pk])
    type(made).objects.filter(pk=made.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    client.force_login(officer)
    url = reverse("consultations_panel:meeting", args=[consultation.pk, made.pk])
    response = client.post(url, {"notes": "Przyszła jedna osoba.", "present": [str(first.pk)]})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.present is True and second.present is False
    csv = client.get(reverse("consultations_panel:registrations_csv", args=[consultation.pk, made.pk]))
    text = csv.content.decode("utf-8-sig")
    assert "osoba0@example.org" in text and "osoba1@example.org" in text
    # The Mayor's office sees the list but may not record attendance.
    client.force_login(executive)
    assert client.get(url).status_code == 200
    assert client.post(url, {"notes": "", "present": []}).status_code == 403


def test_officer_adds_a_meeting(client, officer):
    consultation = open_consultation(officer)
    client.force_login(officer)
    when = timezone.localtime() + timedelta(days=2)
    response = client.post(
        reverse("consultations_panel:meeting_add", args=[consultation.pk]),
        {"starts_at": when.strftime("%Y-%m-%dT%H:%M"), "place": "Sala sesyjna", "online_url": "", "places": "30"},
    )
    assert response.status_code == 302
    made = consultation.meetings.get()
    assert made.places == 30 and made.place == "Sala sesyjna"


# --- alerts --------------------------------------------------------------------------------------


def test_alert_sent_once_when_a_consultation_opens_by_kind(officer):
    anyone = UserFactory(email="kazdy@example.org")
    strategies = UserFactory(email="strategie@example.org")
    orders = UserFactory(email="zarzadzenia@example.org")
    participation.save_alert(user=anyone)
    participation.save_alert(user=anyone, act_kind=ActKind.STRATEGY)  # asked twice: told once
    participation.save_alert(user=strategies, act_kind=ActKind.STRATEGY)
    participation.save_alert(user=orders, act_kind=ActKind.MAYOR_ORDER)
    now = timezone.now()
    consultation = draft_consultation(
        officer, act_kind=ActKind.STRATEGY, starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=15)
    )
    services.announce_consultation(actor=officer, consultation=consultation)
    assert run_steps(now) == []  # announced, not open: nothing sent
    assert mail.outbox == []
    opened = now + timedelta(days=1, minutes=1)
    done = run_steps(opened)
    assert f"consultation {consultation.pk}: 2 alerts" in done
    assert sorted(message.to[0] for message in mail.outbox) == ["kazdy@example.org", "strategie@example.org"]
    assert "/konsultacje/powiadomienia/wypisz/" in mail.outbox[0].body
    run_steps(opened + timedelta(hours=1))
    assert len(mail.outbox) == 2


def test_unsubscribe_link_removes_the_alert_without_signing_in(client, officer):
    user = UserFactory(email="ktos@example.org")
    alert = participation.save_alert(user=user)
    url = reverse("consultations:alert_unsubscribe", args=[participation.unsubscribe_token(alert)])
    assert client.get(url).status_code == 200
    assert ConsultationAlert.objects.exists()
    assert client.post(url).status_code == 302
    assert not ConsultationAlert.objects.exists()
    assert client.get(reverse("consultations:alert_unsubscribe", args=["forged"])).status_code == 200


def test_alerts_page_adds_and_removes(client, resident):
    client.force_login(resident)
    url = reverse("consultations:alerts")
    assert client.post(url, {"act_kind": "programme"}).status_code == 302
    alert = ConsultationAlert.objects.get(user=resident)
    assert alert.act_kind == "programme"
    other = participation.save_alert(user=UserFactory())
    assert client.post(url, {"remove": other.pk}).status_code == 404  # not one's own
    assert client.post(url, {"remove": alert.pk}).status_code == 302
    assert not ConsultationAlert.objects.filter(user=resident).exists()


# --- lists, feeds, home, open data ---------------------------------------------------------------


def test_list_filters_by_kind_tab_year_and_title(client, officer):
    open_consultation(officer, title="Strategia rozwoju sportu", act_kind=ActKind.STRATEGY)
    open_consultation(officer, title="Program współpracy")
    draft_consultation(officer, title="Szkic strategii", act_kind=ActKind.STRATEGY)
    url = reverse("consultations:list")
    page = client.get(url, {"kind": "strategy"}).content.decode()
    assert "Strategia rozwoju sportu" in page and "Program współpracy" not in page and "Szkic" not in page
    page = client.get(url, {"q": "program", "tab": "open", "year": timezone.localdate().year}).content.decode()
    assert "Program współpracy" in page and "Strategia rozwoju sportu" not in page
    page = client.get(url, {"tab": "closed"}).content.decode()
    assert "Program współpracy" not in page
    assert reverse("consultations:feed_atom") in page and reverse("consultations:calendar_ics") in page


def test_list_reads_the_same_number_of_queries_for_one_and_many(client, officer):
    url = reverse("consultations:list")
    open_consultation(officer, title="Pierwsza")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for number in range(6):
        open_consultation(officer, title=f"Kolejna {number}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(one.captured_queries)


def test_panel_meeting_page_queries_do_not_grow_with_registrations(client, officer):
    consultation = open_consultation(officer)
    made = meeting(officer, consultation, registrations=1)
    client.force_login(officer)
    url = reverse("consultations_panel:meeting", args=[consultation.pk, made.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for number in range(5):
        participation.register_for_meeting(meeting=made, name=f"N{number}", email=f"n{number}@example.org")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(one.captured_queries)


def test_atom_feed_and_icalendar(client, officer):
    open_consultation(officer, title="Konsultacje strategii")
    draft_consultation(officer, title="Szkic niepubliczny")
    feed = client.get(reverse("consultations:feed_atom"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "Konsultacje strategii" in body and "Szkic niepubliczny" not in body
    ics = client.get(reverse("consultations:calendar_ics"))
    assert ics["Content-Type"].startswith("text/calendar")
    text = ics.content.decode()
    assert text.count("BEGIN:VEVENT") == 1
    assert "Konsultacje strategii" in text and "DTSTART" in text and "DTEND" in text


def test_home_page_shows_open_consultations(client, officer):
    open_consultation(officer, title="Otwarte konsultacje programu")
    draft_consultation(officer, title="Szkic konsultacji")
    page = client.get("/").content.decode()
    assert "Otwarte konsultacje programu" in page and "Szkic konsultacji" not in page


def test_public_comments_as_csv_without_emails(client, officer, representative):
    consultation = open_consultation(officer)
    paper_comment(officer, consultation, justification="=HYPERLINK(1)")
    services.save_comment(actor=representative, consultation=consultation, send=True, data={"justification": "Online"})
    response = client.get(reverse("consultations:comments_csv", args=[consultation.pk]))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Stowarzyszenie Przyjaciół Płocka" in text and "Online" in text
    assert "'=HYPERLINK(1)" in text
    assert "@example.org" not in text


def test_comments_csv_not_before_they_are_public(client, officer):
    consultation = open_consultation(officer, comments_visibility="after_close")
    assert client.get(reverse("consultations:comments_csv", args=[consultation.pk])).status_code == 404
    draft = draft_consultation(officer)
    assert client.get(reverse("consultations:comments_csv", args=[draft.pk])).status_code == 404
    assert Consultation.objects.count() == 2
