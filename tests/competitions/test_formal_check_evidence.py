"""The formal check beside the offer: the items the system verifies are pre-filled with their
evidence (filed on time, the sums, the legal forms, the required attachments); the officer
confirms, and nothing is recorded before."""

import copy
import datetime
import html
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from tests.competitions.factories import OfferFactory, RequiredAttachmentFactory
from tests.conftest import TEST_TOTP_SECRET
from tests.factories import UserFactory
from wspolpraca.accounts.services import enrol_totp
from wspolpraca.competitions.enums import FormalStatus
from wspolpraca.competitions.models import FormalCheck, Offer, OfferAttachment, OfferVersion
from wspolpraca.competitions.offers import formal_check, formal_evidence
from wspolpraca.competitions.offers.submission import submit_offer
from wspolpraca.organisations.enums import LegalForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(organisation, representative, officer):
    offer = OfferFactory(organisation=organisation)
    offer.call.unit.officers.add(officer)
    submit_offer(actor=representative, offer=offer)
    # Filed a day ago (a version is immutable through save(): moved back in the database).
    filed = timezone.now() - datetime.timedelta(days=1)
    OfferVersion.objects.filter(offer=offer).update(submitted_at=filed)
    Offer.objects.filter(pk=offer.pk).update(submitted_at=filed)
    offer.refresh_from_db()
    return offer


def close(offer, deadline=None):
    offer.call.offer_deadline = deadline or timezone.now() - datetime.timedelta(minutes=1)
    offer.call.save(update_fields=["offer_deadline"])


def items_by_code(offer):
    return {item.code: item for item in formal_check.checklist(offer.call)}


def evidence(offer):
    found = formal_evidence.known_items(offer, formal_check.checklist(offer.call))
    return {item.code: found.get(item.pk) for item in formal_check.checklist(offer.call)}


def when(moment):
    return timezone.localtime(moment).strftime("%-d.%m.%Y %H:%M")


def attach(offer, requirement):
    return OfferAttachment.objects.create(
        offer=offer,
        required_attachment=requirement,
        title=requirement.name,
        file=ContentFile(b"%PDF-1.4 test", name="statut.pdf"),
        content_type="application/pdf",
        sha256="0" * 64,
    )


def test_a_correct_offer_is_verified_on_four_items(offer):
    close(offer)
    with translation.override("en"):
        found = evidence(offer)
    version = offer.versions.get(number=1)
    assert found["on_time"] == formal_evidence.Evidence(
        True, f"Submitted {when(version.submitted_at)}, deadline {when(offer.call.offer_deadline)}."
    )
    assert found["arithmetic"].met and found["arithmetic"].text.startswith("The sums agree: total cost ")
    assert found["legal_form"] == formal_evidence.Evidence(True, "Legal form: association — eligible.")
    assert found["attachments"] == formal_evidence.Evidence(True, "The call requires no attachments.")
    # What the system cannot know is left to the officer.
    assert found["statutory"] is None


def test_late_submission_is_found(offer):
    version = offer.versions.get(number=1)
    close(offer, deadline=version.submitted_at - datetime.timedelta(hours=1))
    with translation.override("en"):
        found = evidence(offer)["on_time"]
    assert not found.met and "after the deadline" in found.text


def test_ineligible_legal_form_is_found(offer):
    close(offer)
    offer.call.eligible_legal_forms = [LegalForm.FOUNDATION]
    offer.call.save(update_fields=["eligible_legal_forms"])
    with translation.override("en"):
        found = evidence(offer)["legal_form"]
    assert found == formal_evidence.Evidence(False, "Legal form: association — not eligible in this call.")


def test_sums_that_do_not_agree_are_found(offer):
    content = copy.deepcopy(offer.versions.get(number=1).content)
    content["V"]["sources"]["grant"] = "1.00"
    with translation.override("en"):
        found = formal_evidence.arithmetic(offer, content)
    assert not found.met and found.text.startswith("The sums do not agree: the sources add up to ")


def test_required_attachments_counted(offer):
    close(offer)
    statute = RequiredAttachmentFactory(call=offer.call, name="Statut")
    RequiredAttachmentFactory(call=offer.call, name="Sprawozdanie finansowe")
    RequiredAttachmentFactory(call=offer.call, name="Rekomendacje", is_required=False)
    with translation.override("en"):
        assert evidence(offer)["attachments"] == formal_evidence.Evidence(
            False, "Required attachments: 0 of 2 — missing: Statut; Sprawozdanie finansowe."
        )
    attach(offer, statute)
    with translation.override("en"):
        assert evidence(offer)["attachments"].text == (
            "Required attachments: 1 of 2 — missing: Sprawozdanie finansowe."
        )


def checked_value(body, field):
    """The value of the checked radio button of `field`, or None."""
    found = re.search(rf'<input type="radio" name="{field}" value="(\w+)"[^>]*checked', body)
    return found.group(1) if found else None


def test_page_prefills_known_items_shows_evidence_and_the_offer(client, offer, officer):
    close(offer)
    offer.call.eligible_legal_forms = [LegalForm.FOUNDATION]
    offer.call.save(update_fields=["eligible_legal_forms"])
    client.force_login(officer)
    with translation.override("en"):
        response = client.get(reverse("offers_panel:formal_check", args=[offer.call_id, offer.pk]))
    body = html.unescape(response.content.decode())
    text = re.sub(r"<[^>]+>", "", body)
    items = items_by_code(offer)
    assert checked_value(body, f"item_{items['on_time'].pk}") == "yes"
    assert checked_value(body, f"item_{items['arithmetic'].pk}") == "yes"
    assert checked_value(body, f"item_{items['attachments'].pk}") == "yes"
    # Failing: shown unticked ("not met") with the reason.
    assert checked_value(body, f"item_{items['legal_form'].pk}") == "no"
    assert "The system found a problem: Legal form: association — not eligible in this call." in text
    assert "Checked by the system: Submitted " in text
    # The officer marks what the system cannot know.
    assert checked_value(body, f"item_{items['statutory'].pk}") is None
    # The evidence is the radio group's description.
    pk = items["on_time"].pk
    assert f'aria-describedby="id_item_{pk}_helptext"' in body and f'id="id_item_{pk}_helptext"' in body
    # The offer's content beside the checklist.
    assert "Content of the submitted version" in body and "II. Dane oferenta" in body
    assert offer.organisation.name in body
    # Nothing recorded by opening the page.
    assert not FormalCheck.objects.filter(offer=offer).exists()


def test_the_officer_confirms_the_prefilled_items(client, offer, officer):
    close(offer)
    client.force_login(officer)
    url = reverse("offers_panel:formal_check", args=[offer.call_id, offer.pk])
    body = client.get(url).content.decode()
    data = dict(re.findall(r'<input type="radio" name="(item_\d+)" value="(\w+)"[^>]*checked', body))
    statutory = items_by_code(offer)["statutory"]
    assert f"item_{statutory.pk}" not in data
    data[f"item_{statutory.pk}"] = "yes"
    response = client.post(url, data | {"outcome": FormalStatus.PASSED})
    assert response.status_code == 302
    check = FormalCheck.objects.get(offer=offer)
    assert check.status == FormalStatus.PASSED and all(check.results.values()) and check.checked_by == officer


def test_a_recorded_check_keeps_the_officers_marks(client, offer, officer):
    close(offer)
    items = items_by_code(offer)
    results = {str(item.pk): item.code != "on_time" for item in items.values()}
    formal_check.record_formal_check(
        actor=officer, offer=offer, results=results, outcome=FormalStatus.REJECTED, reason="Po terminie"
    )
    client.force_login(officer)
    body = client.get(reverse("offers_panel:formal_check", args=[offer.call_id, offer.pk])).content.decode()
    assert checked_value(body, f"item_{items['on_time'].pk}") == "no"  # the officer's mark, not the system's


@pytest.mark.parametrize("who", ["anonymous", "representative", "other_officer"])
def test_formal_check_page_refused_to_others(client, offer, who, representative):
    close(offer)
    url = reverse("offers_panel:formal_check", args=[offer.call_id, offer.pk])
    if who == "representative":
        client.force_login(representative)
    elif who == "other_officer":
        other = UserFactory(is_officer=True)
        enrol_totp(user=other, secret=TEST_TOTP_SECRET)
        client.force_login(other)
    response = client.get(url)
    assert response.status_code in (302, 403)
    if who == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 403


def test_after_a_correction_the_evidence_is_prefilled_again(client, offer, officer):
    close(offer)
    items = items_by_code(offer)
    results = {str(item.pk): item.code != "arithmetic" for item in items.values()}
    formal_check.request_correction(
        actor=officer, offer=offer, results=results, sections=["V"], message="Popraw sumy w kosztorysie."
    )
    client.force_login(officer)
    url = reverse("offers_panel:formal_check", args=[offer.call_id, offer.pk])
    assert checked_value(client.get(url).content.decode(), f"item_{items['arithmetic'].pk}") == "no"
    # The corrected version awaits a new check: the system's finding on it is shown ticked again.
    FormalCheck.objects.filter(offer=offer).update(corrected_at=timezone.now())
    body = client.get(url).content.decode()
    assert checked_value(body, f"item_{items['arithmetic'].pk}") == "yes"
    assert checked_value(body, f"item_{items['statutory'].pk}") == "yes"  # the officer's earlier mark kept
