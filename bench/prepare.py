"""Django-side steps of the benchmark: what the load driver needs, and the check after the rush.

    python -m bench.prepare fixtures OUT.json --rush N   # sessions, URLs, offers for the rush
    python -m bench.prepare verify FIXTURES.json ACKS.json   # every acknowledged submission is there

Run with DJANGO_SETTINGS_MODULE=bench.settings and the bench database. Sessions are created
directly in the session store (no password hashing in the measured path; staff get a TOTP
authenticator and their session records the two-step code, as the sign-in records it, so that
the panel's two-step rule is satisfied).
"""

import datetime
import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from wspolpraca.accounts.roles import has_mfa
from wspolpraca.accounts.second_factor import record_second_factor_in_session
from wspolpraca.accounts.services import enrol_totp
from wspolpraca.competitions.enums import CallState, CommissionRole, OfferState
from wspolpraca.competitions.kernel import offer_content
from wspolpraca.competitions.models import Call, CommissionMember, Offer, OfferVersion
from wspolpraca.competitions.offers import canonical
from wspolpraca.demo.scale import SCALE_PREFIX, SIZES, Builder
from wspolpraca.organisations.enums import MembershipRole
from wspolpraca.organisations.models import Membership, Organisation

BENCH_TOTP_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"  # not the demo's; bench data only
RUSH_TITLE = "Oferta w ostatnich minutach (bench)"
EDITORS = 50  # representatives saving sections under wrk (one connection each), apart from the rush


def session_for(user):
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.set_expiry(8 * 3600)
    store.save()
    record_second_factor_in_session(store, user)  # staff only: others have no authenticator
    return store.session_key


def staff(user):
    if not has_mfa(user):
        enrol_totp(user=user, secret=BENCH_TOTP_SECRET)
    return session_for(user)


@transaction.atomic
def rush_offers(count):
    """One draft (or re-editable submitted) offer per representative in the open calls, the deadline
    moved to one hour from now; drafts are added when the seeded ones are too few."""
    calls = list(Call.objects.filter(slug__startswith=SCALE_PREFIX, state=CallState.OPEN).order_by("pk"))
    if not calls:
        raise SystemExit("No open scale calls: run seed_scale first.")
    deadline = timezone.now() + datetime.timedelta(hours=1)
    Call.objects.filter(pk__in=[c.pk for c in calls]).update(offer_deadline=deadline)
    for call in calls:
        call.offer_deadline = deadline
    reps = dict(
        Membership.objects.filter(
            role=MembershipRole.REPRESENTATIVE, organisation__slug__startswith=SCALE_PREFIX
        ).values_list("organisation_id", "user_id")
    )
    offers = list(Offer.objects.filter(call__in=calls).select_related("task").order_by("pk"))
    taken = {o.organisation_id for o in offers}
    if len({o.organisation_id for o in offers}) < count:
        builder = Builder(SIZES["tiny"])
        orgs = list(Organisation.objects.filter(slug__startswith=SCALE_PREFIX).exclude(pk__in=taken)[:count])
        extra = []
        for n, org in enumerate(orgs[: count - len(taken)]):
            call = calls[n % len(calls)]
            task = call.tasks.order_by("number").first()
            content = builder.content(call, org)
            extra.append(
                Offer(
                    call=call,
                    task=task,
                    organisation=org,
                    title=RUSH_TITLE,
                    content=content,
                    section_revisions=dict.fromkeys(offer_content.SECTIONS, 1),
                    created_by_id=reps[org.pk],
                    **offer_content.compute(content).as_totals(),
                )
            )
        Offer.objects.bulk_create(extra)
        offers += extra
    chosen, seen = [], set()
    for offer in offers:
        if offer.organisation_id in seen:
            continue
        seen.add(offer.organisation_id)
        chosen.append(offer)
    return chosen[:count], reps


def api_urls(years):
    """The public API's lists (docs/api.md), those this version of the code has."""
    from django.urls import Resolver404, resolve

    candidates = ["/api/v1/calls/", "/api/v1/organisations/", "/api/v1/grants/"]
    candidates += [f"/api/v1/grants/?year={y}" for y in years[:2]]
    found = []
    for url in candidates:
        try:
            resolve(url.split("?", 1)[0])
        except Resolver404:
            continue
        found.append(url)
    return found


def fixtures(out, rush, editors=EDITORS):
    from wspolpraca.accounts.models import User

    # the rush's offers, then the offers of the representatives whose section saves wrk measures
    offers, reps = rush_offers(rush + editors)
    offers, editing = offers[:rush], offers[rush:]
    users = {u.pk: u for u in User.objects.filter(pk__in=[reps[o.organisation_id] for o in [*offers, *editing]])}
    big = Call.objects.get(slug=f"{SCALE_PREFIX}duzy-konkurs")
    chair = CommissionMember.objects.select_related("user").get(call=big, role=CommissionRole.CHAIR).user
    officer = User.objects.filter(email__startswith="urzednik0@").first()
    resolved = list(Call.objects.filter(slug__startswith=SCALE_PREFIX, state=CallState.RESOLVED).order_by("-pk")[:20])
    years = sorted({c.year for c in resolved})
    pdf_offer = (
        Offer.objects.filter(call__slug__startswith=SCALE_PREFIX, state=OfferState.SUBMITTED)
        .exclude(call__state=CallState.OPEN)
        .order_by("pk")
        .first()
    )
    pdf_rep = Membership.objects.get(organisation=pdf_offer.organisation, role=MembershipRole.REPRESENTATIVE).user
    data = {
        "public": {
            "call_urls": [f"/konkursy/{c.slug}/" for c in resolved],
            "register_urls": ["/wyniki/"]
            + [f"/wyniki/?year={y}" for y in years]
            + [f"/wyniki/?year={y}&sort=amount" for y in years[:2]],
            "api_urls": api_urls(years),
            "organisation_urls": [
                f"/organizacje/{slug}/"
                for slug in Organisation.objects.filter(slug__startswith=SCALE_PREFIX)
                .order_by("pk")
                .values_list("slug", flat=True)[:20]
            ],
        },
        # a representative with offers in an open call: their offers list and that call's page
        "ngo": {
            "session": session_for(users[reps[editing[0].organisation_id]]),
            "offers": "/oferty/",
            "call": f"/konkursy/{editing[0].call.slug}/",
        }
        if editing
        else None,
        "editors": [
            {
                "offer": offer.pk,
                "revision": int((offer.section_revisions or {}).get("IV", 0)),
                "session": session_for(users[reps[offer.organisation_id]]),
                "editor": f"/oferty/{offer.pk}/sekcja/IV/",
                "url": f"/oferty/{offer.pk}/sekcja/IV/autozapis/",
            }
            for offer in editing
        ],
        "rush": [
            {
                "offer": offer.pk,
                "revision": int((offer.section_revisions or {}).get("IV", 0)),
                "session": session_for(users[reps[offer.organisation_id]]),
            }
            for offer in offers
        ],
        "officer": {
            "session": staff(officer),
            "urls": ["/panel/", "/panel/konkursy/", f"/panel/konkursy/{big.pk}/oferty/"],
        },
        "commission": {"session": staff(chair), "overview": f"/panel/komisje/{big.pk}/przeglad/"},
        "pdf": {
            "session": session_for(pdf_rep),
            "url": f"/oferty/{pdf_offer.pk}/wersje/{pdf_offer.versions.order_by('number').last().number}/oferta.pdf",
        },
        "big_call_offers": big.offers.count(),
    }
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1)


def verify(fixtures_path, acks_path):
    """After the rush: every submission the server acknowledged (a redirect to the versions page)
    is there as the offer now stands, and no offer of the rush is partial — each submitted one has
    exactly one current version whose checksum is that of its canonical text, version numbers are
    unique, and no two offers share a number. A submission committed but not acknowledged (a
    killed worker) is counted apart."""
    with open(acks_path, encoding="utf-8") as fh:
        acked = {a["offer"] for a in json.load(fh)}
    with open(fixtures_path, encoding="utf-8") as fh:
        rush = [entry["offer"] for entry in json.load(fh)["rush"]]
    problems = []
    offers = Offer.objects.filter(pk__in=set(rush) | acked).select_related("call", "task", "organisation")
    by_pk = {o.pk: o for o in offers}
    submitted_unacknowledged = 0
    for pk in sorted(set(rush) | acked):
        offer = by_pk.get(pk)
        if offer is None:
            problems.append(f"offer {pk}: missing")
            continue
        if offer.state != OfferState.SUBMITTED:
            if pk in acked:
                problems.append(f"offer {pk}: acknowledged but not submitted")
            continue
        if pk not in acked:
            submitted_unacknowledged += 1
        current = list(OfferVersion.objects.filter(offer=offer, is_current=True))
        if len(current) != 1:
            problems.append(f"offer {pk}: {len(current)} current versions")
            continue
        if canonical.checksum(current[0].canonical) != current[0].checksum:
            problems.append(f"offer {pk}: the current version's checksum does not match its canonical text")
        # An acknowledged submission froze the offer as it is now. An offer submitted before the
        # rush whose new submission failed keeps its earlier version and the edits made since.
        if pk in acked and current[0].checksum != canonical.for_offer(offer)[1]:
            problems.append(f"offer {pk}: acknowledged, but the current version is not the offer submitted")
        numbers = list(OfferVersion.objects.filter(offer=offer).values_list("number", flat=True))
        if len(numbers) != len(set(numbers)):
            problems.append(f"offer {pk}: duplicate version numbers")
    numbers = [o.number for o in Offer.objects.filter(call__in={o.call_id for o in offers}).exclude(number="")]
    if len(numbers) != len(set(numbers)):
        problems.append("two offers share a number")
    result = {
        "acknowledged": len(acked),
        "submitted_not_acknowledged": submitted_unacknowledged,
        "problems": problems,
    }
    print(json.dumps(result))
    return 0 if not problems else 1


def versions(fixtures_path):
    """{offer pk: number of versions} of the rush's offers (the drills compare before and after a retry)."""
    with open(fixtures_path, encoding="utf-8") as fh:
        rush = [entry["offer"] for entry in json.load(fh)["rush"]]
    counts = {pk: OfferVersion.objects.filter(offer_id=pk).count() for pk in rush}
    print(json.dumps(counts))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "fixtures":
        fixtures(
            sys.argv[2],
            int(sys.argv[sys.argv.index("--rush") + 1]) if "--rush" in sys.argv else 200,
            int(sys.argv[sys.argv.index("--editors") + 1]) if "--editors" in sys.argv else EDITORS,
        )
    elif command == "verify":
        sys.exit(verify(sys.argv[2], sys.argv[3]))
    elif command == "versions":
        versions(sys.argv[2])
    else:
        raise SystemExit(__doc__)
