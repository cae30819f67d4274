"""The offer update after a reduced award and the agreement (umowa) with its tranches and annexes.

Built on the calls' and offers' predicates (calls/rules.py, offers/rules.py).

- The update: the lead offeror's representative submits it (through the normal submission) or
  withdraws from the grant; officers who manage the call accept or return it.
- The agreement: officers who manage the call draft, send, record signing, bring into force,
  annex and terminate it; the offerors' members read it (a draft too: the representative may
  enter the bank account while it is a draft).
"""

import rules

from wspolpraca.accounts.rules import is_administrator, is_officer
from wspolpraca.competitions.calls.rules import manages_call
from wspolpraca.competitions.enums import AgreementState
from wspolpraca.competitions.offers.rules import (
    UPDATE_WITHDRAWABLE_STATES,
    is_offer_member,
    manages_offer_call,
    represents_offeror,
    update_of,
)


@rules.predicate
def update_withdrawable(user, offer):
    update = update_of(offer)
    return update is not None and update.state in UPDATE_WITHDRAWABLE_STATES


@rules.predicate
def has_update(user, offer):
    return update_of(offer) is not None


@rules.predicate
def manages_update(user, update):
    return update is not None and manages_call(user, update.offer.call)


@rules.predicate
def manages_agreement(user, agreement):
    return agreement is not None and manages_call(user, agreement.offer.call)


@rules.predicate
def is_agreement_party_member(user, agreement):
    return agreement is not None and is_offer_member(user, agreement.offer)


@rules.predicate
def represents_agreement_party(user, agreement):
    return agreement is not None and represents_offeror(user, agreement.offer)


@rules.predicate
def agreement_is_draft(user, agreement):
    return agreement is not None and agreement.state == AgreementState.DRAFT


RULES = {
    # The offer update (law.md §2.6): the NGO's page, withdrawal, the officer's decision.
    "competitions.view_offer_update": has_update & (is_offer_member | manages_offer_call),
    "competitions.withdraw_from_grant": represents_offeror & update_withdrawable,
    "competitions.review_offer_update": manages_update,
    # The agreement (art. 16, law.md §2.8, §6.4)
    "competitions.list_agreements": is_officer | is_administrator,
    "competitions.draft_agreement": manages_offer_call,
    "competitions.manage_agreement": manages_agreement,
    "competitions.view_agreement": manages_agreement | is_agreement_party_member,
    "competitions.enter_agreement_bank_account": agreement_is_draft & (manages_agreement | represents_agreement_party),
}
