"""The officer's work list at /panel/: what is waiting, with deadlines, scoped to the calls one manages."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.competitions.factories import CityUnitFactory, OfferFactory
from tests.organisations.factories import OrganisationFactory
from wspolpraca.competitions.enums import (
    AgreementState,
    CallState,
    FormalStatus,
    OfferState,
    OfferUpdateState,
    ReportKind,
    ReportState,
)
from wspolpraca.competitions.models import (
    Agreement,
    AgreementTranche,
    FormalCheck,
    Grant,
    OfferUpdate,
    Report,
    Settlement,
)
from wspolpraca.competitions.worklist import LIMIT, work_list

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 10)


def closed_offer(unit, **kwargs):
    offer = OfferFactory(state=OfferState.SUBMITTED, submitted_at=timezone.now(), **kwargs)
    call = offer.call
    call.unit = unit
    call.state = CallState.CLOSED
    call.save()
    return offer


def agreement_for(offer, officer, *, state=AgreementState.IN_FORCE, **kwargs):
    values = {
        "financing": offer.call.financing,
        "start_date": datetime.date(2027, 3, 1),
        "end_date": datetime.date(2027, 10, 31),
        "use_deadline": datetime.date(2027, 10, 31),
        "return_deadline": datetime.date(2027, 11, 15),
        "final_report_due": datetime.date(2027, 11, 30),
        "amount": Decimal("10000.00"),
        "number": f"A/{offer.pk}",
        "created_by": officer,
    }
    values.update(kwargs)
    return Agreement.objects.create(offer=offer, state=state, **values)


@pytest.fixture
def unit(officer):
    unit = CityUnitFactory()
    unit.officers.add(officer)
    return unit


def keys(user):
    return {section.key: section for section in work_list(user)}


def test_offers_to_check_and_scope(officer, unit):
    offer = closed_offer(unit)
    other_unit_offer = closed_offer(CityUnitFactory())
    sections = keys(officer)
    assert sections["formal_check"].count == 1
    row = sections["formal_check"].rows[0]
    assert row.url == reverse("offers_panel:formal_check", args=[offer.call_id, offer.pk])
    assert row.deadline == offer.call.selection_date
    assert other_unit_offer.organisation.name not in row.label
    FormalCheck.objects.create(offer=offer, status=FormalStatus.PASSED, checked_by=officer, checked_at=timezone.now())
    assert "formal_check" not in keys(officer)


def test_corrections_show_the_deadline(officer, unit):
    offer = closed_offer(unit)
    deadline = timezone.now() + datetime.timedelta(days=3)
    FormalCheck.objects.create(
        offer=offer,
        status=FormalStatus.CORRECTION,
        checked_by=officer,
        checked_at=timezone.now(),
        correction_deadline=deadline,
    )
    row = keys(officer)["corrections"].rows[0]
    assert row.deadline == timezone.localdate(deadline)


def test_call_without_offers_must_be_cancelled(officer, unit):
    offer = closed_offer(unit)
    offer.state = OfferState.WITHDRAWN
    offer.save()
    section = keys(officer)["cancel"]
    assert section.rows[0].url == reverse("competitions_panel:cancel", args=[offer.call_id])


def test_reports_due_soon_and_overdue_but_not_far_ones(officer, unit):
    offer = closed_offer(unit)
    agreement = agreement_for(offer, officer)
    today = timezone.localdate()
    overdue = Report.objects.create(
        agreement=agreement,
        kind=ReportKind.PARTIAL,
        period_from=datetime.date(2027, 3, 1),
        period_to=datetime.date(2027, 6, 30),
        due_date=today - datetime.timedelta(days=1),
    )
    Report.objects.create(
        agreement=agreement,
        kind=ReportKind.FINAL,
        period_from=datetime.date(2027, 3, 1),
        period_to=datetime.date(2027, 10, 31),
        due_date=today + datetime.timedelta(days=60),
    )
    section = keys(officer)["reports"]
    assert section.count == 1
    assert section.rows[0].overdue
    assert section.overdue_count == 1
    overdue.state = ReportState.ACCEPTED
    overdue.save()
    assert "reports" not in keys(officer)


def test_after_the_award(officer, unit):
    funded = closed_offer(unit)
    Grant.objects.create(
        offer=funded,
        call=funded.call,
        unit=unit,
        organisation=funded.organisation,
        mode=funded.call.mode,
        year=2027,
        task_title="Zadanie",
        amount=Decimal("8000.00"),
        awarded_on=timezone.localdate(),
    )
    update = OfferUpdate.objects.create(offer=funded, awarded_amount=Decimal("8000.00"))
    sections = keys(officer)
    assert "agreements_to_draft" not in sections  # the update comes first
    update.state = OfferUpdateState.SUBMITTED
    update.submitted_at = timezone.now()
    update.save()
    assert keys(officer)["updates"].count == 1
    update.state = OfferUpdateState.ACCEPTED
    update.save()
    assert keys(officer)["agreements_to_draft"].count == 1

    agreement = agreement_for(funded, officer, state=AgreementState.SENT)
    sections = keys(officer)
    assert "agreements_to_draft" not in sections
    assert sections["agreements"].rows[0].deadline == agreement.start_date
    agreement.state = AgreementState.IN_FORCE
    agreement.save()
    AgreementTranche.objects.create(
        agreement=agreement, number=1, due_date=datetime.date(2027, 3, 15), amount=Decimal("8000.00")
    )
    assert keys(officer)["tranches"].count == 1
    Settlement.objects.create(
        agreement=agreement,
        transferred=Decimal("8000.00"),
        spent=Decimal("7000.00"),
        unused=Decimal("1000.00"),
        return_deadline=datetime.date(2027, 11, 15),
        computed_by=officer,
    )
    assert keys(officer)["returns"].rows[0].deadline == datetime.date(2027, 11, 15)


def test_executive_sees_decisions_only(executive, officer, unit):
    offer = closed_offer(unit)
    call = offer.call
    call.state = CallState.EVALUATED
    call.save()
    assert list(keys(executive)) == ["decisions"]
    assert "formal_check" not in keys(executive)


def test_resident_has_no_work_list(django_user_model):
    user = django_user_model.objects.create_user(email="mieszkaniec@example.org", password="x")
    assert work_list(user) == []


def test_query_count_does_not_grow(officer, unit, django_assert_max_num_queries):
    for _ in range(3):
        closed_offer(unit, organisation=OrganisationFactory())
    with django_assert_max_num_queries(20) as few:
        work_list(officer)
    for _ in range(LIMIT + 4):
        closed_offer(unit, organisation=OrganisationFactory())
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        sections = work_list(officer)
    assert {s.key: s for s in sections}["formal_check"].count == LIMIT + 7


def test_panel_home_shows_the_work_list(client, officer, unit):
    offer = closed_offer(unit)
    client.force_login(officer)
    response = client.get(reverse("panel:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Offers to check formally" in page
    assert reverse("offers_panel:formal_check", args=[offer.call_id, offer.pk]) in page
    assert reverse("agreements_panel:list") in page  # the panel navigation


def test_dates_of_arrival_are_never_overdue(officer, unit):
    from wspolpraca.competitions.worklist import Row

    long_ago = timezone.localdate() - datetime.timedelta(days=30)
    assert Row(label="x", url="/", deadline=long_ago).overdue
    assert not Row(label="x", url="/", deadline=long_ago, is_deadline=False).overdue


def test_panel_links_only_to_pages_one_may_open(client, executive, commission_member):
    client.force_login(executive)
    page = client.get(reverse("panel:home")).content.decode()
    assert reverse("organisations_panel:list") not in page
    client.force_login(commission_member)
    page = client.get(reverse("commission_panel:mine")).content.decode()
    assert f'href="{reverse("panel:home")}"' not in page
