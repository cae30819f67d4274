"""Services of the offer editor: starting, saving sections (revisions, conflicts, totals,
activity log), partners and attachments."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.competitions.factories import OfferFactory, join_partner, open_call, valid_content
from tests.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from tests.pdfs import make_pdf
from wspolpraca.common.models import ActivityLog, SiteSettings
from wspolpraca.competitions.enums import OfferState
from wspolpraca.competitions.models import OfferAttachment
from wspolpraca.competitions.offers import partners
from wspolpraca.competitions.offers import services as services
from wspolpraca.organisations.enums import VerificationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(organisation, editor):
    return services.create_offer(actor=editor, task=open_call().tasks.first(), organisation=organisation)


def test_authority_name_in_the_genitive():
    site = SiteSettings.load()
    assert services.authority_name(site) == "Prezydent Miasta Płocka"
    site.city_name = "Warszawa"
    assert services.authority_name(site) == "Prezydent Miasta Warszawa"


def test_create_offer_requires_preparing_for_a_verified_organisation(resident, editor, organisation):
    task = open_call().tasks.first()
    with pytest.raises(PermissionDenied):
        services.create_offer(actor=resident, task=task, organisation=organisation)
    member = UserFactory()
    MembershipFactory(user=member, organisation=organisation, role="member")
    with pytest.raises(PermissionDenied):
        services.create_offer(actor=member, task=task, organisation=organisation)
    pending = OrganisationFactory(verification_status=VerificationStatus.PENDING)
    MembershipFactory(user=editor, organisation=pending, role="editor")
    with pytest.raises(PermissionDenied):
        services.create_offer(actor=editor, task=task, organisation=pending)


def test_create_offer_refused_after_the_deadline_by_the_server_clock(editor, organisation):
    call = open_call(offer_deadline=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError):
        services.create_offer(actor=editor, task=call.tasks.first(), organisation=organisation)


def test_register_of_an_organisation_without_krs(editor):
    org = OrganisationFactory(krs_number=None, register_name="Ewidencja starosty", register_number="12/2020")
    assert services.offeror_entry(org)["register"] == "Ewidencja starosty 12/2020"


def test_save_refreshes_totals_title_and_revisions(editor, organisation, offer):
    content = valid_content(organisations=[organisation])
    services.save_offer_section(actor=editor, offer=offer, section="III", data=content["III"], base_revision=0)
    offer = services.save_offer_section(actor=editor, offer=offer, section="V", data=content["V"], base_revision=0)
    assert offer.title == "Płockie Lato z Kulturą"
    assert offer.total_cost == Decimal("6500.00")
    assert (offer.requested_grant, offer.own_financial, offer.own_personal) == (
        Decimal("5500.00"),
        Decimal("500.00"),
        Decimal("500.00"),
    )
    assert offer.revision == 2 and offer.section_revisions == {"III": 1, "V": 1}
    assert offer.last_edited_by == editor
    # Saving the same again changes nothing.
    offer = services.save_offer_section(actor=editor, offer=offer, section="V", data=content["V"], base_revision=1)
    assert offer.revision == 2


def test_stale_save_with_unchanged_stored_section_is_not_a_conflict(editor, representative, offer):
    """A form whose revision is old but whose section is as it was loaded (the digest matches)."""
    from wspolpraca.competitions.models import Offer

    services.save_offer_section(actor=editor, offer=offer, section="IV", data={"experience": "a"}, base_revision=0)
    digest = services.section_digest({"experience": "a"})
    Offer.objects.filter(pk=offer.pk).update(section_revisions={"IV": 7})
    services.save_offer_section(
        actor=representative, offer=offer, section="IV", data={"experience": "b"}, base_revision=1, base_digest=digest
    )
    offer.refresh_from_db()
    assert offer.content["IV"] == {"experience": "b"} and offer.section_revisions["IV"] == 8


def test_a_partner_added_meanwhile_makes_a_stale_section_ii_conflict(editor, representative, offer):
    loaded = offer.content["II"]
    join_partner(actor=editor, offer=offer, organisation=OrganisationFactory())
    with pytest.raises(services.SectionConflict):
        services.save_offer_section(
            actor=representative,
            offer=offer,
            section="II",
            data={**loaded, "contact": {"name": "Anna"}},
            base_revision=0,
            base_digest=services.section_digest(loaded),
        )


def test_conflict_keeps_the_stored_version(editor, representative, offer):
    services.save_offer_section(actor=editor, offer=offer, section="IV", data={"experience": "first"}, base_revision=0)
    with pytest.raises(services.SectionConflict) as raised:
        services.save_offer_section(
            actor=representative,
            offer=offer,
            section="IV",
            data={"experience": "second"},
            base_revision=0,
            base_digest=services.section_digest({}),
        )
    assert raised.value.theirs == {"experience": "first"} and raised.value.edited_by == editor
    offer.refresh_from_db()
    assert offer.content["IV"] == {"experience": "first"}


def test_saved_is_logged_at_most_once_per_interval(editor, representative, offer):
    for n in range(3):
        services.save_offer_section(
            actor=editor, offer=offer, section="IV", data={"experience": str(n)}, base_revision=n
        )
    assert ActivityLog.objects.filter(action="offer.saved", actor=editor).count() == 1
    services.save_offer_section(
        actor=representative, offer=offer, section="IV", data={"experience": "r"}, base_revision=3
    )
    assert ActivityLog.objects.filter(action="offer.saved").count() == 2
    ActivityLog.objects.filter(action="offer.saved").update(created_at=timezone.now() - datetime.timedelta(minutes=11))
    services.save_offer_section(actor=editor, offer=offer, section="IV", data={"experience": "later"}, base_revision=4)
    assert ActivityLog.objects.filter(action="offer.saved", actor=editor).count() == 2


def test_only_preparers_save(resident, representative, offer, officer):
    with pytest.raises(PermissionDenied):
        services.save_offer_section(actor=resident, offer=offer, section="IV", data={}, base_revision=0)
    offer.call.unit.officers.add(officer)
    with pytest.raises(PermissionDenied):
        services.save_offer_section(actor=officer, offer=offer, section="IV", data={}, base_revision=0)
    services.save_offer_section(
        actor=representative, offer=offer, section="IV", data={"experience": "x"}, base_revision=0
    )


def test_drafts_save_after_the_deadline(editor, offer):
    offer.call.offer_deadline = timezone.now() - datetime.timedelta(minutes=1)
    offer.call.save()
    offer = services.save_offer_section(
        actor=editor, offer=offer, section="IV", data={"experience": "x"}, base_revision=0
    )
    assert offer.content["IV"]["experience"] == "x"


def test_partners_refused_when_lead_duplicate_or_unverified(editor, organisation, offer):
    with pytest.raises(ValidationError):
        partners.invite_partner(actor=editor, offer=offer, organisation=organisation)
    pending = OrganisationFactory(verification_status=VerificationStatus.PENDING)
    with pytest.raises(ValidationError):
        partners.invite_partner(actor=editor, offer=offer, organisation=pending)
    partner_org = OrganisationFactory()
    partners.invite_partner(actor=editor, offer=offer, organisation=partner_org)
    with pytest.raises(ValidationError):  # one open invitation per organisation
        partners.invite_partner(actor=editor, offer=offer, organisation=partner_org)
    assert offer.partner_invitations.count() == 1
    partners.accept_partner_invitation(
        actor=MembershipFactory(organisation=partner_org).user, invitation=offer.partner_invitations.get()
    )
    with pytest.raises(ValidationError):
        partners.invite_partner(actor=editor, offer=offer, organisation=partner_org)
    assert offer.partners.count() == 1


def test_removing_a_partner_drops_its_data_and_split(editor, organisation, offer):
    partner_org = OrganisationFactory()
    partner = join_partner(actor=editor, offer=offer, organisation=partner_org)
    offer.refresh_from_db()
    content = valid_content(organisations=[organisation, partner_org])
    services.save_offer_section(actor=editor, offer=offer, section="V", data=content["V"], base_revision=0)
    partners.remove_partner(actor=editor, partner=partner)
    offer.refresh_from_db()
    assert [o["organisation_id"] for o in offer.content["II"]["offerors"]] == [organisation.pk]
    assert [row["organisation_id"] for row in offer.content["V"]["split"]] == [organisation.pk]
    assert ActivityLog.objects.filter(action="offer.partner_removed").exists()


def test_partner_members_cannot_change_partners(editor, offer):
    partner_org = OrganisationFactory()
    partner_rep = UserFactory()
    MembershipFactory(user=partner_rep, organisation=partner_org, role="representative")
    join_partner(actor=editor, offer=offer, organisation=partner_org, representative=partner_rep)
    with pytest.raises(PermissionDenied):
        partners.invite_partner(actor=partner_rep, offer=offer, organisation=OrganisationFactory())


def test_attachment_of_a_submitted_offer_keeps_its_file_when_removed(editor, organisation):
    offer = OfferFactory(organisation=organisation, state=OfferState.SUBMITTED)
    attachment = services.add_attachment(
        actor=editor, offer=offer, uploaded=SimpleUploadedFile("a.pdf", make_pdf()), title="Statut"
    )
    name = attachment.file.name
    storage = attachment.file.storage
    services.remove_attachment(actor=editor, attachment=attachment)
    assert not OfferAttachment.objects.exists()
    assert storage.exists(name)


def test_attachment_of_a_draft_is_deleted_with_its_file(editor, offer, django_capture_on_commit_callbacks):
    attachment = services.add_attachment(
        actor=editor, offer=offer, uploaded=SimpleUploadedFile("a.jpg", b"\xff\xd8\xff\xe0xyz"), title=""
    )
    assert attachment.content_type == "image/jpeg" and attachment.title == "a.jpg"
    name, storage = attachment.file.name, attachment.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(actor=editor, attachment=attachment)
    assert not storage.exists(name)
