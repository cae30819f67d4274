"""Who may do what with calls, offers and small grants.

Officers manage the calls of their city units; officers of the centre (CityUnit.is_centre)
and administrators manage all. NGO members prepare offers; only a representative submits.
"""

import rules
from django.db.models import Q

from wspolpraca.accounts.rules import is_administrator, is_executive, is_officer
from wspolpraca.competitions.enums import CallState, OfferState
from wspolpraca.organisations.enums import MembershipRole, VerificationStatus


@rules.predicate
def is_centre_officer(user):
    return bool(
        user.is_authenticated and user.is_active and user.is_officer and user.city_units.filter(is_centre=True).exists()
    )


@rules.predicate
def manages_call(user, call):
    """The officer belongs to the call's unit or to the centre; administrators manage all."""
    if call is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.is_officer:
        return False
    return user.city_units.filter(pk=call.unit_id).exists() or is_centre_officer(user)


@rules.predicate
def manages_plan_entry(user, entry):
    """A line of the plan belongs to its unit: that unit's officers, the centre, administrators."""
    if entry is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or is_centre_officer(user):
        return True
    return bool(user.is_officer and user.city_units.filter(pk=entry.unit_id).exists())


@rules.predicate
def call_is_public(user, call):
    return call is not None and call.state != CallState.DRAFT


def _roles(user, organisation_ids, *, partners_of=None):
    """The user's roles in the verified organisations among `organisation_ids` (and, with
    `partners_of`, the partners of that offer): one query."""
    if not user.is_authenticated or not user.is_active:
        return set()
    from wspolpraca.competitions.models import OfferPartner
    from wspolpraca.organisations.models import Membership

    organisations = Q(organisation_id__in=organisation_ids)
    if partners_of is not None:
        partners = OfferPartner.objects.filter(offer=partners_of).values("organisation_id")
        organisations |= Q(organisation_id__in=partners)
    return set(
        Membership.objects.filter(
            organisations, user=user, organisation__verification_status=VerificationStatus.VERIFIED
        )
        .values_list("role", flat=True)
        .distinct()
    )


@rules.predicate
def is_offer_member(user, offer):
    """A member of the lead offeror or of a partner of a joint offer."""
    if offer is None or offer.pk is None:
        return False
    return bool(_roles(user, [offer.organisation_id], partners_of=offer))


@rules.predicate
def prepares_offer(user, offer):
    """Editors and representatives of the lead offeror prepare the offer."""
    if offer is None or offer.pk is None:
        return False
    return bool(_roles(user, [offer.organisation_id]) & {MembershipRole.EDITOR, MembershipRole.REPRESENTATIVE})


@rules.predicate
def represents_offeror(user, offer):
    if offer is None or offer.pk is None:
        return False
    return MembershipRole.REPRESENTATIVE in _roles(user, [offer.organisation_id])


@rules.predicate
def manages_offer_call(user, offer):
    return offer is not None and manages_call(user, offer.call)


@rules.predicate
def offer_is_draft(user, offer):
    return offer is not None and offer.state == OfferState.DRAFT


@rules.predicate
def offer_is_submitted(user, offer):
    return offer is not None and offer.state == OfferState.SUBMITTED


@rules.predicate
def call_accepts_offers(user, offer):
    """By the server clock: the call is open and its deadline has not passed."""
    return offer is not None and offer.call.accepts_offers()


@rules.predicate
def represents_invited_organisation(user, invitation):
    """A representative of the (verified) organisation invited to a joint offer."""
    if invitation is None or invitation.pk is None:
        return False
    return MembershipRole.REPRESENTATIVE in _roles(user, [invitation.organisation_id])


@rules.predicate
def manages_small_grant(user, review):
    return review is not None and manages_call(user, review.offer.call)


@rules.predicate
def correction_open(user, offer):
    """A call to correct is open for the offer (by the server clock)."""
    from wspolpraca.competitions.offers.formal_check import open_correction

    return offer is not None and offer.pk is not None and open_correction(offer) is not None


@rules.predicate
def is_commission_member(user):
    return bool(user.is_authenticated and user.is_active and user.commission_seats.exists())


@rules.predicate
def represents_an_organisation(user):
    if not user.is_authenticated or not user.is_active:
        return False
    from wspolpraca.organisations.models import Membership

    return Membership.objects.filter(
        user=user, role=MembershipRole.REPRESENTATIVE, organisation__verification_status=VerificationStatus.VERIFIED
    ).exists()


@rules.predicate
def offer_update_open(user, offer):
    """An update after a reduced award waits for the offeror (see rules_agreements)."""
    from wspolpraca.competitions.agreements.rules import update_open

    return update_open(user, offer)


is_call_officer = is_officer | is_administrator
# The offer may still change (who may change it is another matter: prepares_offer).
offer_is_editable = offer_is_draft | (offer_is_submitted & (call_accepts_offers | correction_open | offer_update_open))

RULES = {
    # Calls
    "competitions.add_call": is_call_officer,
    "competitions.list_calls_in_panel": is_call_officer,
    "competitions.view_call": call_is_public | manages_call,
    "competitions.manage_call": manages_call,
    "competitions.manage_plan": is_call_officer,
    "competitions.change_planned_call": manages_plan_entry,
    "competitions.manage_units": is_administrator | is_centre_officer,
    # Offers
    "competitions.view_offer": is_offer_member | manages_offer_call,
    # A submitted offer stays editable until the deadline: its draft may become a new version.
    # Drafts stay editable after the deadline too (nothing typed is lost); submission is refused.
    # After a reduced award the update (rules_agreements.update_open) opens the editor again.
    "competitions.edit_offer": prepares_offer & offer_is_editable,
    "competitions.submit_offer": represents_offeror & (offer_is_draft | offer_is_submitted),
    "competitions.withdraw_offer": represents_offeror & offer_is_submitted & call_accepts_offers,
    # Joint offers (art. 14 ust. 2): the invited organisation's representative accepts or declines.
    "competitions.answer_partner_invitation": represents_invited_organisation,
    "competitions.view_offer_attachments": is_offer_member | manages_offer_call,
    "competitions.list_offers_of_call": manages_call,
    "competitions.check_offers_formally": manages_call,
    # A filed offer's PDF rendered again with today's templates, beside the original (version_pdfs)
    "competitions.render_offer_pdf_again": manages_offer_call,
    # The commission (law.md §2.5)
    "competitions.nominate_commission_candidates": represents_an_organisation,
    "competitions.view_commission_pool": is_call_officer | is_executive,
    "competitions.appoint_commission": is_executive,
    "competitions.sit_on_commission": is_commission_member,
    # Small grants (art. 19a)
    "competitions.manage_small_grant": manages_small_grant,
    "competitions.decide_small_grant": manages_small_grant | (is_executive & rules.is_authenticated),
}

# Later stages keep their rules in their own modules (scoring, results, agreements, reports).
from wspolpraca.competitions.agreements import rules as rules_agreements  # noqa: E402 - they use the predicates above
from wspolpraca.competitions.evaluation import rules as rules_scoring  # noqa: E402
from wspolpraca.competitions.evaluation import rules_results  # noqa: E402
from wspolpraca.competitions.reporting import rules as rules_reports  # noqa: E402

for _module in (rules_scoring, rules_results, rules_agreements, rules_reports):
    RULES.update(_module.RULES)

for _name, _predicate in RULES.items():
    rules.add_rule(_name, _predicate)
    rules.add_perm(_name, _predicate)
