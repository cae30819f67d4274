"""The officers' pages of calls and city units, end to end through the test client."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.competitions.factories import CallFactory, CityUnitFactory, OfferFactory, area, open_call
from tests.factories import UserFactory
from tests.pdfs import make_pdf
from wspolpraca.competitions.enums import CallMode, CallState, CriterionKind, OfferState
from wspolpraca.competitions.models import Call, CityUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(officer):
    unit = CityUnitFactory(name="Wydział Kultury", slug="kultura")
    unit.officers.add(officer)
    return unit


@pytest.fixture
def officer_client(client, officer, unit):
    client.force_login(officer)
    return client


def call_form_data(unit, **overrides):
    deadline = timezone.localdate() + datetime.timedelta(days=40)
    data = {
        "unit": unit.pk,
        "title": "Otwarty konkurs ofert – kultura 2027",
        "year": "2027",
        "mode": CallMode.OPEN_COMPETITION,
        "financing": "support",
        "legal_basis_number": "Zarządzenie nr 1/2026",
        "legal_basis_date": "2026-11-02",
        "summary": "Kultura.",
        "task_type": "Kultura i sztuka.",
        "funds_description": "Budżet miasta.",
        "award_rules": "Zasady.",
        "performance_start": "2027-02-01",
        "performance_end": "2028-12-31",
        "performance_conditions": "Na terenie Płocka.",
        "offers_from": "",
        "offer_deadline": f"{deadline.isoformat()}T12:00",
        "selection_procedure": "Komisja.",
        "selection_date": "2027-01-31",
        "same_type_tasks": "12 zadań.",
        "same_type_cost_this_year": "250000.00",
        "same_type_cost_last_year": "230000.00",
        "eligible_legal_forms": ["association", "foundation"],
        "min_grant": "",
        "max_grant": "",
        "min_own_contribution_pct": "10",
        "min_own_financial_pct": "",
        "min_own_personal_pct": "",
        "in_kind_may_be_valued": "on",
        "admin_costs_cap_pct": "15",
        "allowed_cost_shift_pct": "10",
        "results_table_required": "on",
        "correction_period_days": "7",
    }
    data.update(overrides)
    return data


# --- permissions ------------------------------------------------------------------------------


def test_officer_of_another_unit_gets_404_and_the_centre_sees_all(client, officer, unit):
    other_call = CallFactory()  # a unit the officer is not in
    client.force_login(officer)
    assert client.get(reverse("competitions_panel:call_detail", args=[other_call.pk])).status_code == 404
    assert client.get(reverse("competitions_panel:call_edit", args=[other_call.pk])).status_code == 404
    assert client.get(reverse("competitions_panel:notice_pdf", args=[other_call.pk])).status_code == 404
    response = client.get(reverse("competitions_panel:list"))
    assert other_call.title not in response.text

    centre = CityUnitFactory(is_centre=True)
    centre.officers.add(officer)
    assert client.get(reverse("competitions_panel:call_detail", args=[other_call.pk])).status_code == 200
    assert other_call.title in client.get(reverse("competitions_panel:list")).text


def test_ngo_users_are_refused(client, representative, editor, unit):
    call = CallFactory(unit=unit)
    for user in (representative, editor):
        client.force_login(user)
        assert client.get(reverse("competitions_panel:list")).status_code == 403
        assert client.get(reverse("competitions_panel:call_detail", args=[call.pk])).status_code == 403


def test_panel_nav_shows_competitions_to_officers(officer_client):
    response = officer_client.get(reverse("panel:home"))
    assert reverse("competitions_panel:list") in response.text


# --- list ------------------------------------------------------------------------------------


def test_list_columns_filters_and_search(officer_client, unit):
    call = open_call(unit=unit, title="Konkurs na sport")
    OfferFactory(call=call, state=OfferState.SUBMITTED)
    OfferFactory(call=call, state=OfferState.DRAFT)
    CallFactory(unit=unit, title="Konkurs na zdrowie")
    response = officer_client.get(reverse("competitions_panel:list"))
    assert "Konkurs na sport" in response.text and "Konkurs na zdrowie" in response.text
    row = response.context["page_obj"].object_list
    by_title = {c.title: c for c in row}
    assert by_title["Konkurs na sport"].submitted_offers == 1
    assert by_title["Konkurs na sport"].total_budget == Decimal("150000.00")
    assert "150" in response.text

    response = officer_client.get(reverse("competitions_panel:list"), {"q": "sport"})
    assert [c.title for c in response.context["page_obj"].object_list] == ["Konkurs na sport"]
    response = officer_client.get(reverse("competitions_panel:list"), {"state": CallState.DRAFT})
    assert [c.title for c in response.context["page_obj"].object_list] == ["Konkurs na zdrowie"]
    response = officer_client.get(reverse("competitions_panel:list"), {"mode": CallMode.SMALL_GRANT})
    assert list(response.context["page_obj"].object_list) == []
    response = officer_client.get(reverse("competitions_panel:list"), {"unit": unit.pk, "year": 2027})
    assert len(response.context["page_obj"].object_list) == 2


def test_list_query_count_does_not_grow(officer_client, unit, django_assert_num_queries):
    def add(n):
        for _ in range(n):
            call = open_call(unit=unit)
            OfferFactory(call=call, state=OfferState.SUBMITTED)

    add(1)
    url = reverse("competitions_panel:list")
    officer_client.get(url)
    with CaptureQueriesContext(connection) as one:
        officer_client.get(url)
    add(12)
    with django_assert_num_queries(len(one.captured_queries)):
        response = officer_client.get(url)
    assert len(response.context["page_obj"].object_list) == 13


# --- drafting through the pages ------------------------------------------------------------


def test_create_a_call_then_task_criteria_attachment_document_and_publish(officer_client, unit):
    response = officer_client.post(reverse("competitions_panel:call_add"), call_form_data(unit))
    assert response.status_code == 302, response.context["form"].errors
    call = Call.objects.get(title="Otwarty konkurs ofert – kultura 2027")
    assert call.eligible_legal_forms == ["association", "foundation"]
    assert call.criteria.count() == 6
    detail = officer_client.get(response["Location"])
    assert "at least one task" in detail.text

    # A task over two years.
    response = officer_client.post(
        reverse("competitions_panel:task_add", args=[call.pk]),
        {
            "title": "Festiwal",
            "area": area().pk,
            "description": "",
            "budget-TOTAL_FORMS": "2",
            "budget-INITIAL_FORMS": "0",
            "budget-0-year": "2027",
            "budget-0-amount": "80000",
            "budget-1-year": "2028",
            "budget-1-amount": "20000.50",
        },
    )
    assert response.status_code == 302
    assert call.tasks.get().budget == Decimal("100000.50")

    # Criteria: change points of a statutory one, add a local one.
    criteria = list(call.criteria.all())
    data = {"criteria-TOTAL_FORMS": str(len(criteria) + 1), "criteria-INITIAL_FORMS": str(len(criteria))}
    for i, c in enumerate(criteria):
        data.update({f"criteria-{i}-kind": c.kind, f"criteria-{i}-name": c.name, f"criteria-{i}-max_points": "5"})
    n = len(criteria)
    data.update({f"criteria-{n}-kind": "local", f"criteria-{n}-name": "Wolontariat", f"criteria-{n}-max_points": "4"})
    data["pass_threshold"] = "20"
    response = officer_client.post(reverse("competitions_panel:criteria", args=[call.pk]), data)
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.criteria.filter(kind=CriterionKind.LOCAL).get().max_points == Decimal("4")
    assert call.pass_threshold == Decimal("20")

    response = officer_client.post(
        reverse("competitions_panel:attachments", args=[call.pk]), {"name": "Statut", "is_required": "on"}
    )
    assert response.status_code == 302
    response = officer_client.post(
        reverse("competitions_panel:documents", args=[call.pk]),
        {"title": "Zarządzenie", "file": SimpleUploadedFile("z.pdf", make_pdf(), "application/pdf")},
    )
    assert response.status_code == 302
    response = officer_client.post(
        reverse("competitions_panel:documents", args=[call.pk]),
        {"title": "Nie PDF", "file": SimpleUploadedFile("z.pdf", b"hello", "application/pdf")},
    )
    assert response.status_code == 200
    assert "not a PDF" in response.text

    # The publication page shows the rule and the earliest deadline.
    today = timezone.localdate()
    page = officer_client.get(reverse("competitions_panel:publish", args=[call.pk]))
    assert (today + datetime.timedelta(days=21)).strftime("%d.%m.%Y") in page.text
    response = officer_client.post(
        reverse("competitions_panel:publish", args=[call.pk]),
        {"bip_published_on": today.isoformat(), "notice_board_published_on": today.isoformat()},
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.state == CallState.OPEN
    detail = officer_client.get(reverse("competitions_panel:call_detail", args=[call.pk]))
    assert "Call published" in detail.text
    # The content is now frozen.
    response = officer_client.get(reverse("competitions_panel:call_edit", args=[call.pk]))
    assert response.status_code == 302


def test_publish_refused_with_the_earliest_deadline_named(officer_client, unit):
    today = timezone.localdate()
    deadline = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=20), datetime.time(12)))
    call = CallFactory(unit=unit, offer_deadline=deadline)
    response = officer_client.post(
        reverse("competitions_panel:publish", args=[call.pk]),
        {"bip_published_on": today.isoformat(), "notice_board_published_on": today.isoformat()},
    )
    assert response.status_code == 200
    assert (today + datetime.timedelta(days=22)).strftime("%d.%m.%Y 00:00") in response.text
    assert "error-summary" in response.text
    call.refresh_from_db()
    assert call.state == CallState.DRAFT


def test_form_errors_keep_what_was_typed(officer_client, unit):
    data = call_form_data(unit, performance_end="2026-01-01", title="Mój tytuł konkursu")
    response = officer_client.post(reverse("competitions_panel:call_add"), data)
    assert response.status_code == 200
    assert "Mój tytuł konkursu" in response.text
    assert "error-summary" in response.text


def test_small_grant_intake_is_created_from_the_panel(officer_client, unit):
    year = timezone.localdate().year
    data = call_form_data(unit, mode=CallMode.SMALL_GRANT, title=f"Małe granty {year}", year=str(year))
    data["offer_deadline"] = ""
    response = officer_client.post(reverse("competitions_panel:call_add"), data)
    assert response.status_code == 302
    call = Call.objects.get(mode=CallMode.SMALL_GRANT)
    assert timezone.localtime(call.offer_deadline).date() == datetime.date(year, 12, 31)
    assert not call.criteria.exists()


def test_cancel_needs_reason_and_confirmation(officer_client, unit):
    call = open_call(unit=unit)
    url = reverse("competitions_panel:cancel", args=[call.pk])
    response = officer_client.post(url, {"reason": "Brak środków"})
    assert response.status_code == 200
    call.refresh_from_db()
    assert call.state == CallState.OPEN
    response = officer_client.post(url, {"reason": "Brak środków", "confirm": "on"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.state == CallState.CANCELLED
    detail = officer_client.get(reverse("competitions_panel:call_detail", args=[call.pk]))
    assert "Brak środków" in detail.text


def test_remove_task_asks_for_confirmation(officer_client, unit):
    call = CallFactory(unit=unit)
    task = call.tasks.get()
    url = reverse("competitions_panel:task_remove", args=[call.pk, task.pk])
    page = officer_client.get(url)
    assert page.status_code == 200 and task.title in page.text
    assert call.tasks.exists()
    officer_client.post(url)
    assert not call.tasks.exists()


def test_notice_pdf_and_bip_export_download(officer_client, unit):
    call = CallFactory(unit=unit)
    response = officer_client.get(reverse("competitions_panel:notice_pdf", args=[call.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    response = officer_client.get(reverse("competitions_panel:bip_export", args=[call.pk]))
    assert "attachment" in response["Content-Disposition"]
    assert call.title in response.content.decode()


def test_publication_dates_corrected_after_publication(officer_client, unit):
    call = open_call(unit=unit)
    today = timezone.localdate()
    response = officer_client.post(
        reverse("competitions_panel:publication_dates", args=[call.pk]),
        {
            "bip_published_on": (today - datetime.timedelta(days=9)).isoformat(),
            "notice_board_published_on": (today - datetime.timedelta(days=8)).isoformat(),
            "bip_url": "https://bip.example.org/1",
        },
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.notice_board_published_on == today - datetime.timedelta(days=8)


# --- city units ----------------------------------------------------------------------------


def test_units_add_and_edit(client, administrator, officer):
    client.force_login(administrator)
    response = client.post(
        reverse("competitions_panel:unit_add"),
        {"name": "Wydział Zdrowia", "short_name": "WZ", "slug": "zdrowie", "is_active": "on", "officers": [officer.pk]},
    )
    assert response.status_code == 302
    unit = CityUnit.objects.get(slug="zdrowie")
    assert list(unit.officers.all()) == [officer]
    non_officer = UserFactory()
    response = client.post(
        reverse("competitions_panel:unit_edit", args=[unit.pk]),
        {"name": "Wydział Zdrowia", "slug": "zdrowie", "officers": [non_officer.pk]},
    )
    assert response.status_code == 200  # only officers may be chosen
    listing = client.get(reverse("competitions_panel:units"))
    assert "Wydział Zdrowia" in listing.text


def test_task_rows_without_amount_are_left_out_and_years_are_unique(officer_client, unit):
    call = CallFactory(unit=unit, tasks=[])
    url = reverse("competitions_panel:task_add", args=[call.pk])
    page = officer_client.get(url)
    assert page.context["budgets"].initial[0] == {"year": 2027}
    base = {"title": "Warsztaty", "area": area().pk, "budget-TOTAL_FORMS": "3", "budget-INITIAL_FORMS": "0"}
    response = officer_client.post(
        url, {**base, "budget-0-year": "2027", "budget-0-amount": "10", "budget-1-year": "2027", "budget-1-amount": "5"}
    )
    assert response.status_code == 200
    assert "only once" in response.text
    assert not call.tasks.exists()
    response = officer_client.post(
        url, {**base, "budget-0-year": "2027", "budget-0-amount": "", "budget-1-year": "2028"}
    )
    assert response.status_code == 200
    assert "at least one year" in response.text
    response = officer_client.post(
        url, {**base, "budget-0-year": "2027", "budget-0-amount": "10", "budget-1-year": "2028"}
    )
    assert response.status_code == 302
    assert [(b.year, b.amount) for b in call.tasks.get().budgets.all()] == [(2027, Decimal("10.00"))]


def test_edit_a_draft_call(officer_client, unit):
    call = CallFactory(unit=unit)
    url = reverse("competitions_panel:call_edit", args=[call.pk])
    page = officer_client.get(url)
    assert call.title in page.text
    data = call_form_data(unit, title="Nowy tytuł konkursu", financing="entrust")
    response = officer_client.post(url, data)
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.title == "Nowy tytuł konkursu"
    assert not call.criteria.filter(kind=CriterionKind.OWN_FUNDS).exists()
    detail = officer_client.get(reverse("competitions_panel:call_detail", args=[call.pk]))
    assert "Call changed" in detail.text


# --- publication: no prefilled dates, a call without a threshold is confirmed ----------------


def test_publication_dates_are_not_prefilled(officer_client, unit):
    call = CallFactory(unit=unit)
    form = officer_client.get(reverse("competitions_panel:publish", args=[call.pk])).context["form"]
    assert form["bip_published_on"].value() is None
    assert form["notice_board_published_on"].value() is None
    assert "without_threshold" not in form.fields  # the factory's call has a threshold
    response = officer_client.post(reverse("competitions_panel:publish", args=[call.pk]), {})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"bip_published_on", "notice_board_published_on"}
    call.refresh_from_db()
    assert call.state == CallState.DRAFT


def _publishable_without_threshold(unit):
    today = timezone.localdate()
    deadline = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=30), datetime.time(12)))
    return CallFactory(unit=unit, offer_deadline=deadline, pass_threshold=None), today


def test_publishing_without_a_threshold_asks_for_confirmation(officer_client, unit):
    call, today = _publishable_without_threshold(unit)
    url = reverse("competitions_panel:publish", args=[call.pk])
    page = officer_client.get(url)
    assert 'name="without_threshold"' in page.text
    assert reverse("competitions_panel:criteria", kwargs={"pk": call.pk}) in page.text
    dates = {"bip_published_on": today.isoformat(), "notice_board_published_on": today.isoformat()}
    response = officer_client.post(url, dates)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["without_threshold"]
    assert f'value="{today.isoformat()}"' in response.text  # what was typed is kept
    call.refresh_from_db()
    assert call.state == CallState.DRAFT

    response = officer_client.post(url, {**dates, "without_threshold": "on"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.state == CallState.OPEN and call.pass_threshold is None


def test_small_grant_intake_needs_no_threshold_confirmation(officer_client, unit):
    call = CallFactory(unit=unit, mode=CallMode.SMALL_GRANT, pass_threshold=None)
    form = officer_client.get(reverse("competitions_panel:publish", args=[call.pk])).context["form"]
    assert "without_threshold" not in form.fields


def test_the_calls_list_pages_in_order_with_each_calls_offer_count(officer_client, unit):
    """Counted and paged on the plain calls, the page's counts added after (issue 17)."""
    calls = [CallFactory(unit=unit, year=2030, title=f"Konkurs {n:02d}") for n in range(23)]
    OfferFactory.create_batch(2, call=calls[21], state=OfferState.SUBMITTED)
    first = officer_client.get(reverse("competitions_panel:list")).text
    second = officer_client.get(reverse("competitions_panel:list") + "?page=2").text
    assert first.index("Konkurs 00") < first.index("Konkurs 19") and "Konkurs 20" not in first
    assert "Konkurs 20" in second and "Konkurs 22" in second and "Konkurs 19" not in second
    row = second[second.index("Konkurs 21") :].split("</tr>", 1)[0]
    assert '<td class="numeric">2</td>' in row
    filtered = officer_client.get(reverse("competitions_panel:list") + "?q=Konkurs+22").text
    assert "Konkurs 22" in filtered and "Konkurs 21" not in filtered
