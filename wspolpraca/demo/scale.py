"""Scale data: a coherent, large data set built with bulk inserts (`manage.py seed_scale`).

Used by the benchmarks (bench/) and by the failure drills: it is not demo data and never
meant for production. Everything it creates is recognisable by one marker, so that it can be
refused twice and wiped with --force without touching anything else:

- users have e-mail addresses at SCALE_DOMAIN;
- organisations, units and calls have slugs starting with SCALE_PREFIX.

The data follows the competitions' life cycle: calls of ten budget years (the past years
resolved, the current one spread over open, closed, evaluated and resolved), each with tasks,
budgets and five criteria; offers on the 2018 template with 15 cost lines that pass
offer_checks.check, submitted as versions with the canonical text and SHA-256 that
submission would compute; formal checks; a commission of four (the chair, an officer and an
NGO member, who score every formally correct offer on every criterion, and an expert); the
commission's assessments; decisions; grants; agreements; final reports; and the activity-log
rows that the services would have written (drafts are autosaved several times each).

One extra call of each size holds `big_call_offers` offers, evaluated but not closed: the
commission's overview of a large call (issue 5, scenario 3).

Rows are built in memory one chunk of calls at a time and written with bulk_create, so memory
stays flat whatever the size.
"""

import datetime
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, reset_queries, transaction
from django.utils import timezone

from wspolpraca.accounts.models import User
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.enums import (
    FORMAL_CHECK_ITEMS,
    AgreementState,
    CallMode,
    CallState,
    CommissionRole,
    CriterionKind,
    DecisionOutcome,
    Financing,
    FormalStatus,
    OfferState,
    ReportKind,
    ReportState,
    SheetState,
)
from wspolpraca.competitions.kernel import offer_content
from wspolpraca.competitions.kernel.grants import grant_for
from wspolpraca.competitions.models import (
    Agreement,
    Call,
    CallCriterion,
    CallTask,
    CallTaskBudget,
    CityUnit,
    CommissionMember,
    Decision,
    FormalCheck,
    FormalCheckItem,
    Grant,
    ImpartialityDeclaration,
    NgoNomination,
    Offer,
    OfferAssessment,
    OfferVersion,
    Report,
    Score,
    ScoreSheet,
)
from wspolpraca.competitions.offers import canonical
from wspolpraca.organisations.enums import LegalForm, MembershipRole, VerificationStatus
from wspolpraca.organisations.identifiers import generated_krs, generated_nip, generated_regon
from wspolpraca.organisations.models import District, Membership, Organisation, PublicBenefitArea

SCALE_DOMAIN = "skala.example.org"
SCALE_PREFIX = "skala-"
SEED = 5
BATCH = 2000
CENT = Decimal("0.01")
# Register numbers of scale organisations start far above the demo's and the tests'.
NUMBER_OFFSET = 500_000


@dataclass(frozen=True)
class Size:
    name: str
    organisations: int
    years: int
    calls_per_year: int
    offers_per_call: int
    units: int
    big_call_offers: int
    description: str


SIZES = {
    "tiny": Size("tiny", 12, 2, 3, 4, 3, 12, "tests and the CI smoke"),
    "plock": Size("plock", 400, 10, 25, 24, 8, 2000, "Płock: ≈400 organisations, 10 years × 25 calls, ~6,000 offers"),
    "city": Size(
        "city",
        20_000,
        10,
        150,
        40,
        30,
        2000,
        "a Warsaw-sized city: ≈20,000 organisations, 1,500 calls, 60,000 offers",
    ),
    "national": Size(
        "national",
        100_000,
        10,
        750,
        40,
        150,
        2000,
        "projection only (see docs/scale.md): ≈100,000 organisations, 7,500 calls, 300,000 offers",
    ),
}

VOTING_SCORERS = (CommissionRole.CHAIR, CommissionRole.OFFICER, CommissionRole.NGO)
CRITERIA = [
    (CriterionKind.CAPACITY, "Możliwość realizacji zadania", Decimal("10")),
    (CriterionKind.COSTS, "Kalkulacja kosztów", Decimal("10")),
    (CriterionKind.QUALITY, "Jakość i kwalifikacje osób", Decimal("10")),
    (CriterionKind.OWN_FUNDS, "Udział środków własnych", Decimal("5")),
    (CriterionKind.CONTRIBUTION, "Wkład osobowy i rzeczowy, praca wolontariuszy", Decimal("5")),
]
LEGAL_FORMS = [LegalForm.ASSOCIATION] * 6 + [LegalForm.FOUNDATION] * 3 + [LegalForm.ORDINARY_ASSOCIATION]
FIRST_NAMES = ["Anna", "Piotr", "Maria", "Krzysztof", "Katarzyna", "Tomasz", "Agnieszka", "Paweł", "Ewa", "Marek"]
LAST_NAMES = ["Nowak", "Kowalski", "Wiśniewska", "Wójcik", "Kamińska", "Lewandowski", "Zielińska", "Szymański"]
WORDS = ["Płockie", "Wiślane", "Mazowieckie", "Sąsiedzkie", "Otwarte", "Młodzieżowe", "Senioralne", "Rodzinne"]
THEMES = ["Kultury", "Sportu", "Zdrowia", "Ekologii", "Edukacji", "Integracji", "Turystyki", "Pomocy Społecznej"]
UNIT_NAMES = ["Wydział Kultury", "Wydział Sportu", "Wydział Zdrowia", "Wydział Edukacji", "Wydział Polityki Społecznej"]
ACTION_NAMES = ["Przygotowanie", "Realizacja zajęć", "Wydarzenie końcowe"]
COST_KINDS = ["Honoraria", "Materiały", "Wynajem sali", "Transport", "Catering", "Druk", "Nagrody", "Ubezpieczenie"]
ADMIN_KINDS = ["Koordynacja", "Księgowość", "Obsługa biurowa"]


def _money(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def scale_data_present():
    """Whether the database already holds scale data (the marker: users or calls)."""
    return (
        User.objects.filter(email__endswith="@" + SCALE_DOMAIN).exists()
        or Call.objects.filter(slug__startswith=SCALE_PREFIX).exists()
    )


def wipe_scale_data(stdout=None):
    """Delete every row seed_scale created (and rows hanging off them), leaving everything else.

    Raw deletes in dependency order: the ORM's cascade collector would load every row first.
    """
    calls = Call.objects.filter(slug__startswith=SCALE_PREFIX)
    offers = Offer.objects.filter(call__in=calls)
    agreements = Agreement.objects.filter(offer__in=offers)
    users = User.objects.filter(email__endswith="@" + SCALE_DOMAIN)
    orgs = Organisation.objects.filter(slug__startswith=SCALE_PREFIX)
    units = CityUnit.objects.filter(slug__startswith=SCALE_PREFIX)
    steps = [
        ActivityLog.objects.filter(actor__in=users),
        Report.objects.filter(agreement__in=agreements),
        agreements,
        Grant.objects.filter(call__in=calls),
        Decision.objects.filter(offer__in=offers),
        OfferAssessment.objects.filter(offer__in=offers),
        Score.objects.filter(sheet__offer__in=offers),
        ScoreSheet.objects.filter(offer__in=offers),
        ImpartialityDeclaration.objects.filter(call__in=calls),
        CommissionMember.objects.filter(call__in=calls),
        FormalCheck.objects.filter(offer__in=offers),
        OfferVersion.objects.filter(offer__in=offers),
        offers,
        FormalCheckItem.objects.filter(call__in=calls),
        CallCriterion.objects.filter(call__in=calls),
        CallTaskBudget.objects.filter(task__call__in=calls),
        CallTask.objects.filter(call__in=calls),
        Call.history.model.objects.filter(slug__startswith=SCALE_PREFIX),
        calls,
        NgoNomination.objects.filter(organisation__in=orgs),
        Membership.objects.filter(organisation__in=orgs),
        Organisation.areas.through.objects.filter(organisation__in=orgs),
        orgs,
        CityUnit.officers.through.objects.filter(cityunit__in=units),
        units,
    ]
    with transaction.atomic():
        for qs in steps:
            deleted = qs._raw_delete(qs.db)
            if stdout is not None and deleted:
                stdout.write(f"  deleted {deleted} {qs.model._meta.label}")
        # Users last: their own rows (sessions, e-mail addresses, authenticators) cascade.
        users.delete()


class Builder:
    """Builds one size of scale data; `counts` holds rows written per model."""

    def __init__(self, size, *, scale=1.0, password=None, stdout=None, today=None):
        self.size = size
        self.scale = scale
        self.rng = random.Random(SEED)
        self.stdout = stdout
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.password_hash = make_password(password) if password else make_password(None)
        self.counts = Counter()
        self.pending = defaultdict(list)
        self.log_rows = []
        self.ct = {}

    # -- helpers --------------------------------------------------------------------------

    def n(self, value, minimum=1):
        return max(minimum, round(value * self.scale))

    def say(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    def write(self, model, objects):
        """bulk_create in batches; pks are set on the objects (PostgreSQL and SQLite both)."""
        for start in range(0, len(objects), BATCH):
            model.objects.bulk_create(objects[start : start + BATCH])
            # With DEBUG on Django keeps the text of the last 9,000 queries: megabytes each here.
            reset_queries()
        self.counts[model._meta.label] += len(objects)
        return objects

    def content_type(self, model):
        if model not in self.ct:
            self.ct[model] = ContentType.objects.get_for_model(model)
        return self.ct[model]

    def log(self, *, actor, action, obj, when, data=None):
        self.log_rows.append(
            ActivityLog(
                actor_id=actor.pk if actor else None,
                action=action,
                content_type=self.content_type(type(obj)),
                object_id=str(obj.pk),
                object_repr=str(obj)[:300],
                data=data or {},
                created_at=when,
            )
        )

    def flush_log(self):
        # created_at is auto_now_add: bulk_create would overwrite it, so set it back after.
        rows, self.log_rows = self.log_rows, []
        field = ActivityLog._meta.get_field("created_at")
        field.auto_now_add = False
        try:
            self.write(ActivityLog, rows)
        finally:
            field.auto_now_add = True

    def at(self, day, hour=12):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, self.rng.randrange(60))))

    # -- the build ------------------------------------------------------------------------

    def run(self):
        started = time.monotonic()
        with transaction.atomic():
            self.build_people_and_registry()
            self.build_calls()
        # Fresh planner statistics: after millions of bulk-inserted rows the planner would otherwise
        # guess (the results register's totals took 4× longer before autovacuum caught up).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        elapsed = time.monotonic() - started
        total = sum(self.counts.values())
        return {
            "size": self.size.name,
            "scale": self.scale,
            "seconds": round(elapsed, 1),
            "rows": total,
            "rows_per_second": round(total / elapsed) if elapsed else None,
            "counts": dict(sorted(self.counts.items())),
            "database": connection.vendor,
        }

    def build_people_and_registry(self):
        size = self.size
        areas = list(PublicBenefitArea.objects.current().order_by("position"))
        if not areas:
            raise ValueError("No public benefit areas: run `manage.py migrate` first (they come with it).")
        self.areas = areas
        districts = list(District.objects.all()) or [None]
        rng = self.rng

        def user(local, first, last, **flags):
            return User(
                email=f"{local}@{SCALE_DOMAIN}",
                first_name=first,
                last_name=last,
                password=self.password_hash,
                is_active=True,
                **flags,
            )

        # Staff: officers of each unit, executives, NGO nominees for commissions, experts.
        unit_count = self.n(size.units)
        officers = [
            user(f"urzednik{i}", rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), is_officer=True)
            for i in range(unit_count * 3)
        ]
        executives = [user(f"prezydent{i}", "Jan", "Prezydent", is_executive=True) for i in range(2)]
        nominees = [
            user(f"komisja{i}", rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)) for i in range(max(4, unit_count * 2))
        ]
        experts = [user(f"ekspert{i}", rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)) for i in range(unit_count)]
        self.write(User, officers + executives + nominees + experts)
        self.officers, self.executives, self.nominees, self.experts = officers, executives, nominees, experts

        units = [
            CityUnit(
                name=f"{UNIT_NAMES[i % len(UNIT_NAMES)]} {i + 1} (skala)",
                short_name=f"W{i + 1}",
                slug=f"{SCALE_PREFIX}wydzial-{i + 1}",
                is_centre=(i == 0),
            )
            for i in range(unit_count)
        ]
        self.write(CityUnit, units)
        through = CityUnit.officers.through
        self.write(
            through,
            [
                through(cityunit_id=unit.pk, user_id=officers[i * 3 + k].pk)
                for i, unit in enumerate(units)
                for k in range(3)
            ],
        )
        self.units = units

        # Organisations with a representative and an editor each.
        org_count = self.n(size.organisations, minimum=4)
        orgs = []
        for i in range(org_count):
            form = LEGAL_FORMS[i % len(LEGAL_FORMS)]
            n = NUMBER_OFFSET + i
            name = f"Stowarzyszenie {rng.choice(WORDS)} {rng.choice(THEMES)} nr {i + 1}"
            if form == LegalForm.FOUNDATION:
                name = f"Fundacja {rng.choice(WORDS)} {rng.choice(THEMES)} nr {i + 1}"
            ordinary = form == LegalForm.ORDINARY_ASSOCIATION
            orgs.append(
                Organisation(
                    name=name,
                    short_name=f"Org {i + 1}",
                    slug=f"{SCALE_PREFIX}organizacja-{i + 1}",
                    legal_form=form,
                    krs_number=None if ordinary else generated_krs(n),
                    register_name="Ewidencja stowarzyszeń zwykłych" if ordinary else "",
                    register_number=f"SZ/{i + 1}" if ordinary else "",
                    nip=generated_nip(n),
                    regon=generated_regon(n),
                    street_address=f"ul. Tumska {i % 200 + 1}",
                    postal_code="09-400",
                    town="Płock",
                    district=rng.choice(districts),
                    email=f"biuro{i + 1}@{SCALE_DOMAIN}",
                    phone="+48 24 000 00 00",
                    description="Organizacja danych skalowych.",
                    verification_status=VerificationStatus.VERIFIED,
                    verified_at=self.now,
                )
            )
        self.write(Organisation, orgs)
        area_through = Organisation.areas.through
        self.write(
            area_through,
            [
                area_through(organisation_id=org.pk, publicbenefitarea_id=area.pk)
                for org in orgs
                for area in rng.sample(areas, k=min(2, len(areas)))
            ],
        )
        reps, editors = [], []
        for i, _org in enumerate(orgs):
            reps.append(user(f"ngo{i + 1}", rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)))
            editors.append(user(f"redaktor{i + 1}", rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)))
        self.write(User, reps + editors)
        self.write(
            Membership,
            [
                Membership(user_id=person.pk, organisation_id=org.pk, role=role)
                for org, rep, editor in zip(orgs, reps, editors, strict=True)
                for person, role in ((rep, MembershipRole.REPRESENTATIVE), (editor, MembershipRole.EDITOR))
            ],
        )
        self.orgs, self.reps, self.editors = orgs, reps, editors
        for org, rep in zip(orgs, reps, strict=True):
            self.log(
                actor=rep, action="organisation.registered", obj=org, when=self.now - datetime.timedelta(days=3650)
            )
        nominations = [
            NgoNomination(
                organisation_id=orgs[i % len(orgs)].pk,
                name=f"{person.first_name} {person.last_name}",
                email=person.email,
                user_id=person.pk,
                qualifications="Doświadczenie w ocenie projektów.",
                consent_at=self.now,
                nominated_by_id=reps[i % len(reps)].pk,
                nominated_at=self.now,
                valid_until=self.today + datetime.timedelta(days=NgoNomination.VALID_DAYS),
            )
            for i, person in enumerate(nominees)
        ]
        self.write(NgoNomination, nominations)
        self.nominations = {n.user_id: n for n in nominations}
        self.flush_log()
        self.say(f"  registry: {len(orgs)} organisations, {len(units)} units")

    # -- calls ------------------------------------------------------------------------------

    def call_plan(self):
        """(year index, deadline date, state, offers) for every call, oldest first."""
        size, rng, today = self.size, self.rng, self.today
        plan = []
        per_year = self.n(size.calls_per_year)
        offers = self.n(size.offers_per_call, minimum=2)
        current_states = [CallState.OPEN, CallState.CLOSED, CallState.EVALUATED] + [CallState.RESOLVED] * 3
        for y in range(size.years - 1, -1, -1):
            for c in range(per_year):
                jitter = rng.randint(max(2, offers // 2), offers + offers // 2)
                if y == 0:
                    state = current_states[c % len(current_states)]
                    back = {
                        CallState.OPEN: -rng.randint(3, 20),
                        CallState.CLOSED: rng.randint(3, 10),
                        CallState.EVALUATED: rng.randint(20, 40),
                        CallState.RESOLVED: rng.randint(50, 300),
                    }[state]
                    deadline = today - datetime.timedelta(days=back)
                else:
                    state = CallState.RESOLVED
                    deadline = datetime.date(today.year - y, 1, 1) + datetime.timedelta(days=rng.randint(10, 320))
                plan.append((y, deadline, state, jitter, False))
        # The large call whose commission overview scenario 3 measures: scored, not yet closed.
        big = self.n(size.big_call_offers, minimum=2)
        plan.append((0, today - datetime.timedelta(days=15), CallState.CLOSED, big, True))
        return plan

    def build_calls(self):
        plan = self.call_plan()
        chunk = []
        chunk_offers = 0
        for n, entry in enumerate(plan):
            chunk.append((n, *entry))
            chunk_offers += entry[3]
            if chunk_offers >= 1500 or n == len(plan) - 1:
                self.build_chunk(chunk)
                self.say(
                    f"  calls {chunk[0][0] + 1}–{chunk[-1][0] + 1} of {len(plan)}: {sum(self.counts.values())} rows"
                )
                chunk, chunk_offers = [], 0

    def build_chunk(self, chunk):
        rng = self.rng
        calls, tasks, budgets, criteria, items = [], [], [], [], []
        for n, _y, deadline, state, _offers, big in chunk:
            unit = self.units[n % len(self.units)]
            start = deadline + datetime.timedelta(days=30)
            end = datetime.date(start.year, 12, 31)
            deadline_at = self.at(deadline, 15)
            published = deadline_at - datetime.timedelta(days=30)
            title = f"Otwarty konkurs ofert nr {n + 1}: {rng.choice(THEMES).lower()} {start.year}"
            if big:
                title = f"Duży konkurs ofert {start.year} (skala)"
            call = Call(
                unit=unit,
                title=title,
                slug=f"{SCALE_PREFIX}{'duzy-konkurs' if big else f'konkurs-{n + 1}'}",
                year=start.year,
                mode=CallMode.OPEN_COMPETITION,
                financing=Financing.SUPPORT,
                state=state,
                summary="Konkurs danych skalowych.",
                task_type="Zadanie publiczne",
                funds_description="Środki budżetu miasta.",
                award_rules="Zgodnie z ustawą.",
                performance_start=start,
                performance_end=end,
                performance_conditions="Zgodnie z umową.",
                offers_from=published,
                offer_deadline=deadline_at,
                selection_procedure="Ocena komisji konkursowej.",
                selection_date=deadline + datetime.timedelta(days=25),
                same_type_tasks="Brak.",
                min_own_contribution_pct=Decimal("10.00"),
                admin_costs_cap_pct=Decimal("15.00"),
                pass_threshold=Decimal("20.00"),
                website_published_on=published.date(),
                bip_published_on=published.date(),
                notice_board_published_on=published.date(),
                published_at=published,
                closed_at=deadline_at if state != CallState.OPEN else None,
                created_by_id=self.officers[0].pk,
            )
            calls.append(call)
        self.write(Call, calls)
        for call, (_n, _y, _deadline, _state, offers, big) in zip(calls, chunk, strict=True):
            # no organisation offers twice for one task (the big call needs enough tasks for that)
            task_count = max(4, -(-offers // len(self.orgs))) if big else (1 + offers // 15)
            for t in range(task_count):
                tasks.append(
                    CallTask(
                        call=call,
                        number=t + 1,
                        title=f"Zadanie {t + 1}: {rng.choice(THEMES).lower()}",
                        area=self.areas[(call.pk + t) % len(self.areas)],
                    )
                )
            criteria += [
                CallCriterion(call=call, kind=kind, name=name, max_points=points, position=p)
                for p, (kind, name, points) in enumerate(CRITERIA)
            ]
            items += [
                FormalCheckItem(call=call, code=code, label=str(label), position=p)
                for p, (code, label) in enumerate(FORMAL_CHECK_ITEMS)
                if code != "signed"
            ]
        self.write(CallTask, tasks)
        self.write(CallCriterion, criteria)
        self.write(FormalCheckItem, items)
        tasks_of, criteria_of, items_of = defaultdict(list), defaultdict(list), defaultdict(list)
        for task in tasks:
            tasks_of[task.call_id].append(task)
        for criterion in criteria:
            criteria_of[criterion.call_id].append(criterion)
        for item in items:
            items_of[item.call_id].append(item)

        offers_of = {}
        all_offers = []
        for call, (_n, _y, _deadline, state, count, _big) in zip(calls, chunk, strict=True):
            offers_of[call.pk] = self.make_offers(call, tasks_of[call.pk], count, state)
            all_offers += offers_of[call.pk]
        self.write(Offer, all_offers)
        # Budgets: about 60% of what the offers of each task request.
        requested = defaultdict(Decimal)
        for offer in all_offers:
            requested[offer.task_id] += offer.requested_grant
        for task in tasks:
            amount = _money((requested[task.pk] or Decimal("50000")) * Decimal("0.6"))
            budgets.append(CallTaskBudget(task=task, year=task.call.year, amount=amount))
        self.write(CallTaskBudget, budgets)
        budget_of = {b.task_id: b.amount for b in budgets}

        versions, checks = [], []
        for call in calls:
            for offer in offers_of[call.pk]:
                self.offer_log(offer, call)
                if offer.state != OfferState.SUBMITTED:
                    continue
                versions.append(self.version_of(offer, call))
                if call.state != CallState.OPEN:
                    checks.append(self.formal_check(offer, call, items_of[call.pk]))
        self.write(OfferVersion, versions)
        self.write(FormalCheck, checks)
        passed = {c.offer_id for c in checks if c.status == FormalStatus.PASSED}

        members, declarations = [], []
        for call in calls:
            if call.state in (CallState.OPEN,):
                continue
            members_of_call = self.commission(call)
            members += members_of_call
        self.write(CommissionMember, members)
        members_of = defaultdict(list)
        for member in members:
            members_of[member.call_id].append(member)
            declarations.append(
                ImpartialityDeclaration(
                    call_id=member.call_id,
                    user_id=member.user_id,
                    no_art24_grounds=True,
                    declared_at=member.appointed_at,
                )
            )
            self.log(
                actor=self.executives[0],
                action="commission.member_appointed",
                obj=member.call,
                when=member.appointed_at,
                data={"user": member.user_id, "role": member.role},
            )
        self.write(ImpartialityDeclaration, declarations)

        sheets, scores = [], []
        scored = defaultdict(list)  # offer pk → voting totals
        for call in calls:
            if call.state == CallState.OPEN or (
                call.state == CallState.CLOSED and not call.slug.endswith("duzy-konkurs")
            ):
                continue
            voters = [m for m in members_of[call.pk] if m.role in VOTING_SCORERS]
            for offer in offers_of[call.pk]:
                if offer.pk not in passed:
                    continue
                for member in voters:
                    points = [
                        _money(Decimal(rng.randint(int(c.max_points * 40), int(c.max_points * 100))) / 100)
                        for c in criteria_of[call.pk]
                    ]
                    when = call.offer_deadline + datetime.timedelta(days=rng.randint(3, 12))
                    sheet = ScoreSheet(
                        offer=offer,
                        member=member,
                        state=SheetState.SUBMITTED,
                        total=sum(points, Decimal("0.00")),
                        submitted_at=when,
                    )
                    sheet._points = points
                    sheets.append(sheet)
                    scored[offer.pk].append(sheet.total)
                    self.log(
                        actor=self.user_of(member),
                        action="scoring.sheet_submitted",
                        obj=offer,
                        when=when,
                        data={"total": str(sheet.total)},
                    )
        self.write(ScoreSheet, sheets)
        for sheet in sheets:
            call_criteria = criteria_of[sheet.offer.call_id]
            scores += [
                Score(sheet=sheet, criterion=criterion, points=points, justification="")
                for criterion, points in zip(call_criteria, sheet._points, strict=True)
            ]
            if len(scores) >= 20_000:
                self.write(Score, scores)
                scores = []
        self.write(Score, scores)
        del sheets

        self.results(calls, offers_of, scored, budget_of)
        self.flush_log()

    def user_of(self, member):
        return self.users_by_pk[member.user_id]

    @property
    def users_by_pk(self):
        if not hasattr(self, "_users_by_pk"):
            people = self.officers + self.executives + self.nominees + self.experts
            self._users_by_pk = {u.pk: u for u in people}
        return self._users_by_pk

    def commission(self, call):
        unit_index = self.units.index(call.unit)
        officers = self.officers[unit_index * 3 : unit_index * 3 + 3]
        nominee = self.nominees[call.pk % len(self.nominees)]
        expert = self.experts[call.pk % len(self.experts)]
        appointed = call.offer_deadline + datetime.timedelta(days=1)
        rows = [
            (officers[0], CommissionRole.CHAIR, None),
            (officers[1], CommissionRole.OFFICER, None),
            (nominee, CommissionRole.NGO, self.nominations[nominee.pk]),
            (expert, CommissionRole.EXPERT, None),
        ]
        # the three voting members score every formally correct offer; the expert advises.
        members = []
        for person, role, nomination in rows:
            member = CommissionMember(
                call=call,
                user_id=person.pk,
                role=role,
                nomination=nomination,
                appointed_by_id=self.executives[0].pk,
                appointed_at=appointed,
            )
            members.append(member)
        return members

    # -- offers -------------------------------------------------------------------------------

    def make_offers(self, call, tasks, count, state):
        rng = self.rng
        offers = []
        used = defaultdict(set)  # task pk → organisation indexes with an offer for it
        for i in range(count):
            task = tasks[i % len(tasks)]
            org_index = rng.randrange(len(self.orgs))
            while org_index in used[task.pk] and len(used[task.pk]) < len(self.orgs):
                org_index = (org_index + 1) % len(self.orgs)
            used[task.pk].add(org_index)
            org = self.orgs[org_index]
            rep = self.reps[org_index]
            content = self.content(call, org)
            figures = offer_content.compute(content)
            draft = state == CallState.OPEN and i % 3 == 0
            created = call.published_at + datetime.timedelta(days=rng.randint(1, 25))
            offer = Offer(
                call=call,
                task=task,
                organisation=org,
                state=OfferState.DRAFT if draft else OfferState.SUBMITTED,
                number="" if draft else f"{call.year}/{call.pk}/{task.number}/{i + 1:03d}",
                title=content["III"]["title"],
                content=content,
                revision=rng.randint(3, 12),
                section_revisions=dict.fromkeys(offer_content.SECTIONS, 1),
                created_by_id=rep.pk,
                last_edited_by_id=rep.pk,
                submitted_at=None if draft else min(created + datetime.timedelta(days=2), call.offer_deadline),
                **figures.as_totals(),
            )
            offer._rep = rep
            offer._created = created
            offers.append(offer)
        return offers

    def content(self, call, org):
        rng = self.rng
        start, end = call.performance_start, call.performance_end
        year = str(start.year)

        def line(kind, measure, unit_cost, units):
            value = _money(Decimal(unit_cost) * Decimal(units))
            return {
                "kind": kind,
                "measure": measure,
                "unit_cost": str(unit_cost),
                "units": str(units),
                "years": {year: str(value)},
            }

        actions = []
        actions_cost = Decimal("0.00")
        for a, name in enumerate(ACTION_NAMES):
            lines = []
            for _k in range(4):
                unit_cost, units = rng.randint(50, 1500), rng.randint(1, 12)
                lines.append(line(rng.choice(COST_KINDS), "szt.", unit_cost, units))
                actions_cost += unit_cost * units
            actions.append({"name": f"{a + 1}. {name}", "lines": lines})
        # Administrative costs: about 6% of the actions (the calls cap them at 15% of the cost).
        admin_lines = [
            line(kind, "miesiąc", max(1, int(actions_cost * Decimal("0.02") / 4)), 4) for kind in ADMIN_KINDS
        ]
        total = actions_cost + sum(Decimal(x["unit_cost"]) * Decimal(x["units"]) for x in admin_lines)
        total = _money(total)
        own_financial = _money(total * Decimal("0.06"))
        own_personal = _money(total * Decimal("0.05"))
        grant = total - own_financial - own_personal
        title = f"{rng.choice(WORDS)} {rng.choice(THEMES).lower()} {start.year}"
        return {
            "I": {"authority": "Prezydent Miasta", "task_type": "Zadanie publiczne"},
            "II": {
                "offerors": [
                    {
                        "organisation_id": org.pk,
                        "name": org.name,
                        "legal_form": org.legal_form,
                        "register": org.krs_number or org.register_number,
                        "address": f"{org.street_address}, {org.postal_code} {org.town}",
                        "email": org.email,
                        "phone": org.phone,
                        "website": "",
                        "correspondence_address": "",
                        "bank_account": "",
                    }
                ],
                "contact": {"name": "Anna Nowak", "phone": "+48 600 100 200", "email": org.email},
            },
            "III": {
                "title": title,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "place": "Płock",
                "target_group": "Mieszkańcy miasta",
                "needs": "Zadanie odpowiada na potrzeby mieszkańców opisane w programie współpracy.",
                "complementarity": "",
                "activities": [
                    {
                        "year": year,
                        "name": name,
                        "description": "Opis działania.",
                        "target_group": "Mieszkańcy",
                        "period": "cały okres",
                        "subcontracted": "",
                        "partner": str(org.pk),
                    }
                    for name in ACTION_NAMES
                ],
                "results_products": "Cykl zajęć i wydarzenie końcowe.",
                "results_change": "Większa aktywność mieszkańców.",
                "results_durability": "Działania będą kontynuowane.",
                "results": [{"name": "Liczba uczestników", "target": str(rng.randint(20, 900)), "monitoring": "Listy"}],
            },
            "IV": {"experience": "Wieloletnie doświadczenie w podobnych zadaniach.", "resources": "Zespół i sprzęt."},
            "V": {
                "actions": actions,
                "admin_lines": admin_lines,
                "sources": {
                    "grant": str(grant),
                    "own_financial": str(own_financial),
                    "own_personal": str(own_personal),
                    "own_in_kind": "0",
                    "recipient_payments": "0",
                },
                "split": [],
            },
            "VI": {"paid": "unpaid", "partners_roles": "", "other": ""},
            "VII": {
                "declarations": {
                    "public_benefit_only": True,
                    "payments_only_if_paid": True,
                    "truthful": True,
                    "personal_data": True,
                    "tax_arrears": "no",
                    "zus_arrears": "no",
                    "register_match": "krs" if org.krs_number else "other",
                }
            },
        }

    def version_of(self, offer, call):
        text = canonical.dumps(
            canonical.document(
                call_slug=call.slug,
                task_number=offer.task.number,
                offerors=[{"id": offer.organisation.pk, "name": offer.organisation.name}],
                attachments=[],
                content=offer.content,
            )
        )
        return OfferVersion(
            offer=offer,
            number=1,
            content=offer.content,
            canonical=text,
            checksum=canonical.checksum(text),
            attachments=[],
            submitted_by_id=offer._rep.pk,
            submitted_at=offer.submitted_at,
            is_current=True,
        )

    def offer_log(self, offer, call):
        rng, rep = self.rng, offer._rep
        self.log(actor=rep, action="offer.created", obj=offer, when=offer._created)
        for k in range(rng.randint(4, 12)):
            when = offer._created + datetime.timedelta(minutes=7 * (k + 1))
            self.log(
                actor=rep, action="offer.saved", obj=offer, when=when, data={"section": rng.choice(["III", "IV", "V"])}
            )
        if offer.state == OfferState.SUBMITTED:
            self.log(actor=rep, action="offer.submitted", obj=offer, when=offer.submitted_at, data={"version": 1})

    def formal_check(self, offer, call, items):
        ok = self.rng.random() >= 0.1
        officer = self.officers[self.units.index(call.unit) * 3]
        when = call.offer_deadline + datetime.timedelta(days=2)
        results = {str(item.pk): True for item in items}
        if not ok:
            results[str(items[0].pk)] = False
        self.log(
            actor=officer,
            action="formal_check.recorded",
            obj=offer,
            when=when,
            data={"status": "passed" if ok else "rejected"},
        )
        return FormalCheck(
            offer=offer,
            status=FormalStatus.PASSED if ok else FormalStatus.REJECTED,
            results=results,
            reason="" if ok else "Oferta złożona po terminie.",
            checked_version=1,
            checked_by_id=officer.pk,
            checked_at=when,
        )

    # -- results, agreements, reports ----------------------------------------------------------

    def results(self, calls, offers_of, scored, budget_of):
        assessments, decisions, grants, agreements = [], [], [], []
        executive = self.executives[0]
        evaluated = [c for c in calls if c.state in (CallState.EVALUATED, CallState.RESOLVED)]
        for call in evaluated:
            closed_at = call.offer_deadline + datetime.timedelta(days=14)
            decided_at = call.offer_deadline + datetime.timedelta(days=20)
            by_task = defaultdict(list)
            for offer in offers_of[call.pk]:
                if offer.pk in scored:
                    totals = scored[offer.pk]
                    by_task[offer.task_id].append((sum(totals) / len(totals), offer))
            for task_id, rows in by_task.items():
                rows.sort(key=lambda r: (-r[0], r[1].pk))
                left = budget_of[task_id]
                for place, (score, offer) in enumerate(rows, start=1):
                    score = _money(score)
                    passed = score >= call.pass_threshold
                    proposed = offer.requested_grant if passed and offer.requested_grant <= left else None
                    if proposed:
                        left -= proposed
                    assessments.append(
                        OfferAssessment(offer=offer, score=score, passed=passed, rank=place, proposed_amount=proposed)
                    )
                    if call.state != CallState.RESOLVED:
                        continue
                    outcome = DecisionOutcome.FUNDED if proposed else DecisionOutcome.NOT_FUNDED
                    decisions.append(
                        Decision(
                            offer=offer,
                            outcome=outcome,
                            amount=proposed,
                            reasons="" if proposed else "Brak środków lub zbyt niska ocena.",
                            decided_by_id=executive.pk,
                            decided_at=decided_at,
                        )
                    )
                    if proposed:
                        grants.append(self.grant(call, offer, proposed, decided_at))
                        agreements.append(self.agreement(offer, call, proposed, decided_at))
            call.evaluation_closed_at = closed_at
            call.evaluation_closed_by_id = self.officers[self.units.index(call.unit) * 3].pk
            self.log(actor=self.officers[0], action="scoring.evaluation_closed", obj=call, when=closed_at)
            if call.state == CallState.RESOLVED:
                call.decided_at = decided_at
                call.decided_by_id = executive.pk
                call.results_published_at = decided_at + datetime.timedelta(days=1)
                call.results_bip_published_on = call.results_published_at.date()
                call.results_notice_board_published_on = call.results_published_at.date()
                self.log(actor=executive, action="results.decided", obj=call, when=decided_at)
                self.log(actor=self.officers[0], action="results.published", obj=call, when=call.results_published_at)
        # rejected offers of resolved calls get their decision too
        for call in calls:
            if call.state != CallState.RESOLVED:
                continue
            for offer in offers_of[call.pk]:
                if offer.state == OfferState.SUBMITTED and offer.pk not in scored:
                    decisions.append(
                        Decision(
                            offer=offer,
                            outcome=DecisionOutcome.REJECTED,
                            reasons="Oferta odrzucona z przyczyn formalnych.",
                            decided_by_id=executive.pk,
                            decided_at=call.offer_deadline + datetime.timedelta(days=20),
                        )
                    )
        Call.objects.bulk_update(
            evaluated,
            [
                "evaluation_closed_at",
                "evaluation_closed_by",
                "decided_at",
                "decided_by",
                "results_published_at",
                "results_bip_published_on",
                "results_notice_board_published_on",
            ],
            batch_size=500,
        )
        self.write(OfferAssessment, assessments)
        self.write(Decision, decisions)
        self.write(Grant, grants)
        self.write(Agreement, agreements)
        self.write(Report, [self.report(a) for a in agreements])

    def grant(self, call, offer, amount, decided_at):
        return grant_for(offer=offer, amount=amount, awarded_on=decided_at.date())

    def agreement(self, offer, call, amount, decided_at):
        settled = call.performance_end < self.today - datetime.timedelta(days=60)
        officer = self.officers[self.units.index(call.unit) * 3]
        agreement = Agreement(
            offer=offer,
            number=f"UM/{offer.number}",
            state=AgreementState.SETTLED if settled else AgreementState.IN_FORCE,
            financing=call.financing,
            start_date=call.performance_start,
            end_date=call.performance_end,
            use_deadline=call.performance_end,
            return_deadline=call.performance_end + datetime.timedelta(days=15),
            final_report_due=call.performance_end + datetime.timedelta(days=30),
            amount=amount,
            own_financial=offer.own_financial,
            own_personal=offer.own_personal,
            city_representative="Zastępca Prezydenta Miasta",
            ngo_representatives=f"{offer._rep.first_name} {offer._rep.last_name}",
            sent_at=decided_at + datetime.timedelta(days=3),
            signed_on=(decided_at + datetime.timedelta(days=7)).date(),
            in_force_from=(decided_at + datetime.timedelta(days=7)).date(),
            settled_at=self.at(call.performance_end + datetime.timedelta(days=45)) if settled else None,
            created_by_id=officer.pk,
        )
        agreement._settled = settled
        agreement._officer = officer
        return agreement

    def report(self, agreement):
        settled = agreement._settled
        offer = agreement.offer
        submitted = self.at(agreement.end_date + datetime.timedelta(days=20)) if settled else None
        if settled:
            self.log(actor=offer._rep, action="report.submitted", obj=agreement, when=submitted)
            self.log(
                actor=agreement._officer,
                action="report.accepted",
                obj=agreement,
                when=submitted + datetime.timedelta(days=10),
            )
        self.log(actor=agreement._officer, action="agreement.created", obj=agreement, when=agreement.sent_at)
        return Report(
            agreement=agreement,
            kind=ReportKind.FINAL,
            state=ReportState.ACCEPTED if settled else ReportState.DUE,
            period_from=agreement.start_date,
            period_to=agreement.end_date,
            due_date=agreement.final_report_due,
            content={"spent": str(agreement.amount)} if settled else {},
            spent_grant=agreement.amount if settled else Decimal("0.00"),
            submitted_at=submitted,
            submitted_by_id=offer._rep.pk if settled else None,
            decided_at=submitted + datetime.timedelta(days=10) if settled else None,
            decided_by_id=agreement._officer.pk if settled else None,
        )
