"""Reports (partial and final) and the settlement of an agreement (returns and interest).

Built on the calls' and offers' predicates (calls/rules.py, offers/rules.py).

- Reports: the lead offeror's editors prepare a report while it is due or returned, only a
  representative submits; the offerors' members (partners too) read it; officers who manage the
  call read, request partial reports and decide.
- Settlement: officers who manage the call; tax-arrears rates: centre officers and administrators.
"""

import rules

from wspolpraca.accounts.rules import is_administrator
from wspolpraca.competitions.calls.rules import is_call_officer, is_centre_officer, manages_call
from wspolpraca.competitions.enums import AgreementState, ReportState
from wspolpraca.competitions.offers.rules import is_offer_member, prepares_offer, represents_offeror

REPORT_OPEN_STATES = (ReportState.DUE, ReportState.RETURNED)
AGREEMENT_ACTIVE_STATES = (AgreementState.SIGNED, AgreementState.IN_FORCE)


@rules.predicate
def manages_report(user, report):
    return report is not None and manages_call(user, report.agreement.offer.call)


@rules.predicate
def reads_report(user, report):
    return report is not None and is_offer_member(user, report.agreement.offer)


@rules.predicate
def prepares_report(user, report):
    return report is not None and prepares_offer(user, report.agreement.offer)


@rules.predicate
def represents_report_offeror(user, report):
    return report is not None and represents_offeror(user, report.agreement.offer)


@rules.predicate
def report_is_open(user, report):
    """Due or returned for correction, under an agreement still in force."""
    return (
        report is not None and report.state in REPORT_OPEN_STATES and report.agreement.state in AGREEMENT_ACTIVE_STATES
    )


@rules.predicate
def manages_agreement_money(user, agreement):
    return agreement is not None and manages_call(user, agreement.offer.call)


RULES = {
    "competitions.view_report": reads_report | manages_report,
    "competitions.prepare_report": prepares_report & report_is_open,
    "competitions.submit_report": represents_report_offeror & report_is_open,
    "competitions.review_report": manages_report,
    "competitions.request_report": manages_agreement_money,
    "competitions.list_reports": is_call_officer,
    "competitions.list_settlements": is_call_officer,
    "competitions.manage_settlement": manages_agreement_money,
    "competitions.manage_tax_arrears_rates": is_administrator | is_centre_officer,
}
