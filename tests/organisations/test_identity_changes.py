"""A verified organisation's name, numbers and bank account change only on an officer's approval;
the register of grants keeps the grantee as it was at the award."""

import datetime
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.competitions.factories import OfferFactory
from tests.competitions.factories_register import resolved_call
from tests.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.enums import OfferState
from wspolpraca.competitions.kernel.grants import record_grant
from wspolpraca.competitions.models import Grant
from wspolpraca.organisations import identity_changes, services
from wspolpraca.organisations.enums import IdentityChangeStatus, VerificationStatus
from wspolpraca.organisations.models import IdentityChangeRequest, Organisation
from wspolpraca.organisations.services import EDITABLE_FIELDS

pytestmark = pytest.mark.django_db

OLD_NAME = "Stowarzyszenie Płockie Forum Kultury"
NEW_NAME = "Stowarzyszenie Forum Kultury Mazowsza"
NEW_ACCOUNT = "PL27114020040000300201355387"


def edit_data(organisation, **changes):
    """The edit form as the organisation's current data fills it, with `changes`."""
    text_fields = [f for f in EDITABLE_FIELDS if f not in ("district", "logo", "is_public_benefit")]
    data = {name: getattr(organisation, name) or "" for name in text_fields}
    data["areas"] = [a.pk for a in organisation.areas.all()]
    data["district"] = organisation.district_id or ""
    data.update(changes)
    return data


def request_rename(representative, organisation, name=NEW_NAME):
    return identity_changes.request_identity_change(
        actor=representative, organisation=organisation, after={"name": name}
    )


def actions():
    return list(ActivityLog.objects.order_by("pk").values_list("action", flat=True))


# --- the organisation's side -----------------------------------------------------------------


def test_rename_by_verified_organisation_waits_and_old_name_stays_public(client, representative, organisation):
    client.force_login(representative)
    url = reverse("organisations:edit", kwargs={"slug": organisation.slug})
    response = client.post(url, edit_data(organisation, name=NEW_NAME, phone="+48 24 000 00 00"))
    assert response.status_code == 302

    organisation.refresh_from_db()
    assert organisation.name == OLD_NAME and organisation.is_verified
    assert organisation.phone == "+48 24 000 00 00"  # not identity data: saved at once
    change = IdentityChangeRequest.objects.get(organisation=organisation)
    assert change.status == IdentityChangeStatus.PENDING
    assert change.before == {"name": OLD_NAME} and change.after == {"name": NEW_NAME}
    assert change.requested_by == representative
    assert "organisation.identity_change_requested" in actions()

    client.logout()
    for page in [
        reverse("organisations:directory"),
        reverse("organisations:detail", kwargs={"slug": organisation.slug}),
        reverse("api:organisation-list"),
        reverse("api:organisation-detail", args=[organisation.slug]),
        reverse("organisations:directory_export"),
    ]:
        body = client.get(page).content.decode()
        assert OLD_NAME in body, page
        assert NEW_NAME not in body, page


def test_bank_account_of_verified_organisation_waits_too(representative, organisation):
    organisation_before = organisation.bank_account
    _org, change = identity_changes.save_organisation_changes(
        actor=representative, organisation=organisation, bank_account="PL27 1140 2004 0000 3002 0135 5387"
    )
    organisation.refresh_from_db()
    assert organisation.bank_account == organisation_before
    assert change.after == {"bank_account": NEW_ACCOUNT}  # stored as the model cleans it


def test_update_organisation_refuses_identity_change_of_verified_organisation(representative, organisation):
    with pytest.raises(ValidationError) as error:
        services.update_organisation(actor=representative, organisation=organisation, name=NEW_NAME, nip="")
    assert set(error.value.message_dict) == {"name", "nip"}
    organisation.refresh_from_db()
    assert organisation.name == OLD_NAME


def test_unverified_organisation_edits_its_identity_freely(representative, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(verification_status=VerificationStatus.PENDING)
    org, change = identity_changes.save_organisation_changes(
        actor=representative, organisation=organisation, name=NEW_NAME, bank_account=NEW_ACCOUNT
    )
    assert change is None
    assert (org.name, org.bank_account) == (NEW_NAME, NEW_ACCOUNT)
    assert not IdentityChangeRequest.objects.exists()


def test_invalid_new_number_is_refused_before_any_request(representative, organisation):
    other = OrganisationFactory()
    with pytest.raises(ValidationError) as error:
        identity_changes.save_organisation_changes(actor=representative, organisation=organisation, nip=other.nip)
    assert "nip" in error.value.message_dict
    assert not IdentityChangeRequest.objects.exists()


def test_only_one_request_waits_at_a_time(representative, organisation):
    request_rename(representative, organisation)
    with pytest.raises(ValidationError) as error:
        request_rename(representative, organisation, name="Inna nazwa")
    assert error.value.code == "already_pending"


@pytest.mark.parametrize("persona", ["editor", "resident", "officer"])
def test_only_a_representative_may_request(persona, request, organisation, representative):
    with pytest.raises(PermissionDenied):
        request_rename(request.getfixturevalue(persona), organisation)


def test_edit_page_shows_pending_values_locks_fields_and_withdraws(client, representative, organisation):
    change = request_rename(representative, organisation)
    client.force_login(representative)
    url = reverse("organisations:edit", kwargs={"slug": organisation.slug})
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert NEW_NAME in body and OLD_NAME in body
    assert response.context["pending_change"] == change
    assert response.context["form"].fields["name"].disabled
    assert not response.context["form"].fields["phone"].disabled
    withdraw = reverse("organisations:identity_change_withdraw", kwargs={"slug": organisation.slug, "pk": change.pk})
    assert withdraw in body

    # a name posted meanwhile is ignored (the field is locked), the rest saved
    client.post(url, edit_data(organisation, name="Jeszcze inna nazwa", phone="+48 24 111 11 11"))
    organisation.refresh_from_db()
    assert (organisation.name, organisation.phone) == (OLD_NAME, "+48 24 111 11 11")
    assert IdentityChangeRequest.objects.get().after == {"name": NEW_NAME}

    assert client.post(withdraw).status_code == 302
    change.refresh_from_db()
    assert change.status == IdentityChangeStatus.WITHDRAWN and change.decided_by == representative
    assert "organisation.identity_change_withdrawn" in actions()
    assert not client.get(url).context["form"].fields["name"].disabled


def test_members_see_the_pending_change_on_the_page_the_public_does_not(client, representative, editor, organisation):
    request_rename(representative, organisation)
    url = reverse("organisations:detail", kwargs={"slug": organisation.slug})
    client.force_login(editor)
    assert NEW_NAME in client.get(url).content.decode()
    client.force_login(UserFactory())
    assert NEW_NAME not in client.get(url).content.decode()


def test_bank_account_change_emails_the_other_representatives(representative, organisation, editor, officer):
    other = MembershipFactory(organisation=organisation, role="representative").user
    mail.outbox.clear()
    change = identity_changes.request_identity_change(
        actor=representative, organisation=organisation, after={"bank_account": NEW_ACCOUNT}
    )
    to_representatives = [m for m in mail.outbox if m.to != [officer.email]]  # the officers' notice: its own test
    assert [m.to for m in to_representatives] == [[other.email]]  # not the one who asked, not the editor
    assert "5387" in to_representatives[0].body and NEW_ACCOUNT not in to_representatives[0].body

    mail.outbox.clear()
    identity_changes.decide_identity_change(actor=officer, change_request=change, approve=True)
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {representative.email, other.email}
    assert "5387" in mail.outbox[0].body
    organisation.refresh_from_db()
    assert organisation.bank_account == NEW_ACCOUNT


def test_a_name_change_emails_no_representative_until_decided(representative, organisation, officer):
    MembershipFactory(organisation=organisation, role="representative")
    mail.outbox.clear()
    request_rename(representative, organisation)
    assert [m.to for m in mail.outbox] == [[officer.email]]  # only the officers, of the request to decide


# --- the officer's side ----------------------------------------------------------------------


def test_officer_approves_in_the_panel(client, officer, representative, organisation):
    change = request_rename(representative, organisation)
    client.force_login(officer)
    assert client.get(reverse("organisations_panel:list")).context["identity_changes_waiting"] == 1
    response = client.get(reverse("organisations_panel:identity_changes"))
    assert list(response.context["page_obj"].object_list) == [change]
    url = reverse("organisations_panel:identity_change", kwargs={"pk": change.pk})
    body = client.get(url).content.decode()
    assert OLD_NAME in body and NEW_NAME in body  # side by side
    mail.outbox.clear()
    assert client.post(url, {"decision": "approve", "reason": ""}).status_code == 302

    change.refresh_from_db()
    organisation.refresh_from_db()
    assert change.status == IdentityChangeStatus.APPROVED and change.decided_by == officer
    assert organisation.name == NEW_NAME and organisation.is_verified
    assert organisation.history.first().name == NEW_NAME  # the register data history has it
    assert actions()[-2:] == ["organisation.identity_change_requested", "organisation.identity_change_approved"]
    assert mail.outbox[0].to == [representative.email] and NEW_NAME in mail.outbox[0].body
    client.logout()
    assert NEW_NAME in client.get(reverse("organisations:directory")).content.decode()
    # decided: not in the list, no decision form
    client.force_login(officer)
    assert not client.get(reverse("organisations_panel:identity_changes")).context["page_obj"].object_list
    assert client.post(url, {"decision": "reject", "reason": "x"}).status_code == 302
    change.refresh_from_db()
    assert change.status == IdentityChangeStatus.APPROVED


def test_officer_rejects_with_a_reason(client, officer, representative, organisation):
    change = request_rename(representative, organisation)
    client.force_login(officer)
    url = reverse("organisations_panel:identity_change", kwargs={"pk": change.pk})
    response = client.post(url, {"decision": "reject", "reason": ""})
    assert response.status_code == 200 and response.context["form"].has_error("reason")
    mail.outbox.clear()
    client.post(url, {"decision": "reject", "reason": "Odpis z KRS podaje inną nazwę."})
    change.refresh_from_db()
    organisation.refresh_from_db()
    assert change.status == IdentityChangeStatus.REJECTED and change.reason == "Odpis z KRS podaje inną nazwę."
    assert organisation.name == OLD_NAME
    assert "organisation.identity_change_rejected" in actions()
    assert "Odpis z KRS podaje inną nazwę." in mail.outbox[0].body


def test_service_refuses_rejection_without_reason_and_outsiders(officer, representative, organisation):
    change = request_rename(representative, organisation)
    with pytest.raises(ValidationError):
        identity_changes.decide_identity_change(actor=officer, change_request=change, approve=False, reason=" ")
    for actor in (representative, UserFactory()):
        with pytest.raises(PermissionDenied):
            identity_changes.decide_identity_change(actor=actor, change_request=change, approve=True)
    identity_changes.withdraw_identity_change(actor=representative, change_request=change)
    with pytest.raises(ValidationError) as error:
        identity_changes.decide_identity_change(actor=officer, change_request=change, approve=True)
    assert error.value.code == "transition"


def test_approval_checks_the_numbers_again(officer, representative, organisation):
    new_nip = OrganisationFactory.build().nip
    change = identity_changes.request_identity_change(
        actor=representative, organisation=organisation, after={"nip": new_nip}
    )
    OrganisationFactory(nip=new_nip)  # taken meanwhile
    with pytest.raises(ValidationError) as error:
        identity_changes.decide_identity_change(actor=officer, change_request=change, approve=True)
    assert error.value.code == "no_longer_valid"
    change.refresh_from_db()
    assert change.is_pending


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("representative", 403), ("editor", 403), ("resident", 403), ("officer", 200), ("administrator", 200)],
)
def test_panel_pages_per_persona(client, request, persona, expected, organisation, representative, editor):
    change = request_rename(representative, organisation)
    client.force_login(request.getfixturevalue(persona))
    for url in [
        reverse("organisations_panel:identity_changes"),
        reverse("organisations_panel:identity_change", kwargs={"pk": change.pk}),
    ]:
        assert client.get(url).status_code == expected, url
    response = client.post(
        reverse("organisations_panel:identity_change", kwargs={"pk": change.pk}), {"decision": "approve"}
    )
    change.refresh_from_db()
    assert change.is_pending == (expected == 403)
    assert response.status_code == (403 if expected == 403 else 302)


def test_pending_list_query_count_does_not_grow(client, officer, django_assert_num_queries):
    client.force_login(officer)

    def add_rows(n):
        for _ in range(n):
            membership = MembershipFactory()
            request_rename(membership.user, membership.organisation, name=f"Nowa {membership.organisation.name}")

    add_rows(1)
    url = reverse("organisations_panel:identity_changes")
    client.get(url)  # warm caches (site settings, content types)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    add_rows(15)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["page_obj"].object_list) == 16


# --- the register of grants keeps the grantee as it was at the award --------------------------


def _grant(organisation):
    call = resolved_call(year=2024)
    offer = OfferFactory(call=call, organisation=organisation, state=OfferState.SUBMITTED, content={})
    return record_grant(offer=offer, amount=Decimal("12000.00"), awarded_on=datetime.date(2024, 5, 20))


def test_register_shows_the_name_at_the_award_after_a_rename(client, officer, representative, organisation):
    grant = _grant(organisation)
    assert (grant.organisation_name, grant.organisation_krs, grant.organisation_nip) == (
        OLD_NAME,
        organisation.krs_number,
        organisation.nip,
    )
    change = request_rename(representative, organisation)
    identity_changes.decide_identity_change(actor=officer, change_request=change, approve=True)

    page = client.get(reverse("register:index")).content.decode()
    assert OLD_NAME in page and NEW_NAME not in page
    api = client.get(reverse("api:grant-list")).json()
    assert [row["organisation"] for row in api["results"]] == [OLD_NAME]
    exported = json.loads(b"".join(client.get(reverse("register:export_json")).streaming_content))
    assert [row["organisation"] for row in exported["grants"]] == [OLD_NAME]
    csv_text = b"".join(client.get(reverse("register:export_csv")).streaming_content).decode()
    assert OLD_NAME in csv_text and NEW_NAME not in csv_text
    # found by the old and by the new name; the organisation's page is today's
    for q in (OLD_NAME[:20], "Mazowsza"):
        assert client.get(reverse("register:index"), {"q": q}).context["page_obj"].paginator.count == 1
    assert client.get(reverse("organisations:directory")).content.decode().count(NEW_NAME) >= 1


def test_migration_fills_the_snapshot_of_earlier_grants(organisation):
    grant = _grant(organisation)
    Grant.objects.filter(pk=grant.pk).update(organisation_name="", organisation_krs="", organisation_nip="")
    migration = __import__(
        "wspolpraca.competitions.migrations.0008_grant_grantee_snapshot", fromlist=["fill_snapshots"]
    )
    migration.fill_snapshots(apps, None)
    grant.refresh_from_db()
    assert (grant.organisation_name, grant.organisation_krs, grant.organisation_nip, grant.organisation_regon) == (
        OLD_NAME,
        organisation.krs_number,
        organisation.nip,
        organisation.regon,
    )
    assert grant.organisation_register_name == ""


def test_admin_lists_requests_read_only(client, administrator, representative, organisation):
    change = request_rename(representative, organisation)
    client.force_login(administrator)
    assert client.get(reverse("admin:organisations_identitychangerequest_changelist")).status_code == 200
    url = reverse("admin:organisations_identitychangerequest_change", args=[change.pk])
    assert client.get(url).status_code == 200  # the view page (no change permission)
    assert client.get(reverse("admin:organisations_identitychangerequest_add")).status_code == 403
