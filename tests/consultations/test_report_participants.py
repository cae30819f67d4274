"""What the report says of those who took part: organisations named in letters, the open meetings
with attendance, the date of receipt of a letter in the officers' export, and the e-mail telling
every participant who gave an address (account, resident without one, letter) that it is out."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wspolpraca.common.selectors import labelled_activity
from wspolpraca.consultations import participation, reports, services
from wspolpraca.consultations.enums import ACTION_LABELS, Participants
from wspolpraca.consultations.models import Consultation, Meeting

from .factories import closed_with_comments, meeting, open_consultation, paper_comment

pytestmark = pytest.mark.django_db

LETTER_ORGANISATION = "Koło Gospodyń Wiejskich „Radziwie”"


def answer_all(officer, consultation):
    services.answer_comments(
        actor=officer,
        consultation=consultation,
        comments=list(services.unanswered_comments(consultation)),
        verdict="accepted",
        reason="Uwzględniono.",
    )


def held_meeting(officer, consultation, present):
    """A meeting with three registrations, `present` of whom came."""
    made = meeting(officer, consultation, registrations=3)
    Meeting.objects.filter(pk=made.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    made.refresh_from_db()
    registrations = list(made.registrations.order_by("pk"))
    participation.record_meeting_outcome(
        actor=officer, meeting=made, notes="", present_ids=[r.pk for r in registrations[:present]]
    )
    return made


def test_the_report_lists_organisations_named_in_letters_and_the_meetings_held(
    client, officer, representative, organisation
):
    consultation, _comments = closed_with_comments(officer, [(representative, organisation)])
    paper_comment(officer, consultation, organisation_name=LETTER_ORGANISATION)
    paper_comment(officer, consultation, sender_name="Jan Nowak", organisation_name="", email="")
    held_meeting(officer, consultation, present=2)
    answer_all(officer, consultation)
    report = services.publish_report(actor=officer, consultation=consultation)
    context = reports.report_context(report)
    assert context["organisations"] == sorted([organisation.name, LETTER_ORGANISATION])
    assert [m.present_total for m in context["meetings"]] == [2]
    page = client.get(report.get_absolute_url()).content.decode()
    assert LETTER_ORGANISATION.replace("„", "&#x201E;") in page or LETTER_ORGANISATION in page
    assert "2 osoby obecne" in page or "2 people present" in page


def test_a_hidden_comment_names_no_organisation(officer, representative, organisation):
    consultation, _comments = closed_with_comments(officer, [(representative, organisation)])
    letter = paper_comment(officer, consultation, organisation_name=LETTER_ORGANISATION)
    services.hide_comment(actor=officer, comment=letter, reason="Treści obraźliwe")
    answer_all(officer, consultation)
    context = reports.report_context(services.publish_report(actor=officer, consultation=consultation))
    assert context["organisations"] == [organisation.name]
    assert context["hidden_total"] == 1 and context["comments_total"] == 2


def test_the_export_gives_a_letters_date_of_receipt_not_the_day_it_was_entered(
    client, officer, representative, organisation
):
    consultation, _comments = closed_with_comments(officer, [(representative, organisation)])
    received = timezone.localdate() - timedelta(days=1)
    paper_comment(officer, consultation, received_on=received, postmarked_on=received)
    client.force_login(officer)
    response = client.get(reverse("consultations_panel:comments_csv", args=[consultation.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    by_justification = {row[5]: row for row in rows[1:]}
    assert by_justification["Uwaga przesłana listem."][9] == received.isoformat()
    assert by_justification["Uzasadnienie uwagi nr 1: zażółć gęślą jaźń"][9] == timezone.localdate().isoformat()


def test_every_participant_with_an_address_is_told_of_the_report_alone(
    officer, representative, organisation, django_capture_on_commit_callbacks
):
    consultation = open_consultation(officer, participants=Participants.ORGANISATIONS_AND_RESIDENTS)
    services.save_comment(
        actor=representative,
        consultation=consultation,
        data={"organisation": organisation, "justification": "Uwaga organizacji."},
        send=True,
    )
    resident = participation.submit_resident_comment(
        consultation=consultation,
        data={"sender_name": "Anna Mieszkanka", "email": "anna@example.org", "justification": "Uwaga mieszkanki."},
        ip="192.0.2.20",
    )
    participation.confirm_resident_comment(participation.signing.dumps(resident.pk, salt=participation.CONFIRM_SALT))
    participation.submit_resident_comment(  # never confirmed: not a participant
        consultation=consultation,
        data={"sender_name": "Ktoś", "email": "niepotwierdzony@example.org", "justification": "Bez potwierdzenia."},
        ip="192.0.2.21",
    )
    paper_comment(officer, consultation, email="Jan.Kowalski@example.org")
    paper_comment(officer, consultation, sender_name="Bez adresu", email="")
    Consultation.objects.filter(pk=consultation.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    consultation = services.refresh_if_due(Consultation.objects.get(pk=consultation.pk))
    answer_all(officer, consultation)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_report(actor=officer, consultation=consultation)
    assert sorted(message.to[0].lower() for message in mail.outbox) == sorted(
        [representative.email.lower(), "anna@example.org", "jan.kowalski@example.org"]
    )
    assert all(len(message.to) == 1 for message in mail.outbox)
    by_address = {message.to[0].lower(): message.body for message in mail.outbox}
    assert "/moje/" in by_address[representative.email.lower()]
    assert "/moje/" not in by_address["anna@example.org"]  # no account: no "your matters" link


def test_the_history_reads_every_step_in_words(client, officer, representative, organisation):
    consultation, _comments = closed_with_comments(officer, [(representative, organisation)])
    paper_comment(officer, consultation)
    held_meeting(officer, consultation, present=1)
    answer_all(officer, consultation)
    services.publish_report(actor=officer, consultation=consultation)
    services.publish_report(actor=officer, consultation=consultation)
    client.force_login(officer)
    client.get(reverse("consultations_panel:comments_xlsx", args=[consultation.pk]))
    rows = labelled_activity(consultation, ACTION_LABELS)
    assert [row.action for row in rows if row.label == row.action] == []
    # The report's publication and the state it moves to are two rows, read differently.
    assert [row.action for row in rows].count("consultation.report_added") == 2
    assert [row.action for row in rows].count("consultation.report_published") == 1
    assert len({str(row.label) for row in rows if row.action.startswith("consultation.report")}) == 2
