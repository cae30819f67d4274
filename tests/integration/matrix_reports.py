"""Permission-matrix rows for reports and settlement (/oferty/sprawozdania/…, /panel/sprawozdania/,
/panel/rozliczenia/); see matrix_small_grants.py for the format."""

NOT_PAGES: set[str] = set()


def build(w):
    """An agreement of w["org"] in a call of the officer's unit with its final report due and a
    submitted partial report; a 2025 agreement whose final report was accepted, settlement computed."""
    import datetime
    from decimal import Decimal

    from tests.competitions.factories_reports import agreement_factory, final_report, partial_report
    from wspolpraca.competitions.enums import ReportState
    from wspolpraca.competitions.models import Report
    from wspolpraca.competitions.reporting import content as report_content
    from wspolpraca.competitions.reporting import settlement

    agreement = agreement_factory(organisation=w["org"], officer=w["officer"])
    w["report_final"] = final_report(agreement)
    submitted = partial_report(agreement, state=ReportState.SUBMITTED, content={})
    Report.objects.filter(pk=submitted.pk).update(checksum="0" * 64, submitted_at=datetime.datetime.now(datetime.UTC))
    w["report_submitted"] = submitted
    done = agreement_factory(
        organisation=w["org"], officer=w["officer"], start=datetime.date(2025, 3, 1), end=datetime.date(2025, 10, 31)
    )
    Report.objects.filter(pk=final_report(done).pk).update(state=ReportState.ACCEPTED, spent_grant=Decimal("5000"))
    settlement.compute_settlement(actor=w["officer"], agreement=done)
    w["settled_agreement"] = done
    assert report_content.plan_of(agreement).lines  # the offer's plan is readable


def rows(url, slug, pk):
    #               anon resid  rep  edit  offi  exec  admin comm council
    logged_in = [302, 200, 200, 200, 200, 200, 200, 200, 200]
    # The organisation's page: officers managing the call are sent to the panel's copy (302).
    organisation_page = [302, 404, 200, 200, 302, 404, 302, 404, 404]
    readers = [302, 404, 200, 200, 200, 404, 200, 404, 404]
    officers = [302, 403, 403, 403, 200, 403, 200, 403, 403]
    centre_or_admin = [302, 403, 403, 403, 403, 403, 200, 403, 403]
    return [
        ("my reports", url("reports:mine"), logged_in),
        ("report", url("reports:detail", pk("report_final")), organisation_page),
        ("report PDF", url("reports:pdf", pk("report_submitted")), readers),
        ("report canonical JSON", url("reports:canonical", pk("report_submitted")), readers),
        ("panel reports", url("reports_panel:list"), officers),
        ("panel reports CSV", url("reports_panel:export_csv"), officers),
        ("panel request partial report", url("reports_panel:request"), officers),
        ("panel report", url("reports_panel:detail", pk("report_submitted")), officers),
        ("panel report PDF", url("reports_panel:pdf", pk("report_submitted")), officers),
        ("panel settlements", url("settlements_panel:list"), officers),
        ("panel settlement", url("settlements_panel:detail", pk("settled_agreement")), officers),
        ("panel tax-arrears rates", url("settlements_panel:rates"), centre_or_admin),
    ]


# Downloads, not pages (for the accessibility sweep: status and type only, no axe).
DOWNLOADS = {
    "report PDF": "application/pdf",
    "report canonical JSON": "application/json",
    "panel reports CSV": "text/csv",
    "panel report PDF": "application/pdf",
}
