"""The competition commission (law.md §2.5, §8 rules 11–14).

Decisions:
- Organisations' representatives nominate candidates to a pool; a nomination is valid for
  two years (NgoNomination.VALID_DAYS). Only active nominations linked to a user account
  may be appointed (the member logs in to declare impartiality and read offers).
- Only the executive (and administrators, who hold every permission) appoints or removes members and records why a commission has no NGO
  members. A person nominated by an organisation with a submitted offer in the call (lead or
  partner) is refused (art. 15(2d)). Exactly one chair; experts are stored but never counted.
- Every member files one impartiality declaration per call before seeing any offer; a
  conflict with one offer hides that offer from them.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.mail import in_site_language
from wspolpraca.common.services import log_action
from wspolpraca.competitions.enums import CommissionRole, FormalStatus, OfferState, WithoutNgoReason
from wspolpraca.competitions.models import (
    CommissionMember,
    CommissionWithoutNgo,
    ImpartialityDeclaration,
    NgoNomination,
    Offer,
)
from wspolpraca.organisations.enums import MembershipRole, VerificationStatus
from wspolpraca.organisations.models import Membership


def represents(user, organisation):
    return bool(
        user.is_authenticated
        and Membership.objects.filter(
            user=user,
            organisation=organisation,
            role=MembershipRole.REPRESENTATIVE,
            organisation__verification_status=VerificationStatus.VERIFIED,
        ).exists()
    )


def active_nominations():
    return NgoNomination.objects.filter(valid_until__gte=timezone.localdate())


@transaction.atomic
def nominate_candidate(*, actor, organisation, name, email, qualifications, consent, user=None):
    if not represents(actor, organisation):
        raise PermissionDenied
    if not consent:
        raise ValidationError({"consent": _("The candidate's consent is required.")})
    now = timezone.now()
    nomination = NgoNomination.objects.create(
        organisation=organisation,
        name=name,
        email=email,
        user=user,
        qualifications=qualifications,
        consent_at=now,
        nominated_by=actor,
        nominated_at=now,
        valid_until=timezone.localdate(now) + datetime.timedelta(days=NgoNomination.VALID_DAYS),
    )
    log_action(actor=actor, action="commission.nominated", obj=organisation, data={"nomination": nomination.pk})
    return nomination


def offeror_ids(call):
    """Organisations with a submitted offer in the call, as lead or partner."""
    offers = Offer.objects.filter(call=call, state=OfferState.SUBMITTED)
    ids = set(offers.values_list("organisation_id", flat=True))
    ids |= set(offers.values_list("partners__organisation_id", flat=True))
    ids.discard(None)
    return ids


def _require_executive(actor):
    if not (actor.is_authenticated and actor.is_active and (actor.is_executive or actor.is_superuser)):
        raise PermissionDenied


@transaction.atomic
def appoint_commission_member(*, actor, call, role, user=None, nomination=None):
    """Appoint an officer (user) or an NGO nominee (nomination); `role` CHAIR may be either."""
    _require_executive(actor)
    if role not in CommissionRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    if nomination is not None:
        if nomination.valid_until < timezone.localdate():
            raise ValidationError({"nomination": _("This nomination has expired.")})
        if nomination.user_id is None:
            raise ValidationError({"nomination": _("The candidate has no user account; they could not sign in.")})
        if nomination.organisation_id in offeror_ids(call):
            raise ValidationError(
                {
                    "nomination": _(
                        "The candidate was nominated by an organisation that submitted an offer in this call "
                        "(art. 15(2d))."
                    )
                }
            )
        user = nomination.user
        if role == CommissionRole.OFFICER:
            role = CommissionRole.NGO
    elif user is None:
        raise ValidationError({"user": _("Choose a person.")})
    elif role in (CommissionRole.OFFICER, CommissionRole.CHAIR, CommissionRole.NGO) and not user.is_officer:
        raise ValidationError({"user": _("Only officers may represent the authority.")})
    if role == CommissionRole.NGO and nomination is None:
        raise ValidationError({"nomination": _("An NGO member must come from the pool of nominations.")})
    if CommissionMember.objects.filter(call=call, user=user).exists():
        raise ValidationError({"user": _("This person is already a member of the commission.")})
    if role == CommissionRole.CHAIR and CommissionMember.objects.filter(call=call, role=CommissionRole.CHAIR).exists():
        raise ValidationError({"role": _("The commission already has a chair.")})
    member = CommissionMember.objects.create(call=call, user=user, role=role, nomination=nomination, appointed_by=actor)
    if nomination is not None:
        CommissionWithoutNgo.objects.filter(call=call).delete()
    log_action(actor=actor, action="commission.member_appointed", obj=call, data={"user": user.pk, "role": role})
    _send_appointment(member)
    return member


@in_site_language
def _send_appointment(member):
    if not member.user.email:
        return
    body = render_to_string(
        "competitions/email/commission_appointed.txt",
        {"member": member, "call": member.call, "site_url": settings.SITE_URL},
    )
    subject = _("You were appointed to a competition commission")
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [member.user.email], fail_silently=True)
    )


@transaction.atomic
def remove_commission_member(*, actor, member):
    _require_executive(actor)
    data = {"user": member.user_id, "role": member.role}
    call = member.call
    ImpartialityDeclaration.objects.filter(call=call, user_id=member.user_id).delete()
    member.delete()
    log_action(actor=actor, action="commission.member_removed", obj=call, data=data)


def has_ngo_members(call):
    return CommissionMember.objects.filter(call=call, nomination__isnull=False).exists()


@transaction.atomic
def set_commission_without_ngo_reason(*, actor, call, reason):
    _require_executive(actor)

    if reason not in WithoutNgoReason.values:
        raise ValidationError({"reason": _("Choose one of the statutory reasons.")})
    if has_ngo_members(call):
        raise ValidationError({"reason": _("The commission has members nominated by organisations.")})
    record, _created = CommissionWithoutNgo.objects.update_or_create(
        call=call, defaults={"reason": reason, "recorded_by": actor, "recorded_at": timezone.now()}
    )
    log_action(actor=actor, action="commission.without_ngo_reason", obj=call, data={"reason": reason})
    return record


def commission_problems(call):
    """What keeps the commission from being complete (for the panel)."""
    problems = []
    members = list(call.commission_members.select_related("user", "nomination"))
    offerors = offeror_ids(call)
    for m in members:
        if m.nomination_id and m.nomination.organisation_id in offerors:
            problems.append(
                _("%(name)s was nominated by an organisation that submitted an offer in this call (art. 15(2d)).")
                % {"name": m.user.get_full_name() or m.user.email}
            )
    if not any(m.role == CommissionRole.CHAIR for m in members):
        problems.append(_("The commission has no chair."))
    if not any(m.nomination_id for m in members) and not CommissionWithoutNgo.objects.filter(call=call).exists():
        problems.append(_("The commission has no NGO members and no statutory reason is recorded."))
    return problems


def without_ngo_problem(call):
    """Art. 15(2da): an appointed commission with no member nominated by organisations may work
    only for a statutory reason, recorded by the executive. The message naming what is missing
    and where to record it, or None. Checked when the chair closes the evaluation and when the
    executive decides (a call with no commission at all is refused by its own rule)."""
    members = CommissionMember.objects.filter(call=call)
    if not members.exists() or members.filter(nomination__isnull=False).exists():
        return None
    if CommissionWithoutNgo.objects.filter(call=call).exists():
        return None
    return _(
        "The commission has no members nominated by organisations and the statutory reason for it "
        "(art. 15(2da)) is not recorded. The executive records it in the section “A commission without "
        "NGO members” of the commission's page: Commissions → this call (%(url)s)."
    ) % {"url": reverse("commission_panel:appoint", args=[call.pk])}


@transaction.atomic
def file_declaration(*, actor, call, no_art24_grounds, other_circumstances="", conflicted_offer=None):
    if not CommissionMember.objects.filter(call=call, user=actor).exists():
        raise PermissionDenied
    if not no_art24_grounds:
        raise ValidationError(
            {"no_art24_grounds": _("Without this confirmation you may not take part; tell the executive.")}
        )
    if conflicted_offer is not None and conflicted_offer.call_id != call.pk:
        raise ValidationError({"conflicted_offer": _("Choose an offer of this call.")})
    if ImpartialityDeclaration.objects.filter(call=call, user=actor).exists():
        raise ValidationError(_("You have already filed your declaration for this call."))
    declaration = ImpartialityDeclaration.objects.create(
        call=call,
        user=actor,
        no_art24_grounds=True,
        other_circumstances=other_circumstances,
        conflicted_offer=conflicted_offer,
    )
    log_action(actor=actor, action="commission.declaration_filed", obj=call, data={"declaration": declaration.pk})
    return declaration


def offers_for_member(call, user):
    """Offers a member may read: none before the declaration; then the submitted offers that
    passed the formal check (or all submitted when none is checked yet), without the conflicted one."""
    declaration = ImpartialityDeclaration.objects.filter(call=call, user=user).first()
    if declaration is None or not CommissionMember.objects.filter(call=call, user=user).exists():
        return Offer.objects.none()
    offers = Offer.objects.filter(call=call, state=OfferState.SUBMITTED)
    if offers.filter(formal_check__isnull=False).exists():
        offers = offers.filter(formal_check__status=FormalStatus.PASSED)
    if declaration.conflicted_offer_id:
        offers = offers.exclude(pk=declaration.conflicted_offer_id)
    return offers.select_related("organisation", "task").order_by("number", "pk")
