"""Hooks for the accounts module's "download my data" and "delete my account".

The organisations stay (the law requires keeping their records); only the person's
links to them go.
"""

from django.db import transaction
from django.db.models import Q

from wspolpraca.common.services import log_action
from wspolpraca.organisations.enums import MembershipRole
from wspolpraca.organisations.models import IdentityChangeRequest, JoinRequest, Membership, Organisation


def export_user_data(user):
    """The user's memberships, requests to join and the changes of identity data the user asked
    for or decided, as JSON-serialisable data."""
    memberships = Membership.objects.filter(user=user).select_related("organisation").order_by("created_at", "pk")
    join_requests = JoinRequest.objects.filter(user=user).select_related("organisation").order_by("created_at", "pk")
    return {
        "memberships": [
            {
                "organisation": m.organisation.name,
                "organisation_krs": m.organisation.krs_number or "",
                "role": m.role,
                "role_label": str(m.get_role_display()),
                "since": m.created_at.isoformat(),
            }
            for m in memberships
        ],
        "join_requests": [
            {
                "organisation": r.organisation.name,
                "role": r.role,
                "message": r.message,
                "status": r.status,
                "sent_at": r.created_at.isoformat(),
                "decided_at": r.decided_at.isoformat() if r.decided_at else None,
                "reason": r.reason,
            }
            for r in join_requests
        ],
        "identity_changes": _identity_changes(user),
    }


def _identity_changes(user):
    """Requested or decided by `user`; the bank accounts by their last four digits, as in the log."""
    changes = (
        IdentityChangeRequest.objects.filter(Q(requested_by=user) | Q(decided_by=user))
        .select_related("organisation")
        .order_by("created_at", "pk")
    )
    return [
        {
            "organisation": c.organisation.name,
            "requested_by_you": c.requested_by_id == user.pk,
            "decided_by_you": c.decided_by_id == user.pk,
            "changes": [
                {"field": str(label), "before": str(old), "after": str(new)} for label, old, new in c.masked_rows
            ],
            "status": c.status,
            "status_label": str(c.get_status_display()),
            "requested_at": c.created_at.isoformat(),
            "decided_at": c.decided_at.isoformat() if c.decided_at else None,
            "reason": c.reason,
        }
        for c in changes
    ]


@transaction.atomic
def erase_user_data(user):
    """Delete the user's memberships and requests to join. Returns what was deleted."""
    memberships = Membership.objects.filter(user=user)
    organisation_ids = list(memberships.values_list("organisation_id", flat=True))
    deleted_memberships, _ = memberships.delete()
    deleted_requests, _ = JoinRequest.objects.filter(user=user).delete()
    log_action(
        actor=None,
        action="organisation.member_data_erased",
        data={"memberships": deleted_memberships, "join_requests": deleted_requests, "organisations": organisation_ids},
    )
    return {"memberships": deleted_memberships, "join_requests": deleted_requests}


def deletion_warnings(user):
    """Warn before deleting an account that is the last representative of an organisation."""
    from django.db.models import Count, Q
    from django.utils.translation import gettext

    alone = (
        Organisation.objects.annotate(
            reps=Count("memberships", filter=Q(memberships__role=MembershipRole.REPRESENTATIVE))
        )  # annotate before filtering on the same relation, so the count is not limited to the user's row
        .filter(reps=1, memberships__user=user, memberships__role=MembershipRole.REPRESENTATIVE)
        .order_by("name")
    )
    return [
        gettext("You are the last representative of %(name)s: it will be left without a representative.")
        % {"name": org.name}
        for org in alone
    ]
