"""The thread page, its attachments, the inbox and the home section, per role."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import dateformat, timezone

from tests.competitions.factories import OfferFactory
from tests.competitions.factories_reports import agreement_factory, final_report, submitted_version
from tests.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from tests.pdfs import make_pdf
from wspolpraca.conversations.models import Message
from wspolpraca.conversations.services import send_message

pytestmark = pytest.mark.django_db

PDF = make_pdf()


def thread_url(offer):
    return reverse("conversations:thread", kwargs={"kind": "oferta", "pk": offer.pk})


def test_anonymous_is_sent_to_sign_in(client, offer):
    for url in (thread_url(offer), reverse("conversations:inbox")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", ["resident", "other_representative", "other_officer"])
def test_outsiders_get_404_on_the_thread_and_cannot_post(client, offer, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(thread_url(offer)).status_code == 404
    assert client.post(thread_url(offer), {"body": "Hej"}).status_code == 404
    assert not Message.objects.exists()


@pytest.mark.parametrize("persona", ["representative", "editor", "officer", "administrator"])
def test_both_sides_read_and_write(client, offer, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(thread_url(offer))
    assert response.status_code == 200
    assert "Płockie Lato z Kulturą" in response.content.decode()
    response = client.post(thread_url(offer), {"body": f"Wiadomość od {persona}"})
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread_url(offer) + f"#wiadomosc-{message.pk}"
    assert message.author == user
    assert message.side == ("organisation" if persona in ("representative", "editor") else "officer")


def test_an_unknown_kind_or_record_is_404(client, representative, offer):
    client.force_login(representative)
    assert client.get(reverse("conversations:thread", kwargs={"kind": "nic", "pk": offer.pk})).status_code == 404
    assert client.get(reverse("conversations:thread", kwargs={"kind": "oferta", "pk": 999999})).status_code == 404


def test_an_empty_message_keeps_the_attachment_choice_and_says_why(client, representative, offer):
    client.force_login(representative)
    response = client.post(thread_url(offer), {"body": ""})
    assert response.status_code == 200
    assert "Write the message." in response.content.decode()
    assert not Message.objects.exists()


def test_a_refused_file_keeps_the_text(client, representative, offer):
    client.force_login(representative)
    upload = SimpleUploadedFile("program.pdf", b"MZ" + b"\x00" * 40)
    response = client.post(thread_url(offer), {"body": "Treść do zachowania", "attachment": upload})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Only PDF, PNG and JPEG files may be attached" in content
    assert "Treść do zachowania" in content


def test_the_sender_sees_when_the_other_side_read_the_message(client, representative, officer, offer):
    send_message(actor=representative, record=offer, body="Pytanie")
    client.force_login(representative)
    assert "Not read yet" in client.get(thread_url(offer)).content.decode()
    client.force_login(officer)
    client.get(thread_url(offer))  # reading marks it
    client.force_login(representative)
    content = client.get(thread_url(offer)).content.decode()
    assert "Not read yet" not in content
    message = Message.objects.get()
    assert "Read " + dateformat.format(timezone.localtime(message.read_at), "j.m.Y H:i") in content
    assert message.read_by == officer


def test_attachments_open_for_both_sides_only(client, representative, officer, other_representative, resident, offer):
    upload = SimpleUploadedFile("umowa.pdf", PDF)
    message = send_message(actor=representative, record=offer, body="Plik", uploaded=upload)
    attachment = message.attachments.get()
    url = reverse("conversations:attachment", kwargs={"pk": attachment.pk})
    for user in (representative, officer):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    for user in (other_representative, resident):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    # the file is not served by its address under /media/
    assert client.get("/media/" + attachment.file.name).status_code == 404


def test_the_record_pages_link_to_the_thread_with_the_unread_count(client, representative, officer, offer):
    send_message(actor=officer, record=offer, body="Prośba o uzupełnienie")
    client.force_login(representative)
    content = client.get(reverse("offers:detail", kwargs={"pk": offer.pk})).content.decode()
    assert thread_url(offer) in content
    assert "1 unread" in content
    client.force_login(officer)
    content = client.get(reverse("offers_panel:detail", kwargs={"call_pk": offer.call_id, "pk": offer.pk})).content
    assert thread_url(offer) in content.decode()


def test_agreement_and_report_threads(client, organisation, representative, officer, executive):
    agreement = agreement_factory(organisation=organisation, officer=officer)
    report = final_report(agreement)
    for kind, record, ngo_page, panel_page in (
        (
            "umowa",
            agreement,
            reverse("award:agreement", kwargs={"pk": agreement.offer_id}),
            reverse("agreements_panel:detail", kwargs={"pk": agreement.pk}),
        ),
        (
            "sprawozdanie",
            report,
            reverse("reports:detail", kwargs={"pk": report.pk}),
            reverse("reports_panel:detail", kwargs={"pk": report.pk}),
        ),
    ):
        url = reverse("conversations:thread", kwargs={"kind": kind, "pk": record.pk})
        client.force_login(representative)
        assert url in client.get(ngo_page).content.decode()
        assert client.post(url, {"body": "Pytanie"}).status_code == 302
        client.force_login(officer)
        assert url in client.get(panel_page).content.decode()
        assert client.get(url).status_code == 200
    assert Message.objects.filter(thread__kind="umowa").count() == 1


def test_the_registration_thread_from_the_organisations_pages(client, organisation, representative, officer):
    url = reverse("conversations:thread", kwargs={"kind": "organizacja", "pk": organisation.pk})
    client.force_login(representative)
    assert url in client.get(reverse("organisations:detail", kwargs={"slug": organisation.slug})).content.decode()
    client.force_login(officer)
    assert url in client.get(reverse("organisations_panel:detail", kwargs={"pk": organisation.pk})).content.decode()
    assert client.post(url, {"body": "Prosimy o statut."}).status_code == 302


def _threads(count, *, officer, organisation, author):
    for _number in range(count):
        offer = OfferFactory(organisation=organisation, call=OfferFactory(organisation=organisation).call)
        submitted_version(offer, author)
        offer.call.unit.officers.add(officer)
        send_message(actor=author, record=offer, body="Pytanie")


def test_the_inbox_lists_the_persons_threads_unread_first(client, representative, officer, offer, other_officer):
    other = OrganisationFactory()
    other_rep = UserFactory()
    MembershipFactory(user=other_rep, organisation=other, role="representative")
    foreign = OfferFactory(organisation=other)
    submitted_version(foreign, other_rep)
    send_message(actor=other_rep, record=foreign, body="Cudze pytanie")  # another unit's call
    send_message(actor=officer, record=offer, body="Prosimy o korektę")
    client.force_login(representative)
    response = client.get(reverse("conversations:inbox"))
    assert [t.object_id for t in response.context["threads"]] == [offer.pk]
    assert response.context["threads"][0].unread == 1
    client.force_login(officer)
    response = client.get(reverse("conversations:inbox"))
    assert [t.object_id for t in response.context["threads"]] == [offer.pk]  # not the other unit's
    assert response.context["threads"][0].unread == 0  # the officer's own message
    client.force_login(other_officer)
    assert list(client.get(reverse("conversations:inbox")).context["threads"]) == []


def test_the_inbox_search_and_unread_filter(client, representative, officer, offer):
    send_message(actor=officer, record=offer, body="Prośba")
    client.force_login(representative)
    inbox = reverse("conversations:inbox")
    assert len(client.get(inbox, {"q": "Lato z Kult"}).context["threads"]) == 1
    assert len(client.get(inbox, {"q": "nie ma takiego"}).context["threads"]) == 0
    assert len(client.get(inbox, {"unread": "on"}).context["threads"]) == 1
    client.get(thread_url(offer))
    assert len(client.get(inbox, {"unread": "on"}).context["threads"]) == 0


@pytest.mark.parametrize("persona", ["representative", "officer", "administrator"])
def test_the_inbox_costs_the_same_whatever_the_number_of_threads(
    client, persona, request, organisation, representative, officer, django_assert_max_num_queries
):
    user = request.getfixturevalue(persona)
    _threads(2, officer=officer, organisation=organisation, author=representative)
    client.force_login(user)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("conversations:inbox"))
    _threads(6, officer=officer, organisation=organisation, author=representative)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("conversations:inbox"))
    assert len(response.context["threads"]) == 8


def test_my_matters_lists_the_unread_threads(client, representative, officer, offer):
    client.force_login(representative)
    assert b"home-unread_messages" not in client.get(reverse("common:my_home")).content
    send_message(actor=officer, record=offer, body="Prośba")
    content = client.get(reverse("common:my_home")).content.decode()
    assert 'id="home-unread_messages"' in content
    assert thread_url(offer) in content
    client.get(thread_url(offer))
    assert 'id="home-unread_messages"' not in client.get(reverse("common:my_home")).content.decode()


@pytest.mark.parametrize(("persona", "shown"), [("resident", False), ("representative", True), ("officer", True)])
def test_the_header_links_to_the_inbox_for_the_two_sides(client, request, persona, shown):
    client.force_login(request.getfixturevalue(persona))
    content = client.get(reverse("common:my_home")).content.decode()
    assert (f'href="{reverse("conversations:inbox")}"' in content) is shown
