"""The art. 19a procedure: publication for comments, moderation, consideration, the decision
and its limits (law.md §3, §8 rules 19–20)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.competitions.factories import CityUnitFactory
from tests.competitions.test_small_grants_factories import planned, sg_call, submitted_offer
from tests.factories import UserFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.enums import CommentStatus, SmallGrantStage
from wspolpraca.competitions.models import CompetitionSettings, SmallGrantComment
from wspolpraca.competitions.small_grants import decision
from wspolpraca.competitions.small_grants import services as services

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def unit(officer):
    unit = CityUnitFactory()
    unit.officers.add(officer)
    return unit


@pytest.fixture
def review(unit, representative):
    offer = submitted_offer(sg_call(unit=unit), representative=representative)
    return services.register_small_grant_offer(offer=offer, actor=representative)


def published(review, officer, *, days_ago=0):
    """Publish as if it happened `days_ago` days ago (all three channels the same day)."""
    review, _warnings = services.publish_small_grant_offer(
        actor=officer,
        review=review,
        bip_published_on=timezone.localdate(),
        notice_board_published_on=timezone.localdate(),
    )
    if days_ago:
        shift = datetime.timedelta(days=days_ago)
        review.published_on -= shift
        review.bip_published_on -= shift
        review.notice_board_published_on -= shift
        review.comments_until -= shift
        review.save()
    return review


def window_over(review, officer):
    settings = CompetitionSettings.load()
    return published(review, officer, days_ago=settings.small_grant_comment_days + 1)


# --- publication ------------------------------------------------------------------------------


def test_publication_sets_the_comment_window_from_the_last_publication(review, officer):
    today = timezone.localdate()
    earlier = max(review.received_on, today - datetime.timedelta(days=1))
    review, warnings = services.publish_small_grant_offer(
        actor=officer, review=review, bip_published_on=earlier, notice_board_published_on=today
    )
    assert review.stage == SmallGrantStage.UNDER_COMMENT
    assert review.published_on == today
    # 7 days from the day after the last publication, the 7th included.
    assert review.comments_until == today + datetime.timedelta(days=7)
    assert review.comment_window_open(today + datetime.timedelta(days=7))
    assert not review.comment_window_open(today + datetime.timedelta(days=8))
    assert warnings == []
    assert ActivityLog.objects.filter(action="small_grant.published", object_id=str(review.pk)).exists()


def test_late_publication_is_warned_not_refused(review, officer):
    review.received_on = timezone.localdate() - datetime.timedelta(days=30)
    review.publish_by = timezone.localdate() - datetime.timedelta(days=15)
    review.save()
    review, warnings = services.publish_small_grant_offer(
        actor=officer,
        review=review,
        bip_published_on=timezone.localdate(),
        notice_board_published_on=timezone.localdate(),
    )
    assert review.stage == SmallGrantStage.UNDER_COMMENT
    assert len(warnings) == 1 and review.publish_by.strftime("%d.%m.%Y") in warnings[0]


def test_publication_dates_cannot_be_in_the_future_or_before_receipt(review, officer):
    with pytest.raises(ValidationError) as error:
        services.publish_small_grant_offer(
            actor=officer,
            review=review,
            bip_published_on=timezone.localdate() + datetime.timedelta(days=1),
            notice_board_published_on=review.received_on - datetime.timedelta(days=1),
        )
    assert set(error.value.error_dict) == {"bip_published_on", "notice_board_published_on"}


def test_only_the_units_officers_publish(review, representative):
    outsider = UserFactory(is_officer=True)
    for user in (representative, outsider):
        with pytest.raises(PermissionDenied):
            services.publish_small_grant_offer(
                actor=user,
                review=review,
                bip_published_on=timezone.localdate(),
                notice_board_published_on=timezone.localdate(),
            )


def test_publishing_twice_is_refused(review, officer):
    published(review, officer)
    with pytest.raises(ValidationError):
        published(review, officer)


# --- comments ---------------------------------------------------------------------------------


def test_comments_are_accepted_only_while_the_window_is_open(review, officer):
    with pytest.raises(ValidationError):  # not published yet
        services.add_comment(review=review, author_name="Jan", author_email="jan@example.org", text="Uwaga")
    review = published(review, officer)
    comment = services.add_comment(review=review, author_name="Jan", author_email="jan@example.org", text="Uwaga")
    assert comment.status == CommentStatus.PENDING
    review = published_shift(review, days=8)
    with pytest.raises(ValidationError):
        services.add_comment(review=review, author_name="Ewa", author_email="ewa@example.org", text="Za późno")


def published_shift(review, *, days):
    shift = datetime.timedelta(days=days)
    review.published_on -= shift
    review.comments_until -= shift
    review.save()
    return review


def test_comments_are_rate_limited_per_address(review, officer):
    review = published(review, officer)
    for n in range(services.COMMENT_RATE_LIMIT):
        services.add_comment(review=review, author_name="Bot", author_email="b@example.org", text=f"{n}", ip="1.2.3.4")
    with pytest.raises(services.CommentRateLimited):
        services.add_comment(review=review, author_name="Bot", author_email="b@example.org", text="x", ip="1.2.3.4")
    services.add_comment(review=review, author_name="Ewa", author_email="e@example.org", text="ok", ip="5.6.7.8")


def test_moderation_publishes_or_rejects_with_a_reason(review, officer):
    review = published(review, officer)
    first = services.add_comment(review=review, author_name="A", author_email="a@example.org", text="Dobre")
    second = services.add_comment(review=review, author_name="B", author_email="b@example.org", text="spam")
    services.moderate_comment(actor=officer, comment=first, publish=True)
    with pytest.raises(ValidationError):
        services.moderate_comment(actor=officer, comment=second, publish=False, reason="")
    services.moderate_comment(actor=officer, comment=second, publish=False, reason="Reklama")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (CommentStatus.PUBLISHED, CommentStatus.REJECTED)
    log = ActivityLog.objects.filter(action="small_grant.comment_moderated").order_by("pk").last()
    assert log.data["reason"] == "Reklama"
    with pytest.raises(ValidationError):
        services.moderate_comment(actor=officer, comment=first, publish=False, reason="again")


def test_only_published_comments_are_considered(review, officer):
    review = published(review, officer)
    comment = services.add_comment(review=review, author_name="A", author_email="a@example.org", text="?")
    with pytest.raises(ValidationError):
        services.mark_comment_considered(actor=officer, comment=comment, consideration="ok")
    services.moderate_comment(actor=officer, comment=comment, publish=True)
    with pytest.raises(ValidationError):
        services.mark_comment_considered(actor=officer, comment=comment, consideration="  ")
    services.mark_comment_considered(actor=officer, comment=comment, consideration="Uwzględniono w umowie.")
    comment.refresh_from_db()
    assert comment.considered_at and comment.considered_by == officer


# --- the decision (rule 19) -------------------------------------------------------------------


def test_decision_is_refused_before_the_window_ends(review, officer):
    planned()
    review = published(review, officer)
    with pytest.raises(ValidationError) as error:
        decision.decide_small_grant(actor=officer, review=review, funded=True, amount=Decimal("5000"), reason="OK")
    assert review.comments_until.strftime("%d.%m.%Y") in " ".join(error.value.messages)
    # The last day of the window is still inside it.
    review = published_shift(review, days=7)
    assert review.comments_until == timezone.localdate()
    with pytest.raises(ValidationError):
        decision.decide_small_grant(actor=officer, review=review, funded=True, amount=Decimal("5000"), reason="OK")
    review = published_shift(review, days=1)
    review, _w = decision.decide_small_grant(
        actor=officer, review=review, funded=True, amount=Decimal("5000"), reason="OK"
    )
    assert review.stage == SmallGrantStage.FUNDED


def test_decision_is_refused_while_a_comment_is_unconsidered_or_unmoderated(review, officer):
    planned()
    review = published(review, officer)
    pending = services.add_comment(review=review, author_name="A", author_email="a@example.org", text="?")
    review = published_shift(review, days=8)
    with pytest.raises(ValidationError, match="moderation"):
        decision.decide_small_grant(actor=officer, review=review, funded=False, reason="Nie")
    services.moderate_comment(actor=officer, comment=pending, publish=True)
    with pytest.raises(ValidationError, match="considered"):
        decision.decide_small_grant(actor=officer, review=review, funded=False, reason="Nie")
    services.mark_comment_considered(actor=officer, comment=pending, consideration="Przeanalizowano.")
    review, _w = decision.decide_small_grant(actor=officer, review=review, funded=False, reason="Nie")
    assert review.stage == SmallGrantStage.NOT_FUNDED and review.decision_amount is None


def test_rejected_comments_need_no_consideration(review, officer):
    planned()
    review = published(review, officer)
    comment = services.add_comment(review=review, author_name="A", author_email="a@example.org", text="spam")
    services.moderate_comment(actor=officer, comment=comment, publish=False, reason="Spam")
    review = published_shift(review, days=8)
    decision.decide_small_grant(actor=officer, review=review, funded=False, reason="Nie")


def test_amount_is_at_most_the_request_and_the_maximum(review, officer):
    planned()
    review = window_over(review, officer)
    with pytest.raises(ValidationError) as error:
        decision.decide_small_grant(actor=officer, review=review, funded=True, amount=Decimal("5500.01"), reason="x")
    assert "amount" in error.value.error_dict
    offer = review.offer
    offer.requested_grant = Decimal("12000.00")
    offer.save()
    with pytest.raises(ValidationError, match="at most"):
        decision.decide_small_grant(actor=officer, review=review, funded=True, amount=Decimal("10000.01"), reason="x")
    review, _w = decision.decide_small_grant(
        actor=officer, review=review, funded=True, amount=Decimal("10000.00"), reason="x"
    )
    assert review.decision_amount == Decimal("10000.00")


def test_decision_emails_the_representatives_and_is_logged(
    review, officer, representative, mailoutbox, django_capture_on_commit_callbacks
):
    planned()
    review = window_over(review, officer)
    with django_capture_on_commit_callbacks(execute=True):
        decision.decide_small_grant(actor=officer, review=review, funded=True, amount=Decimal("5000"), reason="Celowe")
    assert [m.to for m in mailoutbox] == [[representative.email]]
    assert "5" in mailoutbox[0].body and "Celowe" in mailoutbox[0].body
    entry = ActivityLog.objects.get(action="small_grant.decided", object_id=str(review.pk))
    assert entry.data == {"funded": True, "amount": "5000", "reason": "Celowe", "from": "under_comment", "to": "funded"}


def test_the_executive_may_decide_but_not_publish(review, officer, executive):
    planned()
    with pytest.raises(PermissionDenied):
        published(review, executive)
    review = window_over(review, officer)
    review, _w = decision.decide_small_grant(actor=executive, review=review, funded=False, reason="Nie")
    assert review.decided_by == executive


# --- the 20% cap and the per-organisation limit (rule 20) -------------------------------------


def funded_elsewhere(unit, amount, organisation=None):
    """A decided (funded) small grant of the same year, as history."""
    from wspolpraca.competitions.models import SmallGrantReview

    call = sg_call(unit=unit, slug=f"mg-{SmallGrantReview.objects.count()}-{amount}", title="Inne")
    offer = submitted_offer(call, organisation=organisation)
    today = timezone.localdate()
    return SmallGrantReview.objects.create(
        offer=offer,
        received_on=today,
        publish_by=today,
        stage=SmallGrantStage.FUNDED,
        decision_amount=Decimal(amount),
    )


def test_no_planned_grants_blocks_with_a_message(review, officer):
    review = window_over(review, officer)
    with pytest.raises(ValidationError) as error:
        decision.decide_small_grant(actor=officer, review=review, funded=True, amount=Decimal("1000"), reason="x")
    assert error.value.code == "no_planned_grants"
    assert "not entered" in error.value.messages[0]
    # Refusing needs no planned grants.
    decision.decide_small_grant(actor=officer, review=review, funded=False, reason="Nie")


def test_cap_blocks_an_overrun_naming_cap_used_and_remaining(review, officer, unit):
    planned(amount=Decimal("100000.00"))  # 20% = 20,000
    funded_elsewhere(unit, "9000")
    funded_elsewhere(unit, "8000")
    review = window_over(review, officer)
    with pytest.raises(ValidationError) as error:
        decision.decide_small_grant(actor=officer, review=review, funded=True, amount=Decimal("3000.01"), reason="x")
    message = " ".join(error.value.messages)
    assert "20\u00a0000,00\u00a0zł" in message  # the cap
    assert "17\u00a0000,00\u00a0zł" in message  # used
    assert "3\u00a0000,00\u00a0zł" in message  # remaining
    assert review.stage != SmallGrantStage.FUNDED
    # Exactly up to the cap passes, with a warning that the limit is nearly used.
    review, warnings = decision.decide_small_grant(
        actor=officer, review=review, funded=True, amount=Decimal("3000.00"), reason="x"
    )
    assert review.stage == SmallGrantStage.FUNDED
    assert any("nearly used" in w for w in warnings)


def test_cap_share_comes_from_the_settings(review, officer, unit):
    settings = CompetitionSettings.load()
    settings.small_grant_share_cap_pct = Decimal("1.00")
    settings.save()
    planned(amount=Decimal("100000.00"))  # 1% = 1,000
    review = window_over(review, officer)
    with pytest.raises(ValidationError, match="Over the limit"):
        decision.decide_small_grant(actor=officer, review=review, funded=True, amount=Decimal("1000.01"), reason="x")


def test_no_warning_far_from_the_cap(review, officer):
    planned(amount=Decimal("1000000.00"))
    review = window_over(review, officer)
    _review, warnings = decision.decide_small_grant(
        actor=officer, review=review, funded=True, amount=Decimal("5000"), reason="x"
    )
    assert warnings == []


def test_per_organisation_limit_is_off_by_default_and_blocks_when_set(review, officer, unit):
    planned()
    organisation = review.offer.organisation
    funded_elsewhere(unit, "10000", organisation=organisation)
    funded_elsewhere(unit, "8000", organisation=organisation)
    assert CompetitionSettings.load().small_grant_yearly_limit_per_organisation is None
    review = window_over(review, officer)
    settings = CompetitionSettings.load()
    settings.small_grant_yearly_limit_per_organisation = Decimal("20000.00")
    settings.save()
    with pytest.raises(ValidationError, match="per organisation"):
        decision.decide_small_grant(actor=officer, review=review, funded=True, amount=Decimal("2000.01"), reason="x")
    settings.small_grant_yearly_limit_per_organisation = None
    settings.save()
    review, _w = decision.decide_small_grant(
        actor=officer, review=review, funded=True, amount=Decimal("5000"), reason="x"
    )
    assert review.stage == SmallGrantStage.FUNDED


def test_decided_twice_is_refused(review, officer):
    review = window_over(review, officer)
    decision.decide_small_grant(actor=officer, review=review, funded=False, reason="Nie")
    with pytest.raises(ValidationError):
        decision.decide_small_grant(actor=officer, review=review, funded=False, reason="Nie")


# --- reminders --------------------------------------------------------------------------------


def test_publication_reminders_are_sent_once_a_day(review, officer, mailoutbox, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    review.publish_by = services.add_working_days(today, 1)
    review.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_publication_reminders(today) == 1
    assert [m.to for m in mailoutbox] == [[officer.email]]
    assert review.offer.title in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_publication_reminders(today) == 0
    assert len(mailoutbox) == 1


def test_no_reminder_when_the_deadline_is_far_or_the_offer_is_published(review, officer, mailoutbox):
    today = timezone.localdate()
    review.publish_by = services.add_working_days(today, 3)
    review.save()
    assert services.send_publication_reminders(today) == 0
    review = published(review, officer)
    review.publish_by = today
    review.save()
    assert services.send_publication_reminders(today) == 0


def test_closing_windows_moves_stage_to_awaiting_decision(review, officer):
    review = published(review, officer, days_ago=8)
    assert services.close_comment_windows() == 1
    review.refresh_from_db()
    assert review.stage == SmallGrantStage.AWAITING_DECISION
    assert decision.decision_blockers(review) == []


def test_closing_a_window_is_a_checked_and_logged_move(review, officer):
    """close_comment_windows goes through transition_small_grant: one log row per procedure
    (from, to, no actor: the scheduler), and a decided procedure is never moved back."""
    review = published(review, officer, days_ago=8)
    assert services.close_comment_windows() == 1
    row = ActivityLog.objects.get(action="small_grant.comments_closed")
    assert (row.object_id, row.actor, row.data["from"], row.data["to"]) == (
        str(review.pk),
        None,
        SmallGrantStage.UNDER_COMMENT,
        SmallGrantStage.AWAITING_DECISION,
    )
    assert services.close_comment_windows() == 0
    with pytest.raises(ValidationError) as caught:
        services.transition_small_grant(review, SmallGrantStage.RECEIVED, actor=None, action="small_grant.published")
    assert caught.value.code == "transition"


def test_comment_model_keeps_the_email(review, officer):
    review = published(review, officer)
    services.add_comment(review=review, author_name="A", author_email="a@example.org", text="x")
    assert SmallGrantComment.objects.get().author_email == "a@example.org"


def test_scheduled_step_reminds_on_working_days_only(review, officer, mailoutbox, django_capture_on_commit_callbacks):
    review.publish_by = datetime.date(2026, 11, 30)  # Monday
    review.save()
    saturday = timezone.make_aware(datetime.datetime(2026, 11, 28, 9, 0))
    friday = timezone.make_aware(datetime.datetime(2026, 11, 27, 9, 0))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.scheduled_step(saturday) == []
        assert services.scheduled_step(friday) == ["1 publication reminder(s) sent"]
        assert services.scheduled_step(friday) == []
    assert len(mailoutbox) == 1


def test_run_scheduled_includes_the_small_grants_step(review, officer):
    from io import StringIO

    from django.core.management import call_command

    published(review, officer, days_ago=8)
    out = StringIO()
    call_command("run_scheduled", stdout=out)
    assert "small_grants: 1 comment window(s) ended" in out.getvalue()


def test_officers_are_told_of_a_comment_to_moderate(review, officer, mailoutbox, django_capture_on_commit_callbacks):
    review = published(review, officer)
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.add_comment(
            review=review, author_name="Ewa", author_email="ewa@example.org", text="Uwaga do kosztorysu"
        )
    assert [m.to for m in mailoutbox] == [[officer.email]]
    assert f"/panel/male-granty/uwagi/{comment.pk}/" in mailoutbox[0].body
    assert "ewa@example.org" not in mailoutbox[0].body
