"""The register row of a grant awarded (`Grant`, listed at /wyniki/): one builder for both modes.

Written by the results of an open competition (`results.publish_results`) and by the decision on
a small grant (`small_grants.decide_small_grant`), inside their transactions. `Grant.offer` is
one-to-one, so a second call for the same offer (a repeated decision) is refused by the
database rather than listed twice.
"""

from wspolpraca.competitions.models import Grant


def grant_for(*, offer, amount, awarded_on):
    """The register row (unsaved) of `offer`'s grant of `amount`, awarded on `awarded_on`.

    Everything else is copied from the offer, its organisation, task and call at the time of the
    award (the register keeps what was awarded, and to whom under which name and numbers, even
    if the task or the organisation is renamed later)."""
    call = offer.call
    return Grant(
        offer=offer,
        call=call,
        unit_id=call.unit_id,
        organisation_id=offer.organisation_id,
        **grantee_snapshot(offer.organisation),
        area_id=offer.task.area_id,
        mode=call.mode,
        year=call.year,
        task_title=offer.task.title,
        title=offer.title,
        amount=amount,
        awarded_on=awarded_on,
    )


def grantee_snapshot(organisation):
    """The Grant fields that keep the grantee's name and numbers as they are now."""
    return {
        "organisation_name": organisation.name,
        "organisation_krs": organisation.krs_number or "",
        "organisation_register_name": organisation.register_name,
        "organisation_register_number": organisation.register_number,
        "organisation_nip": organisation.nip or "",
        "organisation_regon": organisation.regon,
    }


def record_grant(*, offer, amount, awarded_on):
    """Create the register row of `offer`'s grant (a local date for `awarded_on`)."""
    grant = grant_for(offer=offer, amount=amount, awarded_on=awarded_on)
    grant.save()
    return grant
