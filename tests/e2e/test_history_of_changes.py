"""The officer reads "History of changes" on the agreement and settlement pages, at desktop and
phone width: the table scrolls inside its region, never the page; no axe violations in it.
Screenshots go to $SCREENSHOTS when set (looked at by hand)."""

import datetime
import os
from decimal import Decimal

from tests.competitions.factories_agreements import signed_agreement
from tests.competitions.factories_reports import agreement_factory, final_report
from tests.conftest import TEST_TOTP_SECRET
from tests.e2e.conftest import DESKTOP, PHONE, assert_no_axe_violations, assert_no_horizontal_scroll, goto, login
from tests.factories import TEST_PASSWORD
from wspolpraca.competitions.agreements import annexes as agreement_annexes
from wspolpraca.competitions.agreements import services as agreements
from wspolpraca.competitions.enums import ReportState, ReturnKind
from wspolpraca.competitions.models import Report
from wspolpraca.competitions.reporting import settlement as settlement_service


def look(page, live_server, path, name):
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        goto(page, live_server, path)
        section = page.locator("section[aria-labelledby=history-changes]")
        assert section.locator("tbody tr").count() > 1
        assert_no_horizontal_scroll(page)
        assert_no_axe_violations(page, context="section[aria-labelledby=history-changes]")
        if os.environ.get("SCREENSHOTS"):
            page.screenshot(path=f"{os.environ['SCREENSHOTS']}/{name}-{size}.png", full_page=True)
            section.screenshot(path=f"{os.environ['SCREENSHOTS']}/{name}-{size}-section.png")


def test_officer_reads_the_history_of_an_agreement_and_a_settlement(
    page, live_server, organisation, representative, officer, executive
):
    agreement = signed_agreement(
        organisation=organisation, representative=representative, officer=officer, executive=executive
    )
    agreement = agreements.bring_into_force(actor=officer, agreement=agreement, in_force_from=agreement.signed_on)
    agreement_annexes.add_annex(
        actor=officer,
        agreement=agreement,
        reason="Zwiększenie dotacji",
        amount=Decimal("6000.00"),
        tranches=[(agreement.start_date, Decimal("6000.00"))],
    )
    settlement_service.seed_rates()
    settled = agreement_factory(
        officer=officer,
        start=datetime.date(2025, 3, 1),
        end=datetime.date(2025, 10, 31),
        transferred_on=datetime.date(2025, 3, 3),
    )
    report = final_report(settled)
    Report.objects.filter(pk=report.pk).update(state=ReportState.ACCEPTED, spent_grant=Decimal("5000.00"))
    settlement_service.compute_settlement(actor=officer, agreement=settled)
    settlement_service.record_return(
        actor=officer,
        agreement=settled,
        kind=ReturnKind.UNUSED,
        amount=Decimal("500.00"),
        paid_on=datetime.date(2025, 11, 10),
    )
    login(page, live_server, officer.email, TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET)
    look(page, live_server, f"/panel/umowy/{agreement.pk}/", "agreement-history")
    look(page, live_server, f"/panel/rozliczenia/umowa/{settled.pk}/", "settlement-history")


def test_executive_reads_the_history_of_the_decisions(page, live_server, executive):
    from tests.competitions.factories_results import evaluated_call
    from wspolpraca.competitions.enums import DecisionOutcome
    from wspolpraca.competitions.models import Decision

    call, good, _bad, _members = evaluated_call(offers=2)
    decision = Decision.objects.create(
        offer=good[0], outcome=DecisionOutcome.FUNDED, amount=Decimal("10000.00"), decided_by=executive
    )
    decision.amount = Decimal("8000.00")
    decision.save()
    login(page, live_server, executive.email, TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET)
    look(page, live_server, f"/panel/konkursy/{call.pk}/wyniki/", "decision-history")
