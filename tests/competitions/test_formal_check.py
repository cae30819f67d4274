"""The formal check (law.md §2.7): checklist, outcomes, calls to correct, expiry, pages."""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.competitions.factories import OfferFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.enums import FormalStatus
from wspolpraca.competitions.models import FormalCheck, OfferVersion
from wspolpraca.competitions.offers import formal_check, submission
from wspolpraca.competitions.offers.services import save_offer_section
from wspolpraca.competitions.offers.submission import submit_offer

pytestmark = pytest.mark.django_db


def close(call):
    call.offer_deadline = timezone.now() - datetime.timedelta(minutes=1)
    call.save(update_fields=["offer_deadline"])


@pytest.fixture
def offer(organisation, representative, officer):
    offer = OfferFactory(organisation=organisation)
    offer.call.unit.officers.add(officer)
    submit_offer(actor=representative, offer=offer)
    offer.refresh_from_db()
    return offer


@pytest.fixture
def closed(offer):
    close(offer.call)
    return offer


def all_met(call, **overrides):
    return {str(item.pk): overrides.get(item.code, True) for item in formal_check.checklist(call)}


def record(offer, officer, outcome, **kwargs):
    results = kwargs.pop("results", None) or all_met(offer.call)
    return formal_check.record_formal_check(actor=officer, offer=offer, results=results, outcome=outcome, **kwargs)


def correction(offer, officer, sections=("V",)):
    return formal_check.request_correction(
        actor=officer,
        offer=offer,
        results=all_met(offer.call, arithmetic=False),
        sections=list(sections),
        message="Popraw sumy w kosztorysie.",
    )


# --- the checklist --------------------------------------------------------------------------


def test_default_checklist_and_signed_confirmation_only_when_required(offer, officer):
    codes = [item.code for item in formal_check.checklist(offer.call)]
    assert codes == ["on_time", "legal_form", "statutory", "attachments", "arithmetic"]
    other = OfferFactory()
    other.call.requires_signed_confirmation = True
    other.call.save()
    assert "signed" in [item.code for item in formal_check.checklist(other.call)]


def test_officer_adds_item_others_refused(offer, officer, representative):
    item = formal_check.add_check_item(actor=officer, call=offer.call, label="Pełnomocnictwo")
    assert item.label in [i.label for i in formal_check.checklist(offer.call)]
    assert ActivityLog.objects.filter(action="formal_check.item_added").exists()
    with pytest.raises(PermissionDenied):
        formal_check.add_check_item(actor=representative, call=offer.call, label="X")
    with pytest.raises(ValidationError):
        formal_check.add_check_item(actor=officer, call=offer.call, label="  ")


# --- recording ------------------------------------------------------------------------------


def test_only_after_the_deadline(offer, officer):
    with pytest.raises(ValidationError) as error:
        record(offer, officer, FormalStatus.PASSED)
    assert error.value.code == "deadline"
    assert not FormalCheck.objects.exists()


def test_only_officers_who_manage_the_call(closed, representative, executive):
    for user in (representative, executive):
        with pytest.raises(PermissionDenied):
            record(closed, user, FormalStatus.PASSED)


def test_passed_recorded_logged_and_emailed(closed, officer, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        check = record(closed, officer, FormalStatus.PASSED)
    assert check.status == FormalStatus.PASSED and check.checked_version == 1
    assert ActivityLog.objects.get(action="formal_check.recorded").data["status"] == "passed"
    assert len(mailoutbox) == 1 and "ngo@example.org" in mailoutbox[0].to
    assert "poprawna formalnie" in mailoutbox[0].subject  # in the site's language, whatever the officer reads


def test_every_item_must_be_marked_and_failed_item_cannot_pass(closed, officer):
    with pytest.raises(ValidationError):
        record(closed, officer, FormalStatus.PASSED, results={"1": True})
    with pytest.raises(ValidationError):
        record(closed, officer, FormalStatus.PASSED, results=all_met(closed.call, legal_form=False))


def test_rejection_requires_reason(closed, officer, mailoutbox, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError) as error:
        record(closed, officer, FormalStatus.REJECTED, results=all_met(closed.call, legal_form=False))
    assert "reason" in error.value.error_dict
    with django_capture_on_commit_callbacks(execute=True):
        check = record(
            closed,
            officer,
            FormalStatus.REJECTED,
            results=all_met(closed.call, legal_form=False),
            reason="Spółka z o.o.",
        )
    assert check.reason == "Spółka z o.o."
    assert "Spółka z o.o." in mailoutbox[0].body


def test_correction_requires_sections_and_message(closed, officer):
    with pytest.raises(ValidationError) as error:
        formal_check.request_correction(
            actor=officer, offer=closed, results=all_met(closed.call), sections=[], message=""
        )
    assert set(error.value.error_dict) == {"sections", "message"}


def test_correction_deadline_is_end_of_day_in_warsaw(closed, officer, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        check = correction(closed, officer)
    local = timezone.localtime(check.correction_deadline)
    expected = timezone.localdate() + datetime.timedelta(days=closed.call.correction_period_days)
    assert local.date() == expected and (local.hour, local.minute) == (23, 59)
    assert "Popraw sumy" in mailoutbox[0].body and "V. Kalkulacja przewidywanych kosztów" in mailoutbox[0].body


# --- the correction --------------------------------------------------------------------------


def test_only_named_sections_editable(closed, officer, editor):
    correction(closed, officer, sections=["V"])
    revision = closed.section_revisions.get("III", 0)
    with pytest.raises(PermissionDenied):
        save_offer_section(actor=editor, offer=closed, section="III", data={"title": "Inny"}, base_revision=revision)
    fifth = dict(closed.content["V"])
    save_offer_section(
        actor=editor,
        offer=closed,
        section="V",
        data=fifth | {"note": "x"},
        base_revision=closed.section_revisions.get("V", 0),
    )


def test_no_edit_after_deadline_without_correction(closed, editor):
    with pytest.raises(PermissionDenied):
        save_offer_section(actor=editor, offer=closed, section="V", data={}, base_revision=0)


def test_correction_creates_new_version_with_checksum(
    closed, officer, representative, editor, mailoutbox, django_capture_on_commit_callbacks
):
    correction(closed, officer, sections=["III"])
    third = dict(closed.content["III"]) | {"title": "Płockie Lato — poprawione"}
    save_offer_section(
        actor=editor, offer=closed, section="III", data=third, base_revision=closed.section_revisions.get("III", 0)
    )
    with django_capture_on_commit_callbacks(execute=True):
        version = submission.submit_correction(actor=representative, offer=closed)
    assert version.number == 2 and version.is_current
    assert version.checksum == hashlib.sha256(version.canonical.encode("utf-8")).hexdigest()
    assert OfferVersion.objects.filter(offer=closed).count() == 2
    check = FormalCheck.objects.get(offer=closed)
    assert check.corrected_at is not None and not check.correction_open
    assert ActivityLog.objects.filter(action="formal_check.corrected").exists()
    assert formal_check.expire_corrections() == []  # corrected: not expired


def test_correction_after_its_deadline_refused(closed, officer, representative):
    check = correction(closed, officer)
    check.correction_deadline = timezone.now() - datetime.timedelta(seconds=1)
    check.save()
    with pytest.raises(ValidationError) as error:
        submission.submit_correction(actor=representative, offer=closed)
    assert error.value.code == "deadline"
    assert closed.versions.count() == 1


def test_submission_without_correction_after_deadline_refused(closed, representative):
    with pytest.raises(ValidationError):
        submit_offer(actor=representative, offer=closed)


def test_expiry_rejects_with_reason_idempotent(closed, officer, mailoutbox, django_capture_on_commit_callbacks):
    check = correction(closed, officer)
    check.correction_deadline = timezone.now() - datetime.timedelta(seconds=1)
    check.save()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = formal_check.expire_corrections()
    assert len(done) == 1
    check.refresh_from_db()
    assert check.status == FormalStatus.REJECTED and "Popraw sumy" in check.reason
    assert len(mailoutbox) == 1 and "not corrected by the deadline" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert formal_check.expire_corrections() == []
    assert len(mailoutbox) == 1
    assert ActivityLog.objects.filter(action="formal_check.expired").count() == 1


def test_open_correction_not_expired(closed, officer):
    correction(closed, officer)
    assert formal_check.expire_corrections() == []


def test_run_scheduled_has_the_step(closed, officer):
    check = correction(closed, officer)
    check.correction_deadline = timezone.now() - datetime.timedelta(seconds=1)
    check.save()
    call_command("run_scheduled")
    check.refresh_from_db()
    assert check.status == FormalStatus.REJECTED


# --- pages ---------------------------------------------------------------------------------


def test_officer_records_check_through_the_form(client, closed, officer):
    client.force_login(officer)
    url = reverse("offers_panel:formal_check", args=[closed.call_id, closed.pk])
    assert client.get(url).status_code == 200
    data = {f"item_{pk}": "yes" for pk in all_met(closed.call)} | {"outcome": "rejected", "reason": ""}
    response = client.post(url, data)
    assert response.status_code == 400 and b"Give the reason" in response.content
    data |= {"outcome": "correction", "sections": ["V", "attachments"], "message": "Brak statutu"}
    response = client.post(url, data)
    assert response.status_code == 302
    check = FormalCheck.objects.get(offer=closed)
    assert check.status == FormalStatus.CORRECTION and check.correction_sections == ["V", "attachments"]


def test_form_refused_before_the_deadline(client, offer, officer):
    client.force_login(officer)
    assert client.get(reverse("offers_panel:formal_check", args=[offer.call_id, offer.pk])).status_code == 403


def test_checklist_page_adds_item(client, closed, officer):
    client.force_login(officer)
    url = reverse("offers_panel:checklist", args=[closed.call_id])
    assert b"filed on time" in client.get(url).content
    assert client.post(url, {"label": "Aktualny odpis z KRS"}).status_code == 302
    assert b"Aktualny odpis z KRS" in client.get(url).content


def test_ngo_sees_status_and_read_only_sections(client, closed, officer, editor):
    client.force_login(editor)
    page = client.get(reverse("offers:detail", args=[closed.pk]))
    assert b"not checked yet" in page.content
    correction(closed, officer, sections=["V"])
    page = client.get(reverse("offers:detail", args=[closed.pk]))
    assert b"Popraw sumy" in page.content and b"Correction deadline" in page.content
    response = client.post(reverse("offers:edit", args=[closed.pk, "III"]), {"title": "X"})
    assert response.status_code == 403
    closed.refresh_from_db()
    assert closed.content["III"]["title"] != "X"


def test_offer_list_shows_and_filters_formal_status(client, closed, officer, organisation, representative):
    other = OfferFactory(call=closed.call, task=closed.task, organisation=organisation)
    closed.call.offer_deadline = timezone.now() + datetime.timedelta(days=1)
    closed.call.save(update_fields=["offer_deadline"])
    submit_offer(actor=representative, offer=other)
    close(closed.call)
    record(closed, officer, FormalStatus.PASSED)
    client.force_login(officer)
    url = reverse("offers_panel:list", args=[closed.call_id])
    page = client.get(url).content.decode()
    assert "Formally correct" in page and "not checked" in page
    page = client.get(url, {"formal": "none"})
    assert [row["offer"].pk for row in page.context["rows"]] == [other.pk]
    page = client.get(url, {"formal": "passed"})
    assert [row["offer"].pk for row in page.context["rows"]] == [closed.pk]


def test_offer_list_query_count_constant(client, closed, officer, organisation, representative):
    client.force_login(officer)
    url = reverse("offers_panel:list", args=[closed.call_id])
    record(closed, officer, FormalStatus.PASSED)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    closed.call.offer_deadline = timezone.now() + datetime.timedelta(days=1)
    closed.call.save(update_fields=["offer_deadline"])
    for _n in range(3):
        submit_offer(
            actor=representative, offer=OfferFactory(call=closed.call, task=closed.task, organisation=organisation)
        )
    close(closed.call)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_representative_resubmits_correction_through_the_submit_page(client, closed, officer, representative):
    submit_url = reverse("offer_submission:submit", args=[closed.pk])
    client.force_login(representative)
    assert b'id="submit-offer"' not in client.get(submit_url).content  # deadline passed, no correction
    correction(closed, officer)
    page = client.get(submit_url)
    assert b'id="submit-offer"' in page.content and b"Correction deadline" in page.content
    assert client.post(submit_url).status_code == 302
    assert closed.versions.filter(is_current=True).get().number == 2
    assert FormalCheck.objects.get(offer=closed).corrected_at is not None


def test_default_items_shown_in_the_readers_language(offer):
    from django.utils import translation

    item = formal_check.checklist(offer.call)[0]
    with translation.override("pl"):
        assert str(item) == "Oferta została złożona w terminie"
    assert str(item) == "The offer was filed on time"


def test_offer_page_offers_resubmission_during_correction(client, closed, officer, representative):
    client.force_login(representative)
    submit_url = reverse("offer_submission:submit", args=[closed.pk]).encode()
    assert submit_url not in client.get(reverse("offers:detail", args=[closed.pk])).content
    correction(closed, officer)
    assert submit_url in client.get(reverse("offers:detail", args=[closed.pk])).content
