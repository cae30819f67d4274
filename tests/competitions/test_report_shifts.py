"""A partial report states the spending to date: it is not a shift between cost lines (the
call's allowed shift is judged on the final report), so half the plan spent is 50% executed,
not "−50% (beyond 10%)"."""

from decimal import Decimal

import pytest

from tests.competitions.factories_reports import agreement_factory, final_report, partial_report
from wspolpraca.competitions.reporting import content as report_content

pytestmark = pytest.mark.django_db


def half_spent(report):
    plan = report_content.plan_of(report.agreement)
    return plan, {"II": {"costs": {line.key: str(line.planned / 2) for line in plan.lines}}}


def test_partial_report_does_not_flag_spending_to_date(organisation, officer):
    agreement = agreement_factory(organisation=organisation, officer=officer)
    report = partial_report(agreement)
    plan, content = half_spent(report)
    figures = report_content.report_figures(report, content, plan=plan)
    assert figures.flagged == 0 and not figures.judges_shifts
    assert {row["shift_pct"] for row in figures.lines} == {None}
    assert {row["executed_pct"] for row in figures.lines} == {Decimal("50.00")}


def test_final_report_still_flags_the_same_spending(organisation, officer):
    agreement = agreement_factory(organisation=organisation, officer=officer)
    report = final_report(agreement)
    plan, content = half_spent(report)
    figures = report_content.report_figures(report, content, plan=plan)
    assert figures.flagged == len(plan.lines)
    assert {row["shift_pct"] for row in figures.lines} == {Decimal("-50.00")}
