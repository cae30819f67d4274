"""The history of the records that carry money or scores, as officers read it ("History of changes").

One function per page: each reads a fixed number of queries (one per model) whatever the number of
history rows, and returns common.history entries for common/includes/history_changes.html.
History is kept from migration competitions.0011 (history_of_money_and_scores) on; older records
appear from their first change after it.
"""

from django.utils.translation import gettext as _

from wspolpraca.common.history import HistorySource, history_entries
from wspolpraca.competitions.models import (
    Agreement,
    AgreementAnnex,
    AgreementTranche,
    Decision,
    Grant,
    GrantReturn,
    OfferAssessment,
    Settlement,
)

# Who recorded a change is the history's "who"; these fields only repeat it.
RECORDED_BY = ("created_by", "signed_recorded_by", "computed_by", "recorded_by", "decided_by", "updated_by")


def agreement_history(agreement):
    """The agreement's terms, its tranches and annexes, and the grant as the register shows it."""
    return history_entries(
        HistorySource(Agreement.history.filter(id=agreement.pk), skip=RECORDED_BY),
        HistorySource(
            AgreementTranche.history.filter(agreement_id=agreement.pk),
            label=lambda record: _("tranche %(number)s") % {"number": record.number},
        ),
        HistorySource(
            AgreementAnnex.history.filter(agreement_id=agreement.pk),
            label=lambda record: _("annex %(number)s") % {"number": record.number},
            skip=RECORDED_BY,
        ),
        HistorySource(Grant.history.filter(offer_id=agreement.offer_id), skip=_GRANT_SNAPSHOT),
    )


def settlement_history(settlement):
    """The settlement's figures and the returns of funds recorded against it."""
    if settlement is None:
        return []
    return history_entries(
        HistorySource(Settlement.history.filter(id=settlement.pk), skip=(*RECORDED_BY, "computed_at")),
        HistorySource(GrantReturn.history.filter(settlement_id=settlement.pk), skip=RECORDED_BY),
    )


def decision_history(call):
    """The commission's opinions (points, place, proposed amount) and the executive's decisions on a call's offers."""
    return history_entries(
        HistorySource(
            OfferAssessment.history.filter(offer__call_id=call.pk),
            label=lambda record: _("commission's opinion on offer %(number)s") % {"number": _number(record)},
            select=("offer",),
            skip=RECORDED_BY,
        ),
        HistorySource(
            Decision.history.filter(offer__call_id=call.pk),
            label=lambda record: _("decision on offer %(number)s") % {"number": _number(record)},
            select=("offer",),
            skip=RECORDED_BY,
        ),
    )


def _number(record):
    return record.offer.number or record.offer_id


# The grantee's data copied at the award never changes after it; the amount and withdrawal do.
_GRANT_SNAPSHOT = (
    "organisation_name",
    "organisation_krs",
    "organisation_register_name",
    "organisation_register_number",
    "organisation_nip",
    "organisation_regon",
    "mode",
    "year",
    "task_title",
    "title",
)
