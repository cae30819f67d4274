"""Writes of the NGO registry. Keyword-only, atomic, each writes an activity-log row."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wspolpraca.common.mail import send_templated_mail
from wspolpraca.common.services import log_action, require_permission
from wspolpraca.common.storage import refuse_when_disk_full
from wspolpraca.common.transitions import move_state
from wspolpraca.organisations.enums import (
    IDENTITY_FIELDS,
    JOIN_REQUEST_TRANSITIONS,
    VERIFICATION_TRANSITIONS,
    JoinRequestStatus,
    MembershipRole,
    VerificationStatus,
)
from wspolpraca.organisations.models import JoinRequest, Membership, Organisation

# Paths under /organizacje/ that an organisation's slug may not take.
RESERVED_SLUGS = {"zaloz", "moje", "eksport", "panel"}
# Fields an organisation's members edit; changes are logged with before and after.
EDITABLE_FIELDS = [
    "name",
    "short_name",
    "legal_form",
    "krs_number",
    "register_name",
    "register_number",
    "nip",
    "regon",
    "is_public_benefit",
    "street_address",
    "postal_code",
    "town",
    "district",
    "email",
    "phone",
    "website",
    "description",
    "logo",
    "bank_account",
]
PRIVATE_FIELDS = {"bank_account"}
_POLISH = str.maketrans({"ł": "l", "Ł": "L"})  # NFKD does not decompose these two


_require = require_permission


def unique_slug(name, *, exclude_pk=None):
    base = slugify(name.translate(_POLISH))[:100].strip("-") or "organizacja"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Organisation.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _mask(field, value):
    if value in (None, ""):
        return ""
    if field in PRIVATE_FIELDS:
        return "…" + str(value)[-4:]
    if hasattr(value, "pk"):
        return str(value)
    if field == "logo":
        return value.name if value else ""
    return value if isinstance(value, bool | int) else str(value)


def _representative_emails(organisation):
    return list(
        organisation.memberships.filter(role=MembershipRole.REPRESENTATIVE, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )


def _notify(*, template, recipients, context):
    """Send one e-mail rendered from organisations/email/<template>_subject.txt and _body.txt."""
    send_templated_mail(template=f"organisations/email/{template}", recipients=recipients, context=context)


@transaction.atomic
def register_organisation(*, actor, areas=(), krs_snapshot=None, krs_fetched_at=None, **fields):
    """Enter an organisation in the registry; its creator becomes its representative.

    The organisation waits for an officer's verification before it appears publicly.
    `krs_snapshot`: what the court register said (krs.KrsRecord.as_snapshot()), fetched at
    `krs_fetched_at`, kept for the officer to compare with what was typed.
    """
    _require(actor, "organisations.register_organisation")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    organisation = Organisation(**fields, verification_status=VerificationStatus.PENDING)
    if krs_snapshot:
        organisation.krs_snapshot, organisation.krs_fetched_at = krs_snapshot, krs_fetched_at
    organisation.slug = unique_slug(organisation.name)
    organisation.full_clean()
    with refuse_when_disk_full("logo"):
        organisation.save()  # stores the logo
    organisation.areas.set(areas)
    Membership.objects.create(user=actor, organisation=organisation, role=MembershipRole.REPRESENTATIVE)
    log_action(
        actor=actor,
        action="organisation.registered",
        obj=organisation,
        data={
            "name": organisation.name,
            "areas": sorted(a.code for a in organisation.areas.all()),
            "from_krs": bool(krs_snapshot),
        },
    )
    return organisation


@transaction.atomic
def update_organisation(*, actor, organisation, areas=None, **changes):
    """Change the organisation's data; the before and after of each changed field is logged.

    A verified organisation's identity data (enums.IDENTITY_FIELDS) is refused here: it changes
    through a request an officer approves (identity_changes.save_organisation_changes)."""
    _require(actor, "organisations.change_organisation", organisation)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = {field: getattr(organisation, field) for field in changes}
    for field, value in changes.items():
        setattr(organisation, field, value)
    organisation.full_clean()
    changed = {}
    for field in changes:
        old, new = before[field], getattr(organisation, field)
        if old != new and not (old in (None, "") and new in (None, "")):
            changed[field] = {"before": _mask(field, old), "after": _mask(field, new)}
    if areas is not None:
        old_codes = sorted(a.code for a in organisation.areas.all())
        new_codes = sorted(a.code for a in areas)
        if old_codes != new_codes:
            organisation.areas.set(areas)
            changed["areas"] = {"before": old_codes, "after": new_codes}
    if not changed:
        return organisation
    needs_approval = [field for field in IDENTITY_FIELDS if field in changed]
    if organisation.is_verified and needs_approval:
        message = _("A verified organisation's name, numbers and bank account change only with the centre's approval.")
        raise ValidationError(dict.fromkeys(needs_approval, message), code="needs_approval")
    with refuse_when_disk_full("logo"):
        organisation.save()  # stores a new logo
    log_action(actor=actor, action="organisation.updated", obj=organisation, data={"changes": changed})
    return organisation


@transaction.atomic
def request_to_join(*, actor, organisation, message="", role=MembershipRole.EDITOR):
    """Ask to act for an organisation; its representatives are told by e-mail."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied("organisations.request_to_join")
    if Membership.objects.filter(user=actor, organisation=organisation).exists():
        raise ValidationError(_("You already belong to this organisation."), code="already_member")
    if JoinRequest.objects.filter(user=actor, organisation=organisation, status=JoinRequestStatus.PENDING).exists():
        raise ValidationError(
            _("You have already asked to join this organisation. Wait for its representative's decision."),
            code="already_requested",
        )
    join_request = JoinRequest.objects.create(user=actor, organisation=organisation, message=message, role=role)
    log_action(
        actor=actor,
        action="organisation.join_requested",
        obj=organisation,
        data={"join_request": join_request.pk, "role": role},
    )
    _notify(
        template="join_request_received",
        recipients=_representative_emails(organisation),
        context={"join_request": join_request, "organisation": organisation},
    )
    return join_request


@transaction.atomic
def decide_join_request(*, actor, join_request, approve, reason=""):
    """Approve (the person becomes a member with the requested role) or refuse with a reason.

    The person who asked is told by e-mail.
    """
    organisation = join_request.organisation
    _require(actor, "organisations.manage_members", organisation)
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequestStatus.PENDING:
        raise ValidationError(_("This request has already been decided."), code="already_decided")
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Give the reason for refusing the request.")}, code="reason_required")
    transition_join_request(
        join_request, JoinRequestStatus.APPROVED if approve else JoinRequestStatus.REFUSED, actor=actor, reason=reason
    )
    if approve:
        Membership.objects.get_or_create(
            user=join_request.user, organisation=organisation, defaults={"role": join_request.role}
        )
    _notify(
        template="join_request_decided",
        recipients=[join_request.user.email],
        context={"join_request": join_request, "organisation": organisation, "approved": approve},
    )
    return join_request


def transition_join_request(join_request, to_status, *, actor, reason=""):
    """The only way a join request changes status (JOIN_REQUEST_TRANSITIONS): check, save, log
    on the organisation. Callers lock the request and e-mail the person who asked."""
    move_state(
        join_request,
        to_status,
        table=JOIN_REQUEST_TRANSITIONS,
        field="status",
        actor=actor,
        action=f"organisation.join_{to_status}",
        changes={"decided_by": actor, "decided_at": timezone.now(), "reason": reason},
        log_obj=join_request.organisation,
        data={"join_request": join_request.pk, "user": join_request.user.email, "reason": reason},
        message=_("This request has already been decided."),
        code="already_decided",
    )
    return join_request


def _representatives_left(organisation, *, without):
    return (
        Membership.objects.select_for_update()
        .filter(organisation=organisation, role=MembershipRole.REPRESENTATIVE)
        .exclude(pk=without.pk)
        .count()
    )


@transaction.atomic
def change_member_role(*, actor, membership, role):
    organisation = membership.organisation
    _require(actor, "organisations.manage_members", organisation)
    if role not in MembershipRole.values:
        raise ValidationError(_("Unknown role."), code="unknown_role")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    old = membership.role
    if old == role:
        return membership
    if old == MembershipRole.REPRESENTATIVE and not _representatives_left(organisation, without=membership):
        raise ValidationError(
            _("The organisation must keep at least one representative. Make someone else a representative first."),
            code="last_representative",
        )
    membership.role = role
    membership.save(update_fields=["role"])
    log_action(
        actor=actor,
        action="organisation.member_role_changed",
        obj=organisation,
        data={"user": membership.user.email, "before": old, "after": role},
    )
    return membership


@transaction.atomic
def remove_member(*, actor, membership):
    """Remove a person from the organisation (a representative may; anyone may leave)."""
    organisation = membership.organisation
    if actor is None or (
        actor.pk != membership.user_id and not actor.has_perm("organisations.manage_members", organisation)
    ):
        raise PermissionDenied("organisations.manage_members")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == MembershipRole.REPRESENTATIVE and not _representatives_left(organisation, without=membership):
        raise ValidationError(
            _("The last representative cannot be removed. Make someone else a representative first."),
            code="last_representative",
        )
    email, role = membership.user.email, membership.role
    membership.delete()
    log_action(actor=actor, action="organisation.member_removed", obj=organisation, data={"user": email, "role": role})


def transition_organisation(
    organisation, to_status, *, actor, action, changes=None, data=None, message=None, code=None
):
    """The only way an organisation's verification status changes (VERIFICATION_TRANSITIONS):
    check, save, log (with `before` and `after`, as the registry's history reads them). Callers
    lock the organisation and e-mail its representatives."""
    before = organisation.verification_status
    move_state(
        organisation,
        to_status,
        table=VERIFICATION_TRANSITIONS,
        field="verification_status",
        actor=actor,
        action=action,
        changes=changes,
        data={"before": before, "after": to_status, **(data or {})},
        message=message,
        code=code or "transition",
        save_all=True,
    )
    return organisation


@transaction.atomic
def verify_organisation(*, actor, organisation):
    """An officer confirms the organisation's data; it appears in the public directory."""
    _require(actor, "organisations.verify_organisation", organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    transition_organisation(
        organisation,
        VerificationStatus.VERIFIED,
        actor=actor,
        action="organisation.verified",
        changes={"verified_at": timezone.now(), "verified_by": actor, "corrections_reason": ""},
        message=_("This organisation is already verified."),
        code="already_verified",
    )
    _notify(
        template="organisation_verified",
        recipients=_representative_emails(organisation),
        context={"organisation": organisation},
    )
    return organisation


@transaction.atomic
def request_corrections(*, actor, organisation, reason):
    """An officer asks the organisation to correct its data; the representatives are e-mailed."""
    _require(actor, "organisations.verify_organisation", organisation)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what needs to be corrected.")}, code="reason_required")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    transition_organisation(
        organisation,
        VerificationStatus.CORRECTIONS_REQUESTED,
        actor=actor,
        action="organisation.corrections_requested",
        changes={"corrections_reason": reason, "verified_at": None, "verified_by": None},
        data={"reason": reason},
        message=_("Corrections have already been requested."),
        code="already_requested",
    )
    _notify(
        template="corrections_requested",
        recipients=_representative_emails(organisation),
        context={"organisation": organisation, "reason": reason},
    )
    return organisation


@transaction.atomic
def resubmit_for_verification(*, actor, organisation):
    """After corrections, a representative sends the organisation back for verification."""
    _require(actor, "organisations.change_organisation", organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.verification_status != VerificationStatus.CORRECTIONS_REQUESTED:
        # PENDING → PENDING is no move, and VERIFIED → PENDING is not in the table: one message for both.
        raise ValidationError(
            _("Only an organisation asked for corrections can be sent for verification again."), code="not_returned"
        )
    transition_organisation(organisation, VerificationStatus.PENDING, actor=actor, action="organisation.resubmitted")
    return organisation
