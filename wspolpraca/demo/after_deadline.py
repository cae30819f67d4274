"""Demo data for the calls after their offer deadline (formal check → settlement), called from demo.py.

Last year's calls of demo.py (closed at their deadline there) are taken the whole way to settled
agreements; and five new calls, each a whole scene played through the services in the order it happened:

- **scoring** (CLOSED, deadline ten days ago): the formal check done (one offer corrected after a
  call to correct, one rejected), the commission appointed (chair urzednik@, an officer, komisja1@
  and komisja2@ nominated by an organisation, komisja3@ as expert), everyone's declaration (komisja2@
  declares a conflict with one offer), some score sheets submitted, some drafts — komisja1@ still
  has sheets to score;
- **evaluated** (EVALUATED): every sheet submitted, the amounts proposed (task 1 above its budget,
  so the executive sees the warning), the evaluation closed: prezydent@ decides;
- **resolved recently** (RESOLVED, next year's tasks): results published (BIP and notice board),
  grants, a request for reasons answered and one pending, offer updates in every state (ngo@ has one
  to submit), agreements drafted, sent (ngo@ has one to read) and signed;
- **resolved in spring** (RESOLVED, this year's tasks): agreements in force with tranches (one
  transferred) and an annex, reports due soon (ngo@'s), overdue, submitted, returned, accepted and
  rejected, a settlement with a late return bearing interest, a settled and a terminated agreement;
- **cancelled** under art. 18a (no offers by the deadline) with the notice's BIP and board dates;
  another call closed yesterday without offers waits for the officer to cancel it;

and demo.py's call closed four days ago gets one offer called to correct (the others wait for
their formal check), so that every section of the officer's work list (/panel/) has something.

The services refuse to act in the past (a publication dated today, offers only before the
deadline, a formal check only after it, a signature not in the future…), so each step runs under
`_clock(moment)`: for its duration `django.utils.timezone.now` answers that moment (the real time
elapsed since is added, so the order of the rows is kept), and the service records it as a
person would have on that day. The few timestamps that models fill with `default=timezone.now`
(bound before the clock is set: appointments, declarations) are dated afterwards
with an update, each said where. No rule is bent: each service checks its own deadlines against
the shifted clock. Tax-arrears rates come from `settlement.seed_rates()`.

Idempotent like demo.py: a call is built only when no call has its title.
"""

import contextlib
import datetime
from decimal import Decimal

from django.utils import timezone

from wspolpraca.accounts.models import User
from wspolpraca.accounts.services import create_user
from wspolpraca.competitions.agreements import annexes as agreement_annexes
from wspolpraca.competitions.agreements import drafting as agreement_drafting
from wspolpraca.competitions.agreements import services as agreement_services
from wspolpraca.competitions.calls import services as call_services
from wspolpraca.competitions.enums import (
    CallState,
    CancellationGround,
    CommissionRole,
    DecisionOutcome,
    FormalStatus,
    OfferState,
    ReportKind,
    WithoutNgoReason,
)
from wspolpraca.competitions.evaluation import cancellation, overview, scoring
from wspolpraca.competitions.evaluation import commission as commission_services
from wspolpraca.competitions.evaluation import publication as publication_services
from wspolpraca.competitions.evaluation import reasons as reasons_services
from wspolpraca.competitions.evaluation import results as result_services
from wspolpraca.competitions.kernel import deadlines
from wspolpraca.competitions.kernel.offer_content import SOURCE_KEYS
from wspolpraca.competitions.models import (
    Call,
    CommissionMember,
    FormalCheck,
    ImpartialityDeclaration,
    NgoNomination,
    OfferUpdate,
)
from wspolpraca.competitions.offers import formal_check, submission
from wspolpraca.competitions.offers import services as offer_services
from wspolpraca.competitions.offers import update as update_services
from wspolpraca.competitions.reporting import content as report_content
from wspolpraca.competitions.reporting import services as report_services
from wspolpraca.competitions.reporting import settlement as settlement_services
from wspolpraca.demo.values import at as _at
from wspolpraca.demo.values import money as _money

FLAGSHIP = "Stowarzyszenie Płocka Pracownia Inicjatyw"
NOMINATOR = "Płocki Bank Żywności"  # nominates komisja1@ and komisja2@; offers in none of these calls
SECOND_OFFICER = ("b.sadowska@example.org", "Beata", "Sadowska")  # no password, like the representatives
_real_now = timezone.now


@contextlib.contextmanager
def _clock(moment):
    """Services run as at `moment` (an aware datetime); see the module docstring."""
    previous = timezone.now
    offset = _real_now() - moment
    timezone.now = lambda: _real_now() - offset
    try:
        yield
    finally:
        timezone.now = previous


def _ago(days, hour=10, minute=0):
    """`days` before the real today (not the shifted clock's), at hour:minute."""
    return _at(timezone.localdate(_real_now()) - datetime.timedelta(days=days), hour, minute)


class _AfterDeadline:
    def __init__(self, demo):
        self.demo = demo
        self.today = demo.today
        self.officer = demo.officer
        self.executive = demo.executive
        self.ngo = demo.ngo
        self.komisja = {n: User.objects.get(email=f"komisja{n}@example.org") for n in (1, 2, 3)}

    def day(self, offset):
        return self.today + datetime.timedelta(days=offset)

    # --- people -------------------------------------------------------------------------------

    def seed_people(self):
        email, first, last = SECOND_OFFICER
        self.second_officer = User.objects.filter(email=email).first() or create_user(
            email=email, password=None, first_name=first, last_name=last, is_officer=True
        )
        organisation = self.demo.organisations[NOMINATOR]
        self.nominations = {}
        for n in (1, 2):
            user = self.komisja[n]
            nomination = NgoNomination.objects.filter(user=user).first()
            if nomination is None:
                when = _ago(400)
                with _clock(when):
                    nomination = commission_services.nominate_candidate(
                        actor=self.demo.reps[NOMINATOR],
                        organisation=organisation,
                        name=user.get_full_name(),
                        email=user.email,
                        qualifications="Od lat działa w organizacjach pozarządowych Płocka; "
                        "oceniała oferty w konkursach miejskich.",
                        consent=True,
                        user=user,
                    )
            self.nominations[n] = nomination

    # --- building blocks -----------------------------------------------------------------------

    def call_spec(self, *, unit, title, year, order_no, summary, task_type, tasks, performance, local, threshold=25):
        return {
            "unit": unit,
            "title": title,
            "year": year,
            "order": f"Zarządzenie nr {order_no} Prezydenta Miasta Płocka",
            "order_date": timezone.localdate() - datetime.timedelta(days=3),
            "summary": summary,
            "task_type": task_type,
            "tasks": tasks,
            "performance": performance,
            "selection_date": timezone.localdate() + datetime.timedelta(days=60),
            "admin_cap": Decimal("10.00"),
            "pass_threshold": Decimal(threshold),
            "local_criterion": local,
            "attachments": [("Aktualny statut organizacji", "", True)],
        }

    def announce(self, spec, *, published, deadline):
        """Build and publish on day `published` (days ago), deadline `deadline` days ago at 15:30."""
        with _clock(_ago(published, 9, 0)):
            spec = {
                **spec,
                "order_date": timezone.localdate() - datetime.timedelta(days=4),
                # Fifty days after the deadline: still ahead for the calls awaiting their results.
                "selection_date": _ago(deadline).date() + datetime.timedelta(days=50),
                "deadline": _ago(deadline, 15, 30),
                # Art. 13 ust. 2 pkt 7: the year of the announcement and the year before it.
                "same_type": (
                    f"W {timezone.localdate().year} r. zlecono 5 zadań tego rodzaju na kwotę 150 000,00 zł, "
                    f"w {timezone.localdate().year - 1} r. 4 zadania na kwotę 130 000,00 zł.",
                    "150000",
                    "130000",
                ),
            }
            call = self.demo.build_call(spec)
            call = call_services.publish_call(
                call=call,
                actor=self.officer,
                bip_published_on=timezone.localdate(),
                notice_board_published_on=timezone.localdate(),
                bip_url=f"https://bip.plock.eu/ogloszenia/{call.slug}",
            )
        return call

    @staticmethod
    def offer_spec(title, start, end, hours, contact, *, place="Płock", target="Mieszkańcy Płocka"):
        """Grant requested = 80 × hours + 2 500 zł (own contribution 5 500 zł; at least 150 hours keeps the
        administrative costs within 10%)."""
        return {
            "title": title,
            "start": start,
            "end": end,
            "place": place,
            "target": target,
            "needs": "Zadanie odpowiada na potrzeby wskazane w programie współpracy i w rozmowach z mieszkańcami.",
            "activities": [
                ("Zajęcia i spotkania", "Regularne zajęcia prowadzone przez doświadczonych animatorów.", "cały okres"),
                ("Wydarzenie podsumowujące", "Otwarte spotkanie dla mieszkańców.", "na zakończenie"),
            ],
            "results": (
                "Cykl zajęć i wydarzenie podsumowujące dla ok. 120 osób.",
                "Uczestnicy częściej działają razem w swojej okolicy.",
                "Grupa uczestników kontynuuje działania po zakończeniu zadania.",
            ),
            "indicators": [("Liczba uczestników", "120"), ("Liczba spotkań", "30")],
            "experience": "Organizacja realizowała zadania publiczne Miasta Płocka bez zastrzeżeń.",
            "lines": [
                ("Wynagrodzenia prowadzących", "godzina", "80.00", hours),
                ("Materiały", "komplet", "1500.00", 4),
            ],
            "admin": [("Księgowość", "miesiąc", "200.00", 10)],
            "own_financial": "3000.00",
            "own_personal": "2500.00",
            "contact": contact,
        }

    def offer(self, call, task, name, spec, *, at):
        with _clock(at):
            offer = self.demo.prepare(call, task, name, spec)
            self.demo.submit(offer)
        offer.refresh_from_db()
        return offer

    def close(self, call):
        with _clock(call.offer_deadline + datetime.timedelta(minutes=1)):
            call = call_services.close_call(call=call, actor=None)
        return call

    def check(self, offer, at, outcome=FormalStatus.PASSED, **kwargs):
        with _clock(at):
            items = formal_check.checklist(offer.call)
            results = {str(item.pk): True for item in items}
            if outcome != FormalStatus.PASSED:
                results[str(items[-1].pk)] = False
            return formal_check.record_formal_check(
                actor=self.officer, offer=offer, results=results, outcome=outcome, **kwargs
            )

    def appoint(self, call, members, at, *, without_ngo=None):
        """members: [(user or nomination, role)]; each then files a declaration (conflicts: {user: offer}).
        `without_ngo`: the art. 15(2da) reason the executive records for a commission of officers only."""
        with _clock(at):
            for who, role in members:
                if isinstance(who, NgoNomination):
                    commission_services.appoint_commission_member(
                        actor=self.executive, call=call, role=role, nomination=who
                    )
                else:
                    commission_services.appoint_commission_member(actor=self.executive, call=call, role=role, user=who)
            if without_ngo:
                commission_services.set_commission_without_ngo_reason(
                    actor=self.executive, call=call, reason=without_ngo
                )
        # appointed_at has default=timezone.now, bound before the clock was set.
        CommissionMember.objects.filter(call=call).update(appointed_at=at)

    def declare(self, call, user, at, conflicted=None):
        with _clock(at):
            commission_services.file_declaration(
                actor=user,
                call=call,
                no_art24_grounds=True,
                other_circumstances=(
                    f"Jestem członkinią organizacji {conflicted.organisation.name}; nie ocenię jej oferty."
                    if conflicted
                    else ""
                ),
                conflicted_offer=conflicted,
            )
        # declared_at has default=timezone.now, bound before the clock was set.
        ImpartialityDeclaration.objects.filter(call=call, user=user).update(declared_at=at)

    @staticmethod
    def scores(offer, quality):
        """Points for each applicable criterion: `quality` (0–1) of its maximum, in halves."""
        values = {}
        for criterion, applies in scoring.sheet_criteria(offer):
            if not applies:
                continue
            points = (criterion.max_points * Decimal(str(quality)) * 2).quantize(Decimal("1")) / 2
            values[criterion.pk] = {
                "points": points,
                "justification": "Ocena zgodna z opisem w ofercie i z doświadczeniem oferenta."
                if quality >= 0.6
                else "Opis zbyt ogólny; brak danych potwierdzających potrzeby odbiorców.",
            }
        return values

    def score(self, user, offer, quality, at, *, submit=True):
        with _clock(at):
            if submit:
                scoring.submit_score_sheet(actor=user, offer=offer, scores=self.scores(offer, quality))
            else:
                values = self.scores(offer, quality)
                # A draft: the last criterion not scored yet.
                values.pop(list(values)[-1])
                scoring.save_score_sheet(actor=user, offer=offer, scores=values, comment="Do dokończenia.")

    def evaluate(self, call, offers, qualities, members, start, *, amounts):
        """Every member scores every offer it may (by `start` days ago), the chair proposes amounts."""
        for n, user in enumerate(members):
            conflicted = ImpartialityDeclaration.objects.get(call=call, user=user).conflicted_offer_id
            for m, offer in enumerate(offers):
                if offer.pk != conflicted:
                    self.score(user, offer, qualities[m], _ago(start - n, 11, 5 * m))
        with _clock(_ago(start - len(members), 12)):
            for offer, amount in zip(offers, amounts, strict=True):
                overview.propose_amount(
                    actor=self.officer,
                    offer=offer,
                    amount=amount,
                    note="" if amount else "Poniżej progu punktowego.",
                )

    def collect(self, call, rows, *, first, step, dates=None):
        """Offers of `rows` ((organisation, task, title, hours, contact[, start, end days ago])), the
        first submitted `first` days ago, then every `step` days; then the call closes at its deadline."""
        offers = []
        for n, (name, task, title, hours, contact, *span) in enumerate(rows):
            start, end = (self.day(-span[0]), self.day(-span[1])) if span else dates
            spec = self.offer_spec(title, start, end, hours, contact)
            offers.append(self.offer(call, task, name, spec, at=_ago(first - step * n, 12)))
        return self.close(call), offers

    def whole_evaluation(self, call, offers, *, seats, checked, qualities, amounts, closed, without_ngo=None):
        """Every offer passes the formal check `checked` days ago; the commission (`seats`: [(user or
        nomination, role)], appointed the next day, with the art. 15(2da) reason `without_ngo` when it
        has no nominee) declares, scores everything, the chair proposes `amounts` and closes the
        evaluation `closed` days ago."""
        for n, offer in enumerate(offers):
            self.check(offer, _ago(checked, 9, 5 * n))
        self.appoint(call, seats, _ago(checked - 1), without_ngo=without_ngo)
        members = [who.user if isinstance(who, NgoNomination) else who for who, _role in seats]
        for n, user in enumerate(members):
            self.declare(call, user, _ago(checked - 3, 9 + n))
        self.evaluate(call, offers, qualities, members, checked - 6, amounts=amounts)
        with _clock(_ago(closed, 15)):
            return overview.close_evaluation(actor=self.officer, call=call)

    def publish_results(self, call, decisions, at, *, marks):
        """decisions: {offer: amount or None (not funded)}; marks: the BIP and board dates (days ago)."""
        choices = {}
        for offer, amount in decisions.items():
            if amount:
                choices[offer.pk] = {"outcome": DecisionOutcome.FUNDED, "amount": amount}
            else:
                choices[offer.pk] = {
                    "outcome": DecisionOutcome.NOT_FUNDED,
                    "reasons": "Oferta uzyskała mniej punktów niż próg określony w ogłoszeniu.",
                }
        with _clock(at):
            call, _warnings = result_services.publish_results(actor=self.executive, call=call, choices=choices)
        with _clock(_ago(marks, 13)):
            publication_services.record_results_publication(
                actor=self.officer,
                call=call,
                bip_published_on=timezone.localdate(),
                notice_board_published_on=timezone.localdate(),
                bip_url=f"https://bip.plock.eu/wyniki/{call.slug}",
            )
        return call

    def update_offer(self, offer, at):
        """The representative updates the costs to the award (more own funds) and submits."""
        award = offer.award_update.awarded_amount
        rep = self.demo.reps[offer.organisation.name]
        with _clock(at):
            fifth = dict(offer.content["V"])
            sources = dict(fifth["sources"])
            sources["own_financial"] = str(_money(sources["own_financial"]) + offer.requested_grant - award)
            sources["grant"] = str(award)
            fifth["sources"] = sources
            offer_services.save_offer_section(actor=rep, offer=offer, section="V", data=fifth, base_revision=None)
            offer.refresh_from_db()
            submission.submit_offer(actor=rep, offer=offer)
        return OfferUpdate.objects.get(offer=offer)

    def agreement(self, offer, *, drafted, tranches=None, sent=None, signed=None, in_force=None):
        """Draft (and send, sign, bring into force) on the given days ago; tranches [(date, share)]."""
        with _clock(_ago(drafted)):
            agreement = agreement_drafting.draft_agreement(actor=self.officer, offer=offer)
            if tranches:
                rows, left = [], agreement.amount
                for n, (due, share) in enumerate(tranches):
                    amount = left if n == len(tranches) - 1 else _money(agreement.amount * Decimal(share))
                    rows.append((due, amount))
                    left -= amount
                agreement = agreement_drafting.update_agreement(
                    actor=self.officer,
                    agreement=agreement,
                    data={"city_representative": "Andrzej Lewandowski, Prezydent Miasta Płocka"},
                    tranches=rows,
                )
        if sent is not None:
            with _clock(_ago(sent)):
                agreement = agreement_services.send_agreement(actor=self.officer, agreement=agreement)
        if signed is not None:
            with _clock(_ago(signed, 14)):
                agreement = agreement_services.record_signature(
                    actor=self.officer, agreement=agreement, signed_on=timezone.localdate()
                )
        if in_force is not None:
            with _clock(_ago(in_force, 14, 30)):
                agreement = agreement_services.bring_into_force(
                    actor=self.officer, agreement=agreement, in_force_from=timezone.localdate()
                )
        return agreement

    def transfer(self, agreement, number, days_ago):
        tranche = agreement.tranches.get(number=number)
        with _clock(_ago(days_ago, 12)):
            agreement_services.record_tranche_transfer(
                actor=self.officer, tranche=tranche, transferred_on=timezone.localdate()
            )

    def report_content(self, report, *, share=Decimal("1"), unused=Decimal("0"), return_on=None):
        """The report as the organisation fills it: `share` of each planned cost (the grant takes up
        the difference) and `unused` grant left (returned on `return_on`)."""
        plan = report_content.plan_of(report.agreement)
        costs, total = {}, Decimal("0")
        for n, line in enumerate(plan.lines):
            value = _money(line.planned * share) - (unused if n == 0 else 0)
            costs[line.key] = str(value)
            total += value
        sources = {key: _money(plan.sources[key] * share) for key in SOURCE_KEYS}
        sources["grant"] = total - sum((v for k, v in sources.items() if k != "grant"), Decimal("0"))
        content = {
            "I": {
                "results": "Zajęcia odbyły się zgodnie z harmonogramem; frekwencję mierzono listami obecności.",
                "activities": "Działania prowadzono zgodnie z ofertą; jedno spotkanie przeniesiono o tydzień.",
                "indicators": [
                    {"achieved": indicator["target"], "source": "listy obecności"} for indicator in plan.indicators
                ],
            },
            "II": {
                "costs": costs,
                "sources": {key: str(value) for key, value in sources.items()},
                "contribution": "Praca wolontariuszy przy organizacji zajęć (wkład osobowy).",
                "interest": "",
                "other_income": "",
                "income_info": "",
            },
            "III": {"additional": ""},
            "return": {"amount": str(unused) if unused else "", "date": return_on.isoformat() if return_on else ""},
            "declarations": dict.fromkeys(report_content.DECLARATIONS, True),
        }
        return content

    def file_report(self, report, at, **kwargs):
        rep = self.demo.reps[report.agreement.offer.organisation.name]
        with _clock(at):
            report = report_services.save_report(
                actor=rep, report=report, content=self.report_content(report, **kwargs)
            )
            return report_services.submit_report(actor=rep, report=report)

    def request_partial(self, agreement, *, delivered, period_to):
        with _clock(_ago(delivered, 9)):
            on = timezone.localdate()
            return report_services.request_partial_report(
                actor=self.officer,
                agreement=agreement,
                period_from=agreement.start_date,
                period_to=self.day(-period_to),
                delivered_on=on,
                due_date=deadlines.earliest_partial_report_due(on),
            )

    # --- the scenes -----------------------------------------------------------------------------

    def scene_scoring(self):
        y = self.demo.next
        spec = self.call_spec(
            unit="biuro-rewitalizacji",
            title=f"Otwarty konkurs ofert na realizację zadań z zakresu ekologii i ochrony dziedzictwa "
            f"przyrodniczego w {y} r.",
            year=y,
            order_no=f"2688/{self.demo.year}",
            summary="Edukacja ekologiczna, opieka nad skarpą wiślaną i zielenią osiedli.",
            task_type="Ekologia i ochrona zwierząt oraz ochrona dziedzictwa przyrodniczego (art. 4 ust. 1 pkt 18).",
            tasks=[
                (
                    "Edukacja ekologiczna dzieci i dorosłych",
                    "18",
                    "Warsztaty, wycieczki, akcje sprzątania.",
                    {y: "140000.00"},
                ),
                (
                    "Zieleń osiedli i ogrody społeczne",
                    "13",
                    "Ogrody sąsiedzkie i nasadzenia z mieszkańcami.",
                    {y: "90000.00"},
                ),
            ],
            performance=(datetime.date(y, 3, 1), datetime.date(y, 11, 30)),
            local=("Udział mieszkańców w przygotowaniu zadania", "Spotkania, ankiety, grupy inicjatywne.", 5),
        )
        if self.demo.existing(spec["title"]):
            return
        call = self.announce(spec, published=40, deadline=10)
        start, end = datetime.date(y, 4, 1), datetime.date(y, 10, 31)
        rows = [
            (
                FLAGSHIP,
                1,
                "Zielona Pracownia – warsztaty ekologiczne na osiedlach",
                300,
                ("Anna Nowak", "+48 605 660 710"),
            ),
            (
                "Fundacja Ciechomicki Brzeg",
                1,
                "Skarpa bez śmieci – edukacja nad Wisłą",
                260,
                ("Natalia Górska", "+48 610 200 300"),
            ),
            (
                "Klub Turystyki Rowerowej „Szprycha”",
                1,
                "Rowerem po płockich rezerwatach",
                200,
                ("Damian Olszewski", "+48 611 300 400"),
            ),
            (
                "Stowarzyszenie Sąsiedzkie Osiedla Skarpa",
                2,
                "Ogród sąsiedzki na Skarpie",
                220,
                ("Teresa Jaworska", "+48 612 400 500"),
            ),
            (
                "Fundacja Teatr Nie-Taki",
                2,
                "Zielone podwórka – teatr i ogród",
                180,
                ("Łukasz Michalak", "+48 613 500 600"),
            ),
        ]
        call, offers = self.collect(call, rows, first=24, step=3, dates=(start, end))
        flagship, brzeg, szprycha, skarpa, teatr = offers
        self.check(flagship, _ago(9, 10))
        self.check(
            brzeg,
            _ago(9, 11),
            FormalStatus.CORRECTION,
            sections=["III"],
            message="Uzupełnij miejsce realizacji zadania: podaj, na których odcinkach skarpy odbędą się akcje.",
        )
        self.check(
            szprycha,
            _ago(9, 12),
            FormalStatus.REJECTED,
            reason="Statut klubu nie przewiduje działalności w sferze ekologii i ochrony przyrody; oferta nie "
            "spełnia wymogu zgodności celów statutowych z zadaniem.",
        )
        self.check(skarpa, _ago(9, 13))
        self.check(teatr, _ago(9, 14))
        # The foundation corrects section III and submits the corrected version; the officer checks again.
        rep = self.demo.reps[brzeg.organisation.name]
        with _clock(_ago(6, 16)):
            brzeg.refresh_from_db()
            third = dict(brzeg.content["III"])
            third["place"] = (
                "Płock, skarpa wiślana: Ciechomice, Tumskie Wzgórze i Radziwie (odcinki oznaczone na mapie)"
            )
            offer_services.save_offer_section(actor=rep, offer=brzeg, section="III", data=third, base_revision=None)
            brzeg.refresh_from_db()
            submission.submit_correction(actor=rep, offer=brzeg)
        self.check(brzeg, _ago(5, 9))
        self.appoint(
            call,
            [
                (self.officer, CommissionRole.CHAIR),
                (self.second_officer, CommissionRole.OFFICER),
                (self.nominations[1], CommissionRole.NGO),
                (self.nominations[2], CommissionRole.NGO),
                (self.komisja[3], CommissionRole.EXPERT),
            ],
            _ago(8, 10),
        )
        self.declare(call, self.officer, _ago(5, 10))
        self.declare(call, self.second_officer, _ago(5, 10, 30))
        self.declare(call, self.komisja[1], _ago(4, 18))
        self.declare(call, self.komisja[2], _ago(4, 19), conflicted=teatr)
        self.declare(call, self.komisja[3], _ago(3, 9))
        scored = [flagship, brzeg, skarpa, teatr]
        # The second officer has scored everything; komisja2@ all but the conflicted offer; the chair
        # two offers and one draft; the expert one; komisja1@ one draft and the rest to do.
        for m, offer in enumerate(scored):
            self.score(self.second_officer, offer, 0.8 - 0.1 * m, _ago(3, 11, m))
        for m, offer in enumerate(scored[:3]):
            self.score(self.komisja[2], offer, 0.75 - 0.05 * m, _ago(2, 20, m))
        self.score(self.officer, flagship, 0.8, _ago(2, 9))
        self.score(self.officer, brzeg, 0.7, _ago(2, 9, 20))
        self.score(self.officer, skarpa, 0.6, _ago(1, 9), submit=False)
        self.score(self.komisja[3], skarpa, 0.7, _ago(1, 12))
        self.score(self.komisja[1], flagship, 0.85, _ago(1, 21), submit=False)

    def scene_evaluated(self):
        y = self.demo.next
        spec = self.call_spec(
            unit="wydzial-kultury",
            title=f"Otwarty konkurs ofert na realizację zadań z zakresu edukacji regionalnej i upamiętniania "
            f"historii Płocka w {y} r.",
            year=y,
            order_no=f"2650/{self.demo.year}",
            summary="Spacery historyczne, publikacje i lekcje regionalne o dziejach Płocka.",
            task_type="Podtrzymywanie tradycji narodowej, kultura i ochrona dziedzictwa (art. 4 ust. 1 pkt 4 i 16).",
            tasks=[
                (
                    "Spacery i lekcje historii Płocka",
                    "4",
                    "Spacery z przewodnikiem, lekcje w szkołach.",
                    {y: "60000.00"},
                ),
                ("Publikacje o historii miasta", "16", "Wydawnictwa, wystawy, materiały online.", {y: "50000.00"}),
            ],
            performance=(datetime.date(y, 2, 1), datetime.date(y, 12, 15)),
            local=("Dostępność dla szkół z różnych osiedli", "", 5),
        )
        if self.demo.existing(spec["title"]):
            return
        call = self.announce(spec, published=70, deadline=40)
        start, end = datetime.date(y, 3, 1), datetime.date(y, 11, 30)
        rows = [
            (
                "Stowarzyszenie Wolontariuszy „Pomocna Dłoń”",
                1,
                "Płock – historia na wyciągnięcie ręki",
                400,
                ("Elżbieta Król", "+48 608 990 110"),
            ),
            (
                "Stowarzyszenie Miłośników Kolei Płockiej",
                1,
                "Śladami płockiej kolei",
                350,
                ("Stanisław Zalewski", "+48 614 600 700"),
            ),
            (
                "Fundacja Wspierania Organizacji Pozarządowych „Trzeci Sektor”",
                2,
                "Płockie archiwum społeczne online",
                250,
                ("Agnieszka Baran", "+48 609 100 210"),
            ),
            (
                "Stowarzyszenie Honorowych Dawców Krwi „Kropla”",
                2,
                "Kronika płockiego krwiodawstwa",
                180,
                ("Krzysztof Sikora", "+48 607 880 910"),
            ),
        ]
        call, offers = self.collect(call, rows, first=50, step=2, dates=(start, end))
        # Task 1 (60 000 zł): both offers proposed in full, 66 500 zł together: above the budget,
        # so the chair and the executive see the warning.
        self.whole_evaluation(
            call,
            offers,
            seats=[
                (self.officer, CommissionRole.CHAIR),
                (self.second_officer, CommissionRole.OFFICER),
                (self.nominations[1], CommissionRole.NGO),
            ],
            checked=38,
            qualities=[0.85, 0.75, 0.7, 0.4],
            amounts=[offers[0].requested_grant, offers[1].requested_grant, _money("20000"), None],
            closed=5,
        )

    def scene_resolved_recently(self):
        y = self.demo.next
        spec = self.call_spec(
            unit="wydzial-sportu-i-rekreacji",
            title=f"Otwarty konkurs ofert na realizację zadań z zakresu turystyki, krajoznawstwa i rekreacji w {y} r.",
            year=y,
            order_no=f"2602/{self.demo.year}",
            summary="Rajdy, wycieczki krajoznawcze i rekreacja dla mieszkańców Płocka.",
            task_type="Turystyka i krajoznawstwo; kultura fizyczna (art. 4 ust. 1 pkt 19 i 17).",
            tasks=[
                (
                    "Turystyka i krajoznawstwo dla mieszkańców",
                    "19",
                    "Rajdy, wycieczki, gry miejskie.",
                    {y: "150000.00"},
                ),
                ("Rekreacja ruchowa na osiedlach", "17", "Zajęcia ruchowe w parkach i na boiskach.", {y: "150000.00"}),
            ],
            performance=(datetime.date(y, 1, 15), datetime.date(y, 12, 15)),
            local=("Zasięg: uczestnicy z różnych osiedli Płocka", "", 5),
        )
        if self.demo.existing(spec["title"]):
            return
        call = self.announce(spec, published=75, deadline=45)
        start, end = datetime.date(y, 2, 1), datetime.date(y, 11, 30)
        rows = [
            (FLAGSHIP, 1, "Płock od podszewki – gry miejskie dla rodzin", 400, ("Anna Nowak", "+48 605 660 710")),
            (FLAGSHIP, 2, "Ruch na podwórku – rekreacja na Starym Mieście", 300, ("Anna Nowak", "+48 605 660 710")),
            (
                "Uczniowski Klub Sportowy „Orlik” Płock",
                2,
                "Orlik dla każdego – zajęcia na boiskach",
                350,
                ("Marcin Kowalczyk", "+48 601 220 310"),
            ),
            ("Płocki Klub Wioślarski", 1, "Spływy kajakowe Wisłą i Skrwą", 320, ("Barbara Adamska", "+48 602 330 410")),
            (
                "Akademicki Związek Sportowy — Środowisko Płock",
                2,
                "Aktywny kampus – rekreacja dla studentów",
                280,
                ("Oliwia Nowicka", "+48 603 440 510"),
            ),
            (
                "Ludowy Klub Sportowy Borowiczki",
                2,
                "Nordic walking w Borowiczkach",
                200,
                ("Robert Mazur", "+48 604 550 610"),
            ),
            (
                "Płockie Stowarzyszenie Amazonek",
                1,
                "Wycieczki krajoznawcze dla Amazonek",
                220,
                ("Halina Pawlak", "+48 606 770 810"),
            ),
            (
                "Stowarzyszenie Honorowych Dawców Krwi „Kropla”",
                1,
                "Rajd Krwiodawców",
                180,
                ("Krzysztof Sikora", "+48 607 880 910"),
            ),
            (
                "Fundacja Teatr Nie-Taki",
                1,
                "Teatr w plenerze – wędrówki po Płocku",
                200,
                ("Łukasz Michalak", "+48 613 500 600"),
            ),
        ]
        call, offers = self.collect(call, rows, first=60, step=1, dates=(start, end))
        # Full amounts for the first, the seventh and the ninth; the others lower than requested; the eighth not funded.
        amounts = [o.requested_grant for o in offers]
        for n in (1, 2, 3, 4, 5):
            amounts[n] = _money(amounts[n] * Decimal("0.8"))
        amounts[7] = None
        call = self.whole_evaluation(
            call,
            offers,
            seats=[
                (self.officer, CommissionRole.CHAIR),
                (self.second_officer, CommissionRole.OFFICER),
                (self.nominations[2], CommissionRole.NGO),
            ],
            checked=43,
            qualities=[0.9, 0.8, 0.8, 0.75, 0.75, 0.7, 0.7, 0.4, 0.7],
            amounts=amounts,
            closed=28,
        )
        call = self.publish_results(call, dict(zip(offers, amounts, strict=True)), _ago(12, 12), marks=11)
        # The last (funded in full) waits for its agreement to be drafted.
        full, to_update, submitted, accepted, returned, withdrawn, signed, not_funded, _to_draft = offers
        # Requests for reasons (art. 15(2j)): one answered, one awaiting the officer.
        with _clock(_ago(10, 19)):
            request = reasons_services.request_reasons(
                call=call,
                offer=not_funded,
                name="Krzysztof Sikora",
                email="k.sikora@organizacje.example.org",
                text="Prosimy o uzasadnienie odmowy dotacji dla naszego rajdu i o oceny komisji.",
                ip="192.0.2.30",
            )
        with _clock(_ago(6, 11)):
            reasons_services.reply_to_reasons_request(
                actor=self.officer,
                request=request,
                reply="Oferta uzyskała 14,5 pkt średnio, poniżej progu 25 pkt: komisja wskazała zbyt ogólny opis "
                "potrzeb uczestników i brak danych o trasie. Karty ocen w załączeniu.",
            )
        with _clock(_ago(3, 20)):
            reasons_services.request_reasons(
                call=call,
                name="Jolanta Wrona",
                email="j.wrona@example.net",
                text="Dlaczego w zadaniu 2 przyznano dotacje niższe od wnioskowanych? Proszę o uzasadnienie.",
                ip="192.0.2.31",
            )
        # Offer updates: to_update (ngo@) stays REQUESTED; the others move on.
        self.update_offer(submitted, _ago(5, 13))
        update = self.update_offer(accepted, _ago(9, 13))
        with _clock(_ago(8, 10)):
            update_services.accept_offer_update(actor=self.officer, update=update, note="Zgodnie z przyznaną kwotą.")
        update = self.update_offer(returned, _ago(9, 15))
        with _clock(_ago(7, 10)):
            update_services.return_offer_update(
                actor=self.officer,
                update=update,
                note="Zmniejszono wkład własny zamiast kosztów: proszę zmniejszyć liczbę godzin zajęć w kosztorysie.",
            )
        with _clock(_ago(8, 16)):
            update_services.withdraw_from_grant(
                actor=self.demo.reps[withdrawn.organisation.name],
                offer=withdrawn,
                reason="Bez pełnej kwoty nie zapewnimy instruktorów; rezygnujemy z dotacji.",
            )
        # Agreements: a draft (the accepted update), sent (ngo@ reads it), signed.
        self.agreement(accepted, drafted=7)
        self.agreement(full, drafted=9, sent=6)
        self.agreement(signed, drafted=10, sent=9, signed=4)

    def scene_resolved_in_spring(self):
        start = self.day(-250)
        y = start.year
        end = self.day(60)
        spec = self.call_spec(
            unit="centrum-organizacji-pozarzadowych",
            title=f"Otwarty konkurs ofert na wspieranie realizacji zadań z zakresu rozwoju wspólnot lokalnych "
            f"i wolontariatu sąsiedzkiego w {y} r.",
            year=y,
            order_no=f"640/{y}",
            summary="Animacja sąsiedzka, kluby mieszkańców i wolontariat na osiedlach.",
            task_type="Rozwój wspólnot i społeczności lokalnych; wolontariat (art. 4 ust. 1 pkt 13 i 27).",
            tasks=[
                (
                    "Animacja sąsiedzka i kluby mieszkańców",
                    "13",
                    "Kluby, spotkania, inicjatywy sąsiedzkie.",
                    {y: "200000.00"},
                ),
                ("Wolontariat sąsiedzki", "27", "Pomoc sąsiedzka, wolontariat seniorów i młodzieży.", {y: "100000.00"}),
            ],
            performance=(start, end),
            local=("Działania na osiedlach poza centrum", "", 5),
        )
        if self.demo.existing(spec["title"]):
            return
        call = self.announce(spec, published=330, deadline=300)
        rows = [
            # name, task, title, hours, contact, start (days ago), end (days ago; negative: ahead)
            (FLAGSHIP, 1, "Kluby Sąsiedzkie Starego Miasta", 400, ("Anna Nowak", "+48 605 660 710"), 225, -20),
            (
                "Stowarzyszenie Wolontariuszy „Pomocna Dłoń”",
                2,
                "Sąsiad pomaga sąsiadowi",
                300,
                ("Elżbieta Król", "+48 608 990 110"),
                230,
                -25,
            ),
            (
                "Fundacja Wspierania Organizacji Pozarządowych „Trzeci Sektor”",
                1,
                "Inkubator inicjatyw sąsiedzkich",
                260,
                ("Agnieszka Baran", "+48 609 100 210"),
                240,
                40,
            ),
            (
                "Klub Turystyki Rowerowej „Szprycha”",
                1,
                "Rowerowe kluby osiedlowe",
                220,
                ("Damian Olszewski", "+48 611 300 400"),
                235,
                50,
            ),
            (
                "Stowarzyszenie Sąsiedzkie Osiedla Skarpa",
                1,
                "Skarpa razem – rok sąsiedzkich spotkań",
                240,
                ("Teresa Jaworska", "+48 612 400 500"),
                245,
                130,
            ),
            (
                "Stowarzyszenie Miłośników Kolei Płockiej",
                2,
                "Wolontariusze dworca Płock Trzepowo",
                180,
                ("Stanisław Zalewski", "+48 614 600 700"),
                220,
                60,
            ),
            (
                "Płockie Stowarzyszenie Amazonek",
                2,
                "Sąsiedzkie wsparcie dla Amazonek",
                200,
                ("Halina Pawlak", "+48 606 770 810"),
                215,
                12,
            ),
        ]
        call, offers = self.collect(call, rows, first=315, step=2)
        amounts = [o.requested_grant for o in offers]
        call = self.whole_evaluation(
            call,
            offers,
            seats=[
                (self.officer, CommissionRole.CHAIR),
                (self.nominations[1], CommissionRole.NGO),
                (self.nominations[2], CommissionRole.NGO),
            ],
            checked=298,
            qualities=[0.9, 0.85, 0.8, 0.8, 0.75, 0.7, 0.7],
            amounts=amounts,
            closed=286,
        )
        self.publish_results(call, dict(zip(offers, amounts, strict=True)), _ago(280, 12), marks=279)
        flagship, overdue, submitted, returned, settled, terminated, returning = offers

        # ngo@'s agreement: two tranches (the first transferred), an annex extending the task,
        # and a partial report due within days.
        agreement = self.agreement(
            flagship,
            drafted=276,
            tranches=[(self.day(-225), "0.6"), (self.day(5), "0.4")],
            sent=274,
            signed=270,
            in_force=270,
        )
        self.transfer(agreement, 1, 224)
        with _clock(_ago(30, 12)):
            agreement_annexes.add_annex(
                actor=self.officer,
                agreement=agreement,
                reason="Przesunięcie wydarzenia podsumowującego na prośbę rady osiedla (remont świetlicy).",
                end_date=self.day(35),
                # Both tranches are paid this year: this year's money is used by 31 December
                # at the latest (u.f.p. art. 250), even when the task runs into January.
                use_deadline=min(self.day(35), datetime.date(self.day(5).year, 12, 31)),
                signed_on=timezone.localdate(),
            )
        self.request_partial(agreement, delivered=25, period_to=40)

        # A partial report overdue (requested 45 days ago, not filed).
        agreement = self.agreement(overdue, drafted=276, sent=274, signed=271, in_force=271)
        self.transfer(agreement, 1, 228)
        self.request_partial(agreement, delivered=45, period_to=60)

        # Final report submitted (awaiting the officer); an earlier partial report rejected.
        agreement = self.agreement(submitted, drafted=277, sent=274, signed=272, in_force=272)
        self.transfer(agreement, 1, 238)
        partial = self.request_partial(agreement, delivered=150, period_to=160)
        partial = self.file_report(partial, _ago(122, 15), share=Decimal("0.5"))
        with _clock(_ago(115, 10)):
            report_services.reject_report(
                actor=self.officer,
                report=partial,
                reason="Sprawozdanie opisuje zadanie z innego roku; koszty nie odpowiadają umowie.",
            )
        self.file_report(agreement.reports.get(kind="final"), _ago(12, 15))

        # Final report returned for correction, due again in eight days.
        agreement = self.agreement(returned, drafted=277, sent=275, signed=273, in_force=273)
        self.transfer(agreement, 1, 233)
        report = self.file_report(agreement.reports.get(kind="final"), _ago(22, 15))
        with _clock(_ago(6, 10)):
            report_services.return_report(
                actor=self.officer,
                report=report,
                note="Brak opisu wkładu osobowego: podaj liczbę godzin pracy wolontariuszy.",
                due_date=self.day(8),
            )

        # Settled: the final report accepted, 1 200 zł unused returned twelve days late (interest).
        agreement = self.agreement(
            settled,
            drafted=278,
            tranches=[(self.day(-245), "0.5"), (self.day(-185), "0.5")],
            sent=276,
            signed=274,
            in_force=274,
        )
        self.transfer(agreement, 1, 244)
        self.transfer(agreement, 2, 185)
        agreement.refresh_from_db()
        late = agreement.return_deadline + datetime.timedelta(days=12)
        report = self.file_report(
            agreement.reports.get(kind="final"), _ago(118, 15), unused=Decimal("1200.00"), return_on=late
        )
        with _clock(_at(late + datetime.timedelta(days=2), 10)):
            report_services.accept_report(actor=self.officer, report=report, note="Bez uwag.")
            settlement_services.compute_settlement(actor=self.officer, agreement=agreement)
            settlement_services.record_return(
                actor=self.officer,
                agreement=agreement,
                kind="unused",
                amount=Decimal("1200.00"),
                paid_on=late,
                note="Zwrot po terminie: odsetki naliczone od dnia następnego po terminie zwrotu.",
            )
            settlement_services.settle_agreement(actor=self.officer, agreement=agreement)

        # The task ended twelve days ago; the final report is accepted and 850 zł unused is to be
        # returned within days (the settlement stays open).
        agreement = self.agreement(returning, drafted=277, sent=275, signed=271, in_force=271)
        self.transfer(agreement, 1, 214)
        agreement.refresh_from_db()
        report = self.file_report(
            agreement.reports.get(kind=ReportKind.FINAL),
            _ago(8, 15),
            unused=Decimal("850.00"),
            return_on=agreement.return_deadline,
        )
        with _clock(_ago(3, 10)):
            report_services.accept_report(actor=self.officer, report=report)
            settlement_services.compute_settlement(actor=self.officer, agreement=agreement)

        # Terminated by mutual consent before the task started.
        agreement = self.agreement(terminated, drafted=277, sent=275, signed=272)
        with _clock(_ago(240, 11)):
            agreement_services.terminate_agreement(
                actor=self.officer,
                agreement=agreement,
                reason="Rozwiązanie za porozumieniem stron: stowarzyszenie utraciło możliwość korzystania z "
                "dworca, a zadanie nie mogło się rozpocząć. Transza nie została przekazana.",
            )

    def scene_archive_resolved(self):
        """Last year's calls (demo.scene_archive closes them at their deadline) went the whole way:
        checked, scored, resolved in January, agreements signed, reports accepted, settled."""
        last = self.demo.year - 1
        for call in Call.objects.competitions().filter(year=last, state=CallState.CLOSED):
            offers = list(call.offers.filter(state=OfferState.SUBMITTED).order_by("number"))
            if not offers or FormalCheck.objects.filter(offer__call=call).exists():
                continue
            after = (self.today - timezone.localdate(call.offer_deadline)).days  # the deadline, days ago
            amounts = [offer.requested_grant for offer in offers]
            call = self.whole_evaluation(
                call,
                offers,
                seats=[(self.officer, CommissionRole.CHAIR), (self.second_officer, CommissionRole.OFFICER)],
                # Last year no organisation nominated anyone to these commissions.
                without_ngo=WithoutNgoReason.NO_NOMINATIONS,
                checked=after - 2,
                qualities=[0.85 - 0.05 * n for n in range(len(offers))],
                amounts=amounts,
                closed=after - 12,
            )
            self.publish_results(call, dict(zip(offers, amounts, strict=True)), _ago(after - 20, 12), marks=after - 21)
            for offer in offers:
                agreement = self.agreement(
                    offer, drafted=after - 22, sent=after - 23, signed=after - 25, in_force=after - 25
                )
                self.transfer(agreement, 1, (self.today - agreement.start_date).days)
                filed = (self.today - agreement.end_date).days - 10
                report = self.file_report(agreement.reports.get(kind=ReportKind.FINAL), _ago(filed, 15))
                with _clock(_ago(filed - 10, 10)):
                    report_services.accept_report(actor=self.officer, report=report)
                    settlement_services.compute_settlement(actor=self.officer, agreement=agreement)
                    settlement_services.settle_agreement(actor=self.officer, agreement=agreement)

    def scene_open_correction(self):
        """demo.scene_closed's call (deadline four days ago) is being checked: one offer has been
        called to correct (the deadline is ahead), the other two wait for their check."""
        call = Call.objects.competitions().filter(
            state=CallState.CLOSED, unit__slug="centrum-organizacji-pozarzadowych", year=self.demo.next
        )
        call = call.filter(commission_members__isnull=True).first()
        if call is None or FormalCheck.objects.filter(offer__call=call).exists():
            return
        offer = call.offers.filter(state=OfferState.SUBMITTED).order_by("number").first()
        self.check(
            offer,
            _ago(1, 10),
            FormalStatus.CORRECTION,
            sections=["attachments"],
            message="Statut w załączniku jest nieaktualny: dołącz statut z ostatnimi zmianami.",
        )

    def scene_to_cancel(self):
        """A call whose deadline passed yesterday with no offer: the officer must cancel it (art. 18a)."""
        y = self.demo.next
        spec = self.call_spec(
            unit="wydzial-zdrowia-i-spraw-spolecznych",
            title=f"Otwarty konkurs ofert na realizację zadań z zakresu ratownictwa i ochrony ludności w {y} r.",
            year=y,
            order_no=f"2740/{self.demo.year}",
            summary="Szkolenia z pierwszej pomocy i przygotowanie mieszkańców na sytuacje kryzysowe.",
            task_type="Ratownictwo i ochrona ludności (art. 4 ust. 1 pkt 23).",
            tasks=[("Pierwsza pomoc i ochrona ludności", "23", "Szkolenia, ćwiczenia, pokazy.", {y: "30000.00"})],
            performance=(datetime.date(y, 3, 1), datetime.date(y, 11, 30)),
            local=("Szkolenia w szkołach i na osiedlach", "", 5),
        )
        if self.demo.existing(spec["title"]):
            return
        self.close(self.announce(spec, published=31, deadline=1))

    def scene_cancelled_18a(self):
        y = self.demo.next
        spec = self.call_spec(
            unit="wydzial-zdrowia-i-spraw-spolecznych",
            title=f"Otwarty konkurs ofert na realizację zadań z zakresu pomocy ofiarom katastrof i klęsk "
            f"żywiołowych w {y} r.",
            year=y,
            order_no=f"2598/{self.demo.year}",
            summary="Przygotowanie mieszkańców na wypadek powodzi i pomoc poszkodowanym.",
            task_type="Pomoc ofiarom katastrof, klęsk żywiołowych (art. 4 ust. 1 pkt 24).",
            tasks=[
                ("Szkolenia i pomoc na wypadek powodzi", "24", "Szkolenia, zapasy, pomoc doraźna.", {y: "40000.00"})
            ],
            performance=(datetime.date(y, 3, 1), datetime.date(y, 11, 30)),
            local=("Działania na terenach zalewowych Płocka", "", 5),
        )
        if self.demo.existing(spec["title"]):
            return
        call = self.announce(spec, published=50, deadline=20)
        call = self.close(call)
        with _clock(_ago(18, 10)):
            call = cancellation.cancel_call(call=call, actor=self.officer, ground=CancellationGround.NO_OFFERS)
        with _clock(_ago(17, 12)):
            publication_services.record_cancellation_publication(
                actor=self.officer,
                call=call,
                bip_published_on=timezone.localdate(),
                notice_board_published_on=timezone.localdate(),
            )


def seed_after_deadline(demo):
    """Called by demo.seed_competitions inside its transaction (and without notifications)."""
    settlement_services.seed_rates()
    part = _AfterDeadline(demo)
    part.seed_people()
    part.scene_archive_resolved()
    part.scene_resolved_in_spring()
    part.scene_cancelled_18a()
    part.scene_resolved_recently()
    part.scene_evaluated()
    part.scene_scoring()
    part.scene_open_correction()
    part.scene_to_cancel()
