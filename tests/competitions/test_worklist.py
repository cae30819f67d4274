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
    Offer,
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


def _grant(offer, unit):
    return Grant.objects.create(
        offer=offer,
        call=offer.call,
        unit=unit,
        organisation=offer.organisation,
        mode=offer.call.mode,
        year=2027,
        task_title="Zadanie",
        amount=Decimal("8000.00"),
        awarded_on=timezone.localdate(),
    )


def _partial_report(agreement, due_date):
    return Report.objects.create(
        agreement=agreement,
        kind=ReportKind.PARTIAL,
        period_from=datetime.date(2027, 3, 1),
        period_to=datetime.date(2027, 6, 30),
        due_date=due_date,
    )


def _correction(offer, officer, deadline):
    return FormalCheck.objects.create(
        offer=offer,
        status=FormalStatus.CORRECTION,
        checked_by=officer,
        checked_at=timezone.now(),
        correction_deadline=deadline,
    )


def _tranche(agreement):
    return AgreementTranche.objects.create(
        agreement=agreement, number=1, due_date=datetime.date(2027, 3, 15), amount=Decimal("8000.00")
    )


def _settlement(agreement, officer):
    return Settlement.objects.create(
        agreement=agreement,
        transferred=Decimal("8000.00"),
        spent=Decimal("7000.00"),
        unused=Decimal("1000.00"),
        return_deadline=datetime.date(2027, 11, 15),
        computed_by=officer,
    )


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
    _correction(offer, officer, deadline)
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
    overdue = _partial_report(agreement, today - datetime.timedelta(days=1))
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
    _grant(funded, unit)
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
    _tranche(agreement)
    assert keys(officer)["tranches"].count == 1
    _settlement(agreement, officer)
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


def fill_every_section(officer, unit, n):
    """`n` rows in every section of the officer's work list (and n calls for the executive)."""
    from wspolpraca.competitions.enums import CommissionRole
    from wspolpraca.competitions.models import CommissionMember, ReasonsRequest

    today = timezone.localdate()
    for _ in range(n):
        closed_offer(unit, organisation=OrganisationFactory())  # to check formally
        corrected = closed_offer(unit, organisation=OrganisationFactory())
        _correction(corrected, officer, timezone.now() + datetime.timedelta(days=3))
        scored = closed_offer(unit, organisation=OrganisationFactory())
        CommissionMember.objects.create(call=scored.call, user=officer, role=CommissionRole.CHAIR, appointed_by=officer)
        withdrawn = closed_offer(unit, organisation=OrganisationFactory())  # art. 18a: nothing to evaluate
        withdrawn.state = OfferState.WITHDRAWN
        withdrawn.save()
        for state, extra in (
            (CallState.EVALUATED, {}),
            (CallState.RESOLVED, {"results_published_at": timezone.now()}),
        ):
            call = closed_offer(unit, organisation=OrganisationFactory()).call
            call.state = state
            for name, value in extra.items():
                setattr(call, name, value)
            call.save()
            ReasonsRequest.objects.create(call=call, name="Jan Kowalski", email="jan@example.org", text="Dlaczego?")
        updated = closed_offer(unit, organisation=OrganisationFactory())
        _grant(updated, unit)
        OfferUpdate.objects.create(
            offer=updated,
            awarded_amount=Decimal("8000.00"),
            state=OfferUpdateState.SUBMITTED,
            submitted_at=timezone.now(),
        )
        _grant(closed_offer(unit, organisation=OrganisationFactory()), unit)  # agreement to draft
        agreement_for(closed_offer(unit, organisation=OrganisationFactory()), officer, state=AgreementState.SENT)
        in_force = agreement_for(closed_offer(unit, organisation=OrganisationFactory()), officer)
        _tranche(in_force)
        _settlement(in_force, officer)
        _partial_report(in_force, today - datetime.timedelta(days=1))


SECTIONS = {
    "formal_check",
    "corrections",
    "scoring",
    "decisions",
    "cancel",
    "publication",
    "reasons",
    "updates",
    "agreements_to_draft",
    "agreements",
    "tranches",
    "reports",
    "returns",
}


def _panel_home_queries(client, user, django_assert_max_num_queries):
    client.force_login(user)
    client.get(reverse("panel:home"))  # caches filled (settings, content types): count what every request costs
    with django_assert_max_num_queries(20) as captured:
        assert client.get(reverse("panel:home")).status_code == 200
    return len(captured.captured_queries)


def test_query_count_does_not_grow(client, officer, executive, unit, django_assert_max_num_queries):
    """/panel/ with one row in every section and with more than LIMIT: at most 20 queries, the same."""
    fill_every_section(officer, unit, 1)
    sections = keys(officer)
    assert set(sections) == SECTIONS
    assert all(section.count == len(section.rows) for section in sections.values())
    few = [_panel_home_queries(client, user, django_assert_max_num_queries) for user in (officer, executive)]
    fill_every_section(officer, unit, LIMIT + 1)
    many = [_panel_home_queries(client, user, django_assert_max_num_queries) for user in (officer, executive)]
    assert few == many
    sections = keys(officer)
    assert set(sections) == SECTIONS
    for key, section in sections.items():
        assert len(section.rows) == LIMIT, key
        assert section.count > LIMIT, key
    unchecked = Offer.objects.filter(
        state=OfferState.SUBMITTED, call__state=CallState.CLOSED, formal_check__isnull=True
    )
    assert sections["formal_check"].count == unchecked.count()
    assert sections["cancel"].count == LIMIT + 2
    assert keys(executive)["decisions"].count == LIMIT + 2


def test_sections_are_sorted_by_deadline_and_scoped(officer, unit):
    """The three sections of calls read in one query keep their own order and the officer's scope."""
    later, sooner = closed_offer(unit).call, closed_offer(unit).call
    for call, days in ((later, 20), (sooner, 5)):
        call.state = CallState.EVALUATED
        call.selection_date = timezone.localdate() + datetime.timedelta(days=days)
        call.save()
    elsewhere = closed_offer(CityUnitFactory()).call
    elsewhere.state = CallState.EVALUATED
    elsewhere.save()
    rows = keys(officer)["decisions"].rows
    assert [row.label for row in rows] == [sooner.title, later.title]
    assert keys(officer)["decisions"].count == 2


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


def test_a_changed_reminder_period_is_used_at_once(officer, unit):
    """CompetitionSettings are cached; saving them forgets the cached row."""
    from wspolpraca.competitions.models import CompetitionSettings

    agreement = agreement_for(closed_offer(unit), officer)
    _partial_report(agreement, timezone.localdate() + datetime.timedelta(days=20))
    assert "reports" not in keys(officer)  # 7 days by default
    settings_row = CompetitionSettings.load()
    settings_row.report_reminder_days = 30
    settings_row.save()
    assert CompetitionSettings.load().report_reminder_days == 30
    assert keys(officer)["reports"].count == 1
