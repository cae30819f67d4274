"""Receipt of a small-grant offer (art. 19a ust. 3, rule 19): the publication deadline."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.competitions.test_small_grants_factories import sg_call, submitted_offer
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.enums import SmallGrantStage
from wspolpraca.competitions.models import CompetitionSettings, SmallGrantReview
from wspolpraca.competitions.small_grants.services import (
    register_small_grant_offer,
    small_grant_accepts_new_version,
)

pytestmark = pytest.mark.django_db


def warsaw(year, month, day, hour=12, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def test_receipt_opens_the_procedure_with_the_publication_deadline(representative):
    offer = submitted_offer(sg_call(), submitted_at=warsaw(2026, 11, 26))
    review = register_small_grant_offer(offer=offer, actor=representative)
    assert review.stage == SmallGrantStage.RECEIVED
    assert review.received_on == datetime.date(2026, 11, 26)  # Thursday
    # 7 working days: Fri 27, Mon 30, Tue 1, Wed 2, Thu 3, Fri 4, Mon 7 December.
    assert review.publish_by == datetime.date(2026, 12, 7)
    assert ActivityLog.objects.filter(action="small_grant.received", object_id=str(review.pk)).count() == 1


def test_publication_deadline_skips_weekends_and_polish_holidays(representative):
    # Received Tue 22.12.2026: 23 (1), 24–26 holidays, 27 Sunday, 28–31 (2–5), 1.01 holiday,
    # 2–3 weekend, Mon 4 (6), Tue 5 January 2027 (7).
    offer = submitted_offer(sg_call(), submitted_at=warsaw(2026, 12, 22))
    review = register_small_grant_offer(offer=offer, actor=representative)
    assert review.publish_by == datetime.date(2027, 1, 5)


def test_receipt_date_is_the_warsaw_date(representative):
    # 23:30 in Warsaw on 30.11 is 22:30 UTC: still the 30th.
    offer = submitted_offer(sg_call(), submitted_at=warsaw(2026, 11, 30, 23, 30))
    review = register_small_grant_offer(offer=offer, actor=representative)
    assert review.received_on == datetime.date(2026, 11, 30)


def test_the_working_days_come_from_the_settings(representative):
    settings = CompetitionSettings.load()
    settings.small_grant_publish_within_working_days = 2
    settings.save()
    offer = submitted_offer(sg_call(), submitted_at=warsaw(2026, 11, 27))  # Friday
    review = register_small_grant_offer(offer=offer, actor=representative)
    assert review.publish_by == datetime.date(2026, 12, 1)


def test_registering_twice_keeps_one_review(representative):
    offer = submitted_offer(sg_call(), submitted_at=warsaw(2026, 11, 26))
    first = register_small_grant_offer(offer=offer, actor=representative)
    second = register_small_grant_offer(offer=offer, actor=representative)
    assert first.pk == second.pk
    assert SmallGrantReview.objects.count() == 1
    assert ActivityLog.objects.filter(action="small_grant.received").count() == 1


def test_a_new_version_before_publication_moves_the_deadline(representative):
    offer = submitted_offer(sg_call(), submitted_at=warsaw(2026, 11, 26))
    review = register_small_grant_offer(offer=offer, actor=representative)
    assert small_grant_accepts_new_version(offer)
    offer.submitted_at = warsaw(2026, 11, 30)
    offer.save()
    again = register_small_grant_offer(offer=offer, actor=representative)
    assert again.pk == review.pk
    assert again.received_on == datetime.date(2026, 11, 30)
    assert again.publish_by == datetime.date(2026, 12, 9)


def test_a_new_version_after_publication_is_refused(representative):
    offer = submitted_offer(sg_call(), submitted_at=warsaw(2026, 11, 26))
    review = register_small_grant_offer(offer=offer, actor=representative)
    review.published_on = datetime.date(2026, 11, 27)
    review.stage = SmallGrantStage.UNDER_COMMENT
    review.save()
    assert not small_grant_accepts_new_version(offer)
    offer.submitted_at = warsaw(2026, 11, 30)
    offer.save()
    with pytest.raises(ValidationError):
        register_small_grant_offer(offer=offer, actor=representative)
    review.refresh_from_db()
    assert review.received_on == datetime.date(2026, 11, 26)


def test_offers_of_open_competitions_are_not_small_grants(representative):
    from tests.competitions.factories import OfferFactory

    offer = OfferFactory()
    assert small_grant_accepts_new_version(offer)
    with pytest.raises(ValueError):
        register_small_grant_offer(offer=offer, actor=representative)


def test_submission_registers_the_offer_and_refuses_a_new_version_after_publication(representative, officer):
    """Through offer submission (services.submission.submit_offer), as the representative does it."""
    from tests.competitions.factories import CityUnitFactory, OfferFactory
    from tests.competitions.test_small_grants_factories import small_content
    from wspolpraca.competitions.offers.submission import submit_offer
    from wspolpraca.competitions.small_grants.services import publish_small_grant_offer

    unit = CityUnitFactory()
    unit.officers.add(officer)
    call = sg_call(unit=unit)
    organisation = representative.memberships.first().organisation
    offer = OfferFactory(
        call=call, task=call.tasks.first(), organisation=organisation, content=small_content(organisation)
    )
    submit_offer(actor=representative, offer=offer)
    review = SmallGrantReview.objects.get(offer=offer)
    assert review.received_on == timezone.localdate()
    assert review.stage == SmallGrantStage.RECEIVED

    publish_small_grant_offer(
        actor=officer,
        review=review,
        bip_published_on=timezone.localdate(),
        notice_board_published_on=timezone.localdate(),
    )
    offer.refresh_from_db()
    offer.content["III"]["place"] = "Płock, Wzgórze Tumskie"
    offer.save()
    with pytest.raises(ValidationError):
        submit_offer(actor=representative, offer=offer)
    assert offer.versions.count() == 1
