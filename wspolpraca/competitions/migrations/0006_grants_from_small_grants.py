"""Data: a register row (Grant) for every small grant decided as funded before the register existed.

From now on services.small_grants.decide_small_grant writes the row itself. Idempotent: an
offer that already has its row is skipped. Reversing removes nothing (the rows are the
register's own from then on).
"""

from django.db import migrations
from django.utils import timezone

SMALL_GRANT = "small_grant"
FUNDED = "funded"
WITHDRAWN = "withdrawn"


def create_grants(apps, schema_editor):
    Grant = apps.get_model("competitions", "Grant")
    SmallGrantReview = apps.get_model("competitions", "SmallGrantReview")
    reviews = (
        SmallGrantReview.objects.filter(stage=FUNDED, decision_amount__isnull=False, offer__call__mode=SMALL_GRANT)
        .exclude(offer__grant__isnull=False)
        .select_related("offer__call", "offer__task")
        .order_by("pk")
    )
    rows = []
    for review in reviews.iterator(chunk_size=500):
        offer = review.offer
        call = offer.call
        decided = review.decided_at or offer.submitted_at or timezone.now()
        rows.append(
            Grant(
                offer_id=offer.pk,
                call_id=call.pk,
                unit_id=call.unit_id,
                organisation_id=offer.organisation_id,
                area_id=offer.task.area_id,
                mode=SMALL_GRANT,
                year=call.year,
                task_title=offer.task.title,
                title=offer.title,
                amount=review.decision_amount,
                awarded_on=timezone.localdate(decided),
                withdrawn_at=offer.withdrawn_at if offer.state == WITHDRAWN else None,
            )
        )
    Grant.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("competitions", "0005_evaluation_results_agreements"),
    ]

    operations = [
        migrations.RunPython(create_grants, migrations.RunPython.noop),
    ]
