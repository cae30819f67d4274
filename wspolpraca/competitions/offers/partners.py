"""Partners of a joint offer (art. 14 ust. 2): invitation, answer, withdrawal, removal.

Decisions:
- An organisation becomes a partner (OfferPartner: its members then see the offer) only when
  its representative accepts the lead offeror's invitation. Until then it sees nothing of the
  offer but the invitation itself, and a pending invitation blocks submission (offer_checks).
- `transition_partner_invitation` is the only way an invitation changes state: it checks the
  move (enums.PARTNER_INVITATION_TRANSITIONS), saves and writes the activity-log row.
- At most one open invitation per offer and organisation (a conditional unique constraint); a
  declined or withdrawn one may be followed by a new invitation.
- The invited organisation's representatives are e-mailed a link to the invitation page; the
  lead organisation's representatives and the person who invited, the answer (accepted or
  declined) with a link to the offer's partners page.
"""

import logging

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.mail import in_site_language, send_templated_mail
from wspolpraca.common.services import log_action
from wspolpraca.common.transitions import move_state
from wspolpraca.competitions.enums import PARTNER_INVITATION_TRANSITIONS, PartnerInvitationState
from wspolpraca.competitions.models import Offer, OfferPartner, PartnerInvitation
from wspolpraca.competitions.offers.formal_check import part_editable
from wspolpraca.competitions.offers.rules import offer_is_editable
from wspolpraca.competitions.offers.services import _require_edit, _set_offerors
from wspolpraca.organisations.enums import MembershipRole, VerificationStatus
from wspolpraca.organisations.selectors import representative_emails

logger = logging.getLogger(__name__)

State = PartnerInvitationState
ACTIONS = {
    State.INVITED: "offer.partner_invited",
    State.ACCEPTED: "offer.partner_invitation_accepted",
    State.DECLINED: "offer.partner_invitation_declined",
    State.WITHDRAWN: "offer.partner_invitation_withdrawn",
    State.REMOVED: "offer.partner_removed",
}


def transition_partner_invitation(invitation, to_state, *, actor):
    """The only way an invitation changes state (PARTNER_INVITATION_TRANSITIONS): check, save, log.
    `invitation=None` is not accepted; a new invitation is created in INVITED by `invite_partner`."""
    changes = {}
    if invitation.state == State.INVITED:
        changes = {
            "decided_by": actor if actor is not None and actor.is_authenticated else None,
            "decided_at": timezone.now(),
        }
    move_state(
        invitation,
        to_state,
        table=PARTNER_INVITATION_TRANSITIONS,
        actor=actor,
        action=ACTIONS[State(to_state)],
        changes=changes,
        log_obj=invitation.offer,
        data={"organisation": invitation.organisation_id},
        message=_("This invitation cannot change any more: %(state)s."),
        save_all=True,
    )
    return invitation


def _log(invitation, *, actor, from_state=""):
    log_action(
        actor=actor,
        action=ACTIONS[State(invitation.state)],
        obj=invitation.offer,
        data={"organisation": invitation.organisation_id, "from": from_state, "to": invitation.state},
    )


def _locked_offer(offer_id):
    return Offer.objects.select_for_update(of=("self",)).select_related("call").get(pk=offer_id)


@transaction.atomic
def invite_partner(*, actor, offer, organisation):
    """Invite `organisation` to the joint offer; it sees nothing of it until it accepts."""
    offer = _locked_offer(offer.pk)
    _require_edit(actor, offer, "partners")
    if organisation.verification_status != VerificationStatus.VERIFIED:
        raise ValidationError(_("Only verified organisations may be partners."))
    if organisation.pk == offer.organisation_id:
        raise ValidationError(_("The lead offeror cannot also be its own partner."))
    if offer.partners.filter(organisation=organisation).exists():
        raise ValidationError(_("This organisation is already a partner of the offer."))
    try:
        with transaction.atomic():
            invitation = PartnerInvitation.objects.create(offer=offer, organisation=organisation, invited_by=actor)
    except IntegrityError as error:
        raise ValidationError(_("This organisation has already been invited and has not answered yet.")) from error
    _log(invitation, actor=actor)
    pk = invitation.pk
    transaction.on_commit(lambda: _send_after_commit(pk))
    return invitation


def _locked_invitation(invitation):
    invitation = PartnerInvitation.objects.select_for_update().get(pk=invitation.pk)
    invitation.offer = _locked_offer(invitation.offer_id)
    return invitation


@transaction.atomic
def accept_partner_invitation(*, actor, invitation):
    """The invited organisation's representative accepts: it becomes a partner of the offer."""
    invitation = _locked_invitation(invitation)
    if not rules.test_rule("competitions.answer_partner_invitation", actor, invitation):
        raise PermissionDenied
    offer = invitation.offer
    if invitation.state == State.INVITED and not (
        offer_is_editable.test(actor, offer) and part_editable(offer, "partners")
    ):
        raise ValidationError(_("The offer can no longer change its partners; the invitation cannot be accepted."))
    transition_partner_invitation(invitation, State.ACCEPTED, actor=actor)
    position = max([*offer.partners.values_list("position", flat=True), 1]) + 1
    partner = OfferPartner.objects.create(offer=offer, organisation=invitation.organisation, position=position)
    _set_offerors(offer)
    offer.save()
    _answer_after_commit(invitation)
    return partner


@transaction.atomic
def decline_partner_invitation(*, actor, invitation):
    invitation = _locked_invitation(invitation)
    if not rules.test_rule("competitions.answer_partner_invitation", actor, invitation):
        raise PermissionDenied
    invitation = transition_partner_invitation(invitation, State.DECLINED, actor=actor)
    _answer_after_commit(invitation)
    return invitation


@transaction.atomic
def withdraw_partner_invitation(*, actor, invitation):
    """The lead offeror's editors and representatives withdraw an invitation not yet answered."""
    invitation = _locked_invitation(invitation)
    _require_edit(actor, invitation.offer, "partners")
    return transition_partner_invitation(invitation, State.WITHDRAWN, actor=actor)


@transaction.atomic
def remove_partner(*, actor, partner):
    offer = _locked_offer(partner.offer_id)
    _require_edit(actor, offer, "partners")
    organisation_id = partner.organisation_id
    partner.delete()
    _set_offerors(offer)
    offer.last_edited_by = actor
    offer.save()
    accepted = PartnerInvitation.objects.filter(offer=offer, organisation_id=organisation_id, state=State.ACCEPTED)
    invitation = accepted.select_for_update().order_by("-invited_at", "-pk").first()
    if invitation is not None:
        invitation.offer = offer
        transition_partner_invitation(invitation, State.REMOVED, actor=actor)
    else:  # a partner from before invitations without its row
        log_action(actor=actor, action=ACTIONS[State.REMOVED], obj=offer, data={"organisation": organisation_id})


def pending_invitations(user):
    """Invitations awaiting the answer of an organisation the user represents (one query; one
    membership per person and organisation, so the join repeats no row and needs no DISTINCT)."""
    return (
        PartnerInvitation.objects.filter(
            state=PartnerInvitationState.INVITED,
            organisation__verification_status=VerificationStatus.VERIFIED,
            organisation__memberships__user=user,
            organisation__memberships__role=MembershipRole.REPRESENTATIVE,
        )
        .select_related("organisation", "offer", "offer__call", "offer__organisation")
        .order_by("-invited_at", "-pk")
    )


# --- e-mail -------------------------------------------------------------------------------------


def _send_after_commit(pk):
    try:
        send_invitation_mail(
            invitation=PartnerInvitation.objects.select_related(
                "offer", "offer__call", "offer__organisation", "organisation", "invited_by"
            ).get(pk=pk)
        )
    except Exception:
        logger.exception("The invitation %s to a joint offer could not be e-mailed.", pk)


@in_site_language
def send_invitation_mail(*, invitation):
    """To the invited organisation's representatives: who invites, to what, and the link."""
    recipients = representative_emails(invitation.organisation)
    if not recipients:
        return
    context = {
        "invitation": invitation,
        "offer": invitation.offer,
        "call": invitation.offer.call,
        "url": settings.SITE_URL + reverse("offers:invitation", args=[invitation.pk]),
    }
    subject = _("Invitation to a joint offer from %(name)s") % {"name": invitation.offer.organisation.name}
    body = render_to_string("competitions/email/partner_invitation.txt", context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def _answer_after_commit(invitation):
    pk = invitation.pk
    transaction.on_commit(lambda: _send_answer_after_commit(pk))


def _send_answer_after_commit(pk):
    try:
        send_answer_mail(
            invitation=PartnerInvitation.objects.select_related(
                "offer", "offer__call", "offer__organisation", "organisation", "invited_by", "decided_by"
            ).get(pk=pk)
        )
    except Exception:
        logger.exception("The answer to the invitation %s to a joint offer could not be e-mailed.", pk)


def send_answer_mail(*, invitation):
    """To the lead organisation's representatives and the person who invited: the partner's answer."""
    recipients = representative_emails(invitation.offer.organisation)
    invited_by = invitation.invited_by
    if invited_by is not None and invited_by.is_active:
        recipients.append(invited_by.email)
    send_templated_mail(
        template="competitions/email/partner_invitation_answered",
        recipients=recipients,
        context={
            "invitation": invitation,
            "offer": invitation.offer,
            "call": invitation.offer.call,
            "accepted": invitation.state == State.ACCEPTED,
            "url": settings.SITE_URL + reverse("offers:partners", args=[invitation.offer_id]),
        },
    )
