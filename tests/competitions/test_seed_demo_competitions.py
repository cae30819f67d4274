"""The competitions part of seed_demo: idempotent, and every state the demo promises exists."""

import hashlib

import pytest
from django.core.management import call_command
from django.utils import timezone

from wspolpraca.accounts.models import User
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.calls import selectors
from wspolpraca.competitions.calls.services import deadline_problem, missing_elements
from wspolpraca.competitions.enums import (
    AgreementState,
    CallMode,
    CallState,
    CancellationGround,
    CommentStatus,
    CommissionRole,
    CriterionKind,
    FormalStatus,
    OfferState,
    OfferUpdateState,
    ReportKind,
    ReportState,
    SheetState,
    SmallGrantStage,
)
from wspolpraca.competitions.evaluation import overview, results
from wspolpraca.competitions.models import (
    Agreement,
    AgreementAnnex,
    AgreementTranche,
    Call,
    CallDocument,
    CityUnit,
    CommissionMember,
    Decision,
    FormalCheck,
    Grant,
    GrantReturn,
    ImpartialityDeclaration,
    NgoNomination,
    Offer,
    OfferAssessment,
    OfferAttachment,
    OfferUpdate,
    OfferVersion,
    PlannedCall,
    PlannedGrantsBudget,
    ReasonsRequest,
    Report,
    ScoreSheet,
    Settlement,
    SmallGrantComment,
    SmallGrantReview,
    TaxArrearsRate,
)
from wspolpraca.competitions.offers.checks import problems_for
from wspolpraca.competitions.reporting import services as reports
from wspolpraca.competitions.small_grants import decision as small_grant_decision
from wspolpraca.competitions.small_grants import selectors as small_grants
from wspolpraca.organisations.models import Membership

pytestmark = pytest.mark.django_db

MODELS = [
    User,
    ActivityLog,
    CityUnit,
    Call,
    CallDocument,
    Offer,
    OfferAttachment,
    OfferVersion,
    PlannedCall,
    PlannedGrantsBudget,
    SmallGrantReview,
    SmallGrantComment,
    Membership,
    NgoNomination,
    CommissionMember,
    ImpartialityDeclaration,
    FormalCheck,
    ScoreSheet,
    OfferAssessment,
    Decision,
    Grant,
    ReasonsRequest,
    OfferUpdate,
    Agreement,
    AgreementTranche,
    AgreementAnnex,
    Report,
    Settlement,
    GrantReturn,
    TaxArrearsRate,
]


def counts():
    return {model.__name__: model._default_manager.count() for model in MODELS}


def test_seed_demo_builds_every_state_once(settings):
    """One test (seeding takes seconds): the expected states exist, and a second run changes nothing."""
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()
    states = dict(Call.objects.values_list("slug", "state"))
    stages = dict(SmallGrantReview.objects.values_list("pk", "stage"))
    agreements = dict(Agreement.objects.values_list("number", "state"))
    report_states = sorted(Report.objects.values_list("agreement__number", "kind", "state"))

    check_units_and_calls()
    check_offers()
    check_plan_and_planned_grants()
    check_small_grants_procedure()
    check_every_state_after_the_deadline()
    check_scoring_call()
    check_evaluated_call()
    check_resolved_calls()
    check_agreements_reports_settlement()
    check_cancelled_under_18a()
    # The demo played the past through the services with a shifted clock: nothing is dated ahead.
    assert not ActivityLog.objects.filter(created_at__gt=timezone.now()).exists()

    call_command("seed_demo")
    assert counts() == first
    assert dict(Call.objects.values_list("slug", "state")) == states
    assert dict(SmallGrantReview.objects.values_list("pk", "stage")) == stages
    assert dict(Agreement.objects.values_list("number", "state")) == agreements
    assert sorted(Report.objects.values_list("agreement__number", "kind", "state")) == report_states


def check_units_and_calls():
    centre = CityUnit.objects.get(is_centre=True)
    assert centre.officers.filter(email="urzednik@example.org").exists()
    assert CityUnit.objects.count() >= 5
    competitions = Call.objects.competitions()
    assert set(competitions.values_list("state", flat=True)) == set(CallState.values)
    assert competitions.values("unit").distinct().count() >= 5
    assert competitions.filter(state=CallState.OPEN).count() >= 2
    for cancelled in competitions.filter(state=CallState.CANCELLED):
        assert cancelled.cancellation_reason and cancelled.cancelled_at

    # Every public tab of /konkursy/ has something, by the clock.
    for tab, condition in selectors.tab_conditions().items():
        assert competitions.filter(condition).exists(), tab
    upcoming = competitions.get(state=CallState.PUBLISHED)
    assert upcoming.offers_from > timezone.now() and not upcoming.accepts_offers()
    # Last year's calls are in the archive, resolved and their agreements settled.
    archived = competitions.filter(selectors.tab_conditions()[selectors.ARCHIVE]).exclude(state=CallState.CANCELLED)
    assert set(archived.values_list("year", flat=True)) == {timezone.localdate().year - 1}
    assert set(archived.values_list("state", flat=True)) == {CallState.RESOLVED}
    assert set(Agreement.objects.filter(offer__call__in=archived).values_list("state", flat=True)) == {
        AgreementState.SETTLED
    }

    sport = competitions.get(state=CallState.OPEN, financing="support", unit__slug="wydzial-sportu-i-rekreacji")
    assert sport.accepts_offers()
    multi_year = [task for task in sport.tasks.all() if task.budgets.count() == 2]
    assert multi_year and {b.year for b in multi_year[0].budgets.all()} == {sport.year, sport.year + 1}
    assert competitions.filter(state=CallState.OPEN, financing="entrust").exists()

    for call in Call.objects.all():
        assert missing_elements(call) == [], call
        assert call.required_attachments.exists()
        document = call.documents.get()
        assert document.file.read(5) == b"%PDF-"
        if call.mode == CallMode.OPEN_COMPETITION:
            kinds = set(call.criteria.values_list("kind", flat=True))
            assert CriterionKind.LOCAL in kinds and CriterionKind.CAPACITY in kinds
        if call.state != CallState.DRAFT:
            assert call.published_at <= timezone.now()
            assert (
                deadline_problem(call, call.website_published_on, call.bip_published_on, call.notice_board_published_on)
                is None
            ), call


def check_offers():
    ngo = User.objects.get(email="ngo@example.org")
    flagship = Membership.objects.get(user=ngo, role="representative", organisation__verification_status="verified")
    mine = Offer.objects.filter(organisation=flagship.organisation)
    draft = mine.get(state=OfferState.DRAFT, partners__isnull=True)
    assert draft.call.accepts_offers() and problems_for(draft)
    joint = mine.get(state=OfferState.DRAFT, partners__isnull=False)
    assert joint.call.accepts_offers() and problems_for(joint) == []
    assert mine.filter(state=OfferState.SUBMITTED).exists()
    assert Offer.objects.visible_to_organisation_member(User.objects.get(email="redaktor@example.org")).count() >= 3

    submitted = Offer.objects.filter(state=OfferState.SUBMITTED)
    assert submitted.count() >= 10
    for offer in submitted:
        version = offer.versions.get(is_current=True)
        assert offer.number and version.checksum == hashlib.sha256(version.canonical.encode()).hexdigest()
        # Versions after the deadline come from a call to correct or an update after the award.
        assert offer.versions.order_by("number").first().submitted_at < offer.call.offer_deadline
    assert OfferVersion.objects.filter(number=2).exists()
    withdrawn = Offer.objects.get(state=OfferState.WITHDRAWN)
    assert withdrawn.versions.exists() and withdrawn.withdrawn_at

    closed = Call.objects.competitions().filter(state=CallState.CLOSED, year=timezone.localdate().year + 1)
    # One in its formal check (one offer called to correct), one in scoring, one without offers.
    assert closed.count() == 3
    for call in closed:
        assert call.closed_at >= call.offer_deadline and call.closed_at < timezone.now()
    in_check = [c for c in closed if c.offers.exists() and not c.commission_members.exists()]
    assert len(in_check) == 1 and in_check[0].offers.filter(state=OfferState.SUBMITTED).count() >= 3
    checks = FormalCheck.objects.filter(offer__call=in_check[0])
    assert list(checks.values_list("status", flat=True)) == [FormalStatus.CORRECTION]
    assert checks.get().correction_deadline > timezone.now()
    empty = [c for c in closed if not c.offers.exists()]
    assert len(empty) == 1 and results.required_cancellation_ground(empty[0]) == CancellationGround.NO_OFFERS


def check_plan_and_planned_grants():
    year = timezone.localdate().year
    assert set(PlannedGrantsBudget.objects.values_list("year", flat=True)) >= {year, year + 1}
    plan = PlannedCall.objects.filter(year=year + 1)
    assert plan.filter(call__isnull=False).count() >= 3
    assert plan.filter(call__isnull=True).count() >= 1
    assert plan.values("month").distinct().count() >= 3


def check_small_grants_procedure():
    today = timezone.localdate()
    call = Call.objects.small_grants().get()
    assert call.state == CallState.OPEN and call.accepts_offers() and call.year == today.year
    reviews = {r.stage: r for r in SmallGrantReview.objects.all()}
    assert set(reviews) == set(SmallGrantStage.values)

    received = reviews[SmallGrantStage.RECEIVED]
    assert received.publish_by >= today
    assert small_grants.awaiting_publication(SmallGrantReview.objects.all()).filter(pk=received.pk).exists()

    under_comment = reviews[SmallGrantStage.UNDER_COMMENT]
    assert under_comment.comment_window_open()
    statuses = sorted(under_comment.comments.values_list("status", flat=True))
    assert statuses == sorted([CommentStatus.PUBLISHED, CommentStatus.PENDING])

    waiting = reviews[SmallGrantStage.AWAITING_DECISION]
    assert waiting.comment_window_over()
    assert waiting.comments.filter(status=CommentStatus.PUBLISHED, considered_at__isnull=False).exists()
    assert small_grant_decision.decision_blockers(waiting) == []

    funded = reviews[SmallGrantStage.FUNDED]
    assert funded.decision_amount == funded.offer.requested_grant and funded.decided_at < timezone.now()
    assert reviews[SmallGrantStage.NOT_FUNDED].decision_reason
    for review in reviews.values():
        assert review.received_on <= today and review.publish_by > review.received_on
        if review.published_on:
            assert review.received_on <= review.published_on <= today
            last = max(review.published_on, review.bip_published_on, review.notice_board_published_on)
            assert (review.comments_until - last).days == 7
    assert small_grants.year_cap(today.year).used == funded.decision_amount


def check_every_state_after_the_deadline():
    assert set(Call.objects.values_list("state", flat=True)) == set(CallState.values)
    assert set(Agreement.objects.values_list("state", flat=True)) == set(AgreementState.values)
    assert set(Report.objects.values_list("state", flat=True)) == set(ReportState.values)
    assert set(OfferUpdate.objects.values_list("state", flat=True)) == set(OfferUpdateState.values)
    assert set(Report.objects.values_list("kind", flat=True)) == set(ReportKind.values)


def check_scoring_call():
    call = Call.objects.competitions().filter(state=CallState.CLOSED, commission_members__isnull=False).distinct().get()
    roles = set(call.commission_members.values_list("role", flat=True))
    assert roles == set(CommissionRole.values)
    assert ImpartialityDeclaration.objects.filter(call=call).count() == call.commission_members.count()
    conflicted = ImpartialityDeclaration.objects.get(call=call, conflicted_offer__isnull=False)
    assert conflicted.user.email == "komisja2@example.org"
    checks = FormalCheck.objects.filter(offer__call=call)
    assert checks.filter(status=FormalStatus.REJECTED).count() == 1
    # Corrected after a call to correct (a second version), then checked again and passed.
    log = ActivityLog.objects.get(action="formal_check.corrected")
    corrected = checks.get(offer_id=log.object_id)
    assert corrected.status == FormalStatus.PASSED and corrected.offer.versions.count() == 2
    assert corrected.checked_at > log.created_at
    assert ActivityLog.objects.filter(action="formal_check.correction_requested", object_id=log.object_id).exists()
    sheets = ScoreSheet.objects.filter(offer__call=call)
    assert sheets.filter(state=SheetState.SUBMITTED).exists() and sheets.filter(state=SheetState.DRAFT).exists()
    assert not sheets.filter(offer=conflicted.conflicted_offer, member__user=conflicted.user).exists()
    # komisja1@ has sheets to score; the chair cannot close the evaluation yet.
    assert any(member.user.email == "komisja1@example.org" for member, _number in overview.missing_sheets(call))
    assert overview.evaluation_missing(call)


def check_evaluated_call():
    call = Call.objects.get(state=CallState.EVALUATED)
    assert call.evaluation_closed_at < timezone.now() and call.decided_at is None
    assert OfferAssessment.objects.filter(offer__call=call, score__isnull=False).count() == call.offers.count()
    assert any(overview.budget_warning(task, call) for task in call.tasks.all())


def check_resolved_calls():
    resolved = Call.objects.filter(state=CallState.RESOLVED)
    assert resolved.count() == 4  # last year's two, one in spring, one recently
    for call in resolved:
        assert call.results_published_at < timezone.now() and call.decided_by.email == "prezydent@example.org"
        assert call.results_bip_published_on and call.results_notice_board_published_on
        assert (
            Grant.objects.filter(call=call).count()
            == Decision.objects.filter(offer__call=call, outcome="funded").count()
        )
    requests = ReasonsRequest.objects.all()
    assert requests.filter(replied_at__isnull=False).exists() and requests.filter(replied_at__isnull=True).exists()
    # ngo@ has an update to submit; a lower award with the update accepted has its agreement drafted.
    mine = OfferUpdate.objects.get(state=OfferUpdateState.REQUESTED)
    assert mine.offer.organisation.memberships.filter(user__email="ngo@example.org").exists()
    assert mine.awarded_amount < mine.offer.requested_grant
    accepted = OfferUpdate.objects.get(state=OfferUpdateState.ACCEPTED)
    assert accepted.offer.agreement.state == AgreementState.DRAFT
    assert accepted.offer.agreement.amount == accepted.awarded_amount
    # The funded small grant is in the register (/wyniki/).
    assert Grant.objects.filter(mode=CallMode.SMALL_GRANT, withdrawn_at__isnull=True).exists()


def check_agreements_reports_settlement():
    today = timezone.localdate()
    flagship = Agreement.objects.filter(offer__organisation__memberships__user__email="ngo@example.org")
    assert flagship.filter(state=AgreementState.SENT).exists()
    in_force = flagship.get(state=AgreementState.IN_FORCE)
    assert in_force.annexes.exists()
    tranches = in_force.tranches.all()
    assert {t.transferred_on is None for t in tranches} == {True, False}
    due_soon = in_force.reports.get(kind=ReportKind.PARTIAL)
    assert due_soon.state == ReportState.DUE and 0 <= (due_soon.due_date - today).days <= reports.reminder_days() + 3
    assert any(reports.is_overdue(report) for report in Report.objects.filter(state=ReportState.DUE))
    for report in Report.objects.filter(state__in=[ReportState.SUBMITTED, ReportState.ACCEPTED]):
        assert report.checksum and report.submitted_at < timezone.now()
    settlement = Settlement.objects.get(returns__isnull=False)
    assert settlement.agreement.state == AgreementState.SETTLED
    assert settlement.settled_at and settlement.unused > 0
    late = GrantReturn.objects.get(settlement=settlement)
    assert late.paid_on > settlement.return_deadline and late.interest > 0
    assert TaxArrearsRate.objects.exists()
    assert Agreement.objects.get(state=AgreementState.TERMINATED).termination_reason


def check_cancelled_under_18a():
    call = Call.objects.get(cancellation_ground=CancellationGround.NO_OFFERS)
    assert call.state == CallState.CANCELLED and not call.offers.exists()
    assert call.offer_deadline < call.cancelled_at
    assert call.cancellation_bip_published_on and call.cancellation_notice_board_published_on
