import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wspolpraca.common.models import ActivityLog
from wspolpraca.conversations.enums import Side
from wspolpraca.conversations.models import Message, Thread
from wspolpraca.conversations.services import mark_thread_read, send_message

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

pytestmark = pytest.mark.django_db


def test_the_first_message_opens_the_thread_on_the_record_and_logs_it(offer, representative):
    message = send_message(actor=representative, record=offer, body="  Czy możemy zmienić termin?  ")
    thread = message.thread
    assert thread.subject == offer
    assert thread.organisation == offer.organisation
    assert thread.kind == "oferta"
    assert "Płockie Lato z Kulturą" in thread.title
    assert message.side == Side.ORGANISATION
    assert message.body == "Czy możemy zmienić termin?"
    entry = ActivityLog.objects.get(action="conversation.message_sent")
    assert entry.subject == offer
    assert entry.data["message"] == message.pk


def test_the_officer_answers_in_the_same_thread(offer, representative, officer):
    first = send_message(actor=representative, record=offer, body="Pytanie")
    answer = send_message(actor=officer, record=offer, body="Odpowiedź")
    assert answer.thread == first.thread
    assert answer.side == Side.OFFICER
    assert Thread.objects.count() == 1


def test_nobody_outside_the_two_sides_may_write(offer, resident, other_representative, other_officer):
    for user in (resident, other_representative, other_officer):
        with pytest.raises(PermissionDenied):
            send_message(actor=user, record=offer, body="Hej")
    assert not Message.objects.exists()


def test_a_draft_offer_has_no_thread_yet(organisation, representative):
    from tests.competitions.factories import OfferFactory

    draft = OfferFactory(organisation=organisation)
    with pytest.raises(PermissionDenied):
        send_message(actor=representative, record=draft, body="Pytanie")


def test_an_empty_message_is_refused(offer, representative):
    with pytest.raises(ValidationError) as error:
        send_message(actor=representative, record=offer, body="   ")
    assert "body" in error.value.message_dict
    assert not Thread.objects.exists()


def test_an_attachment_is_kept_privately_with_its_real_type(offer, representative):
    upload = SimpleUploadedFile("skan.pdf", PNG, content_type="application/pdf")
    message = send_message(actor=representative, record=offer, body="W załączniku skan", uploaded=upload)
    attachment = message.attachments.get()
    assert attachment.content_type == "image/png"
    assert attachment.name == "skan.png"
    assert attachment.file.name.startswith(f"private/conversations/{message.thread_id}/")


def test_a_program_is_not_attached(offer, representative):
    upload = SimpleUploadedFile("wirus.pdf", b"MZ\x90\x00" + b"\x00" * 50)
    with pytest.raises(ValidationError) as error:
        send_message(actor=representative, record=offer, body="Plik", uploaded=upload)
    assert "attachment" in error.value.message_dict
    assert not Message.objects.exists()


def test_reading_records_the_receipt_of_the_other_sides_messages_only(offer, representative, editor, officer):
    question = send_message(actor=representative, record=offer, body="Pytanie")
    answer = send_message(actor=officer, record=offer, body="Odpowiedź")
    assert mark_thread_read(actor=editor, thread=answer.thread) == 1
    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.read_by == editor and answer.read_at is not None
    assert question.read_at is None  # the organisation's own message waits for the office
    first_read = answer.read_at
    assert mark_thread_read(actor=representative, thread=answer.thread) == 0  # the first reader stays
    answer.refresh_from_db()
    assert answer.read_at == first_read and answer.read_by == editor
    assert ActivityLog.objects.filter(action="conversation.read").count() == 1


def test_an_outsider_cannot_mark_a_thread_read(offer, representative, other_representative):
    message = send_message(actor=representative, record=offer, body="Pytanie")
    with pytest.raises(PermissionDenied):
        mark_thread_read(actor=other_representative, thread=message.thread)


def test_the_organisation_is_emailed_a_link_without_the_message(
    offer, representative, editor, officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = send_message(actor=officer, record=offer, body="Tajna treść odpowiedzi")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [representative.email]  # the representatives, not the editor
    assert f"/wiadomosci/oferta/{offer.pk}/" in mail.body
    assert "Tajna treść" not in mail.body
    assert message.thread.title in mail.subject


def test_the_officers_of_the_call_are_emailed_about_the_organisations_message(
    offer, representative, officer, other_officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_message(actor=representative, record=offer, body="Pytanie")
    assert [mail.to for mail in mailoutbox] == [[officer.email]]
    assert f"/wiadomosci/oferta/{offer.pk}/" in mailoutbox[0].body


def test_the_registration_thread_reaches_the_centres_mailbox(
    organisation, representative, officer, mailoutbox, django_capture_on_commit_callbacks
):
    from wspolpraca.common.models import SiteSettings

    with django_capture_on_commit_callbacks(execute=True):
        message = send_message(actor=representative, record=organisation, body="Kiedy weryfikacja?")
    assert message.thread.kind == "organizacja"
    assert mailoutbox[0].to == [SiteSettings.load().contact_email]
    with django_capture_on_commit_callbacks(execute=True):
        send_message(actor=officer, record=organisation, body="Jutro.")
    assert mailoutbox[1].to == [representative.email]


def test_messages_are_private_writes_that_keep_the_public_pages_cache(offer, representative, officer):
    from wspolpraca.common.public_cache import _is_private
    from wspolpraca.conversations.models import MessageAttachment

    assert all(_is_private(model) for model in (Thread, Message, MessageAttachment))


def test_the_persons_messages_are_in_their_data_export(offer, representative, officer):
    from wspolpraca.accounts.gdpr import export_user_data

    send_message(actor=representative, record=offer, body="Moje pytanie")
    send_message(actor=officer, record=offer, body="Odpowiedź urzędu")
    exported = export_user_data(representative)["conversations"]["messages"]
    assert [entry["body"] for entry in exported] == ["Moje pytanie"]
    assert exported[0]["side"] == "organisation"


def test_with_no_officer_in_charge_the_centres_mailbox_is_told(
    offer, representative, officer, mailoutbox, django_capture_on_commit_callbacks
):
    from wspolpraca.common.models import SiteSettings

    offer.call.unit.officers.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_message(actor=representative, record=offer, body="Czy ktoś to przeczyta?")
    assert [mail.to for mail in mailoutbox] == [[SiteSettings.load().contact_email]]
