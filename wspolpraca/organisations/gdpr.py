"""Hooks for the accounts module's "download my data" and "delete my account".

The organisations stay (the law requires keeping their records); only the person's
links to them go.
"""

from django.db import transaction

from wspolpraca.common.services import log_action
from wspolpraca.organisations.models import JoinRequest, Membership


def export_user_data(user):
    """The user's memberships and requests to join, as JSON-serialisable data."""
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
    }


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
