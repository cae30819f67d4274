"""What competitions put on the person's home page (/moje/): per role, one link per item, and a
query count that does not grow with the rows."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.competitions.factories import CityUnitFactory, OfferFactory, open_call
from tests.competitions.factories_reports import agreement_factory
from tests.competitions.factories_scoring import closed_call, member, scored_offer
from tests.competitions.test_small_grants_factories import sg_call, submitted_offer
from wspolpraca.competitions.enums import AgreementState, FormalStatus, PartnerInvitationState
from wspolpraca.competitions.models import CallAlert, FormalCheck, OfferUpdate, PartnerInvitation
from wspolpraca.competitions.small_grants import services as small_grants
from wspolpraca.organisations.models import PublicBenefitArea

pytestmark = pytest.mark.django_db

MY_HOME = reverse("common:my_home")


def page(client, user):
    client.force_login(user)
    response = client.get(MY_HOME)
    assert response.status_code == 200
    return response


def sections(response):
    return {section.key: section for section in response.context["sections"]}


def one_of_each_for_members(organisation):
    """A draft, a correction, an update, an agreement to sign, a report due, an invitation."""
    draft = OfferFactory(organisation=organisation)
    corrected = scored_offer(closed_call(), organisation=organisation, status=None)
    FormalCheck.objects.create(
        offer=corrected,
        status=FormalStatus.CORRECTION,
        checked_at=timezone.now(),
        correction_deadline=timezone.now() + datetime.timedelta(days=5),
    )
    updated = scored_offer(closed_call(), organisation=organisation)
    OfferUpdate.objects.create(offer=updated, awarded_amount=Decimal("1000.00"))
    sent = agreement_factory(organisation=organisation, state=AgreementState.SENT, final_report=False)
    in_force = agreement_factory(organisation=organisation)
    other = OfferFactory()
    invitation = PartnerInvitation.objects.create(
        offer=other, organisation=organisation, state=PartnerInvitationState.INVITED
    )
    return {
        "drafts": reverse("offers:detail", args=[draft.pk]),
        "offer_corrections": reverse("offers:detail", args=[corrected.pk]),
        "offer_updates": reverse("award:update", args=[updated.pk]),
        "agreements_to_sign": reverse("award:agreement", args=[sent.offer_id]),
        "reports_due": reverse("reports:detail", args=[in_force.reports.get().pk]),
        "invitations": reverse("offers:invitation", args=[invitation.pk]),
    }


def test_representative_sees_each_step_with_one_link(client, representative, organisation):
    expected = one_of_each_for_members(organisation)
    found = sections(page(client, representative))
    for key, url in expected.items():
        assert [item.url for item in found[key].items] == [url], key


def test_drafts_and_corrections_carry_their_statutory_deadlines_first(client, representative, organisation):
    one_of_each_for_members(organisation)
    ordered = [section.key for section in page(client, representative).context["sections"]]
    # The correction (5 days) and the draft (the call's deadline, 20 days) come before the rest.
    assert ordered[:2] == ["offer_corrections", "drafts"]


def test_editor_sees_the_drafts_but_not_the_invitations(client, editor, organisation):
    one_of_each_for_members(organisation)
    found = sections(page(client, editor))
    assert "drafts" in found
    assert "invitations" not in found  # only a representative answers an invitation


def test_an_unverified_organisation_gives_nothing(client, representative, organisation):
    OfferFactory(organisation=organisation)
    organisation.verification_status = "pending"
    organisation.save()
    assert "drafts" not in sections(page(client, representative))


def member_queries(client, user):
    client.force_login(user)
    client.get(MY_HOME)
    with CaptureQueriesContext(connection) as context:
        assert client.get(MY_HOME).status_code == 200
    return len(context.captured_queries)


def test_member_query_count_does_not_grow_with_the_rows(client, representative, organisation):
    one_of_each_for_members(organisation)
    once = member_queries(client, representative)
    one_of_each_for_members(organisation)
    one_of_each_for_members(organisation)
    assert member_queries(client, representative) == once


def test_the_executive_sees_a_small_grant_awaiting_decision(client, executive, officer):
    unit = CityUnitFactory()
    unit.officers.add(officer)
    offer = submitted_offer(sg_call(unit=unit))
    review = small_grants.register_small_grant_offer(offer=offer, actor=None)
    today = timezone.localdate()
    review, _ = small_grants.publish_small_grant_offer(
        actor=officer, review=review, bip_published_on=today, notice_board_published_on=today
    )
    review.comments_until = today - datetime.timedelta(days=1)
    review.save()
    for user in (executive, officer):
        found = sections(page(client, user))
        assert [item.url for item in found["small_grant_decisions"].items] == [
            reverse("small_grants_panel:decide", args=[review.pk])
        ]


def test_the_executive_sees_decisions_to_take_from_the_work_list(client, executive):
    call = closed_call()
    call.state = "evaluated"
    call.save()
    found = sections(page(client, executive))
    assert "worklist_decisions" in found


def test_commission_member_declaration_then_sheets(client, commission_member):
    call = closed_call()
    offer = scored_offer(call)
    seat = member(call, user=commission_member, declare=False)
    found = sections(page(client, commission_member))
    assert [item.url for item in found["declarations"].items] == [reverse("commission_panel:call", args=[call.pk])]
    assert "score_sheets" not in found
    assert found["commissions"].total == 1
    seat.delete()
    member(call, user=commission_member)
    found = sections(page(client, commission_member))
    assert "declarations" not in found
    assert [item.url for item in found["score_sheets"].items] == [
        reverse("commission_panel:sheet", args=[call.pk, offer.pk])
    ]


def test_commission_member_query_count_does_not_grow(client, commission_member):
    def calls(n):
        for _ in range(n):
            call = closed_call()
            scored_offer(call)
            member(call, user=commission_member)
            member(open_call(), user=commission_member, declare=False)

    calls(1)
    once = member_queries(client, commission_member)
    calls(2)
    assert member_queries(client, commission_member) == once


def received_small_grant(officer):
    unit = CityUnitFactory()
    unit.officers.add(officer)
    offer = submitted_offer(sg_call(unit=unit))
    return small_grants.register_small_grant_offer(offer=offer, actor=None)


def test_a_small_grant_to_publish_comes_first_with_its_statutory_deadline(client, officer):
    """Art. 19a ust. 3: publication within 7 working days of receipt comes before work without a
    statutory deadline, whatever the providers' order."""
    review = received_small_grant(officer)
    closed_call()  # work without a statutory deadline on the same list
    found = page(client, officer).context["sections"]
    first = found[0]
    assert first.key == "small_grants_to_publish"
    (item,) = first.items
    assert item.url == reverse("small_grants_panel:publish", args=[review.pk])
    assert item.statutory and item.deadline == review.publish_by


def test_the_executive_has_no_small_grants_to_publish(client, executive, officer):
    received_small_grant(officer)
    assert "small_grants_to_publish" not in sections(page(client, executive))


def test_a_resident_sees_their_comments_the_grants_open_for_comments_and_their_alerts(client, resident, officer):
    review = received_small_grant(officer)
    today = timezone.localdate()
    review, _ = small_grants.publish_small_grant_offer(
        actor=officer, review=review, bip_published_on=today, notice_board_published_on=today
    )
    found = sections(page(client, resident))
    offer_url = reverse("small_grants:offer", args=[review.pk])
    assert [item.url for item in found["small_grants_open"].items] == [offer_url]
    assert found["small_grants_open"].items[0].deadline == review.comments_until
    assert "small_grant_comments" not in found and "call_alerts" not in found
    small_grants.add_comment(review=review, author_name="R", author_email=resident.email.upper(), text="Uwaga")
    small_grants.add_comment(review=review, author_name="X", author_email="someone@example.org", text="Inna")
    CallAlert.objects.create(user=resident).areas.set(PublicBenefitArea.objects.all()[:2])
    found = sections(page(client, resident))
    (comment,) = found["small_grant_comments"].items
    assert comment.url == offer_url and comment.deadline == review.comments_until
    (alert,) = found["call_alerts"].items
    assert alert.url == reverse("competitions:alerts")


def test_officers_get_no_resident_sections(client, officer):
    CallAlert.objects.create(user=officer)
    assert "call_alerts" not in sections(page(client, officer))


def test_a_resident_gets_the_empty_state(client, resident):
    response = page(client, resident)
    assert response.context["sections"] == []
    assert reverse("competitions:call_list") in response.content.decode()
