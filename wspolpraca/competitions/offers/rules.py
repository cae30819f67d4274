"""Who may do what with offers: NGO members prepare them, only a representative submits.

An offer stays editable while it is a draft, until the deadline once submitted, while a call to
correct is open (the formal check) and while an update after a reduced award waits for the offeror.
"""

import rules
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wspolpraca.accounts.roles import MEMBERSHIPS_ATTRIBUTE
from wspolpraca.competitions.calls.rules import manages_call
from wspolpraca.competitions.enums import OfferState, OfferUpdateState
from wspolpraca.competitions.models import FormalCheck, OfferPartner, OfferUpdate
from wspolpraca.organisations.enums import MembershipRole, VerificationStatus
from wspolpraca.organisations.models import Membership, Organisation

UPDATE_OPEN_STATES = (OfferUpdateState.REQUESTED, OfferUpdateState.RETURNED)
UPDATE_WITHDRAWABLE_STATES = (OfferUpdateState.REQUESTED, OfferUpdateState.RETURNED, OfferUpdateState.SUBMITTED)


# Bumped whenever a membership or an organisation is saved or deleted in this process: a person
# object that outlives a change (a test, a service that adds a member and then checks) asks again.
_MEMBERSHIPS_GENERATION = [0]


@receiver([post_save, post_delete], sender=Membership, dispatch_uid="offers.rules.memberships_changed")
@receiver([post_save, post_delete], sender=Organisation, dispatch_uid="offers.rules.organisations_changed")
def _memberships_changed(**kwargs):
    _MEMBERSHIPS_GENERATION[0] += 1


def _memberships(user):
    """{organisation id: role} of the user's verified organisations: one query, then kept on the
    user object, which lives for one request (the editor asks four times), until a membership
    or an organisation changes."""
    generation, cached = getattr(user, MEMBERSHIPS_ATTRIBUTE, (None, None))
    if generation != _MEMBERSHIPS_GENERATION[0]:
        generation = _MEMBERSHIPS_GENERATION[0]
        cached = dict(
            Membership.objects.filter(
                user=user, organisation__verification_status=VerificationStatus.VERIFIED
            ).values_list("organisation_id", "role")
        )
        setattr(user, MEMBERSHIPS_ATTRIBUTE, (generation, cached))
    return cached


def _roles(user, organisation_ids, *, partners_of=None):
    """The user's roles in the verified organisations among `organisation_ids` (and, with
    `partners_of`, the partners of that offer)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    memberships = _memberships(user)
    found = {memberships[pk] for pk in organisation_ids if pk in memberships}
    others = [pk for pk in memberships if pk not in organisation_ids]
    if partners_of is not None and others:
        listed = getattr(partners_of, "listed_partners", None)  # prefetched by with_submitted_checksum
        if listed is not None:
            partner_ids = [partner.organisation_id for partner in listed]
        else:
            partner_ids = OfferPartner.objects.filter(offer=partners_of, organisation_id__in=others).values_list(
                "organisation_id", flat=True
            )
        found |= {memberships[pk] for pk in partner_ids if pk in memberships}
    return found


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


def check_of(offer):
    """The offer's FormalCheck, or None."""
    if offer is None or offer.pk is None:
        return None
    try:
        return offer.formal_check
    except FormalCheck.DoesNotExist:
        return None


def open_correction(offer):
    """The offer's FormalCheck while a call to correct is open (by the server clock), else None."""
    check = check_of(offer)
    return check if check is not None and check.correction_open else None


@rules.predicate
def correction_open(user, offer):
    """A call to correct is open for the offer (by the server clock)."""
    return open_correction(offer) is not None


def update_of(offer):
    """The offer's OfferUpdate (after a reduced award), or None."""
    if offer is None or offer.pk is None:
        return None
    try:
        return offer.award_update
    except OfferUpdate.DoesNotExist:
        return None


@rules.predicate
def update_open(user, offer):
    """An update after a reduced award waits for the offeror (requested or returned)."""
    update = update_of(offer)
    return update is not None and update.state in UPDATE_OPEN_STATES


# The offer may still change (who may change it is another matter: prepares_offer).
offer_is_editable = offer_is_draft | (offer_is_submitted & (call_accepts_offers | correction_open | update_open))

RULES = {
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
}
