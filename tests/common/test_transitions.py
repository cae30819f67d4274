"""The generic state move (common/transitions.py) and the TRANSITIONS tables it reads."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.factories import UserFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.common.transitions import move_state
from wspolpraca.competitions import enums
from wspolpraca.organisations import enums as organisation_enums
from wspolpraca.organisations.enums import JOIN_REQUEST_TRANSITIONS, JoinRequestStatus
from wspolpraca.organisations.models import JoinRequest

TABLES = [
    (enums.CALL_TRANSITIONS, enums.CallState),
    (enums.OFFER_TRANSITIONS, enums.OfferState),
    (enums.PARTNER_INVITATION_TRANSITIONS, enums.PartnerInvitationState),
    (enums.FORMAL_CHECK_TRANSITIONS, enums.FormalStatus),
    (enums.SMALL_GRANT_TRANSITIONS, enums.SmallGrantStage),
    (enums.COMMENT_TRANSITIONS, enums.CommentStatus),
    (enums.SCORE_SHEET_TRANSITIONS, enums.SheetState),
    (enums.OFFER_UPDATE_TRANSITIONS, enums.OfferUpdateState),
    (enums.AGREEMENT_TRANSITIONS, enums.AgreementState),
    (enums.REPORT_TRANSITIONS, enums.ReportState),
    (JOIN_REQUEST_TRANSITIONS, JoinRequestStatus),
    (organisation_enums.IDENTITY_CHANGE_TRANSITIONS, organisation_enums.IdentityChangeStatus),
]


@pytest.mark.parametrize(("table", "states"), TABLES, ids=[states.__name__ for _t, states in TABLES])
def test_every_state_has_a_row_and_every_move_leads_to_a_state(table, states):
    assert set(states.values) <= set(table)
    assert set(table) - set(states.values) <= {""}  # "": a row not created yet (the formal check)
    assert all(set(targets) <= set(states.values) for targets in table.values())


def _move(join_request, to_status, actor, **more):
    return move_state(
        join_request,
        to_status,
        table=JOIN_REQUEST_TRANSITIONS,
        field="status",
        actor=actor,
        action=f"organisation.join_{to_status}",
        **more,
    )


@pytest.fixture
def join_request(organisation):
    return JoinRequest.objects.create(user=UserFactory(), organisation=organisation)


@pytest.mark.django_db
def test_a_move_is_saved_logged_and_notified(join_request, representative, django_capture_on_commit_callbacks):
    told = []
    with django_capture_on_commit_callbacks(execute=True):
        came_from = _move(
            join_request,
            JoinRequestStatus.REFUSED,
            representative,
            changes={"reason": "Nie znamy tej osoby."},
            reason=" Nie znamy tej osoby. ",
            log_obj=join_request.organisation,
            notify=lambda: told.append("sent"),
        )
    assert came_from == JoinRequestStatus.PENDING
    join_request.refresh_from_db()
    assert (join_request.status, join_request.reason) == (JoinRequestStatus.REFUSED, "Nie znamy tej osoby.")
    row = ActivityLog.objects.get(action="organisation.join_refused")
    assert row.actor == representative
    assert row.object_id == str(join_request.organisation.pk)
    assert row.data == {"from": "pending", "to": "refused", "reason": "Nie znamy tej osoby."}
    assert told == ["sent"]


@pytest.mark.django_db
def test_a_move_the_table_refuses_changes_nothing(join_request, representative):
    join_request.status = JoinRequestStatus.APPROVED  # a decided request, as loaded from the database
    join_request.save()
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        _move(join_request, JoinRequestStatus.REFUSED, representative, changes={"reason": "x"})
    assert caught.value.code == "transition"
    assert caught.value.messages == ["This cannot change from “approved” to “refused”."]
    join_request.refresh_from_db()
    assert (join_request.status, join_request.reason) == (JoinRequestStatus.APPROVED, "")
    assert not ActivityLog.objects.exists()


@pytest.mark.django_db
def test_the_state_field_is_not_a_change(join_request, representative):
    with pytest.raises(ValueError):
        _move(join_request, JoinRequestStatus.REFUSED, representative, changes={"status": JoinRequestStatus.APPROVED})
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.PENDING
