"""Services of calls: drafting, criteria, documents, publication rules (law.md §8 rules 1–3), states."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from tests.competitions.factories import CallFactory, CityUnitFactory, area, open_call
from tests.pdfs import make_pdf
from wspolpraca.common.selectors import activity_for
from wspolpraca.competitions.calls import drafting
from wspolpraca.competitions.calls import services as services
from wspolpraca.competitions.calls import units as unit_services
from wspolpraca.competitions.enums import STATUTORY_CRITERIA, CallMode, CallState, CriterionKind, Financing
from wspolpraca.competitions.evaluation import cancellation
from wspolpraca.competitions.models import Call, CallTask, CompetitionSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(officer):
    unit = CityUnitFactory()
    unit.officers.add(officer)
    return unit


def deadline_days_after(day, days):
    """A deadline at noon, `days` days after `day` (Warsaw time)."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=days), datetime.time(12)))


def actions(call):
    return list(activity_for(call).values_list("action", flat=True))


# --- drafting -----------------------------------------------------------------------------


def test_create_call_prefills_statutory_criteria_for_support(officer, unit):
    call = drafting.create_call(
        actor=officer, unit=unit, title="Konkurs na sport 2027", year=2027, financing=Financing.SUPPORT
    )
    kinds = list(call.criteria.values_list("kind", flat=True))
    assert kinds == [k.value for k in STATUTORY_CRITERIA]
    # Named in the announcement's language, though the officer works in English (the autouse fixture).
    assert call.criteria.get(kind=CriterionKind.CAPACITY).name.startswith("możliwość realizacji zadania")
    assert call.state == CallState.DRAFT
    assert call.slug == "konkurs-na-sport-2027"
    assert "call.created" in actions(call)


def test_entrusting_has_no_own_funds_criterion_and_changing_financing_keeps_it_consistent(officer, unit):
    call = drafting.create_call(actor=officer, unit=unit, title="Powierzenie", year=2027, financing=Financing.ENTRUST)
    assert CriterionKind.OWN_FUNDS not in call.criteria.values_list("kind", flat=True)
    assert call.criteria.count() == 5
    drafting.update_call(actor=officer, call=call, financing=Financing.SUPPORT)
    assert call.criteria.filter(kind=CriterionKind.OWN_FUNDS).count() == 1
    drafting.update_call(actor=officer, call=call, financing=Financing.ENTRUST)
    assert not call.criteria.filter(kind=CriterionKind.OWN_FUNDS).exists()


def test_officer_cannot_draft_in_another_unit(officer, unit):
    other = CityUnitFactory()
    with pytest.raises(ValidationError) as error:
        drafting.create_call(actor=officer, unit=other, title="Obcy", year=2027, financing=Financing.SUPPORT)
    assert "unit" in error.value.error_dict


def test_ngo_user_cannot_create_a_call(representative, unit):
    with pytest.raises(PermissionDenied):
        drafting.create_call(actor=representative, unit=unit, title="X", year=2027, financing=Financing.SUPPORT)


def test_small_grant_intake_defaults_to_the_years_end_and_has_one_task(officer, unit):
    call = drafting.create_call(
        actor=officer, unit=unit, title="Małe granty 2027", year=2027, mode=CallMode.SMALL_GRANT, financing="support"
    )
    deadline = timezone.localtime(call.offer_deadline)
    assert (deadline.year, deadline.month, deadline.day) == (2027, 12, 31)
    assert not call.criteria.exists()
    drafting.add_task(actor=officer, call=call, title="Małe granty", area=area(), budgets=[(2027, Decimal("200000"))])
    with pytest.raises(ValidationError):
        drafting.add_task(actor=officer, call=call, title="Drugie", area=area(), budgets=[(2027, Decimal("1"))])


def test_tasks_with_budgets_per_year(officer, unit):
    call = CallFactory(unit=unit, tasks=[])
    task = drafting.add_task(
        actor=officer,
        call=call,
        title="Festiwal",
        area=area(),
        budgets=[(2027, Decimal("1000.00")), (2028, Decimal("500.00"))],
    )
    assert task.number == 1
    assert task.budget == Decimal("1500.00")
    drafting.update_task(actor=officer, task=task, title="Festiwal", area=area(), budgets=[(2027, Decimal("700"))])
    task.refresh_from_db()
    assert [(b.year, b.amount) for b in task.budgets.all()] == [(2027, Decimal("700.00"))]
    assert Call.objects.with_budget().get(pk=call.pk).total_budget == Decimal("700.00")
    drafting.remove_task(actor=officer, task=task)
    assert not CallTask.objects.filter(pk=task.pk).exists()
    assert {"call.task_added", "call.task_changed", "call.task_removed"} <= set(actions(call))


def test_set_criteria_keeps_statutory_ones_and_checks_threshold(officer, unit):
    call = CallFactory(unit=unit)
    current = [
        {"kind": c.kind, "name": c.name, "description": "", "max_points": c.max_points} for c in call.criteria.all()
    ]
    local = {"kind": CriterionKind.LOCAL, "name": "Udział wolontariuszy", "description": "", "max_points": Decimal(5)}
    drafting.set_criteria(actor=officer, call=call, criteria=[*current, local], pass_threshold=Decimal("25"))
    assert call.criteria.filter(kind=CriterionKind.LOCAL).count() == 1
    with pytest.raises(ValidationError):
        drafting.set_criteria(actor=officer, call=call, criteria=current[1:], pass_threshold=None)
    with pytest.raises(ValidationError) as error:
        drafting.set_criteria(actor=officer, call=call, criteria=current, pass_threshold=Decimal("1000"))
    assert "pass_threshold" in error.value.error_dict


def test_documents_must_be_pdf_within_the_size_limit(officer, unit):
    call = CallFactory(unit=unit)
    with pytest.raises(ValidationError):
        drafting.add_document(
            actor=officer, call=call, title="Regulamin", file=SimpleUploadedFile("r.pdf", b"not a pdf")
        )
    settings = CompetitionSettings.load()
    settings.attachment_max_mb = 1
    settings.save()
    with pytest.raises(ValidationError):
        big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
        drafting.add_document(actor=officer, call=call, title="Duży", file=big)
    document = drafting.add_document(
        actor=officer, call=call, title="Zarządzenie", file=SimpleUploadedFile("z.pdf", make_pdf())
    )
    assert document.file.name.endswith(".pdf")
    drafting.remove_document(actor=officer, document=document)
    assert not call.documents.exists()
    assert {"call.document_added", "call.document_removed"} <= set(actions(call))


# --- publication: law.md §8 rules 1–3 -------------------------------------------------------


def at_local(day, hour, minute=0, second=0, microsecond=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute, second, microsecond)))


def test_rule_1_earliest_deadline_is_the_end_of_the_21st_full_day(officer, unit):
    """Art. 13 ust. 1 with art. 111 k.c.: the publication day does not count, the 21st day counts
    whole, so the earliest deadline is 00:00 of day D+22 (the end of D+21)."""
    today = timezone.localdate()
    call = CallFactory(unit=unit, offer_deadline=at_local(today + datetime.timedelta(days=22), 0))
    published = services.publish_call(
        call=call,
        actor=officer,
        bip_published_on=today - datetime.timedelta(days=2),
        notice_board_published_on=today - datetime.timedelta(days=1),
    )
    assert published.state == CallState.OPEN
    assert services.earliest_deadline(today, today) == at_local(today + datetime.timedelta(days=22), 0)


@pytest.mark.parametrize(
    "cut",
    [
        (0, 0, 0, 0),  # 00:00 of D+21: twenty full days
        (15, 30, 0, 0),  # part of the 21st day
        (23, 59, 0, 0),  # the last minute of the 21st day cut
        (23, 59, 59, 999999),  # the last microsecond cut
    ],
)
def test_rule_1_a_deadline_on_day_21_is_refused_naming_the_end_of_that_day(officer, unit, cut):
    today = timezone.localdate()
    call = CallFactory(unit=unit, offer_deadline=at_local(today + datetime.timedelta(days=21), *cut))
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.publish_call(call=call, actor=officer, bip_published_on=today, notice_board_published_on=today)
    message = " ".join(error.value.messages)
    last_day = (today + datetime.timedelta(days=21)).strftime("%d.%m.%Y")
    next_midnight = (today + datetime.timedelta(days=22)).strftime("%d.%m.%Y") + " 00:00"
    assert f"the end of {last_day}, i.e. {next_midnight}" in message
    call.refresh_from_db()
    assert call.state == CallState.DRAFT


def test_rule_1_twenty_days_refused_naming_the_earliest_deadline(officer, unit):
    today = timezone.localdate()
    call = CallFactory(unit=unit, offer_deadline=deadline_days_after(today, 20))
    with pytest.raises(ValidationError) as error:
        services.publish_call(call=call, actor=officer, bip_published_on=today, notice_board_published_on=today)
    earliest = (today + datetime.timedelta(days=22)).strftime("%d.%m.%Y") + " 00:00"
    assert earliest in " ".join(error.value.messages)
    call.refresh_from_db()
    assert call.state == CallState.DRAFT


def test_rule_1_uses_the_latest_of_the_three_dates(officer, unit):
    """The website date is today; an earlier BIP date does not help, the latest date counts."""
    today = timezone.localdate()
    call = CallFactory(unit=unit, offer_deadline=deadline_days_after(today - datetime.timedelta(days=5), 22))
    # BIP and notice board five days ago: 21 days from them is fine, but the website is today.
    with pytest.raises(ValidationError) as error:
        services.publish_call(
            call=call,
            actor=officer,
            bip_published_on=today - datetime.timedelta(days=5),
            notice_board_published_on=today - datetime.timedelta(days=5),
        )
    assert (today + datetime.timedelta(days=22)).strftime("%d.%m.%Y 00:00") in " ".join(error.value.messages)
    # After publication, correcting the notice-board date is checked against the same rule.
    call = CallFactory(unit=unit, offer_deadline=deadline_days_after(today, 22))
    services.publish_call(call=call, actor=officer, bip_published_on=today, notice_board_published_on=today)
    call.notice_board_published_on = None
    with pytest.raises(ValidationError):
        services.update_publication_dates(
            call=call,
            actor=officer,
            bip_published_on=today,
            notice_board_published_on=today + datetime.timedelta(days=2),
        )
    services.update_publication_dates(
        call=call, actor=officer, bip_published_on=today - datetime.timedelta(days=1), notice_board_published_on=today
    )
    call.refresh_from_db()
    assert call.bip_published_on == today - datetime.timedelta(days=1)
    assert "call.publication_changed" in actions(call)


@pytest.mark.parametrize(
    ("changes", "element"),
    [
        ({"task_type": ""}, "1."),
        ({"funds_description": ""}, "2."),
        ({"award_rules": ""}, "3."),
        ({"performance_start": None}, "4."),
        ({"performance_conditions": ""}, "4."),
        ({"offer_deadline": None}, "5."),
        ({"selection_procedure": ""}, "6."),
        ({"selection_date": None}, "6."),
        ({"same_type_tasks": ""}, "7."),
    ],
)
def test_rule_2_each_missing_element_blocks_publication(officer, unit, changes, element):
    call = CallFactory(unit=unit, **changes)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.publish_call(call=call, actor=officer, bip_published_on=today, notice_board_published_on=today)
    text = " ".join(error.value.messages)
    assert element in text
    call.refresh_from_db()
    assert call.state == CallState.DRAFT


def test_rule_2_funds_need_a_task_with_a_budget_and_criteria_are_required(officer, unit):
    call = CallFactory(unit=unit, tasks=[], criteria=[])
    codes = [code for code, _m in services.missing_elements(call)]
    assert codes == ["funds", "tasks", "criteria"]


def test_rule_3_all_channels_recorded_and_future_dates_refused(officer, unit, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    call = CallFactory(unit=unit)
    with pytest.raises(ValidationError) as error:
        services.publish_call(call=call, actor=officer, bip_published_on=None, notice_board_published_on=today)
    assert "bip_published_on" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.publish_call(
            call=call,
            actor=officer,
            bip_published_on=today,
            notice_board_published_on=today + datetime.timedelta(days=1),
        )
    assert "notice_board_published_on" in error.value.error_dict
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call = services.publish_call(
            call=call,
            actor=officer,
            bip_published_on=today - datetime.timedelta(days=1),
            notice_board_published_on=today,
            bip_url="https://bip.plock.eu/ogloszenie/1",
        )
    assert callbacks  # the alerts to subscribers (services.alerts), sent after commit
    call.refresh_from_db()
    assert call.website_published_on == today
    assert call.bip_published_on == today - datetime.timedelta(days=1)
    assert call.notice_board_published_on == today
    assert call.bip_url == "https://bip.plock.eu/ogloszenie/1"
    assert call.published_at is not None
    assert "call.published" in actions(call)


def test_publication_waits_for_offers_from_and_content_is_frozen(officer, unit):
    today = timezone.localdate()
    call = CallFactory(
        unit=unit,
        offers_from=timezone.now() + datetime.timedelta(days=3),
        offer_deadline=deadline_days_after(today, 30),
    )
    call = _publish(call, officer)
    assert call.state == CallState.PUBLISHED
    with pytest.raises(ValidationError):
        drafting.update_call(actor=officer, call=call, title="Zmiana")
    with pytest.raises(ValidationError):
        drafting.add_task(actor=officer, call=call, title="Nowe", area=area(), budgets=[(2027, Decimal(1))])
    with pytest.raises(ValidationError):
        _publish(call, officer)


def _publish(call, officer):
    today = timezone.localdate()
    return services.publish_call(call=call, actor=officer, bip_published_on=today, notice_board_published_on=today)


# --- states ---------------------------------------------------------------------------------


def test_refresh_opens_then_closes_by_the_clock(officer, unit):
    now = timezone.now()
    call = open_call(unit=unit, state=CallState.PUBLISHED, offers_from=now - datetime.timedelta(minutes=1))
    assert services.refresh_call_state(call) == CallState.OPEN
    assert services.refresh_call_state(Call.objects.get(pk=call.pk)) is None
    later = call.offer_deadline + datetime.timedelta(seconds=1)
    assert services.refresh_call_state(Call.objects.get(pk=call.pk), now=later) == CallState.CLOSED
    call.refresh_from_db()
    assert call.closed_at is not None
    assert actions(call).count("call.closed") == 1


def test_close_call_is_idempotent_and_refuses_before_the_deadline(unit):
    call = open_call(unit=unit)
    with pytest.raises(ValidationError):
        services.close_call(call=call)
    after = call.offer_deadline + datetime.timedelta(minutes=1)
    services.close_call(call=call, now=after)
    services.close_call(call=call, now=after)
    call.refresh_from_db()
    assert call.state == CallState.CLOSED
    assert actions(call).count("call.closed") == 1


def test_cancel_requires_a_reason_and_is_final(officer, unit):
    call = open_call(unit=unit)
    with pytest.raises(ValidationError):
        cancellation.cancel_call(call=call, actor=officer, reason="  ")
    cancellation.cancel_call(call=call, actor=officer, reason="Zmiana budżetu miasta.")
    call.refresh_from_db()
    assert call.state == CallState.CANCELLED
    assert call.cancellation_reason == "Zmiana budżetu miasta."
    assert call.cancelled_at is not None
    with pytest.raises(ValidationError):
        cancellation.cancel_call(call=call, actor=officer, reason="Jeszcze raz")


def test_transition_refuses_moves_not_in_the_table(unit):
    call = CallFactory(unit=unit)
    with pytest.raises(ValidationError):
        services.transition_call(call, CallState.CLOSED, actor=None)


def test_notice_pdf_and_bip_export(unit):
    from wspolpraca.competitions.calls import documents

    call = CallFactory(unit=unit)
    pdf = documents.render_call_notice_pdf(call)
    assert pdf.startswith(b"%PDF")
    html = documents.render_call_bip_html(call)
    assert "<h1>" in html and call.title in html
    assert "100" in html and "2028" in html  # the budget per year
    assert "capacity to carry out the task" in html


# --- city units -----------------------------------------------------------------------------


def test_units_are_managed_by_administrators_and_logged(administrator, officer):
    unit = unit_services.create_city_unit(
        actor=administrator, name="Wydział Sportu", short_name="WS", slug="sport", officers=[officer]
    )
    assert list(unit.officers.all()) == [officer]
    unit_services.update_city_unit(actor=administrator, unit=unit, name="Wydział Sportu i Turystyki", officers=[])
    unit.refresh_from_db()
    assert unit.name == "Wydział Sportu i Turystyki"
    assert not unit.officers.exists()
    logged = activity_for(unit).values_list("action", flat=True)
    assert set(logged) == {"unit.created", "unit.updated"}
    with pytest.raises(PermissionDenied):
        unit_services.create_city_unit(actor=officer, name="X", slug="x")


def test_small_grant_deadline_stays_the_years_end_when_cleared(officer, unit):
    call = drafting.create_call(
        actor=officer, unit=unit, title="Małe granty", year=2027, mode=CallMode.SMALL_GRANT, financing="support"
    )
    drafting.update_call(actor=officer, call=call, offer_deadline=None, year=2028)
    call.refresh_from_db()
    assert timezone.localtime(call.offer_deadline).date() == datetime.date(2028, 12, 31)


@pytest.mark.django_db
def test_call_slug_never_shadows_a_fixed_page():
    from wspolpraca.competitions.calls.drafting import unique_call_slug

    assert unique_call_slug("Plan") == "plan-2"
    assert unique_call_slug("Powiadomienia") == "powiadomienia-2"
