"""Joint offers (art. 14 ust. 2): a partner joins only by accepting the lead's invitation."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from tests.competitions.factories import OfferFactory, add_partner, open_call, valid_content
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.enums import PartnerInvitationState
from wspolpraca.competitions.models import OfferPartner, PartnerInvitation
from wspolpraca.competitions.offers import partners
from wspolpraca.competitions.offers.checks import problems_for
from wspolpraca.competitions.offers.rules import is_offer_member
from wspolpraca.competitions.offers.submission import submit_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(organisation):
    offer = OfferFactory(call=open_call(), organisation=organisation)
    offer.content = valid_content(organisations=[organisation])
    offer.save()
    return offer


@pytest.fixture
def partner_org():
    return OrganisationFactory(name="Fundacja Zaproszona")


@pytest.fixture
def partner_rep(partner_org):
    return MembershipFactory(organisation=partner_org, role="representative").user


@pytest.fixture
def invitation(editor, offer, partner_org, partner_rep):
    return partners.invite_partner(actor=editor, offer=offer, organisation=partner_org)


def test_posting_another_organisations_id_does_not_reveal_the_offer_to_it(client, editor, offer, partner_rep):
    partner_org = partner_rep.memberships.get().organisation
    client.force_login(editor)
    client.post(reverse("offers:partners", args=[offer.pk]), {"organisation": partner_org.pk})
    assert offer.partner_invitations.get().state == PartnerInvitationState.INVITED
    assert not offer.partners.exists() and not is_offer_member(partner_rep, offer)
    client.force_login(partner_rep)
    for name in ("offers:detail", "offers:partners", "offers:attachments"):
        assert client.get(reverse(name, args=[offer.pk])).status_code == 404
    assert client.get(reverse("offers:edit", args=[offer.pk, "III"])).status_code == 404
    mine = client.get(reverse("offers:mine"))
    assert offer not in [row["offer"] for row in mine.context["rows"]]
    # What the partner's representative does see: the invitation, to answer it.
    assert [i.pk for i in mine.context["invitations"]] == [offer.partner_invitations.get().pk]


def test_the_invited_representatives_are_e_mailed_a_link(
    editor, offer, partner_org, partner_rep, django_capture_on_commit_callbacks
):
    MembershipFactory(organisation=partner_org, role="editor")  # editors are not asked
    with django_capture_on_commit_callbacks(execute=True):
        invitation = partners.invite_partner(actor=editor, offer=offer, organisation=partner_org)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [partner_rep.email]
    assert reverse("offers:invitation", args=[invitation.pk]) in mail.outbox[0].body


def test_submission_is_refused_until_the_partner_accepts(representative, organisation, offer, invitation, partner_rep):
    problems = problems_for(offer)
    assert [(p.section, p.field) for p in problems] == [("partners", f"invitation-{invitation.pk}")]
    with pytest.raises(ValidationError) as refused:
        submit_offer(actor=representative, offer=offer)
    assert refused.value.code == "problems"
    partners.accept_partner_invitation(actor=partner_rep, invitation=invitation)
    offer.refresh_from_db()
    offer.content = valid_content(organisations=[organisation, invitation.organisation])
    offer.save()
    assert submit_offer(actor=representative, offer=offer).number == 1


def test_the_submit_page_lists_the_unaccepted_partner(client, representative, offer, invitation):
    client.force_login(representative)
    page = client.get(reverse("offer_submission:submit", args=[offer.pk]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Fundacja Zaproszona has not accepted the invitation" in html
    assert reverse("offers:partners", args=[offer.pk]) + f"#invitation-{invitation.pk}" in html


def test_only_a_representative_of_the_invited_organisation_answers(
    client, editor, representative, administrator, offer, invitation, partner_org
):
    partner_editor = MembershipFactory(organisation=partner_org, role="editor").user
    outsider = MembershipFactory(organisation=OrganisationFactory(), role="representative").user
    url = reverse("offers:invitation", args=[invitation.pk])
    for user in (partner_editor, outsider, editor, representative, administrator):
        with pytest.raises(PermissionDenied):
            partners.accept_partner_invitation(actor=user, invitation=invitation)
        with pytest.raises(PermissionDenied):
            partners.decline_partner_invitation(actor=user, invitation=invitation)
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"decision": "accept"}).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == PartnerInvitationState.INVITED and not OfferPartner.objects.exists()


def test_accepting_makes_it_a_partner_that_sees_the_offer(client, offer, invitation, partner_rep, partner_org):
    client.force_login(partner_rep)
    url = reverse("offers:invitation", args=[invitation.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "accept"})
    assert response.status_code == 302 and response.url == reverse("offers:detail", args=[offer.pk])
    assert client.get(reverse("offers:detail", args=[offer.pk])).status_code == 200
    invitation.refresh_from_db()
    assert invitation.state == PartnerInvitationState.ACCEPTED and invitation.decided_by == partner_rep
    offer.refresh_from_db()
    assert [o["organisation_id"] for o in offer.content["II"]["offerors"]] == [offer.organisation_id, partner_org.pk]
    logged = ActivityLog.objects.filter(object_id=str(offer.pk)).values_list("action", flat=True)
    assert {"offer.partner_invited", "offer.partner_invitation_accepted"} <= set(logged)
    # Answered once: a second answer is refused.
    with pytest.raises(ValidationError):
        partners.decline_partner_invitation(actor=partner_rep, invitation=invitation)


def test_declining_leaves_nothing_and_the_lead_sees_it(client, editor, offer, invitation, partner_rep):
    client.force_login(partner_rep)
    client.post(reverse("offers:invitation", args=[invitation.pk]), {"decision": "decline"})
    invitation.refresh_from_db()
    assert invitation.state == PartnerInvitationState.DECLINED
    assert not offer.partners.exists() and client.get(reverse("offers:detail", args=[offer.pk])).status_code == 404
    assert problems_for(offer) == []
    with pytest.raises(ValidationError):
        partners.accept_partner_invitation(actor=partner_rep, invitation=invitation)
    client.force_login(editor)
    page = client.get(reverse("offers:partners", args=[offer.pk]))
    assert list(page.context["invitations"]) == [invitation]
    assert ActivityLog.objects.filter(action="offer.partner_invitation_declined").exists()
    # A declined organisation may be invited again.
    again = partners.invite_partner(actor=editor, offer=offer, organisation=invitation.organisation)
    assert again.state == PartnerInvitationState.INVITED


def test_the_lead_withdraws_an_invitation(client, editor, offer, invitation, partner_rep):
    with pytest.raises(PermissionDenied):
        partners.withdraw_partner_invitation(actor=partner_rep, invitation=invitation)
    client.force_login(editor)
    url = reverse("offers:invitation_withdraw", args=[offer.pk, invitation.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"confirm": "on"})
    invitation.refresh_from_db()
    assert invitation.state == PartnerInvitationState.WITHDRAWN
    assert client.get(url).status_code == 404  # only open invitations are withdrawn
    with pytest.raises(ValidationError):
        partners.accept_partner_invitation(actor=partner_rep, invitation=invitation)
    assert not offer.partners.exists() and problems_for(offer) == []
    assert ActivityLog.objects.filter(action="offer.partner_invitation_withdrawn").exists()


def test_removing_an_accepted_partner_closes_its_invitation(editor, offer, invitation, partner_rep):
    partner = partners.accept_partner_invitation(actor=partner_rep, invitation=invitation)
    partners.remove_partner(actor=editor, partner=partner)
    invitation.refresh_from_db()
    assert invitation.state == PartnerInvitationState.REMOVED and not is_offer_member(partner_rep, offer)


def test_an_invitation_is_not_accepted_once_the_offer_cannot_change(offer, invitation, partner_rep):
    offer.call.offer_deadline = timezone.now() - datetime.timedelta(minutes=1)
    offer.call.save()
    offer.state = "submitted"
    offer.save()
    with pytest.raises(ValidationError):
        partners.accept_partner_invitation(actor=partner_rep, invitation=invitation)
    assert not offer.partners.exists()


def test_existing_partners_count_as_accepted(offer):
    """The data migration: every partner from before invitations gets an accepted invitation."""
    organisation = OrganisationFactory()
    OfferPartner.objects.create(offer=offer, organisation=organisation)
    migration = importlib.import_module("wspolpraca.competitions.migrations.0009_partner_invitations")
    migration.existing_partners_accepted(apps, None)
    invitation = PartnerInvitation.objects.get(offer=offer, organisation=organisation)
    assert invitation.state == PartnerInvitationState.ACCEPTED
    assert not [p for p in problems_for(offer) if p.section == "partners"]


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (site settings, content types)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_my_offers_lists_invitations_with_constant_queries(client, representative, organisation):
    def invite_org():
        lead = OrganisationFactory()
        inviter = MembershipFactory(organisation=lead, role="editor").user
        offer = OfferFactory(call=open_call(), organisation=lead)
        return partners.invite_partner(actor=inviter, offer=offer, organisation=organisation)

    invite_org()
    client.force_login(representative)
    url = reverse("offers:mine")
    one = _count_queries(client, url)
    for _n in range(3):
        invite_org()
    assert _count_queries(client, url) == one
    assert len(client.get(url).context["invitations"]) == 4


def test_partners_page_lists_invitations_with_constant_queries(client, editor, offer, invitation):
    client.force_login(editor)
    url = reverse("offers:partners", args=[offer.pk])
    one = _count_queries(client, url)
    for _n in range(3):
        partners.invite_partner(actor=editor, offer=offer, organisation=OrganisationFactory())
    add_partner(offer)
    assert _count_queries(client, url) == one
    assert len(client.get(url).context["invitations"]) == 4


def test_the_admin_shows_invitations_read_only(client, administrator, offer, invitation):
    client.force_login(administrator)
    page = client.get(reverse("admin:competitions_offer_change", args=[offer.pk]))
    assert page.status_code == 200 and "Fundacja Zaproszona" in page.content.decode()


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_the_lead_is_e_mailed_the_answer(
    answer, representative, editor, offer, invitation, partner_rep, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        getattr(partners, f"{answer}_partner_invitation")(actor=partner_rep, invitation=invitation)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([representative.email, editor.email])  # the lead's and who invited
    assert invitation.organisation.name in message.subject
    # In the site's language, whatever the language the partner's representative reads the site in.
    assert ("przyjęła" if answer == "accept" else "odrzuciła") in message.subject
    assert settings.SITE_URL + reverse("offers:partners", args=[offer.pk]) in message.body


def test_the_answer_is_not_e_mailed_to_an_inviter_who_left(
    representative, editor, offer, invitation, partner_rep, django_capture_on_commit_callbacks
):
    editor.is_active = False
    editor.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        partners.decline_partner_invitation(actor=partner_rep, invitation=invitation)
    assert [m.to for m in mail.outbox] == [[representative.email]]
