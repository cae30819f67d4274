"""Changes of a verified organisation's identity data (enums.IDENTITY_FIELDS) wait for an officer.

A representative's edit is split: the identity fields that change become an
`IdentityChangeRequest` (the organisation keeps its old values, publicly too), the rest is
saved at once. An officer approves (the new values are saved) or rejects with a reason; a
representative may withdraw the request while it waits. `transition_identity_change` owns every
change of a request's state. An organisation that is not verified edits everything at once.

Who is told by e-mail: the officers of the centre (selectors.registry_officer_emails), of every
new request, with its link in the panel; the representatives, of the decision; the other
representatives, when a change of the bank account is requested and when that request is
withdrawn (so that a change they did not expect is noticed, and they know it no longer waits).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.services import log_action, require_permission
from wspolpraca.common.transitions import check_move, move_state
from wspolpraca.organisations.enums import (
    IDENTITY_CHANGE_TRANSITIONS,
    IDENTITY_FIELDS,
    IdentityChangeStatus,
)
from wspolpraca.organisations.models import IdentityChangeRequest, Organisation
from wspolpraca.organisations.selectors import registry_officer_emails
from wspolpraca.organisations.services import (
    EDITABLE_FIELDS,
    _mask,
    _notify,
    _representative_emails,
    update_organisation,
)


def _differs(old, new):
    return old != new and not (old in (None, "") and new in (None, ""))


def _logged_changes(before, after):
    return {name: {"before": _mask(name, before.get(name)), "after": _mask(name, after[name])} for name in after}


@transaction.atomic
def save_organisation_changes(*, actor, organisation, areas=None, **changes):
    """What the edit form saves: returns (organisation, the change request made or None).

    For a verified organisation the identity fields that change go to an officer for approval
    (`request_identity_change`); everything else is saved at once (`update_organisation`).
    """
    require_permission(actor, "organisations.change_organisation", organisation)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not organisation.is_verified:
        return update_organisation(actor=actor, organisation=organisation, areas=areas, **changes), None
    candidate = Organisation.objects.get(pk=organisation.pk)
    for field, value in changes.items():
        setattr(candidate, field, value)
    candidate.full_clean()  # every field, and the new numbers' uniqueness, checked before anything is saved
    identity = {
        name: getattr(candidate, name)
        for name in IDENTITY_FIELDS
        if name in changes and _differs(getattr(organisation, name), getattr(candidate, name))
    }
    change_request = None
    if identity:
        change_request = request_identity_change(actor=actor, organisation=organisation, after=identity)
    rest = {name: value for name, value in changes.items() if name not in identity}
    organisation = update_organisation(actor=actor, organisation=organisation, areas=areas, **rest)
    return organisation, change_request


@transaction.atomic
def request_identity_change(*, actor, organisation, after):
    """Ask the centre to approve new identity data (`after`: field → new, cleaned value).

    Refused when a request of the organisation already waits. The centre's officers are e-mailed
    the request's link; the other representatives too when the bank account is to change.
    """
    require_permission(actor, "organisations.request_identity_change", organisation)
    unknown = set(after) - set(IDENTITY_FIELDS)
    if unknown:
        raise TypeError(f"Not identity fields: {', '.join(sorted(unknown))}")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not organisation.is_verified:
        raise ValidationError(_("The organisation is not verified: its data is changed directly."), code="not_verified")
    if organisation.identity_changes.filter(status=IdentityChangeStatus.PENDING).exists():
        raise ValidationError(
            _(
                "A change of the organisation's name, numbers or bank account already awaits the centre's approval. "
                "Withdraw it first if you want to ask for a different change."
            ),
            code="already_pending",
        )
    before = {name: getattr(organisation, name) for name in after}
    change_request = IdentityChangeRequest.objects.create(
        organisation=organisation, before=before, after=dict(after), requested_by=actor
    )
    log_action(
        actor=actor,
        action="organisation.identity_change_requested",
        obj=organisation,
        data={"request": change_request.pk, "changes": _logged_changes(before, after)},
    )
    context = {"organisation": organisation, "change_request": change_request, "requested_by": actor}
    _notify(template="identity_change_requested", recipients=registry_officer_emails(), context=context)
    if change_request.changes_bank_account:
        _notify(
            template="bank_account_change_requested",
            recipients=_other_representative_emails(organisation, actor),
            context=context,
        )
    return change_request


def _other_representative_emails(organisation, actor):
    return [email for email in _representative_emails(organisation) if email != actor.email]


@transaction.atomic
def transition_identity_change(change_request, to_status, *, actor, reason=""):
    """The only way a change request changes state: check the move, apply an approval, log, e-mail.

    Callers have checked the actor's permission; the request is locked here.
    """
    change_request = IdentityChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    refused = _("This request has already been decided or withdrawn.")
    check_move(change_request, to_status, table=IDENTITY_CHANGE_TRANSITIONS, field="status", message=refused)
    reason = (reason or "").strip()
    if to_status == IdentityChangeStatus.REJECTED and not reason:
        raise ValidationError({"reason": _("Give the reason for rejecting the change.")}, code="reason_required")
    organisation = Organisation.objects.select_for_update().get(pk=change_request.organisation_id)
    if to_status == IdentityChangeStatus.APPROVED:
        _apply(organisation, change_request.after)
    move_state(
        change_request,
        to_status,
        table=IDENTITY_CHANGE_TRANSITIONS,
        field="status",
        actor=actor,
        action=f"organisation.identity_change_{to_status}",
        changes={"decided_by": actor, "decided_at": timezone.now(), "reason": reason},
        reason=reason,
        log_obj=organisation,
        data={"request": change_request.pk, "changes": _logged_changes(change_request.before, change_request.after)},
        message=refused,
    )
    if to_status in (IdentityChangeStatus.APPROVED, IdentityChangeStatus.REJECTED):
        _notify(
            template="identity_change_decided",
            recipients=_representative_emails(organisation),
            context={
                "organisation": organisation,
                "change_request": change_request,
                "approved": to_status == IdentityChangeStatus.APPROVED,
            },
        )
    elif to_status == IdentityChangeStatus.WITHDRAWN and change_request.changes_bank_account:
        _notify(
            template="bank_account_change_withdrawn",
            recipients=_other_representative_emails(organisation, actor),
            context={"organisation": organisation, "change_request": change_request, "withdrawn_by": actor},
        )
    return change_request


def _apply(organisation, after):
    """Save the approved values; the organisation stays verified. Checked again: a number may
    have been taken by another organisation since the request."""
    for name, value in after.items():
        setattr(organisation, name, value)
    try:
        organisation.full_clean()
    except ValidationError as error:
        raise ValidationError(
            _("The requested data can no longer be saved: %(problems)s Reject the request and give this reason.")
            % {"problems": " ".join(error.messages)},
            code="no_longer_valid",
        ) from None
    organisation.save()


@transaction.atomic
def decide_identity_change(*, actor, change_request, approve, reason=""):
    """An officer approves the change (the new data is saved and public) or rejects it with a reason."""
    require_permission(actor, "organisations.decide_identity_change", change_request.organisation)
    to_status = IdentityChangeStatus.APPROVED if approve else IdentityChangeStatus.REJECTED
    return transition_identity_change(change_request, to_status, actor=actor, reason=reason)


@transaction.atomic
def withdraw_identity_change(*, actor, change_request):
    """A representative withdraws the organisation's request while it waits."""
    require_permission(actor, "organisations.request_identity_change", change_request.organisation)
    return transition_identity_change(change_request, IdentityChangeStatus.WITHDRAWN, actor=actor)
