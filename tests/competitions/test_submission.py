"""Submitting offers: who may, until when, versions with checksums, receipts, withdrawal."""

import copy
import datetime
import hashlib
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.competitions.factories import OfferFactory, RequiredAttachmentFactory, add_partner, small_grant_call
from tests.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.enums import OfferState
from wspolpraca.competitions.models import OfferVersion
from wspolpraca.competitions.offers import canonical
from wspolpraca.competitions.offers.submission import submit_offer, transition_offer, withdraw_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(organisation, representative):
    return OfferFactory(organisation=organisation)


def past_deadline(offer):
    offer.call.offer_deadline = timezone.now() - datetime.timedelta(minutes=1)
    offer.call.save(update_fields=["offer_deadline"])


# --- canonical text -----------------------------------------------------------------------


def test_canonical_text_is_sorted_compact_and_normalised(offer):
    offer.content["V"]["sources"]["grant"] = "5 500,5"
    offer.content["III"]["start"] = " 2027-03-01 "
    text, checksum, _attachments = canonical.for_offer(offer)
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert data["content"]["V"]["sources"]["grant"] == "5500.50"
    assert data["content"]["V"]["actions"][0]["lines"][0]["unit_cost"] == "1000.00"
    assert data["content"]["III"]["start"] == "2027-03-01"
    assert data["call"] == offer.call.slug and data["task"] == 1
    assert data["offerors"] == [{"id": offer.organisation.pk, "name": offer.organisation.name}]
    assert "Płockie" in text  # UTF-8, not \\u escapes
    assert checksum == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_same_content_same_checksum_any_change_another(offer):
    _text, first, _a = canonical.for_offer(offer)
    offer.content = copy.deepcopy(offer.content)
    offer.content["V"]["sources"]["grant"] = "5500.00"  # typed differently, same amount
    assert canonical.for_offer(offer)[1] == first
    offer.content["III"]["title"] = "Płockie Lato z Kulturą 2"
    assert canonical.for_offer(offer)[1] != first


# --- who, when, what ----------------------------------------------------------------------


def test_representative_submits_first_version(offer, representative, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = submit_offer(actor=representative, offer=offer)
    offer.refresh_from_db()
    assert offer.state == OfferState.SUBMITTED
    assert offer.submitted_at is not None
    assert offer.number == f"{offer.call.year}/{offer.call.pk}/1/001"
    assert version.number == 1 and version.is_current
    assert version.checksum == hashlib.sha256(version.canonical.encode("utf-8")).hexdigest()
    assert version.content == offer.content
    assert offer.requested_grant == 5500 and offer.total_cost == 6500
    log = ActivityLog.objects.get(action="offer.submitted")
    assert log.data["version"] == 1 and log.data["checksum"] == version.checksum
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert set(message.to) == {"ngo@example.org", "anna@example.org"}
    assert offer.number in message.subject
    name, body, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and body.startswith(b"%PDF") and name.endswith(".pdf")


def test_editor_cannot_submit(offer, editor):
    with pytest.raises(PermissionDenied):
        submit_offer(actor=editor, offer=offer)
    offer.refresh_from_db()
    assert offer.state == OfferState.DRAFT and not offer.versions.exists()


def test_deadline_passed_is_refused_and_draft_kept(offer, representative):
    past_deadline(offer)
    before = copy.deepcopy(offer.content)
    with pytest.raises(ValidationError, match="deadline"):
        submit_offer(actor=representative, offer=offer)
    offer.refresh_from_db()
    assert offer.state == OfferState.DRAFT and offer.content == before and not offer.versions.exists()


def test_problems_block_submission(offer, representative):
    offer.content["III"]["title"] = ""
    offer.save()
    with pytest.raises(ValidationError):
        submit_offer(actor=representative, offer=offer)
    assert not offer.versions.exists()


def test_ineligible_offeror_is_refused(representative):
    org = OrganisationFactory(krs_number="", register_number="")
    MembershipFactory(user=representative, organisation=org, role="representative")
    offer = OfferFactory(organisation=org)
    with pytest.raises(ValidationError):
        submit_offer(actor=representative, offer=offer)


def test_double_submission_creates_one_version(offer, representative):
    first = submit_offer(actor=representative, offer=offer)
    again = submit_offer(actor=representative, offer=offer)
    assert again.pk == first.pk
    assert offer.versions.count() == 1


def test_changed_offer_submitted_again_becomes_version_two(offer, representative):
    first = submit_offer(actor=representative, offer=offer)
    offer.refresh_from_db()
    offer.content["III"]["place"] = "Płock, Wzgórze Tumskie"
    offer.save()
    second = submit_offer(actor=representative, offer=offer)
    first.refresh_from_db()
    assert second.number == 2 and second.is_current and not first.is_current
    assert second.checksum != first.checksum
    offer.refresh_from_db()
    assert offer.number.endswith("/001")  # the number stays


def test_numbers_are_unique_in_a_call(offer, representative):
    other_org = OrganisationFactory()
    MembershipFactory(user=representative, organisation=other_org, role="representative")
    other = OfferFactory(organisation=other_org, call=offer.call, task=offer.task)
    submit_offer(actor=representative, offer=offer)
    submit_offer(actor=representative, offer=other)
    offer.refresh_from_db()
    other.refresh_from_db()
    assert offer.number.endswith("/001") and other.number.endswith("/002")


def test_version_is_immutable(offer, representative):
    version = submit_offer(actor=representative, offer=offer)
    version.content = {**version.content, "I": {"authority": "ktoś inny"}}
    with pytest.raises(ValueError):
        version.save()
    version = OfferVersion.objects.get(pk=version.pk)
    version.is_current = False
    version.save()  # only the flag may change


def test_attachments_are_part_of_the_checksum(offer, representative):
    first = submit_offer(actor=representative, offer=offer)
    offer.refresh_from_db()
    offer.attachments.create(title="Statut", file="private/x.pdf", content_type="application/pdf", sha256="ab" * 32)
    second = submit_offer(actor=representative, offer=offer)
    assert second.number == 2 and second.checksum != first.checksum
    assert second.attachments[0]["sha256"] == "ab" * 32


def test_withdraw_and_submit_again(offer, representative):
    submit_offer(actor=representative, offer=offer)
    withdraw_offer(actor=representative, offer=offer, reason="Zmiana planów")
    offer.refresh_from_db()
    assert offer.state == OfferState.WITHDRAWN and offer.withdrawn_at
    assert ActivityLog.objects.get(action="offer.withdrawn").data["reason"] == "Zmiana planów"
    version = submit_offer(actor=representative, offer=offer)
    offer.refresh_from_db()
    assert offer.state == OfferState.SUBMITTED and version.number == 2 and offer.withdrawn_at is None
    moves = [
        (row.data["from"], row.data["to"])
        for row in ActivityLog.objects.filter(action__in=["offer.submitted", "offer.withdrawn"]).order_by("pk")
    ]
    assert moves == [("draft", "submitted"), ("submitted", "withdrawn"), ("withdrawn", "submitted")]
    with pytest.raises(ValidationError) as caught:
        transition_offer(offer, OfferState.DRAFT, actor=representative, action="offer.saved")
    assert caught.value.code == "transition"


def test_withdraw_refused_after_deadline_and_for_editor(offer, representative, editor):
    submit_offer(actor=representative, offer=offer)
    with pytest.raises(PermissionDenied):
        withdraw_offer(actor=editor, offer=offer)
    past_deadline(offer)
    with pytest.raises(ValidationError):
        withdraw_offer(actor=representative, offer=offer)
    offer.refresh_from_db()
    assert offer.state == OfferState.SUBMITTED


def test_withdrawn_offer_cannot_be_submitted_after_deadline(offer, representative):
    submit_offer(actor=representative, offer=offer)
    withdraw_offer(actor=representative, offer=offer)
    past_deadline(offer)
    with pytest.raises(ValidationError):
        submit_offer(actor=representative, offer=offer)


def test_small_grant_submission_opens_the_procedure(representative, organisation):
    from tests.competitions.factories import valid_content

    call = small_grant_call()
    year = call.year
    content = valid_content(
        organisations=[organisation],
        start=datetime.date(year, 6, 1),
        end=datetime.date(year, 7, 31),
        simplified=True,
    )
    offer = OfferFactory(call=call, task=call.tasks.first(), organisation=organisation, content=content)
    if offer.task is None:
        pytest.skip("small_grant_call() has no task in this tree")
    submit_offer(actor=representative, offer=offer)
    offer.refresh_from_db()
    assert offer.small_grant.offer_id == offer.pk


# --- pages --------------------------------------------------------------------------------


def test_submit_page_lists_problems_with_links(client, offer, representative):
    RequiredAttachmentFactory(call=offer.call, name="Statut")
    offer.content["III"]["title"] = ""
    offer.save()
    client.force_login(representative)
    response = client.get(reverse("offer_submission:submit", args=[offer.pk]))
    html = response.content.decode()
    assert reverse("offers:edit", args=[offer.pk, "III"]) + "#III-title" in html
    assert reverse("offers:attachments", args=[offer.pk]) + "#attachment-" in html
    assert 'id="submit-offer"' not in html


def test_submit_through_the_page(client, offer, representative, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(representative)
    url = reverse("offer_submission:submit", args=[offer.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("offer_submission:versions", args=[offer.pk])
    assert offer.versions.count() == 1 and len(mailoutbox) == 1
    client.post(url)  # the double click
    assert offer.versions.count() == 1


def test_form_loaded_before_deadline_posted_after(client, offer, representative):
    client.force_login(representative)
    url = reverse("offer_submission:submit", args=[offer.pk])
    assert b'id="submit-offer"' in client.get(url).content
    past_deadline(offer)
    response = client.post(url, follow=True)
    assert "deadline for offers passed" in response.content.decode()
    offer.refresh_from_db()
    assert offer.state == OfferState.DRAFT and not offer.versions.exists()


def test_editor_gets_403_on_submit_page_outsider_404(client, offer, editor):
    client.force_login(editor)
    assert client.get(reverse("offer_submission:submit", args=[offer.pk])).status_code == 403
    client.force_login(UserFactory())
    assert client.get(reverse("offer_submission:submit", args=[offer.pk])).status_code == 404


def test_versions_page_and_documents(client, offer, representative, officer):
    submit_offer(actor=representative, offer=offer)
    offer.refresh_from_db()
    offer.content["III"]["place"] = "Płock, Tumska"
    offer.save()
    version = submit_offer(actor=representative, offer=offer)
    client.force_login(representative)
    html = client.get(reverse("offer_submission:versions", args=[offer.pk])).content.decode()
    assert version.checksum in html and "sha256sum" in html
    canonical_response = client.get(reverse("offer_submission:canonical", args=[offer.pk, 2]))
    assert hashlib.sha256(canonical_response.content).hexdigest() == version.checksum
    receipt = client.get(reverse("offer_submission:receipt", args=[offer.pk, 1]))
    assert receipt["Content-Type"] == "application/pdf" and b"".join(receipt.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("offer_submission:pdf", args=[offer.pk, 3])).status_code == 404
    offer.call.unit.officers.add(officer)
    client.force_login(officer)
    assert client.get(reverse("offer_submission:pdf", args=[offer.pk, 2])).status_code == 200


def test_withdraw_page_asks_for_confirmation(client, offer, representative):
    submit_offer(actor=representative, offer=offer)
    client.force_login(representative)
    url = reverse("offer_submission:withdraw", args=[offer.pk])
    response = client.post(url, {"reason": "x"})
    assert response.status_code == 200 and "Tick the box" in response.content.decode()
    offer.refresh_from_db()
    assert offer.state == OfferState.SUBMITTED
    response = client.post(url, {"reason": "x", "confirm": "on"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.state == OfferState.WITHDRAWN
    # A withdrawn offer may be submitted again before the deadline.
    assert client.get(reverse("offer_submission:submit", args=[offer.pk])).status_code == 200


def test_joint_offer_submission_names_all_offerors(representative, organisation):
    from tests.competitions.factories import valid_content

    offer = OfferFactory(organisation=organisation)
    partner = add_partner(offer)
    offer.content = valid_content(organisations=[organisation, partner])
    offer.save()
    version = submit_offer(actor=representative, offer=offer)
    data = json.loads(version.canonical)
    assert [o["name"] for o in data["offerors"]] == [organisation.name, partner.name]


def test_submit_page_says_nothing_changed_since_the_current_version(client, offer, representative):
    submit_offer(actor=representative, offer=offer)
    client.force_login(representative)
    url = reverse("offer_submission:submit", args=[offer.pk])
    html = client.get(url).content.decode()
    assert "Nothing has changed since version 1" in html and 'id="submit-offer"' not in html
    offer.refresh_from_db()
    offer.content["III"]["place"] = "Płock, Tumska"
    offer.save()
    html = client.get(url).content.decode()
    assert 'id="submit-offer"' in html and "submitted again as a new version" in html


def test_versions_page_query_count_does_not_grow(client, offer, representative):
    submit_offer(actor=representative, offer=offer)
    client.force_login(representative)
    url = reverse("offer_submission:versions", args=[offer.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for place in ("A", "B", "C"):
        offer.refresh_from_db()
        offer.content["III"]["place"] = place
        offer.save()
        submit_offer(actor=representative, offer=offer)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("kanoniczna.json") == 4
    assert len(many) == len(one)


def test_a_failing_mail_server_does_not_undo_the_submission(
    offer, representative, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.competitions.test_submission.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        submit_offer(actor=representative, offer=offer)
    offer.refresh_from_db()
    assert offer.state == OfferState.SUBMITTED and offer.versions.count() == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


def test_offer_overview_shows_submission_and_versions_panels(client, offer, representative, editor):
    client.force_login(representative)
    url = reverse("offers:detail", args=[offer.pk])
    html = client.get(url).content.decode()
    assert reverse("offer_submission:submit", args=[offer.pk]) in html
    version = submit_offer(actor=representative, offer=offer)
    html = client.get(url).content.decode()
    assert version.checksum in html and reverse("offer_submission:withdraw", args=[offer.pk]) in html
    assert reverse("offer_submission:receipt", args=[offer.pk, 1]) in html
    client.force_login(editor)
    html = client.get(url).content.decode()
    assert reverse("offer_submission:submit", args=[offer.pk]) not in html
    assert "Only a representative of the lead offeror" in html
