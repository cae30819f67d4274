"""The offer update after an award lower than requested (law.md §2.6): the same editor limited to
the schedule, results and costs, the amount check, a new version, withdrawal, accept/return, pages."""

import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.competitions.factories import CityUnitFactory
from tests.competitions.factories_agreements import award, reduced_content, submitted_offer
from tests.factories import UserFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.enums import OfferUpdateState
from wspolpraca.competitions.models import Grant, OfferUpdate
from wspolpraca.competitions.offers import update as services
from wspolpraca.competitions.offers.services import save_offer_section
from wspolpraca.competitions.offers.submission import submit_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(organisation, representative, officer):
    return submitted_offer(organisation=organisation, representative=representative, officer=officer)


@pytest.fixture
def update(offer, executive):
    return award(offer, amount="5000.00", decided_by=executive)


def save(offer, actor, section, data):
    offer.refresh_from_db()
    return save_offer_section(
        actor=actor, offer=offer, section=section, data=data, base_revision=offer.section_revisions.get(section, 0)
    )


def reduce(offer, actor):
    """Save sections III and V of the reduced document (grant 5,000)."""
    content = reduced_content(offer.content)
    save(offer, actor, "V", content["V"])
    save(offer, actor, "III", content["III"])
    offer.refresh_from_db()
    return offer


# --- editing ------------------------------------------------------------------------------------


def test_no_editing_after_the_deadline_without_an_update(offer, editor):
    with pytest.raises(PermissionDenied):
        save(offer, editor, "V", offer.content["V"])


@pytest.mark.parametrize("section", ["I", "II", "IV", "VI", "VII"])
def test_only_schedule_results_and_costs_editable(update, offer, editor, section):
    with pytest.raises(PermissionDenied):
        save(offer, editor, section, offer.content[section] | {"x": "y"})


def test_schedule_and_costs_editable_by_editor(update, offer, editor):
    reduce(offer, editor)
    assert offer.content["V"]["sources"]["grant"] == "5000"
    assert offer.content["III"]["results_products"] == "10 wydarzeń, 1200 uczestników."


def test_section_iii_keeps_title_and_description_as_submitted(update, offer, editor):
    third = dict(offer.content["III"]) | {"title": "Inny tytuł", "needs": "Inne potrzeby", "activities": []}
    save(offer, editor, "III", third)
    offer.refresh_from_db()
    assert offer.content["III"]["title"] == "Płockie Lato z Kulturą"
    assert offer.content["III"]["needs"].startswith("Brak bezpłatnej")
    assert offer.content["III"]["activities"] == []


def test_attachments_and_partners_read_only_during_update(client, update, offer, editor):
    client.force_login(editor)
    assert client.get(reverse("offers:edit", args=[offer.pk, "V"])).context["may_edit"] is True
    assert client.get(reverse("offers:edit", args=[offer.pk, "I"])).context["may_edit"] is False
    assert client.get(reverse("offers:attachments", args=[offer.pk])).context["may_edit"] is False


# --- submission ---------------------------------------------------------------------------------


def test_grant_must_equal_the_award(update, offer, representative):
    with pytest.raises(ValidationError) as error:
        submit_offer(actor=representative, offer=offer)
    assert error.value.code == "award_amount"
    assert "must equal the amount awarded" in error.value.messages[0]
    assert offer.versions.count() == 1
    update.refresh_from_db()
    assert update.state == OfferUpdateState.REQUESTED


def test_submission_makes_a_new_version_with_checksum(
    update, offer, editor, representative, officer, mailoutbox, django_capture_on_commit_callbacks
):
    reduce(offer, editor)
    with django_capture_on_commit_callbacks(execute=True):
        version = submit_offer(actor=representative, offer=offer)
    assert version.number == 2 and version.is_current
    assert version.checksum == hashlib.sha256(version.canonical.encode("utf-8")).hexdigest()
    update.refresh_from_db()
    assert update.state == OfferUpdateState.SUBMITTED and update.version == version
    assert update.submitted_by == representative
    offer.refresh_from_db()
    assert offer.requested_grant == Decimal("5000.00")
    assert ActivityLog.objects.filter(action="offer_update.submitted", object_id=str(offer.pk)).exists()
    assert any(officer.email in m.to for m in mailoutbox)
    # Submitted: the editor is closed again.
    with pytest.raises(PermissionDenied):
        save(offer, editor, "V", offer.content["V"])


def test_only_the_representative_submits(update, offer, editor):
    reduce(offer, editor)
    with pytest.raises(PermissionDenied):
        submit_offer(actor=editor, offer=offer)


# --- withdrawal ----------------------------------------------------------------------------------


def test_withdraw_marks_the_grant(
    update, offer, representative, officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_from_grant(actor=representative, offer=offer, reason="Za mało środków")
    update.refresh_from_db()
    assert update.state == OfferUpdateState.WITHDRAWN and update.withdrawn_at
    assert Grant.objects.get(offer=offer).withdrawn_at is not None
    assert ActivityLog.objects.get(action="offer_update.withdrawn").data["reason"] == "Za mało środków"
    assert any(officer.email in m.to for m in mailoutbox)


def test_withdraw_only_by_the_representative_and_before_acceptance(update, offer, editor, representative, officer):
    with pytest.raises(PermissionDenied):
        services.withdraw_from_grant(actor=editor, offer=offer)
    update.state = OfferUpdateState.ACCEPTED
    update.save()
    with pytest.raises(PermissionDenied):
        services.withdraw_from_grant(actor=representative, offer=offer)


# --- the officer's decision ------------------------------------------------------------------------


@pytest.fixture
def submitted(update, offer, editor, representative):
    reduce(offer, editor)
    submit_offer(actor=representative, offer=offer)
    update.refresh_from_db()
    return update


def test_accept(submitted, officer, representative, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_offer_update(actor=officer, update=submitted, note="Dziękujemy")
    submitted.refresh_from_db()
    assert submitted.state == OfferUpdateState.ACCEPTED and submitted.decided_by == officer
    assert ActivityLog.objects.filter(action="offer_update.accepted").exists()
    assert mailoutbox[-1].to == [representative.email] or representative.email in mailoutbox[-1].to
    assert "Przyjęto aktualizację" in mailoutbox[-1].subject  # in the site's language


def test_accept_only_submitted_and_by_the_calls_officers(update, submitted, officer):
    stranger = UserFactory(is_officer=True)
    CityUnitFactory().officers.add(stranger)
    with pytest.raises(PermissionDenied):
        services.accept_offer_update(actor=stranger, update=submitted)
    services.accept_offer_update(actor=officer, update=submitted)
    with pytest.raises(ValidationError):
        services.accept_offer_update(actor=officer, update=submitted)


def test_return_requires_note_and_reopens_the_editor(
    submitted, offer, officer, editor, representative, mailoutbox, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        services.return_offer_update(actor=officer, update=submitted, note=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.return_offer_update(actor=officer, update=submitted, note="Popraw harmonogram")
    submitted.refresh_from_db()
    assert submitted.state == OfferUpdateState.RETURNED
    assert "Popraw harmonogram" in mailoutbox[-1].body
    third = dict(offer.content["III"]) | {"results_change": "Poprawione"}
    save(offer, editor, "III", third)
    version = submit_offer(actor=representative, offer=offer)
    assert version.number == 3
    submitted.refresh_from_db()
    assert submitted.state == OfferUpdateState.SUBMITTED and submitted.version == version


def test_request_update_only_when_lower_and_idempotent(offer, officer):
    with pytest.raises(ValidationError):
        services.request_offer_update(actor=officer, offer=offer, awarded_amount=Decimal("5500.00"))
    first = services.request_offer_update(actor=officer, offer=offer, awarded_amount=Decimal("4000.00"))
    again = services.request_offer_update(actor=officer, offer=offer, awarded_amount=Decimal("3000.00"))
    assert first.pk == again.pk and again.awarded_amount == Decimal("4000.00")


def test_differences_list_changed_figures(submitted):
    previous = services.previous_version(submitted)
    diff = services.differences(previous.content, submitted.version.content)
    labels = [label for label, _before, _after in diff["figures"]]
    assert "Grant requested" in labels and "Total cost" in labels
    assert any(key.startswith("V-actions-0-lines-1") for key, _b, _a in diff["fields"])


# --- pages ----------------------------------------------------------------------------------------


def test_update_page_shows_the_amount_problem(client, update, offer, representative):
    client.force_login(representative)
    response = client.get(reverse("award:update", args=[offer.pk]))
    assert response.status_code == 200
    assert "must equal the amount awarded" in response.content.decode()
    assert reverse("award:withdraw", args=[offer.pk]) in response.content.decode()


def test_offer_page_links_to_the_update(client, update, offer, editor):
    client.force_login(editor)
    response = client.get(reverse("offers:detail", args=[offer.pk]))
    assert reverse("award:update", args=[offer.pk]) in response.content.decode()


def test_update_page_submits(client, update, offer, editor, representative):
    reduce(offer, editor)
    client.force_login(representative)
    response = client.post(reverse("award:update", args=[offer.pk]))
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.state == OfferUpdateState.SUBMITTED


def test_update_page_refused_submission_keeps_state(client, update, offer, representative):
    client.force_login(representative)
    response = client.post(reverse("award:update", args=[offer.pk]), follow=True)
    assert "must equal the amount awarded" in response.content.decode()
    update.refresh_from_db()
    assert update.state == OfferUpdateState.REQUESTED


def test_withdraw_page_needs_confirmation(client, update, offer, representative):
    client.force_login(representative)
    url = reverse("award:withdraw", args=[offer.pk])
    response = client.post(url, {"reason": "x"})
    assert response.status_code == 200 and "Tick the box" in response.content.decode()
    assert client.post(url, {"reason": "x", "confirm": "on"}).status_code == 302
    update.refresh_from_db()
    assert update.state == OfferUpdateState.WITHDRAWN


def test_other_organisations_get_404(client, update, offer):
    client.force_login(UserFactory())
    assert client.get(reverse("award:update", args=[offer.pk])).status_code == 404


def test_panel_review_shows_differences_and_returns(client, submitted, officer):
    client.force_login(officer)
    url = reverse("agreements_panel:update", args=[submitted.pk])
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Changes from version 1 to version 2" in body and "5,000.00" in body
    assert "V (1.2): " in body  # changed fields named by the editor's labels, with row numbers
    assert "V-actions-0-lines-1" not in body
    response = client.post(url, {"action": "return", "note": ""})
    assert response.status_code == 200 and "Say what to change" in response.content.decode()
    assert client.post(url, {"action": "accept", "note": ""}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == OfferUpdateState.ACCEPTED


def test_panel_updates_list_query_count(
    client, officer, executive, organisation, representative, django_assert_max_num_queries
):
    for _n in range(3):
        offer = submitted_offer(organisation=organisation, representative=representative, officer=officer)
        award(offer, amount="4000.00", decided_by=executive)
    client.force_login(officer)
    url = reverse("agreements_panel:updates")
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200 and OfferUpdate.objects.count() == 3
    for _n in range(5):
        offer = submitted_offer(organisation=organisation, representative=representative, officer=officer)
        award(offer, amount="4000.00", decided_by=executive)
    with django_assert_max_num_queries(20):
        client.get(url)
