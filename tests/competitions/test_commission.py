"""The competition commission (law.md §2.5, §8 rules 11–14): nominations, appointment,
declarations of impartiality and what members see."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.competitions.factories import OfferFactory, add_partner, open_call
from tests.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from wspolpraca.accounts.roles import requires_mfa
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.enums import CommissionRole, FormalStatus, WithoutNgoReason
from wspolpraca.competitions.evaluation import commission
from wspolpraca.competitions.models import CommissionMember, FormalCheck, ImpartialityDeclaration, NgoNomination
from wspolpraca.competitions.offers.submission import submit_offer

pytestmark = pytest.mark.django_db


def submitted(call, organisation=None):
    organisation = organisation or OrganisationFactory()
    rep = UserFactory()
    MembershipFactory(user=rep, organisation=organisation, role="representative")
    offer = OfferFactory(call=call, task=call.tasks.first(), organisation=organisation)
    submit_offer(actor=rep, offer=offer)
    offer.refresh_from_db()
    return offer


def nominee(organisation=None, **kwargs):
    organisation = organisation or OrganisationFactory()
    rep = UserFactory()
    MembershipFactory(user=rep, organisation=organisation, role="representative")
    return commission.nominate_candidate(
        actor=rep,
        organisation=organisation,
        name="Jan Kowalski",
        email="jan@example.org",
        qualifications="Lata pracy w kulturze",
        consent=True,
        user=kwargs.get("user", UserFactory()),
    )


# --- nominations ------------------------------------------------------------------------------


def test_representative_nominates_for_two_years(representative, organisation):
    nomination = commission.nominate_candidate(
        actor=representative,
        organisation=organisation,
        name="Ewa Nowak",
        email="ewa@example.org",
        qualifications="Animatorka kultury",
        consent=True,
    )
    assert nomination.consent_at is not None
    assert nomination.valid_until == timezone.localdate() + datetime.timedelta(days=730)
    assert nomination.is_active and nomination.nominated_by_body is None
    assert ActivityLog.objects.filter(action="commission.nominated").exists()


def test_nomination_needs_consent_and_a_representative(representative, editor, organisation):
    with pytest.raises(ValidationError):
        commission.nominate_candidate(
            actor=representative,
            organisation=organisation,
            name="X",
            email="x@example.org",
            qualifications="q",
            consent=False,
        )
    with pytest.raises(PermissionDenied):
        commission.nominate_candidate(
            actor=editor, organisation=organisation, name="X", email="x@example.org", qualifications="q", consent=True
        )


def test_nomination_page_links_an_account(client, representative, organisation):
    account = UserFactory(email="kandydat@example.org")
    client.force_login(representative)
    response = client.post(
        reverse("commission_nominations:list"),
        {
            "organisation": organisation.pk,
            "name": "Kandydat",
            "email": "kandydat@example.org",
            "has_account": "on",
            "qualifications": "Doświadczenie",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert NgoNomination.objects.get().user == account
    response = client.post(
        reverse("commission_nominations:list"),
        {"organisation": organisation.pk, "name": "Bez zgody", "email": "b@example.org", "qualifications": "q"},
    )
    assert response.status_code == 200 and "consent is required" in response.content.decode()
    assert "Kandydat" in client.get(reverse("commission_nominations:list")).content.decode()


def test_pool_shows_only_active_nominations(client, officer):
    active, expired = nominee(), nominee()
    active.name, expired.name = "Aktywny Kandydat", "Wygasły Kandydat"
    active.save()
    expired.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    expired.save()
    client.force_login(officer)
    page = client.get(reverse("commission_panel:pool")).content.decode()
    assert "Aktywny Kandydat" in page and "Wygasły Kandydat" not in page


# --- appointment ------------------------------------------------------------------------------


def test_executive_appoints_officers_nominees_experts_and_one_chair(
    executive, officer, mailoutbox, django_capture_on_commit_callbacks
):
    call = open_call()
    with django_capture_on_commit_callbacks(execute=True):
        commission.appoint_commission_member(actor=executive, call=call, role=CommissionRole.CHAIR, user=officer)
    assert mailoutbox and mailoutbox[0].to == [officer.email]
    member = commission.appoint_commission_member(
        actor=executive, call=call, role=CommissionRole.NGO, nomination=nominee()
    )
    assert member.role == CommissionRole.NGO
    commission.appoint_commission_member(actor=executive, call=call, role=CommissionRole.EXPERT, user=UserFactory())
    with pytest.raises(ValidationError, match="already has a chair"):
        commission.appoint_commission_member(
            actor=executive, call=call, role=CommissionRole.CHAIR, user=UserFactory(is_officer=True)
        )
    with pytest.raises(ValidationError, match="Only officers"):
        commission.appoint_commission_member(
            actor=executive, call=call, role=CommissionRole.OFFICER, user=UserFactory()
        )
    assert commission.commission_problems(call) == []
    assert ActivityLog.objects.filter(action="commission.member_appointed").count() == 3


def test_only_the_executive_appoints(officer):
    call = open_call()
    with pytest.raises(PermissionDenied):
        commission.appoint_commission_member(actor=officer, call=call, role=CommissionRole.OFFICER, user=officer)


@pytest.mark.parametrize("as_partner", [False, True])
def test_nominee_of_an_offeror_is_refused(executive, as_partner):
    call = open_call()
    organisation = OrganisationFactory()
    offer = submitted(call)
    if as_partner:
        add_partner(offer, organisation)
    else:
        offer = submitted(call, organisation)
    with pytest.raises(ValidationError, match="submitted an offer in this call"):
        commission.appoint_commission_member(
            actor=executive, call=call, role=CommissionRole.NGO, nomination=nominee(organisation)
        )


def test_nominee_needs_an_account_and_an_active_nomination(executive):
    call = open_call()
    without_account = nominee(user=None)
    with pytest.raises(ValidationError, match="no user account"):
        commission.appoint_commission_member(
            actor=executive, call=call, role=CommissionRole.NGO, nomination=without_account
        )
    expired = nominee()
    expired.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    expired.save()
    with pytest.raises(ValidationError, match="expired"):
        commission.appoint_commission_member(actor=executive, call=call, role=CommissionRole.NGO, nomination=expired)


def test_commission_without_ngo_members_needs_a_statutory_reason(executive, officer):
    call = open_call()
    commission.appoint_commission_member(actor=executive, call=call, role=CommissionRole.CHAIR, user=officer)
    assert any("no NGO members" in p for p in commission.commission_problems(call))
    with pytest.raises(ValidationError):
        commission.set_commission_without_ngo_reason(actor=executive, call=call, reason="whim")
    commission.set_commission_without_ngo_reason(actor=executive, call=call, reason=WithoutNgoReason.NO_NOMINATIONS)
    assert commission.commission_problems(call) == []
    commission.appoint_commission_member(actor=executive, call=call, role=CommissionRole.NGO, nomination=nominee())
    with pytest.raises(ValidationError):
        commission.set_commission_without_ngo_reason(actor=executive, call=call, reason=WithoutNgoReason.ALL_EXCLUDED)


def test_appointment_page_refuses_with_the_reason_and_removes_after_confirmation(client, executive):
    call = open_call()
    organisation = OrganisationFactory()
    submitted(call, organisation)
    nomination = nominee(organisation)
    client.force_login(executive)
    url = reverse("commission_panel:appoint", args=[call.pk])
    response = client.post(url, {"action": "nominee", "nominee-nomination": nomination.pk, "nominee-role": "ngo"})
    assert response.status_code == 200 and "submitted an offer in this call" in response.content.decode()
    expert = UserFactory()
    assert client.post(url, {"action": "expert", "expert-expert": expert.pk}).status_code == 302
    member = CommissionMember.objects.get(call=call)
    assert member.role == CommissionRole.EXPERT
    response = client.post(url, {"action": "remove", "member": member.pk})
    assert response.status_code == 200 and CommissionMember.objects.filter(pk=member.pk).exists()
    assert client.post(url, {"action": "remove", "member": member.pk, "confirm": "yes"}).status_code == 302
    assert not CommissionMember.objects.filter(pk=member.pk).exists()
    assert ActivityLog.objects.filter(action="commission.member_removed").exists()


# --- declarations and what members see ------------------------------------------------------------


@pytest.fixture
def seated(executive, commission_member):
    call = open_call()
    offers = [submitted(call) for _ in range(3)]
    commission.appoint_commission_member(actor=executive, call=call, role=CommissionRole.EXPERT, user=commission_member)
    return call, offers


def test_commission_members_must_use_two_step_verification(seated, commission_member):
    assert requires_mfa(commission_member)
    assert not requires_mfa(UserFactory())


def test_no_offers_before_the_declaration(client, seated, commission_member):
    call, offers = seated
    client.force_login(commission_member)
    page = client.get(reverse("commission_panel:call", args=[call.pk])).content.decode()
    # Offers are named only in the conflict choice: no link to any of them.
    assert "Declaration of impartiality" in page
    assert reverse("commission_panel:offer", args=[call.pk, offers[0].pk]) not in page
    response = client.get(reverse("commission_panel:offer", args=[call.pk, offers[0].pk]))
    assert response.status_code == 302


def test_declaration_with_a_conflict_hides_that_offer(client, seated, commission_member):
    call, offers = seated
    client.force_login(commission_member)
    url = reverse("commission_panel:call", args=[call.pk])
    response = client.post(url, {"conflicted_offer": offers[0].pk})
    assert response.status_code == 200 and not ImpartialityDeclaration.objects.exists()
    response = client.post(
        url, {"no_art24_grounds": "on", "other_circumstances": "Znam prezesa.", "conflicted_offer": offers[0].pk}
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert offers[1].number in page and offers[2].number in page and offers[0].number not in page
    assert client.get(reverse("commission_panel:offer", args=[call.pk, offers[0].pk])).status_code == 404
    detail = client.get(reverse("commission_panel:offer", args=[call.pk, offers[1].pk]))
    assert detail.status_code == 200 and offers[1].current_version.checksum in detail.content.decode()
    assert ActivityLog.objects.filter(action="commission.declaration_filed").exists()


def test_members_see_only_formally_passed_offers_once_checked(seated, commission_member):
    call, offers = seated
    commission.file_declaration(actor=commission_member, call=call, no_art24_grounds=True)
    assert set(commission.offers_for_member(call, commission_member)) == set(offers)
    FormalCheck.objects.create(offer=offers[0], status=FormalStatus.PASSED, checked_at=timezone.now())
    FormalCheck.objects.create(offer=offers[1], status=FormalStatus.REJECTED, checked_at=timezone.now())
    assert list(commission.offers_for_member(call, commission_member)) == [offers[0]]


def test_non_members_cannot_declare(seated, officer):
    call, _offers = seated
    with pytest.raises(PermissionDenied):
        commission.file_declaration(actor=officer, call=call, no_art24_grounds=True)


# --- query counts ---------------------------------------------------------------------------------


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def test_member_offer_list_query_count_does_not_grow(client, seated, commission_member):
    call, _offers = seated
    commission.file_declaration(actor=commission_member, call=call, no_art24_grounds=True)
    client.force_login(commission_member)
    url = reverse("commission_panel:call", args=[call.pk])
    before = _count(client, url)
    for _ in range(4):
        submitted(call)
    assert _count(client, url) == before


def test_pool_and_appointment_query_counts_do_not_grow(client, executive):
    call = open_call()
    client.force_login(executive)
    pool, appoint, calls = (
        reverse("commission_panel:pool"),
        reverse("commission_panel:appoint", args=[call.pk]),
        reverse("commission_panel:calls"),
    )
    commission.appoint_commission_member(actor=executive, call=call, role=CommissionRole.NGO, nomination=nominee())
    open_call().save()
    counts = [_count(client, pool), _count(client, appoint), _count(client, calls)]
    for _ in range(4):
        commission.appoint_commission_member(actor=executive, call=call, role=CommissionRole.NGO, nomination=nominee())
        commission.appoint_commission_member(
            actor=executive, call=open_call(), role=CommissionRole.EXPERT, user=UserFactory()
        )
    assert [_count(client, pool), _count(client, appoint), _count(client, calls)] == counts


def test_nominations_list_query_count_does_not_grow(client, representative, organisation):
    client.force_login(representative)
    url = reverse("commission_nominations:list")
    nominee(organisation)
    before = _count(client, url)
    for _ in range(4):
        nominee(organisation)
    assert _count(client, url) == before


def test_dashboard_links_members_and_representatives(client, seated, commission_member, representative):
    client.force_login(commission_member)
    assert reverse("commission_panel:mine") in client.get(reverse("accounts:dashboard")).content.decode()
    client.force_login(representative)
    assert reverse("commission_nominations:list") in client.get(reverse("accounts:dashboard")).content.decode()


def test_nominee_whose_organisation_submits_later_is_flagged(executive):
    call = open_call()
    organisation = OrganisationFactory()
    commission.appoint_commission_member(
        actor=executive, call=call, role=CommissionRole.NGO, nomination=nominee(organisation)
    )
    assert not any("art. 15(2d)" in p for p in commission.commission_problems(call))
    submitted(call, organisation)
    assert any("art. 15(2d)" in p for p in commission.commission_problems(call))


def test_commission_calls_list_leads_the_executive_to_the_next_step(client, executive):
    from wspolpraca.competitions.enums import CallState

    evaluated = open_call(state=CallState.EVALUATED)
    closed = open_call(state=CallState.CLOSED)
    commission.appoint_commission_member(actor=executive, call=closed, role=CommissionRole.NGO, nomination=nominee())
    client.force_login(executive)
    page = client.get(reverse("commission_panel:calls")).content.decode()
    assert reverse("results_panel:decision", args=[evaluated.pk]) in page
    assert reverse("commission_panel:overview", args=[closed.pk]) in page
