"""The yearly plan of calls: the public page and the officers' pages, with their services."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.competitions.factories import CallFactory, CityUnitFactory, PlannedCallFactory, area, open_call
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.calls.plan import create_planned_call, delete_planned_call, update_planned_call
from wspolpraca.competitions.enums import CallMode
from wspolpraca.competitions.models import PlannedCall
from wspolpraca.organisations.models import PublicBenefitArea

pytestmark = pytest.mark.django_db


def test_public_plan_by_month_with_announced_and_unplanned_calls(client):
    announced = open_call(year=2027, title="Ogłoszony konkurs kultury")  # 150,000 of budget
    linked = PlannedCallFactory(year=2027, month=3, title="Kultura", call=announced, amount=Decimal("120000.00"))
    waiting = PlannedCallFactory(year=2027, month=1, title="Sport", amount=Decimal("50000.00"))
    draft = CallFactory(year=2027, title="Szkic")
    with_draft = PlannedCallFactory(year=2027, month=1, title="Zdrowie", call=draft, amount=Decimal("10.00"))
    outside = open_call(year=2027, title="Konkurs spoza planu")
    PlannedCallFactory(year=2028, title="W przyszłym roku")

    response = client.get(reverse("competitions:plan"), {"year": 2027})
    assert response.status_code == 200
    plan = response.context["plan"]
    assert [(month, [e.title for e in entries]) for month, _name, entries in plan["months"]] == [
        (1, ["Sport", "Zdrowie"]),
        (3, ["Kultura"]),
    ]
    entries = {e.pk: e for _m, _n, es in plan["months"] for e in es}
    assert entries[linked.pk].call == announced
    assert entries[waiting.pk].call is None
    assert entries[with_draft.pk].call is None  # a draft is not announced
    assert plan["unplanned"] == [outside]
    assert plan["planned_total"] == Decimal("170010.00")
    assert plan["announced_total"] == Decimal("300000.00")
    html = response.content.decode()
    assert announced.get_absolute_url() in html and outside.get_absolute_url() in html
    assert "Szkic" not in html
    assert "W przyszłym roku" not in html


def test_public_plan_tables_stack_on_phones_and_areas_are_not_cut_mid_word(client):
    long_area = area("12")  # a long name: once cut after 40 characters, mid-word
    PlannedCallFactory(year=2027, month=1, title="Sport", area=long_area)
    open_call(year=2027, title="Konkurs spoza planu")
    html = client.get(reverse("competitions:plan"), {"year": 2027}).content.decode()
    assert "css/stack.css" in html
    assert html.count("table-stack") == 2  # the month's table and the calls outside the plan
    assert 'data-label="Planned amount"' in html and 'data-label="Funds"' in html
    shown = html[html.index(f'<abbr title="{long_area.name}"') :].split(">", 1)[1].split("</abbr>", 1)[0]
    words = shown.rstrip(" …").split()
    assert all(word in long_area.name.capitalize().split() for word in words)


@pytest.mark.parametrize("filtered", [False, True])
def test_public_plan_query_count_does_not_grow(client, django_assert_num_queries, filtered):
    """Also with the unit and area filters on (another unit's lines and calls filtered out)."""
    unit = CityUnitFactory()

    def add(n):
        for _ in range(n):
            PlannedCallFactory(year=2027, unit=unit, call=open_call(year=2027, unit=unit), area=area("16"))
            open_call(year=2027, unit=unit)
            PlannedCallFactory(year=2027, call=open_call(year=2027))
            open_call(year=2027, unit=CityUnitFactory())

    add(1)
    url = reverse("competitions:plan") + "?year=2027"
    if filtered:
        url += f"&unit={unit.pk}&area={area('16').pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    add(6)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    shown = 7 if filtered else 14
    assert len(response.context["plan"]["entries"]) == shown and len(response.context["plan"]["unplanned"]) == shown


def _other_area():
    return PublicBenefitArea.objects.exclude(pk=area("16").pk).order_by("position", "code").first()


def test_public_plan_filters_by_unit_and_area(client):
    culture, sport = CityUnitFactory(name="Wydział Kultury"), CityUnitFactory(name="Wydział Sportu")
    other_area = _other_area()
    ours = PlannedCallFactory(year=2027, unit=culture, area=area("16"), title="Linia kultury", amount=Decimal("10.00"))
    PlannedCallFactory(year=2027, unit=sport, area=other_area, title="Linia sportu", amount=Decimal("20.00"))
    ours_outside = open_call(year=2027, unit=culture, title="Kultura spoza planu")  # 150,000 of budget
    theirs_outside = open_call(year=2027, unit=sport, title="Sport spoza planu")
    theirs_outside.tasks.update(area=other_area)
    # A call linked to a line of another unit is never "outside the plan", whatever the filter.
    linked = open_call(year=2027, unit=culture, title="Ogłoszony w planie sportu")
    PlannedCallFactory(year=2027, unit=sport, area=other_area, title="Linia z ogłoszeniem", call=linked)
    url = reverse("competitions:plan")

    everything = client.get(url, {"year": 2027}).content.decode()
    assert "Linia sportu" in everything and "Sport spoza planu" in everything

    for query in ({"unit": culture.pk}, {"area": area("16").pk}):
        response = client.get(url, {"year": 2027, **query})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Linia kultury" in html and "Kultura spoza planu" in html
        assert "Linia sportu" not in html and "Sport spoza planu" not in html
        assert "Linia z ogłoszeniem" not in html and "Ogłoszony w planie sportu" not in html
        plan = response.context["plan"]
        assert [e.pk for _m, _n, entries in plan["months"] for e in entries] == [ours.pk]
        assert plan["unplanned"] == [ours_outside]
        assert plan["planned_total"] == Decimal("10.00")
        assert plan["announced_total"] == Decimal("150000.00")
        assert 'href="?year=2027">Clear filters</a>' in html
        assert '<label for="id_unit">City unit</label>' in html

    html = client.get(url, {"year": 2027, "unit": sport.pk, "area": area("16").pk}).content.decode()
    assert "No planned call matches these filters." in html and "Linia" not in html


def test_panel_plan_filters_by_unit(client, officer):
    client.force_login(officer)
    kept, other = PlannedCallFactory(year=2027), PlannedCallFactory(year=2027)
    response = client.get(reverse("competitions_plan_panel:list"), {"year": 2027, "unit": kept.unit.pk})
    html = response.content.decode()
    assert kept.title in html and other.title not in html


def test_services_need_the_permission_and_log(officer, resident):
    unit = CityUnitFactory()
    unit.officers.add(officer)
    fields = {
        "year": 2027,
        "month": 4,
        "unit": unit,
        "title": "Ekologia",
        "area": area("16"),
        "mode": CallMode.OPEN_COMPETITION,
        "amount": Decimal("1000.00"),
        "call": None,
        "notes": "",
    }
    with pytest.raises(PermissionDenied):
        create_planned_call(actor=resident, **fields)
    entry = create_planned_call(actor=officer, **fields)
    update_planned_call(actor=officer, entry=entry, **{**fields, "amount": Decimal("2000.00")})
    entry.refresh_from_db()
    assert entry.amount == Decimal("2000.00")
    other_year = open_call(year=2026)
    with pytest.raises(ValidationError):
        update_planned_call(actor=officer, entry=entry, **{**fields, "call": other_year})
    delete_planned_call(actor=officer, entry=entry)
    assert not PlannedCall.objects.exists()
    changes = list(ActivityLog.objects.filter(action="plan.changed").order_by("pk").values_list("data", flat=True))
    assert [c["change"] for c in changes] == ["added", "changed", "deleted"]


def test_panel_add_edit_delete(client, officer):
    client.force_login(officer)
    unit = CityUnitFactory()
    unit.officers.add(officer)
    call = open_call(year=2027)
    response = client.get(reverse("competitions_plan_panel:list"), {"year": 2027})
    assert response.status_code == 200

    data = {
        "year": 2027,
        "month": 5,
        "unit": unit.pk,
        "title": "Kultura latem",
        "area": area("16").pk,
        "mode": CallMode.OPEN_COMPETITION,
        "amount": "80000.00",
        "call": "",
        "notes": "",
    }
    response = client.post(reverse("competitions_plan_panel:create"), data)
    assert response.status_code == 302
    entry = PlannedCall.objects.get()
    assert entry.title == "Kultura latem" and entry.amount == Decimal("80000.00")

    # A call of another year is refused next to the field, nothing typed is lost.
    other = open_call(year=2026)
    response = client.post(reverse("competitions_plan_panel:edit", args=[entry.pk]), {**data, "call": other.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["call"]
    assert response.context["form"].data["title"] == "Kultura latem"

    response = client.post(reverse("competitions_plan_panel:edit", args=[entry.pk]), {**data, "call": call.pk})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.call == call

    delete_url = reverse("competitions_plan_panel:delete", args=[entry.pk])
    assert client.get(delete_url).status_code == 200
    response = client.post(delete_url, {})
    assert response.status_code == 200  # not confirmed
    assert PlannedCall.objects.exists()
    response = client.post(delete_url, {"confirm": "on"})
    assert response.status_code == 302
    assert not PlannedCall.objects.exists()


def test_panel_is_for_officers_only(client, resident, officer):
    url = reverse("competitions_plan_panel:list")
    assert client.get(url).status_code == 302
    client.force_login(resident)
    assert client.get(url).status_code == 403
    client.force_login(officer)
    page = client.get(reverse("panel:home"))
    assert url.encode() in page.content


def test_an_officer_plans_only_for_their_own_units(client, officer):
    from django.core.exceptions import PermissionDenied

    from tests.competitions.factories import CityUnitFactory, PlannedCallFactory
    from wspolpraca.competitions.calls import plan as plan_services

    mine, other = CityUnitFactory(), CityUnitFactory()
    mine.officers.add(officer)
    theirs = PlannedCallFactory(unit=other)
    client.force_login(officer)
    assert client.get(reverse("competitions_plan_panel:edit", args=[theirs.pk])).status_code == 403
    assert client.get(reverse("competitions_plan_panel:delete", args=[theirs.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        plan_services.update_planned_call(actor=officer, entry=theirs, title="Przejęte")
    with pytest.raises(PermissionDenied):
        plan_services.create_planned_call(
            actor=officer, year=2027, month=3, unit=other, title="Nie moje", amount=Decimal("1000.00")
        )
    form = client.get(reverse("competitions_plan_panel:create")).context["form"]
    assert list(form.fields["unit"].queryset) == [mine]
    # The centre plans for every unit.
    CityUnitFactory(is_centre=True).officers.add(officer)
    assert client.get(reverse("competitions_plan_panel:edit", args=[theirs.pk])).status_code == 200
