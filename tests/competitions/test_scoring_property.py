"""Property tests of the aggregation (law.md §8 rule 14): the result of an offer is the mean or the
median of the voting members' submitted totals, and experts' sheets never change it."""

import statistics
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from wspolpraca.competitions.enums import CommissionRole, ScoreAggregation
from wspolpraca.competitions.evaluation import overview, scoring

totals = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
roles = st.sampled_from(list(CommissionRole))
sheets = st.lists(st.tuples(roles, totals), max_size=12)


def result(sheet_list, method):
    """The aggregation as the services apply it: voting roles only."""
    return overview.aggregate([t for role, t in sheet_list if role in scoring.VOTING_ROLES], method)


@given(sheets, st.sampled_from(list(ScoreAggregation)))
def test_result_is_mean_or_median_of_voting_totals(sheet_list, method):
    voting = [t for role, t in sheet_list if role != CommissionRole.EXPERT]
    got = result(sheet_list, method)
    if not voting:
        assert got is None
        return
    expected = statistics.median(voting) if method == ScoreAggregation.MEDIAN else sum(voting) / len(voting)
    assert got == Decimal(expected).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert min(voting) <= got <= max(voting)


@given(sheets, st.lists(totals, max_size=6), st.sampled_from(list(ScoreAggregation)))
def test_experts_never_change_the_result(sheet_list, expert_totals, method):
    with_experts = sheet_list + [(CommissionRole.EXPERT, t) for t in expert_totals]
    assert result(with_experts, method) == result(sheet_list, method)


@given(st.dictionaries(st.integers(0, 50), st.one_of(st.none(), totals), max_size=15))
def test_ranking_orders_by_result_and_shares_places(scores):
    places = overview.rank(scores)
    scored = {k: s for k, s in scores.items() if s is not None}
    assert set(places) == set(scored)
    for a in scored:
        higher = sum(1 for b in scored if scored[b] > scored[a])
        assert places[a] == higher + 1
