import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import UserFactory
from tests.organisations.factories import JoinRequestFactory, MembershipFactory, OrganisationFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.organisations import services
from wspolpraca.organisations.enums import JoinRequestStatus, MembershipRole, VerificationStatus
from wspolpraca.organisations.models import Membership, Organisation, PublicBenefitArea

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Fundacja Łąki Płockie",
    "legal_form": "foundation",
    "krs_number": "0000123456",
    "nip": "521-000-00-03",
    "regon": "140000000",
    "street_address": "ul. Tumska 2",
    "postal_code": "09-400",
    "town": "Płock",
    "email": "biuro@laki.example.org",
    "bank_account": "PL61 1090 1014 0000 0712 1981 2874",
}


def actions(obj=None):
    rows = ActivityLog.objects.all()
    if obj is not None:
        rows = rows.filter(object_id=str(obj.pk))
    return list(rows.order_by("id").values_list("action", flat=True))


def test_register_makes_creator_representative_and_pending(resident):
    areas = PublicBenefitArea.objects.filter(code__in=["1", "16"])
    org = services.register_organisation(actor=resident, areas=areas, **VALID)
    assert org.verification_status == VerificationStatus.PENDING and not org.is_verified
    assert org.slug == "fundacja-laki-plockie"
    assert org.nip == "5210000003"  # stored compact
    assert org.bank_account == "PL61109010140000071219812874"
    assert Membership.objects.get(user=resident, organisation=org).role == MembershipRole.REPRESENTATIVE
    assert sorted(a.code for a in org.areas.all()) == ["1", "16"]
    assert actions(org) == ["organisation.registered"]
    assert org.history.count() == 1


def test_register_refuses_invalid_data(resident):
    with pytest.raises(ValidationError) as exc:
        services.register_organisation(actor=resident, **{**VALID, "nip": "5210000004", "krs_number": None})
    assert set(exc.value.message_dict) == {"nip", "krs_number"}
    assert not Organisation.objects.exists()


def test_register_slug_avoids_reserved_and_taken(resident):
    OrganisationFactory(slug="fundacja-laki-plockie")
    org = services.register_organisation(actor=resident, **VALID)
    assert org.slug == "fundacja-laki-plockie-2"
    assert services.unique_slug("Moje") == "moje-2"


def test_register_needs_an_account():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.register_organisation(actor=AnonymousUser(), **VALID)


def test_update_logs_changed_fields_and_masks_bank_account(representative, organisation):
    # not yet verified: its identity data changes at once (a verified one asks the centre)
    Organisation.objects.filter(pk=organisation.pk).update(verification_status=VerificationStatus.PENDING)
    services.update_organisation(
        actor=representative,
        organisation=organisation,
        name="Nowa nazwa",
        phone=organisation.phone,
        bank_account="PL27114020040000300201355387",
        areas=PublicBenefitArea.objects.filter(code="3"),
    )
    entry = ActivityLog.objects.get(action="organisation.updated")
    changes = entry.data["changes"]
    assert set(changes) == {"name", "bank_account", "areas"}
    assert changes["name"] == {"before": "Stowarzyszenie Płockie Forum Kultury", "after": "Nowa nazwa"}
    assert changes["bank_account"]["after"] == "…5387"
    assert "PL27" not in str(entry.data)
    assert changes["areas"] == {"before": ["16", "17"], "after": ["3"]}
    assert organisation.history.count() == 2


def test_update_without_changes_writes_nothing(representative, organisation):
    services.update_organisation(actor=representative, organisation=organisation, name=organisation.name)
    assert "organisation.updated" not in actions()


@pytest.mark.parametrize("persona", ["editor", "resident", "officer"])
def test_only_representative_may_update(persona, request, organisation, representative):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.update_organisation(actor=user, organisation=organisation, name="X")


def test_join_request_emails_representatives(resident, representative, organisation):
    join_request = services.request_to_join(actor=resident, organisation=organisation, message="Pomogę!")
    assert join_request.status == JoinRequestStatus.PENDING and join_request.role == MembershipRole.EDITOR
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ngo@example.org"]
    assert "Pomogę!" in mail.outbox[0].body
    assert f"/organizacje/{organisation.slug}/prosby/{join_request.pk}/" in mail.outbox[0].body
    assert "organisation.join_requested" in actions(organisation)


def test_join_request_refused_twice_and_for_members(resident, representative, organisation):
    services.request_to_join(actor=resident, organisation=organisation)
    with pytest.raises(ValidationError, match="Prośba o dołączenie do tej organizacji została już wysłana"):
        services.request_to_join(actor=resident, organisation=organisation)
    with pytest.raises(ValidationError, match="Już należysz"):
        services.request_to_join(actor=representative, organisation=organisation)


def test_approve_join_request_creates_membership_and_tells_requester(resident, representative, organisation):
    join_request = JoinRequestFactory(user=resident, organisation=organisation, role=MembershipRole.REPRESENTATIVE)
    services.decide_join_request(actor=representative, join_request=join_request, approve=True)
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.APPROVED and join_request.decided_by == representative
    assert Membership.objects.get(user=resident, organisation=organisation).role == MembershipRole.REPRESENTATIVE
    assert mail.outbox[-1].to == ["mieszkaniec@example.org"]
    assert "została zatwierdzona" in mail.outbox[-1].body
    with pytest.raises(ValidationError, match="już podjęto decyzję"):
        services.decide_join_request(actor=representative, join_request=join_request, approve=False, reason="x")


def test_refuse_join_request_needs_reason_and_is_emailed(resident, representative, organisation):
    join_request = JoinRequestFactory(user=resident, organisation=organisation)
    with pytest.raises(ValidationError) as exc:
        services.decide_join_request(actor=representative, join_request=join_request, approve=False, reason=" ")
    assert "reason" in exc.value.message_dict
    services.decide_join_request(
        actor=representative, join_request=join_request, approve=False, reason="Nie znamy tej osoby."
    )
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.REFUSED
    assert not Membership.objects.filter(user=resident, organisation=organisation).exists()
    assert mail.outbox[-1].to == ["mieszkaniec@example.org"]
    assert "Nie znamy tej osoby." in mail.outbox[-1].body
    assert "organisation.join_refused" in actions(organisation)


def test_editor_may_not_decide_join_requests(resident, editor, organisation):
    join_request = JoinRequestFactory(user=resident, organisation=organisation)
    with pytest.raises(PermissionDenied):
        services.decide_join_request(actor=editor, join_request=join_request, approve=True)


def test_change_role_and_last_representative(representative, editor, organisation):
    rep = Membership.objects.get(user=representative)
    with pytest.raises(ValidationError, match="co najmniej jednego przedstawiciela"):
        services.change_member_role(actor=representative, membership=rep, role=MembershipRole.EDITOR)
    services.change_member_role(
        actor=representative, membership=Membership.objects.get(user=editor), role=MembershipRole.REPRESENTATIVE
    )
    services.change_member_role(actor=representative, membership=rep, role=MembershipRole.EDITOR)
    assert Membership.objects.get(user=representative).role == MembershipRole.EDITOR
    assert actions(organisation).count("organisation.member_role_changed") == 2


def test_editor_may_not_change_roles(representative, editor):
    with pytest.raises(PermissionDenied):
        services.change_member_role(
            actor=editor, membership=Membership.objects.get(user=editor), role=MembershipRole.REPRESENTATIVE
        )


def test_last_representative_cannot_be_removed(representative, editor, organisation):
    rep = Membership.objects.get(user=representative)
    with pytest.raises(ValidationError, match="Nie można usunąć ostatniego przedstawiciela"):
        services.remove_member(actor=representative, membership=rep)
    services.remove_member(actor=representative, membership=Membership.objects.get(user=editor))
    assert not Membership.objects.filter(user=editor).exists()
    assert "organisation.member_removed" in actions(organisation)


def test_member_may_leave_but_not_remove_others(representative, editor, resident, organisation):
    other = MembershipFactory(organisation=organisation, role=MembershipRole.EDITOR)
    with pytest.raises(PermissionDenied):
        services.remove_member(actor=editor, membership=other)
    with pytest.raises(PermissionDenied):
        services.remove_member(actor=resident, membership=other)
    services.remove_member(actor=editor, membership=Membership.objects.get(user=editor))
    assert not Membership.objects.filter(user=editor).exists()


def test_verify_and_corrections_cycle(officer, representative, organisation):
    org = OrganisationFactory(verification_status=VerificationStatus.PENDING)
    MembershipFactory(user=representative, organisation=org)
    with pytest.raises(ValidationError):
        services.request_corrections(actor=officer, organisation=org, reason="")
    services.request_corrections(actor=officer, organisation=org, reason="Popraw adres.")
    org.refresh_from_db()
    assert org.verification_status == VerificationStatus.CORRECTIONS_REQUESTED
    assert org.corrections_reason == "Popraw adres."
    assert mail.outbox[-1].to == ["ngo@example.org"] and "Popraw adres." in mail.outbox[-1].body
    with pytest.raises(ValidationError):
        services.request_corrections(actor=officer, organisation=org, reason="Jeszcze raz")
    with pytest.raises(ValidationError):  # pending only after resubmission
        services.resubmit_for_verification(actor=representative, organisation=organisation)

    services.resubmit_for_verification(actor=representative, organisation=org)
    org.refresh_from_db()
    assert org.verification_status == VerificationStatus.PENDING

    services.verify_organisation(actor=officer, organisation=org)
    org.refresh_from_db()
    assert org.is_verified and org.verified_by == officer and org.verified_at and not org.corrections_reason
    with pytest.raises(ValidationError, match="jest już zweryfikowana"):
        services.verify_organisation(actor=officer, organisation=org)
    assert actions(org) == [
        "organisation.corrections_requested",
        "organisation.resubmitted",
        "organisation.verified",
    ]


@pytest.mark.parametrize("persona", ["representative", "executive", "resident"])
def test_only_officers_and_administrators_verify(persona, request):
    user = request.getfixturevalue(persona)
    org = OrganisationFactory(verification_status=VerificationStatus.PENDING)
    with pytest.raises(PermissionDenied):
        services.verify_organisation(actor=user, organisation=org)
    with pytest.raises(PermissionDenied):
        services.request_corrections(actor=user, organisation=org, reason="x")


def test_administrator_may_verify(administrator):
    org = OrganisationFactory(verification_status=VerificationStatus.PENDING)
    services.verify_organisation(actor=administrator, organisation=org)
    assert Organisation.objects.get(pk=org.pk).is_verified


def test_editor_may_not_resubmit(editor, organisation):
    organisation.verification_status = VerificationStatus.CORRECTIONS_REQUESTED
    organisation.save()
    with pytest.raises(PermissionDenied):
        services.resubmit_for_verification(actor=editor, organisation=organisation)


def test_rules_for_later_modules(representative, editor, resident, organisation):
    assert representative.has_perm("organisations.sign_for_organisation", organisation)
    assert not editor.has_perm("organisations.sign_for_organisation", organisation)
    assert editor.has_perm("organisations.prepare_for_organisation", organisation)
    assert not resident.has_perm("organisations.prepare_for_organisation", organisation)
    organisation.verification_status = VerificationStatus.PENDING
    assert not representative.has_perm("organisations.sign_for_organisation", organisation)


def test_selector_organisations_user_may_act_for(representative, editor, organisation):
    from wspolpraca.organisations.selectors import organisations_user_may_act_for

    pending = OrganisationFactory(verification_status=VerificationStatus.PENDING)
    MembershipFactory(user=representative, organisation=pending)
    assert list(organisations_user_may_act_for(representative)) == [organisation]
    assert list(organisations_user_may_act_for(editor)) == [organisation]
    assert list(organisations_user_may_act_for(editor, role=MembershipRole.REPRESENTATIVE)) == []
    assert not organisations_user_may_act_for(UserFactory()).exists()


def test_verification_moves_through_its_table_and_logs_from_and_to(officer, representative):
    """transition_organisation: the refused moves carry their own message and code; each log row
    holds from/to (the generic move) and before/after (what the registry's history reads)."""
    org = OrganisationFactory(verification_status=VerificationStatus.PENDING)
    MembershipFactory(user=representative, organisation=org)
    with pytest.raises(ValidationError) as refused:
        services.resubmit_for_verification(actor=representative, organisation=org)
    assert refused.value.code == "not_returned"
    services.verify_organisation(actor=officer, organisation=org)
    with pytest.raises(ValidationError) as refused:
        services.verify_organisation(actor=officer, organisation=org)
    assert refused.value.code == "already_verified"
    # A verified organisation whose data turned out wrong may be asked for corrections.
    services.request_corrections(actor=officer, organisation=org, reason="Nieaktualny adres.")
    with pytest.raises(ValidationError) as refused:
        services.request_corrections(actor=officer, organisation=org, reason="Znowu.")
    assert refused.value.code == "already_requested"
    org.refresh_from_db()
    assert org.verification_status == VerificationStatus.CORRECTIONS_REQUESTED
    assert org.verified_at is None and org.verified_by is None
    log = ActivityLog.objects.filter(action="organisation.corrections_requested").get()
    assert log.data["from"] == log.data["before"] == VerificationStatus.VERIFIED
    assert log.data["to"] == log.data["after"] == VerificationStatus.CORRECTIONS_REQUESTED
    assert log.data["reason"] == "Nieaktualny adres."
