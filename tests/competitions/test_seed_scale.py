"""seed_scale: the tiny size builds coherent data (every submitted offer passes the checks and its
version's checksum is what submission would compute), refuses to run twice, and --force rebuilds."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.conftest import TEST_TOTP_SECRET
from wspolpraca.accounts.services import enrol_totp
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.enums import CallState, DecisionOutcome, FormalStatus, OfferState
from wspolpraca.competitions.models import (
    Agreement,
    Call,
    CommissionMember,
    Decision,
    Grant,
    Offer,
    OfferVersion,
    Score,
    ScoreSheet,
)
from wspolpraca.competitions.offers import canonical
from wspolpraca.competitions.offers.checks import problems_for
from wspolpraca.demo.scale import SCALE_PREFIX, scale_data_present
from wspolpraca.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def seed(*args):
    out = StringIO()
    call_command("seed_scale", "--size", "tiny", *args, stdout=out)
    return out.getvalue()


def counts():
    return Counter(
        {
            model._meta.label: model.objects.count()
            for model in (
                Organisation,
                Call,
                Offer,
                OfferVersion,
                ScoreSheet,
                Score,
                Decision,
                Grant,
                Agreement,
                ActivityLog,
            )
        }
    )


def test_tiny_size_builds_the_whole_life_cycle():
    output = seed()
    assert "rows/s" in output
    assert scale_data_present()
    calls = Call.objects.filter(slug__startswith=SCALE_PREFIX)
    assert set(calls.values_list("state", flat=True)) >= {
        CallState.OPEN,
        CallState.CLOSED,
        CallState.EVALUATED,
        CallState.RESOLVED,
    }
    assert Offer.objects.filter(state=OfferState.DRAFT).exists()
    assert Score.objects.exists() and Grant.objects.exists() and Agreement.objects.exists()
    assert Decision.objects.filter(outcome=DecisionOutcome.FUNDED).count() == Grant.objects.count()
    # the big call: scored but not closed
    big = Call.objects.get(slug=f"{SCALE_PREFIX}duzy-konkurs")
    assert big.state == CallState.CLOSED and big.evaluation_closed_at is None
    assert (
        ScoreSheet.objects.filter(offer__call=big).count()
        == 3 * big.offers.filter(formal_check__status=FormalStatus.PASSED).count()
    )


def test_every_submitted_offer_passes_the_checks_and_its_checksum_is_what_submission_computes():
    seed()
    submitted = Offer.objects.filter(state=OfferState.SUBMITTED).select_related("call", "task", "organisation")
    assert submitted.count() > 20
    for offer in submitted:
        assert problems_for(offer) == [], offer.pk
        assert (
            len([line for action in offer.content["V"]["actions"] for line in action["lines"]])
            + len(offer.content["V"]["admin_lines"])
            == 15
        )
        text, checksum, _attachments = canonical.for_offer(offer)
        version = offer.versions.get(is_current=True)
        assert (version.canonical, version.checksum) == (text, checksum)
    for offer in Offer.objects.filter(state=OfferState.DRAFT):
        assert problems_for(offer) == []


def test_scores_stay_within_the_criteria_and_sheet_totals_add_up():
    seed()
    for sheet in ScoreSheet.objects.prefetch_related("scores__criterion"):
        points = [s.points for s in sheet.scores.all()]
        assert sum(points) == sheet.total
        assert all(0 <= s.points <= s.criterion.max_points for s in sheet.scores.all())


def test_refuses_a_database_with_scale_data_and_force_rebuilds_the_same():
    seed()
    first = counts()
    with pytest.raises(CommandError, match="already holds scale data"):
        seed()
    assert counts() == first
    seed("--force")
    assert counts() == first


def test_force_leaves_other_data_alone(organisation):
    seed()
    seed("--force")
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_national_size_is_a_projection():
    with pytest.raises(CommandError, match="projection"):
        call_command("seed_scale", "--size", "national", stdout=StringIO())


def test_seeded_pages_answer(client):
    seed()
    call = Call.objects.filter(slug__startswith=SCALE_PREFIX, state=CallState.RESOLVED).first()
    for url in (
        reverse("competitions:call_list"),
        call.get_absolute_url(),
        reverse("organisations:directory"),
        "/wyniki/",
    ):
        assert client.get(url).status_code == 200, url
    big = Call.objects.get(slug=f"{SCALE_PREFIX}duzy-konkurs")
    chair = CommissionMember.objects.get(call=big, role="chair").user
    enrol_totp(user=chair, secret=TEST_TOTP_SECRET)
    client.force_login(chair)
    assert client.get(reverse("commission_panel:overview", args=[big.pk])).status_code == 200
