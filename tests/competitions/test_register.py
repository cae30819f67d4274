"""The public register of grants /wyniki/: what is public, filters, totals, sorting, pages, query counts."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.competitions.factories import CityUnitFactory
from tests.competitions.factories_register import make_grant, resolved_call, small_grant_row
from tests.organisations.factories import OrganisationFactory
from wspolpraca.competitions.enums import CallMode
from wspolpraca.competitions.models import Grant
from wspolpraca.competitions.register import selectors as register
from wspolpraca.organisations.enums import VerificationStatus

pytestmark = pytest.mark.django_db

URL = reverse("register:index")


def listed(response):
    """The grants on the page, in order (the table's rows)."""
    pks = [row.pk for row in response.context["page_obj"].object_list]
    grants = Grant.objects.in_bulk(pks)
    return [grants[pk] for pk in pks]


# --- what the public sees ---------------------------------------------------------------------


def test_only_grants_of_published_results_and_decided_small_grants_are_public(client):
    published = make_grant(amount="12000.00")
    unpublished = make_grant(call=resolved_call(published=False), amount="99000.00")
    small = small_grant_row(amount="5000.00")
    response = client.get(URL)
    assert response.status_code == 200
    assert set(listed(response)) == {published, small}
    assert unpublished.organisation.name not in response.content.decode()
    assert response.context["totals"].amount == Decimal("17000.00")


def test_empty_register_says_so(client):
    response = client.get(URL)
    assert b"No grants have been published yet" in response.content
    make_grant()
    response = client.get(URL, {"q": "nikt taki"})
    assert b"No grant matches these filters" in response.content
    assert b"Clear filters" in response.content


def test_rows_link_the_organisation_and_the_call(client):
    grant = make_grant()
    hidden = make_grant(organisation=OrganisationFactory(verification_status=VerificationStatus.PENDING))
    small = small_grant_row()
    html = client.get(URL).content.decode()
    assert f'href="{grant.organisation.get_absolute_url()}"' in html
    assert f'href="{reverse("competitions:call_detail", args=[grant.call.slug])}"' in html
    assert f'href="{reverse("small_grants:call_detail", args=[small.call.slug])}"' in html
    # An organisation whose page is not public is named, not linked.
    assert hidden.organisation.name in html
    assert f'href="{hidden.organisation.get_absolute_url()}"' not in html


def test_a_row_reads_its_cells_in_the_active_language(client, settings):
    """The rows are made in Python (register.rows): each cell as the template used to write it."""
    grant = make_grant(
        amount=Decimal("12345.60"),
        awarded_on=datetime.date(2025, 3, 4),
        withdrawn=True,
        area_code="kultura",
        title="Płockie Lato z Kulturą",
        task_title="Wydarzenia kulturalne",
    )
    plain = small_grant_row(title="", task_title="Zdrowe Podwórko", amount=Decimal("900.00"))
    html = " ".join(client.get(URL).content.decode().split())
    assert '<span class="register-name" lang="pl">Płockie Lato z Kulturą</span>' in html
    assert 'Task of the call: </span><span lang="pl">Wydarzenia kulturalne</span>' in html
    assert f'Area: <span lang="pl">{grant.area.name[0].upper()}{grant.area.name[1:]}</span>' in html
    assert '<span class="register-amount">12,345.60&nbsp;zł</span>' in html
    assert '<time datetime="2025-03-04">04.03.2025</time>' in html
    assert 'class="register-withdrawn"' in html and "declined by the offeror, not counted" in html
    assert '<span class="register-name" lang="pl">Zdrowe Podwórko</span>' in html
    assert "(small grant)" in html and "(open competition)" in html
    assert f'href="{plain.call.get_absolute_url()}" lang="pl">{plain.call.title}</a>' in html
    assert 'data-label="Awarded on"' in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    with translation.override("pl"):
        html = " ".join(client.get(URL).content.decode().split())
    assert '<span class="register-amount">12 345,60&nbsp;zł</span>' in html
    assert '<span class="register-name">Płockie Lato z Kulturą</span>' in html
    assert f'href="{plain.call.get_absolute_url()}">{plain.call.title}</a>' in html


def test_the_site_navigation_links_the_register(client):
    html = client.get(reverse("common:home")).content.decode()
    assert f'href="{URL}"' in html
    assert 'aria-current="page">Grants awarded' in client.get(URL).content.decode()


# --- filters ------------------------------------------------------------------------------------


def test_filter_by_year(client):
    old = make_grant(call=resolved_call(year=2025))
    new = make_grant(call=resolved_call(year=2027))
    assert listed(client.get(URL, {"year": 2025})) == [old]
    assert listed(client.get(URL, {"year": 2027})) == [new]
    # Only years with grants are offered.
    assert [c[0] for c in client.get(URL).context["form"].fields["year"].choices] == ["", 2027, 2025]


def test_filter_by_unit(client):
    culture = CityUnitFactory(name="Wydział Kultury")
    sport = CityUnitFactory(name="Wydział Sportu")
    grant = make_grant(call=resolved_call(unit=culture))
    make_grant(call=resolved_call(unit=sport))
    assert listed(client.get(URL, {"unit": culture.pk})) == [grant]


def test_filter_by_area(client):
    culture = make_grant(area_code="16")
    sport = make_grant(area_code="17")
    assert listed(client.get(URL, {"area": culture.area_id})) == [culture]
    assert listed(client.get(URL, {"area": sport.area_id})) == [sport]


def test_filter_by_mode(client):
    competition = make_grant()
    small = small_grant_row()
    assert listed(client.get(URL, {"mode": CallMode.SMALL_GRANT})) == [small]
    assert listed(client.get(URL, {"mode": CallMode.OPEN_COMPETITION})) == [competition]


def test_filter_by_organisation_name_krs_or_other_register(client):
    forum = make_grant(organisation=OrganisationFactory(name="Płockie Forum Kultury", short_name="PFK"))
    club = make_grant(
        organisation=OrganisationFactory(
            name="Uczniowski Klub Sportowy Orlik",
            krs_number=None,
            register_name="Ewidencja uczniowskich klubów sportowych",
            register_number="UKS/17/2019",
        )
    )
    assert listed(client.get(URL, {"q": "forum kult"})) == [forum]
    assert listed(client.get(URL, {"q": "PFK"})) == [forum]
    assert listed(client.get(URL, {"q": forum.organisation.krs_number})) == [forum]
    assert listed(client.get(URL, {"q": "uks/17"})) == [club]


def test_filter_by_one_organisation_from_its_page(client):
    organisation = OrganisationFactory(name="Fundacja Wisła")
    first = make_grant(organisation=organisation, awarded_on=datetime.date(2026, 3, 1))
    second = make_grant(organisation=organisation, awarded_on=datetime.date(2026, 6, 1))
    make_grant(organisation=OrganisationFactory(name="Fundacja Wisła Druga"))
    response = client.get(URL, {"org": organisation.slug})
    assert listed(response) == [second, first]
    assert "Showing the grants of Fundacja Wisła." in response.content.decode()


def test_filters_combine_and_stay_in_the_links(client):
    unit = CityUnitFactory()
    for _ in range(51):
        make_grant(call=resolved_call(unit=unit, year=2026))
    make_grant(call=resolved_call(year=2026))
    response = client.get(URL, {"unit": unit.pk, "year": 2026, "sort": "-amount"})
    assert response.context["page_obj"].paginator.count == 51
    html = response.content.decode()
    assert f"unit={unit.pk}&amp;year=2026&amp;sort=-amount&amp;page=2" in html
    assert f"rejestr.csv?unit={unit.pk}&amp;year=2026&amp;sort=-amount" in html
    second = client.get(URL, {"unit": unit.pk, "year": 2026, "sort": "-amount", "page": 2})
    assert len(listed(second)) == 1


def test_invalid_filter_values_are_ignored(client):
    grant = make_grant()
    response = client.get(URL, {"unit": 999999, "year": "abc", "mode": "other", "sort": "x"})
    assert response.status_code == 200
    assert listed(response) == [grant]


def test_form_has_labels_and_the_clear_link_only_when_filtering(client):
    make_grant()
    html = client.get(URL).content.decode()
    for name in ("year", "unit", "area", "mode", "q", "sort"):
        assert f'for="id_{name}"' in html
    assert "Clear filters" not in html
    assert "Clear filters" in client.get(URL, {"year": 2027}).content.decode()


def test_filters_fold_into_a_disclosure_open_when_a_filter_is_set(client):
    """On a phone the filters are a "Filters" disclosure (register.css shows them always on wider
    screens); it is open, with the number of filters set, when the list is filtered."""
    grant = make_grant()
    html = client.get(URL).content.decode()
    assert '<details class="register-filters">' in html
    assert '<summary class="register-filters__summary">Filters</summary>' in html
    html = client.get(URL, {"year": 2027, "area": grant.area_id, "sort": "amount"}).content.decode()
    assert '<details class="register-filters" open>' in html
    # The sort order is no filter.
    assert '<summary class="register-filters__summary">Filters <span class="badge">2 active</span></summary>' in html
    # Every field, the button and the clear link are inside the disclosure, in the one GET form.
    start = html.index('<form method="get" class="register-filter-form"')
    form = html[start : html.index("</form>", start)]
    assert form.index("</summary>") < form.index('name="year"') < form.index("Clear filters") < form.index("</details>")
    # The areas are the Act's Polish wording: marked on a page in another language.
    option = re.search(rf'<option value="{grant.area_id}"[^>]*>', html).group(0)
    assert 'lang="pl"' in option and "selected" in option
    assert '<option value="" lang' not in html  # "All areas" is in the page's language


# --- totals and sorting ---------------------------------------------------------------------


def test_totals_leave_withdrawn_grants_out_but_list_them(client):
    make_grant(amount="10000.00")
    make_grant(amount="2500.50")
    withdrawn = make_grant(amount="40000.00", withdrawn=True)
    response = client.get(URL)
    totals = response.context["totals"]
    assert (totals.count, totals.amount, totals.withdrawn) == (2, Decimal("12500.50"), 1)
    assert withdrawn in listed(response)
    html = response.content.decode()
    assert "declined by the offeror, not counted" in html
    # One count, the list's: the declined grant is counted apart and labelled.
    assert totals.listed == 3 == len(listed(response))
    figures = html[html.index('class="register-figures"') : html.index("</dl>", html.index('class="register-figures"'))]
    assert "<dd>3</dd>" in figures
    assert "of which 1 declined by the offeror: listed, not counted in the amount" in figures
    assert "of 2 grants in force" in figures
    assert "grants listed" not in html


def test_subtotals_per_year_and_per_area(client):
    make_grant(call=resolved_call(year=2025), amount="1000.00", area_code="16")
    make_grant(call=resolved_call(year=2026), amount="2000.00", area_code="17")
    make_grant(call=resolved_call(year=2026), amount="3000.00", area_code="17")
    make_grant(call=resolved_call(year=2026), amount="9000.00", area_code="17", withdrawn=True)
    totals = register.totals(register.public_grants())
    assert [(r["year"], r["count"], r["amount"]) for r in totals.by_year] == [
        (2026, 2, Decimal("5000.00")),
        (2025, 1, Decimal("1000.00")),
    ]
    assert [(r["area__code"], r["amount"]) for r in totals.by_area] == [
        ("17", Decimal("5000.00")),
        ("16", Decimal("1000.00")),
    ]


def test_totals_follow_the_filters(client):
    make_grant(call=resolved_call(year=2025), amount="1000.00")
    make_grant(call=resolved_call(year=2026), amount="2000.00")
    totals = client.get(URL, {"year": 2026}).context["totals"]
    assert (totals.count, totals.amount) == (1, Decimal("2000.00"))


def test_sorting(client):
    small = make_grant(
        amount="100.00", organisation=OrganisationFactory(name="Bractwo"), awarded_on=datetime.date(2026, 5, 1)
    )
    large = make_grant(
        amount="900.00", organisation=OrganisationFactory(name="Akademia"), awarded_on=datetime.date(2026, 1, 1)
    )
    middle = make_grant(
        amount="500.00", organisation=OrganisationFactory(name="Cech"), awarded_on=datetime.date(2026, 3, 1)
    )
    assert listed(client.get(URL)) == [small, middle, large]  # newest first
    assert listed(client.get(URL, {"sort": "date"})) == [large, middle, small]
    assert listed(client.get(URL, {"sort": "-amount"})) == [large, middle, small]
    assert listed(client.get(URL, {"sort": "amount"})) == [small, middle, large]
    assert listed(client.get(URL, {"sort": "organisation"})) == [large, small, middle]


# --- query counts ------------------------------------------------------------------------------


def _grants(count):
    units = [CityUnitFactory() for _ in range(3)]
    calls = [resolved_call(unit=unit, year=2024 + i) for i, unit in enumerate(units)]
    calls.append(small_grant_row().call)
    for i in range(count - 1):
        make_grant(call=calls[i % len(calls)], area_code=("16", "17")[i % 2], withdrawn=(i % 7 == 0))


@pytest.mark.parametrize(
    "query", [{}, {"year": 2024, "sort": "-amount"}, {"q": "Stowarzyszenie", "mode": "open_competition"}]
)
def test_page_query_count_does_not_grow_with_grants(client, django_assert_max_num_queries, query):
    _grants(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, query).status_code == 200
    _grants(60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, query)
    assert len(listed(response)) > 3


def test_organisation_page_query_count_does_not_grow_with_grants(client, django_assert_max_num_queries):
    organisation = OrganisationFactory()
    make_grant(organisation=organisation)
    url = organisation.get_absolute_url()
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for year in (2024, 2025, 2026):
        make_grant(organisation=organisation, call=resolved_call(year=year, unit=CityUnitFactory()))
        small_grant_row(organisation=organisation, slug=f"male-granty-org-{year}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)


# --- the organisation's page --------------------------------------------------------------------


def test_organisation_page_lists_its_public_grants_and_links_the_register(client):
    organisation = OrganisationFactory(name="Fundacja Na Rzecz Tumskiego Wzgórza")
    grant = make_grant(organisation=organisation, amount="15000.00", title="Noc Muzeów na Tumach")
    make_grant(organisation=organisation, call=resolved_call(published=False), title="Jeszcze nieogłoszone")
    make_grant(organisation=organisation, amount="3000.00", withdrawn=True, title="Wycofana")
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Grants received" in html
    assert "Noc Muzeów na Tumach" in html
    assert "Jeszcze nieogłoszone" not in html
    assert "1 grant from the city, 15,000.00 zł in total." in html
    assert "(1 withdrawn, not counted.)" in html
    assert f'href="{reverse("competitions:call_detail", args=[grant.call.slug])}"' in html
    assert f'href="{URL}?org={organisation.slug}"' in html


def test_organisation_page_without_grants_says_so(client):
    organisation = OrganisationFactory()
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "No grant from the city is recorded" in html
