"""Property test of the offer's arithmetic (offer_content.compute and check) on random cost tables."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from wspolpraca.competitions.kernel import offer_checks, offer_content

CENT = Decimal("0.01")

amounts = st.integers(min_value=0, max_value=5_000_000).map(lambda cents: Decimal(cents) / 100)
units = st.integers(min_value=1, max_value=50_000).map(lambda hundredths: Decimal(hundredths) / 100)


@st.composite
def offers(draw):
    year_count = draw(st.integers(min_value=1, max_value=3))
    start = datetime.date(2027, 3, 1)
    end = datetime.date(2027 + year_count - 1, 10, 31)
    years = [str(y) for y in range(start.year, end.year + 1)]
    consistent = draw(st.booleans())

    def line():
        unit_cost, count = draw(amounts), draw(units)
        value = (unit_cost * count).quantize(CENT, rounding=ROUND_HALF_UP)
        # Random split of the value among the years (cents), consistent or off by a random amount.
        cuts = sorted(
            draw(st.lists(st.integers(0, int(value * 100)), min_size=len(years) - 1, max_size=len(years) - 1))
        )
        bounds = [0, *cuts, int(value * 100)]
        split = [Decimal(bounds[i + 1] - bounds[i]) / 100 for i in range(len(years))]
        if not consistent and len(years) > 1:
            split[-1] += Decimal(draw(st.integers(1, 10_000))) / 100
        row = {"kind": "koszt", "measure": "szt.", "unit_cost": str(unit_cost).replace(".", ","), "units": str(count)}
        if len(years) > 1 or draw(st.booleans()):
            row["years"] = {year: str(part) for year, part in zip(years, split, strict=True)}
        return row, value

    actions = []
    values = []
    for _a in range(draw(st.integers(1, 3))):
        lines = []
        for _i in range(draw(st.integers(1, 4))):
            row, value = line()
            lines.append(row)
            values.append(value)
        actions.append({"name": "działanie", "lines": lines})
    admin = []
    for _i in range(draw(st.integers(0, 2))):
        row, value = line()
        admin.append(row)
        values.append(value)
    total = sum(values, Decimal("0.00"))
    # Sources built to add up to the total: random cut points in cents.
    cuts = sorted(draw(st.lists(st.integers(0, int(total * 100)), min_size=4, max_size=4)))
    bounds = [0, *cuts, int(total * 100)]
    parts = [Decimal(bounds[i + 1] - bounds[i]) / 100 for i in range(5)]
    content = {
        "III": {"start": start.isoformat(), "end": end.isoformat()},
        "V": {
            "actions": actions,
            "admin_lines": admin,
            "sources": {key: str(part) for key, part in zip(offer_content.SOURCE_KEYS, parts, strict=True)},
        },
    }
    return content, values, parts, consistent, years


@settings(max_examples=100, deadline=None)
@given(offers())
def test_compute_adds_up(case):
    content, values, parts, consistent, years = case
    figures = offer_content.compute(content)
    lines = [line for _name, rows in figures.actions for line in rows] + figures.admin_lines
    assert [line.value for line in lines] == values
    for line in lines:
        assert line.value == (line.unit_cost * line.units).quantize(CENT, rounding=ROUND_HALF_UP)
        if consistent or len(years) == 1:
            assert line.years_total == line.value
    assert figures.total_cost == sum(values, Decimal("0.00"))
    assert figures.total_cost == figures.actions_cost + figures.admin_cost
    assert figures.sources_total == figures.total_cost
    shares = [figures.shares[key] for key in offer_content.SOURCE_KEYS]
    if figures.total_cost:
        assert sum(shares) == Decimal("100.00")
        for part, got in zip(parts, shares, strict=True):
            assert abs(got - part / figures.total_cost * 100) <= CENT
    if consistent or len(years) == 1:
        assert sum(figures.total_by_year.values(), Decimal("0.00")) == figures.total_cost


@settings(max_examples=100, deadline=None)
@given(offers())
def test_check_reports_a_years_mismatch_exactly_when_a_split_does_not_add_up(case):
    content, _values, _parts, _consistent, years = case
    figures = offer_content.compute(content)
    problems = offer_checks.check(content, rules=offer_checks.CallRules(), offerors=[], figures=figures)
    lines = [line for _name, rows in figures.actions for line in rows] + figures.admin_lines
    reported = {p.field for p in problems if p.field.endswith(f"-years-{years[0]}")}
    expected = {f"{line.key}-years-{years[0]}" for line in lines if len(years) > 1 and line.years_total != line.value}
    assert reported == expected
