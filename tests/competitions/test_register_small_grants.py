"""Small grants in the register of grants: the decision writes the row; migration 0006 fills the past."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.competitions.factories import CityUnitFactory
from tests.competitions.test_small_grants_factories import planned, sg_call, submitted_offer
from wspolpraca.competitions.enums import CallMode, OfferState, SmallGrantStage
from wspolpraca.competitions.models import CompetitionSettings, Grant, SmallGrantReview
from wspolpraca.competitions.small_grants import decision
from wspolpraca.competitions.small_grants import services as services

pytestmark = pytest.mark.django_db

migration = importlib.import_module("wspolpraca.competitions.migrations.0006_grants_from_small_grants")


@pytest.fixture
def unit(officer):
    unit = CityUnitFactory(name="Wydział Zdrowia")
    unit.officers.add(officer)
    return unit


def review_ready_for_decision(unit, officer, **offer_kwargs):
    """A small-grant offer published for comments, its comment window over."""
    offer = submitted_offer(sg_call(unit=unit), **offer_kwargs)
    review = services.register_small_grant_offer(offer=offer, actor=None)
    review, _warnings = services.publish_small_grant_offer(
        actor=officer,
        review=review,
        bip_published_on=timezone.localdate(),
        notice_board_published_on=timezone.localdate(),
    )
    shift = datetime.timedelta(days=CompetitionSettings.load().small_grant_comment_days + 1)
    review.comments_until -= shift
    review.save()
    return review


def test_deciding_a_small_grant_as_funded_puts_it_in_the_register(client, unit, officer):
    planned()
    review = review_ready_for_decision(unit, officer, title="Zdrowe Podwórko")
    assert not Grant.objects.exists()
    review, _warnings = decision.decide_small_grant(
        actor=officer, review=review, funded=True, amount=Decimal("4200.00"), reason="Celowe"
    )
    grant = Grant.objects.get()
    offer = review.offer
    assert (grant.offer, grant.call, grant.unit, grant.organisation) == (
        offer,
        offer.call,
        unit,
        offer.organisation,
    )
    assert (grant.mode, grant.year, grant.amount) == (CallMode.SMALL_GRANT, offer.call.year, Decimal("4200.00"))
    assert (grant.area, grant.task_title, grant.title) == (offer.task.area, offer.task.title, "Zdrowe Podwórko")
    assert grant.awarded_on == timezone.localdate(review.decided_at)
    assert grant.withdrawn_at is None
    response = client.get(reverse("register:index"), {"mode": CallMode.SMALL_GRANT})
    assert [row.pk for row in response.context["page_obj"].object_list] == [grant.pk]


def test_a_small_grant_not_funded_is_not_in_the_register(unit, officer):
    review = review_ready_for_decision(unit, officer)
    decision.decide_small_grant(actor=officer, review=review, funded=False, reason="Poza zakresem")
    assert not Grant.objects.exists()


def test_a_refused_decision_writes_no_row(unit, officer):
    planned()
    review = review_ready_for_decision(unit, officer)
    with pytest.raises(ValidationError):  # more than the offer asks for
        decision.decide_small_grant(actor=officer, review=review, funded=True, amount=Decimal("9999.00"), reason="x")
    assert not Grant.objects.exists()


# --- the data migration -------------------------------------------------------------------------


def _decided(unit, *, stage, amount=None, decided_at=None, withdrawn=False):
    call = sg_call(unit=unit, slug=f"male-granty-migracja-{SmallGrantReview.objects.count()}")
    offer = submitted_offer(call)
    review = SmallGrantReview.objects.create(
        offer=offer,
        stage=stage,
        received_on=datetime.date(2026, 3, 2),
        publish_by=datetime.date(2026, 3, 11),
        published_on=datetime.date(2026, 3, 4),
        comments_until=datetime.date(2026, 3, 11),
        decision_amount=amount,
        decision_reason="Uzasadnienie",
        decided_at=decided_at,
    )
    if withdrawn:
        offer.state = OfferState.WITHDRAWN
        offer.withdrawn_at = timezone.now()
        offer.save()
    return review


def test_migration_creates_rows_for_funded_small_grants_once(unit):
    # 23:30 UTC on 31 March is already 1 April in Warsaw: the date of the decision is Warsaw's.
    decided_at = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)
    funded = _decided(unit, stage=SmallGrantStage.FUNDED, amount=Decimal("6000.00"), decided_at=decided_at)
    _decided(unit, stage=SmallGrantStage.NOT_FUNDED, decided_at=decided_at)
    _decided(unit, stage=SmallGrantStage.UNDER_COMMENT)
    withdrawn = _decided(
        unit, stage=SmallGrantStage.FUNDED, amount=Decimal("3000.00"), decided_at=decided_at, withdrawn=True
    )
    already = _decided(unit, stage=SmallGrantStage.FUNDED, amount=Decimal("1000.00"), decided_at=decided_at)
    offer = already.offer
    Grant.objects.create(
        offer=offer,
        call=offer.call,
        unit=unit,
        organisation=offer.organisation,
        mode=CallMode.SMALL_GRANT,
        year=offer.call.year,
        task_title=offer.task.title,
        amount=Decimal("1000.00"),
        awarded_on=datetime.date(2026, 4, 1),
    )

    migration.create_grants(apps, None)
    migration.create_grants(apps, None)  # idempotent

    assert Grant.objects.count() == 3
    grant = Grant.objects.get(offer=funded.offer)
    offer = funded.offer
    assert (grant.call, grant.unit, grant.organisation, grant.area) == (
        offer.call,
        unit,
        offer.organisation,
        offer.task.area,
    )
    assert (grant.mode, grant.year, grant.amount) == (CallMode.SMALL_GRANT, offer.call.year, Decimal("6000.00"))
    assert (grant.task_title, grant.title) == (offer.task.title, offer.title)
    assert grant.awarded_on == datetime.date(2026, 4, 1)
    assert grant.withdrawn_at is None
    assert Grant.objects.get(offer=withdrawn.offer).withdrawn_at is not None
    assert Grant.objects.filter(offer=already.offer).count() == 1


def test_migration_is_the_leaf_after_0005():
    assert migration.Migration.dependencies == [("competitions", "0005_evaluation_results_agreements")]
