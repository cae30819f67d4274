"""Rows the results create after the award (Decision, Grant, OfferUpdate), made directly for the
update and agreement tests, and helpers that take an offer through to an agreement."""

import copy
import datetime
from decimal import Decimal

from django.utils import timezone

from tests.competitions.factories import OfferFactory
from wspolpraca.competitions.agreements import drafting as agreement_drafting
from wspolpraca.competitions.agreements import services as agreements
from wspolpraca.competitions.enums import CallState, DecisionOutcome
from wspolpraca.competitions.models import Decision, Grant, OfferUpdate
from wspolpraca.competitions.offers.submission import submit_offer

IBAN = "PL61109010140000071219812874"


def close(call):
    call.offer_deadline = timezone.now() - datetime.timedelta(minutes=1)
    call.state = CallState.RESOLVED
    call.save(update_fields=["offer_deadline", "state"])


def submitted_offer(*, organisation, representative, officer, **kwargs):
    """An offer submitted by `representative` (grant 5,500 PLN) in a call of `officer`'s unit, now closed."""
    offer = OfferFactory(organisation=organisation, **kwargs)
    offer.call.unit.officers.add(officer)
    submit_offer(actor=representative, offer=offer)
    offer.refresh_from_db()
    close(offer.call)
    return offer


def award(offer, *, amount, decided_by):
    """What the results helper writes: the decision, the register row and, when the award is
    lower than requested, the update request."""
    amount = Decimal(amount)
    Decision.objects.create(offer=offer, outcome=DecisionOutcome.FUNDED, amount=amount, decided_by=decided_by)
    Grant.objects.create(
        offer=offer,
        call=offer.call,
        unit=offer.call.unit,
        organisation=offer.organisation,
        area=offer.task.area,
        mode=offer.call.mode,
        year=offer.call.year,
        task_title=offer.task.title,
        title=offer.title,
        amount=amount,
        awarded_on=timezone.localdate(),
    )
    if amount < offer.requested_grant:
        return OfferUpdate.objects.create(offer=offer, awarded_amount=amount)
    return None


def reduced_content(content, *, grant="5000", own_financial="500"):
    """The valid document cut down by 500 PLN: scene rental 4 × 375 instead of 4 × 500, grant 5,000.

    Costs 6,000 = 5,000 grant + 500 own financial + 500 personal (10% own, admin 500 ≤ 15%)."""
    content = copy.deepcopy(content)
    line = content["V"]["actions"][0]["lines"][1]
    line["unit_cost"] = "375"
    years = list(line["years"])
    if len(years) == 1:
        line["years"] = {years[0]: "1500"}
    else:
        line["years"] = {years[0]: "750", years[1]: "750", **dict.fromkeys(years[2:], "0")}
    content["V"]["sources"]["grant"] = grant
    content["V"]["sources"]["own_financial"] = own_financial
    content["III"]["results_products"] = "10 wydarzeń, 1200 uczestników."
    return content


def accepted_update(offer, *, officer, editor, representative, executive):
    """Award 5,000 PLN (less than the 5,500 asked), update the offer to it, submit, accept."""
    from wspolpraca.competitions.offers.services import save_offer_section
    from wspolpraca.competitions.offers.update import accept_offer_update

    update = award(offer, amount="5000.00", decided_by=executive)
    content = reduced_content(offer.content)
    for section in ("V", "III"):
        offer.refresh_from_db()
        save_offer_section(
            actor=editor,
            offer=offer,
            section=section,
            data=content[section],
            base_revision=offer.section_revisions.get(section, 0),
        )
    submit_offer(actor=representative, offer=offer)
    update.refresh_from_db()
    return accept_offer_update(actor=officer, update=update)


def funded_agreement(*, organisation, representative, officer, executive, amount="5500.00", **kwargs):
    """A drafted agreement for an offer funded with what it asked (no update needed)."""
    offer = submitted_offer(organisation=organisation, representative=representative, officer=officer, **kwargs)
    award(offer, amount=amount, decided_by=executive)
    return agreement_drafting.draft_agreement(actor=officer, offer=offer)


def sent_agreement(*, officer, **kwargs):
    agreement = funded_agreement(officer=officer, **kwargs)
    agreement_drafting.update_agreement(
        actor=officer,
        agreement=agreement,
        data={"bank_account": IBAN},
        tranches=[(agreement.start_date, agreement.amount)],
    )
    return agreements.send_agreement(actor=officer, agreement=agreement)


def signed_agreement(*, officer, **kwargs):
    agreement = sent_agreement(officer=officer, **kwargs)
    return agreements.record_signature(actor=officer, agreement=agreement, signed_on=timezone.localdate())
