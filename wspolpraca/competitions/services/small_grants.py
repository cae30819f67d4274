"""The small-grant procedure of art. 19a: receipt, publication for comments, moderation, decision.

Timeline (law.md §3, §8 rules 18–20; the numbers come from CompetitionSettings):

- Receipt: `register_small_grant_offer` is called by offer submission. The review's
  `received_on` is the Warsaw date of submission and `publish_by` is
  `add_working_days(received_on, 7)` (Saturdays, Sundays and Polish holidays do not count).
- New versions: before publication a new submitted version simply replaces the old one:
  the review stays, its receipt date and publication deadline are recomputed from the new
  submission. Once the offer has been published for comments the public saw that version,
  so a new version is refused: `small_grant_accepts_new_version(offer)` answers False and
  `register_small_grant_offer` raises ValidationError (rolling back the submission).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.dates import add_working_days
from wspolpraca.common.services import log_action
from wspolpraca.competitions.enums import CallMode, SmallGrantStage
from wspolpraca.competitions.models import CompetitionSettings, SmallGrantReview


def small_grant_accepts_new_version(offer):
    """Whether a (new) version of this small-grant offer may be submitted now.

    True for offers of other calls, for a first submission and while the offer has not been
    published for comments; False once it has been published (or decided).
    """
    if offer.call.mode != CallMode.SMALL_GRANT or offer.pk is None:
        return True
    review = SmallGrantReview.objects.filter(offer=offer).only("published_on", "stage").first()
    return review is None or (review.published_on is None and review.stage == SmallGrantStage.RECEIVED)


@transaction.atomic
def register_small_grant_offer(*, offer, actor):
    """Open (or refresh) the art. 19a procedure for a submitted small-grant offer.

    Idempotent: called again for the same submission it changes nothing. Refuses (with
    ValidationError) a new version once the offer has been published for comments.
    """
    if offer.call.mode != CallMode.SMALL_GRANT:
        raise ValueError("Not a small-grant offer.")
    settings = CompetitionSettings.load()
    submitted = offer.submitted_at or timezone.now()
    received_on = timezone.localdate(submitted)
    publish_by = add_working_days(received_on, settings.small_grant_publish_within_working_days)
    review = SmallGrantReview.objects.select_for_update().filter(offer=offer).first()
    if review is None:
        review = SmallGrantReview.objects.create(
            offer=offer, stage=SmallGrantStage.RECEIVED, received_on=received_on, publish_by=publish_by
        )
        log_action(
            actor=actor,
            action="small_grant.received",
            obj=review,
            data={"offer": offer.pk, "received_on": received_on.isoformat(), "publish_by": publish_by.isoformat()},
        )
        return review
    if review.published_on is not None or review.stage != SmallGrantStage.RECEIVED:
        raise ValidationError(
            _(
                "This offer has already been published for comments; a new version can no longer be submitted. "
                "Contact the officer if something must be corrected."
            )
        )
    if (review.received_on, review.publish_by) != (received_on, publish_by):
        before = {"received_on": review.received_on.isoformat(), "publish_by": review.publish_by.isoformat()}
        review.received_on, review.publish_by = received_on, publish_by
        review.save(update_fields=["received_on", "publish_by"])
        log_action(
            actor=actor,
            action="small_grant.received",
            obj=review,
            data={
                "offer": offer.pk,
                "new_version": True,
                "before": before,
                "received_on": received_on.isoformat(),
                "publish_by": publish_by.isoformat(),
            },
        )
    return review
