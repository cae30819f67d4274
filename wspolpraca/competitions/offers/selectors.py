"""Reads of the offers stage for an organisation's members: drafts to finish, corrections to make,
changes not submitted, what is to be done for each offer of the list."""

import datetime
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.competitions.enums import CallState, FormalStatus, OfferState
from wspolpraca.competitions.models import FormalCheck, Offer, OfferAttachment, OfferPartner, OfferVersion
from wspolpraca.competitions.offers import canonical
from wspolpraca.competitions.offers.signals import offers_to_do
from wspolpraca.organisations.enums import VerificationStatus
from wspolpraca.organisations.models import Membership


def member_organisation_ids(user):
    """The verified organisations the user acts for (a subquery)."""
    return Membership.objects.filter(user=user, organisation__verification_status=VerificationStatus.VERIFIED).values(
        "organisation_id"
    )


def drafts_to_finish(user, now=None):
    """Drafts of the user's organisations in calls still accepting offers, the nearest deadline first."""
    now = now or timezone.now()
    return (
        Offer.objects.filter(
            state=OfferState.DRAFT,
            organisation_id__in=member_organisation_ids(user),
            call__state__in=(CallState.PUBLISHED, CallState.OPEN),
        )
        .filter(Q(call__offer_deadline__isnull=True) | Q(call__offer_deadline__gt=now))
        .select_related("call", "organisation")
        .order_by("call__offer_deadline", "pk")
    )


def corrections_to_make(user, now=None):
    """Formal checks asking the user's organisations for a correction, still open, the nearest first."""
    now = now or timezone.now()
    return (
        FormalCheck.objects.filter(
            status=FormalStatus.CORRECTION,
            corrected_at__isnull=True,
            correction_deadline__gte=now,
            offer__organisation_id__in=member_organisation_ids(user),
        )
        .select_related("offer", "offer__call", "offer__organisation")
        .order_by("correction_deadline", "pk")
    )


# --- changes made after the submission --------------------------------------------------------


def with_submitted_checksum(offers):
    """Offers annotated with `submitted_checksum`, the checksum of their current version (or None),
    and prefetched with what the canonical text needs (partners, the draft's attachments): with
    them, `has_unsubmitted_changes` reads nothing more for a row of a list."""
    # One current version per offer: no ordering (the model's default joined the call and task per row).
    current = OfferVersion.objects.filter(offer=OuterRef("pk"), is_current=True).order_by().values("checksum")[:1]
    return offers.annotate(submitted_checksum=Subquery(current)).prefetch_related(
        Prefetch("partners", queryset=OfferPartner.objects.select_related("organisation"), to_attr="listed_partners"),
        Prefetch(
            "attachments",
            queryset=OfferAttachment.objects.order_by("uploaded_at", "pk"),
            to_attr="listed_attachments",
        ),
    )


def has_unsubmitted_changes(offer):
    """True when a submitted offer's draft differs from the version the city evaluates: someone
    changed it after the submission and nobody has submitted the change (a new version).

    The comparison is that of the submission (the canonical text's checksum), so an offer changed
    and changed back counts as unchanged. Rows of `with_submitted_checksum` cost no query."""
    if offer.state != OfferState.SUBMITTED:
        return False
    if hasattr(offer, "submitted_checksum"):
        mark_unsubmitted_changes([offer])
        return offer.unsubmitted
    submitted = offer.versions.filter(is_current=True).values_list("checksum", flat=True).first()
    if submitted is None:
        return False
    return canonical.for_offer(offer)[1] != submitted


# How long a draft's checksum is kept under its key (the key changes with every change anyway).
DRAFT_CHECKSUM_SECONDS = 7 * 24 * 3600


def _draft_key(offer, organisations, attachments):
    """A cache key made of everything the draft's canonical text depends on but its content, and
    of what changes with every change of the content (the revision and `updated_at`: every writer
    saves the offer with `save()`)."""
    parts = (
        offer.pk,
        offer.revision,
        offer.updated_at.isoformat(),
        offer.call.slug,
        offer.task.number,
        [(org.pk, org.name) for org in organisations],
        [(a.pk, a.title, a.file.name if a.file else "", a.sha256, a.size) for a in attachments],
    )
    return "offer-draft-checksum:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def mark_unsubmitted_changes(offers):
    """`has_unsubmitted_changes` for a page of `with_submitted_checksum`, set as `unsubmitted` on
    each offer. The draft's checksum (the costly part: the canonical text of the whole content) is
    kept in the cache under `_draft_key`, so a list seen again computes none; one cache round trip
    for the page."""
    waiting = {}
    for offer in offers:
        offer.unsubmitted = False
        if offer.state == OfferState.SUBMITTED and offer.submitted_checksum is not None:
            organisations = [offer.organisation, *[p.organisation for p in offer.listed_partners]]
            key = _draft_key(offer, organisations, offer.listed_attachments)
            waiting[key] = (offer, organisations)
    known = cache.get_many(list(waiting)) if waiting else {}
    fresh = {}
    for key, (offer, organisations) in waiting.items():
        draft = known.get(key)
        if draft is None:
            draft = canonical.for_offer(offer, organisations=organisations, attachments=offer.listed_attachments)[1]
            fresh[key] = draft
        offer.unsubmitted = draft != offer.submitted_checksum
    if fresh:
        cache.set_many(fresh, DRAFT_CHECKSUM_SECONDS)


# --- what is to be done, per offer of the list ------------------------------------------------


@dataclass(frozen=True)
class ToDo:
    """One thing the organisation has to do for an offer: a label, the page to do it on, the date
    by which it must be done (a date or a datetime; None when no date applies)."""

    offer_id: int
    label: str
    url: str
    deadline: datetime.date | datetime.datetime | None = None


def to_do_for(offers, user, now=None):
    """{offer pk: [ToDo, …]} for the offers of one page of the list: what this stage knows (an
    offer to finish, changes to submit, a correction requested) and what the later stages add
    (offers_to_do). A constant number of queries, whatever the number of offers."""
    now = now or timezone.now()
    offers = list(offers)
    found = {offer.pk: [] for offer in offers}
    if not offers:
        return found
    for offer in offers:
        deadline = offer.call.offer_deadline
        open_call = offer.call.accepts_offers(now)
        if offer.state == OfferState.DRAFT and open_call:
            found[offer.pk].append(
                ToDo(offer.pk, _("Finish and submit the offer"), reverse("offers:detail", args=[offer.pk]), deadline)
            )
        elif open_call and getattr(offer, "unsubmitted", False):
            found[offer.pk].append(
                ToDo(offer.pk, _("Submit the changes"), reverse("offer_submission:submit", args=[offer.pk]), deadline)
            )
    checks = corrections_to_make(user, now).filter(offer_id__in=found).select_related(None).order_by()
    for check in checks.only("offer_id", "correction_deadline"):
        found[check.offer_id].append(
            ToDo(
                check.offer_id,
                _("Correct the offer"),
                reverse("offers:detail", args=[check.offer_id]),
                check.correction_deadline,
            )
        )
    for _receiver, items in offers_to_do.send(sender=Offer, offers=offers, user=user):
        for item in items or []:
            found.setdefault(item.offer_id, []).append(item)
    return found
