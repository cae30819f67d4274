"""Comments received on paper, by e-mail or at a meeting (the postmark rule, the private scan),
and comments of residents without an account (honeypot, limit per address, e-mailed confirmation)."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wspolpraca.common.models import ActivityLog
from wspolpraca.consultations import participation, services
from wspolpraca.consultations.enums import CommentChannel, CommentState, ConsultationState, Participants
from wspolpraca.consultations.models import Comment

from .factories import open_consultation, paper_comment

pytestmark = pytest.mark.django_db


def _closed(officer, days_ago=2):
    """An open consultation whose end passed `days_ago` days ago, closed by the clock."""
    consultation = open_consultation(officer)
    end = timezone.now() - timedelta(days=days_ago)
    type(consultation).objects.filter(pk=consultation.pk).update(starts_at=end - timedelta(days=14), ends_at=end)
    consultation.refresh_from_db()
    services.refresh_if_due(consultation)
    assert consultation.state == ConsultationState.CLOSED
    return consultation


# --- the postmark rule ---------------------------------------------------------------------------


def test_paper_comment_is_sent_without_author_with_officer_and_channel(officer):
    consultation = open_consultation(officer)
    comment = paper_comment(officer, consultation)
    assert comment.state == CommentState.SENT
    assert comment.author is None and comment.entered_by == officer
    assert comment.channel == CommentChannel.POST
    assert comment.on_time
    assert comment.public_name == "Stowarzyszenie Przyjaciół Płocka"
    assert ActivityLog.objects.filter(action="consultation_comment.entered").exists()


def test_postmark_on_the_last_day_is_on_time_even_entered_after_the_close(officer):
    consultation = _closed(officer, days_ago=3)
    last_day = timezone.localtime(consultation.ends_at).date()
    comment = paper_comment(
        officer, consultation, received_on=timezone.localdate(), postmarked_on=last_day, sender_name="Ewa"
    )
    assert comment.on_time
    late = paper_comment(
        officer,
        consultation,
        received_on=timezone.localdate(),
        postmarked_on=last_day + timedelta(days=1),
        sender_name="Piotr",
    )
    assert not late.on_time


def test_received_after_the_end_without_postmark_is_late(officer):
    consultation = _closed(officer, days_ago=3)
    comment = paper_comment(officer, consultation, channel="email", received_on=timezone.localdate())
    assert not comment.on_time
    in_time = paper_comment(
        officer, consultation, channel="email", received_on=timezone.localtime(consultation.ends_at).date()
    )
    assert in_time.on_time


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"channel": "online"}, "channel"),
        ({"received_on": None}, "received_on"),
        ({"received_on": timezone.localdate() + timedelta(days=1)}, "received_on"),
        ({"sender_name": "", "organisation_name": ""}, "sender_name"),
        ({"justification": " "}, "justification"),
        ({"channel": "email", "postmarked_on": timezone.localdate()}, "postmarked_on"),
        ({"postmarked_on": timezone.localdate() + timedelta(days=1)}, "postmarked_on"),
    ],
)
def test_intake_refuses_incomplete_data(officer, overrides, field):
    consultation = open_consultation(officer)
    with pytest.raises(ValidationError) as error:
        paper_comment(officer, consultation, **overrides)
    assert field in error.value.error_dict
    assert not Comment.objects.exists()


def test_intake_refused_before_the_opening_and_after_cancellation(officer):
    from .factories import draft_consultation

    draft = draft_consultation(officer)
    with pytest.raises(ValidationError):
        paper_comment(officer, draft)
    consultation = open_consultation(officer)
    services.cancel_consultation(actor=officer, consultation=consultation, reason="Zmiana przepisów")
    with pytest.raises(ValidationError):
        paper_comment(officer, consultation)


def test_officer_enters_a_comment_with_a_scan_through_the_panel(client, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wspolpraca.demo.consultations import _placeholder_scan

    consultation = open_consultation(officer)
    client.force_login(officer)
    unit = consultation.versions.get().units.get(label="§ 3")
    response = client.post(
        reverse("consultations_panel:intake", args=[consultation.pk]),
        {
            "channel": "post",
            "received_on": timezone.localdate().isoformat(),
            "postmarked_on": "",
            "sender_name": "Jan Kowalski",
            "organisation_name": "",
            "email": "jan@example.org",
            "unit": unit.pk,
            "current_wording": unit.text,
            "proposed_wording": "Inne brzmienie",
            "justification": "Bo tak",
            "scan": SimpleUploadedFile("list.pdf", _placeholder_scan(), content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.scan.name.startswith(f"private/consultations/{consultation.pk}/scans/")
    scan = client.get(reverse("consultations_panel:scan", args=[consultation.pk, comment.pk]))
    assert scan.status_code == 200 and scan["Cache-Control"] == "private, no-store"
    assert b"".join(scan.streaming_content).startswith(b"%PDF")
    # The public page names the sender, never the e-mail, and never links the scan.
    client.logout()
    page = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert "Jan Kowalski" in page
    assert "jan@example.org" not in page
    assert "skan" not in page and comment.scan.name not in page
    assert client.get(reverse("consultations_panel:scan", args=[consultation.pk, comment.pk])).status_code == 302


@pytest.mark.parametrize(
    ("name", "content"),
    [("list.pdf", b"<html><script>alert(1)</script>"), ("list.png", b"%PDF-1.4 not a png"), ("list.exe", b"MZ")],
)
def test_scan_must_be_what_its_name_says(client, officer, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    consultation = open_consultation(officer)
    client.force_login(officer)
    response = client.post(
        reverse("consultations_panel:intake", args=[consultation.pk]),
        {
            "channel": "post",
            "received_on": timezone.localdate().isoformat(),
            "sender_name": "Jan Kowalski",
            "justification": "Bo tak",
            "scan": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200
    assert "scan" in response.context["form"].errors
    assert not Comment.objects.exists()


def test_scan_refused_to_participants(client, officer, representative):
    consultation = open_consultation(officer)
    comment = paper_comment(officer, consultation, scan=True)
    client.force_login(representative)
    assert client.get(reverse("consultations_panel:scan", args=[consultation.pk, comment.pk])).status_code == 403


def test_intake_form_errors_keep_what_was_typed(client, officer):
    consultation = open_consultation(officer)
    client.force_login(officer)
    response = client.post(
        reverse("consultations_panel:intake", args=[consultation.pk]),
        {"channel": "post", "received_on": timezone.localdate().isoformat(), "justification": "Zachowany tekst"},
    )
    assert response.status_code == 200
    assert "Zachowany tekst" in response.content.decode()
    assert not Comment.objects.exists()


# --- residents without an account ----------------------------------------------------------------


def _resident_post(client, consultation, **extra):
    data = {
        "sender_name": "Anna Nowak",
        "email": "anna.nowak@example.org",
        "unit": "",
        "current_wording": "",
        "proposed_wording": "",
        "justification": "Proszę o zmianę.",
        **extra,
    }
    return client.post(reverse("consultations:resident_comment", args=[consultation.pk]), data)


def test_resident_comment_counts_after_the_emailed_link(client, officer, django_capture_on_commit_callbacks):
    consultation = open_consultation(officer, participants=Participants.ORGANISATIONS_AND_RESIDENTS)
    with django_capture_on_commit_callbacks(execute=True):
        response = _resident_post(client, consultation)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.state == CommentState.DRAFT and comment.author is None
    page = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert "Proszę o zmianę." not in page  # not counted before the confirmation
    (message,) = mail.outbox
    assert message.to == ["anna.nowak@example.org"]
    link = re.search(r"https?://\S+/uwagi/potwierdzenie/\S+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get(f"/{path}").status_code == 200  # a mail scanner's GET changes nothing
    comment.refresh_from_db()
    assert comment.state == CommentState.DRAFT
    assert client.post(f"/{path}").status_code == 302
    comment.refresh_from_db()
    assert comment.state == CommentState.SENT
    assert comment.sent_at == comment.created_at and comment.on_time
    page = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert "Proszę o zmianę." in page and "Anna Nowak" in page
    assert "anna.nowak@example.org" not in page


def test_confirmation_link_forged_or_expired_does_nothing(officer):
    consultation = open_consultation(officer, participants=Participants.ORGANISATIONS_AND_RESIDENTS)
    comment = participation.submit_resident_comment(
        consultation=consultation,
        data={"sender_name": "A", "email": "a@example.org", "justification": "J"},
        ip="192.0.2.1",
    )
    assert participation.confirm_resident_comment("abc") is None
    token = signing.dumps(comment.pk, salt=participation.CONFIRM_SALT)
    later = timezone.now() + timedelta(seconds=participation.CONFIRM_SECONDS + 60)
    from unittest import mock

    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        assert participation.confirm_resident_comment(token) is None
    comment.refresh_from_db()
    assert comment.state == CommentState.DRAFT
    # An officer-entered comment cannot be "confirmed" by a token of its pk.
    paper = paper_comment(officer, consultation)
    assert participation.confirm_resident_comment(signing.dumps(paper.pk, salt=participation.CONFIRM_SALT)) is None


def test_honeypot_keeps_nothing(client, officer, django_capture_on_commit_callbacks):
    consultation = open_consultation(officer, participants=Participants.ORGANISATIONS_AND_RESIDENTS)
    with django_capture_on_commit_callbacks(execute=True):
        response = _resident_post(client, consultation, website="http://spam.example")
    assert response.status_code == 302
    assert not Comment.objects.exists()
    assert not mail.outbox


def test_rate_limit_per_client_address(client, officer):
    consultation = open_consultation(officer, participants=Participants.ORGANISATIONS_AND_RESIDENTS)
    for number in range(participation.RESIDENT_COMMENT_LIMIT):
        assert _resident_post(client, consultation, email=f"a{number}@example.org").status_code == 302
    refused = _resident_post(client, consultation, justification="Szósta uwaga")
    assert refused.status_code == 429
    assert "Szósta uwaga" in refused.content.decode()  # the text is kept
    assert Comment.objects.count() == participation.RESIDENT_COMMENT_LIMIT
    other = client.post(
        reverse("consultations:resident_comment", args=[consultation.pk]),
        {"sender_name": "B", "email": "b@example.org", "justification": "Z innego adresu"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert other.status_code == 302


def test_resident_form_only_where_residents_are_invited(client, officer):
    for_organisations = open_consultation(officer)
    assert client.get(reverse("consultations:resident_comment", args=[for_organisations.pk])).status_code == 404
    with pytest.raises(ValidationError):
        participation.submit_resident_comment(
            consultation=for_organisations,
            data={"sender_name": "A", "email": "a@example.org", "justification": "J"},
            ip="192.0.2.1",
        )


def test_resident_comment_refused_after_the_close_with_the_text_kept(client, officer):
    consultation = open_consultation(officer, participants=Participants.ORGANISATIONS_AND_RESIDENTS)
    type(consultation).objects.filter(pk=consultation.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    response = _resident_post(client, consultation, justification="Spóźniony tekst")
    # The page is still served (the consultation is public); the form refuses and keeps the text.
    assert response.status_code == 200
    assert "Spóźniony tekst" in response.content.decode()
    assert not Comment.objects.exists()
