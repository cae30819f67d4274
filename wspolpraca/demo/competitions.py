"""Demo data for competitions and small grants: city units, calls in every state, offers, the
plan of calls and the small-grant procedure (Płock; the people and projects are invented).

Everything goes through the services (create_call, publish_call, create_offer, submit_offer,
publish_small_grant_offer, decide_small_grant…), so states, offer numbers, checksums and the
activity log are real. The services refuse to do things in the past (publish on an earlier
day, accept an offer after the deadline, decide before the comment window ends), so a scene
that happened in the past is played today through the services and then moved back in time
by rewriting its dates on the rows (`_Clock`); each such place says why. Nothing is ever moved
so that a rule is broken: the 21-day rule and the 7-day comment window hold for the shifted
dates as well (checked with the services' own helpers).

The demo is laid out around the day it is loaded: "next year's" calls, calls closed last
week, a small grant awaiting publication within two working days.

Idempotent: each call is looked up by its title and built only when missing, together with
its offers, inside one transaction; running seed_demo again changes nothing. The demo sends
no e-mail (receipts, alerts and decisions queued by the services are dropped, see
`_no_notifications`).
"""

import contextlib
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from wspolpraca.accounts.models import User
from wspolpraca.accounts.services import create_user
from wspolpraca.common.dates import add_working_days, is_working_day
from wspolpraca.common.models import ActivityLog
from wspolpraca.common.money import format_money
from wspolpraca.common.pdf import render_pdf
from wspolpraca.competitions.calls import drafting
from wspolpraca.competitions.calls import plan as plan_services
from wspolpraca.competitions.calls import services as call_services
from wspolpraca.competitions.calls import units as unit_services
from wspolpraca.competitions.enums import (
    CallMode,
    CallState,
    CriterionKind,
    Financing,
    OfferState,
    SmallGrantStage,
)
from wspolpraca.competitions.evaluation import cancellation
from wspolpraca.competitions.models import (
    Call,
    CityUnit,
    Grant,
    Offer,
    OfferAttachment,
    OfferVersion,
    PlannedCall,
    PlannedGrantsBudget,
    SmallGrantComment,
    SmallGrantReview,
)
from wspolpraca.competitions.offers import partners as partner_services
from wspolpraca.competitions.offers import services as offer_services
from wspolpraca.competitions.offers import submission
from wspolpraca.competitions.offers.checks import problems_for
from wspolpraca.competitions.small_grants import decision as small_grant_decision
from wspolpraca.competitions.small_grants import services as small_grant_services
from wspolpraca.demo.after_deadline import seed_after_deadline
from wspolpraca.demo.values import at as _at
from wspolpraca.demo.values import money as _money
from wspolpraca.organisations.enums import MembershipRole
from wspolpraca.organisations.models import Membership, Organisation, PublicBenefitArea

FLAGSHIP = "Stowarzyszenie Płocka Pracownia Inicjatyw"

# slug, name, short name, is the centre
UNITS = [
    ("centrum-organizacji-pozarzadowych", "Centrum Organizacji Pozarządowych", "COP", True),
    ("wydzial-kultury", "Wydział Kultury", "WK", False),
    ("wydzial-sportu-i-rekreacji", "Wydział Sportu i Rekreacji", "WSR", False),
    ("wydzial-zdrowia-i-spraw-spolecznych", "Wydział Zdrowia i Spraw Społecznych", "WZS", False),
    ("biuro-rewitalizacji", "Biuro Rewitalizacji", "BR", False),
]

# Representatives of the other organisations that submit offers in the demo. They have no
# password (nobody logs in as them; README lists the demo accounts one can use).
REPRESENTATIVES = {
    "Uczniowski Klub Sportowy „Orlik” Płock": ("m.kowalczyk@organizacje.example.org", "Marcin", "Kowalczyk"),
    "Płocki Klub Wioślarski": ("b.adamska@organizacje.example.org", "Barbara", "Adamska"),
    "Ludowy Klub Sportowy Borowiczki": ("r.mazur@organizacje.example.org", "Robert", "Mazur"),
    "Akademicki Związek Sportowy — Środowisko Płock": ("o.nowicka@organizacje.example.org", "Oliwia", "Nowicka"),
    "Płockie Stowarzyszenie Amazonek": ("h.pawlak@organizacje.example.org", "Halina", "Pawlak"),
    "Stowarzyszenie Honorowych Dawców Krwi „Kropla”": ("k.sikora@organizacje.example.org", "Krzysztof", "Sikora"),
    "Fundacja Wspierania Organizacji Pozarządowych „Trzeci Sektor”": (
        "a.baran@organizacje.example.org",
        "Agnieszka",
        "Baran",
    ),
    "Stowarzyszenie Wolontariuszy „Pomocna Dłoń”": ("e.krol@organizacje.example.org", "Elżbieta", "Król"),
    # The partner of the flagship's joint offer: its representative accepts the invitation.
    "Fundacja Pomocy Dzieciom „Promyk”": ("i.lis@organizacje.example.org", "Irena", "Lis"),
    "Płocki Bank Żywności": ("j.wieczorek@organizacje.example.org", "Jan", "Wieczorek"),
    "Fundacja Ciechomicki Brzeg": ("n.gorska@organizacje.example.org", "Natalia", "Górska"),
    "Klub Turystyki Rowerowej „Szprycha”": ("d.olszewski@organizacje.example.org", "Damian", "Olszewski"),
    "Stowarzyszenie Sąsiedzkie Osiedla Skarpa": ("t.jaworska@organizacje.example.org", "Teresa", "Jaworska"),
    "Fundacja Teatr Nie-Taki": ("l.michalak@organizacje.example.org", "Łukasz", "Michalak"),
    "Stowarzyszenie Miłośników Kolei Płockiej": ("s.zalewski@organizacje.example.org", "Stanisław", "Zalewski"),
}
PARTNER = "Fundacja Pomocy Dzieciom „Promyk”"

AWARD_RULES = (
    "Dotacje przyznaje Prezydent Miasta Płocka w drodze zarządzenia, po zapoznaniu się z opinią komisji "
    "konkursowej. Złożenie oferty nie jest równoznaczne z przyznaniem dotacji ani z przyznaniem jej we "
    "wnioskowanej wysokości. Gdy dotacja jest niższa od wnioskowanej, oferent może zmniejszyć zakres zadania "
    "albo zrezygnować z jego realizacji. Dotacja nie może finansować kosztów poniesionych przed zawarciem umowy."
)
PERFORMANCE_CONDITIONS = (
    "Zadanie realizuje się na rzecz mieszkańców Płocka, z najwyższą starannością, zgodnie z umową zawartą "
    "według wzoru z rozporządzenia z 24 października 2018 r. oraz z ustawą o zapewnianiu dostępności osobom ze "
    "szczególnymi potrzebami. Oferent informuje, że zadanie jest dofinansowane ze środków Miasta Płocka."
)
SELECTION_PROCEDURE = (
    "Oferty pod względem formalnym sprawdza Centrum Organizacji Pozarządowych; braki formalne można uzupełnić w "
    "ciągu 7 dni od wezwania. Merytorycznie oferty ocenia komisja konkursowa powołana przez Prezydenta Miasta "
    "Płocka, według kryteriów z art. 15 ust. 1 ustawy i kryterium lokalnego wskazanego w ogłoszeniu. Dotację "
    "mogą otrzymać oferty, które uzyskają co najmniej {threshold} pkt."
)
SMALL_GRANT_PROCEDURE = (
    "Oferty składa się przez cały rok, do wyczerpania środków. W ciągu 7 dni roboczych od wpływu oferta jest "
    "publikowana na stronie internetowej, w BIP i na tablicy ogłoszeń na 7 dni, w których każdy może zgłosić "
    "uwagi. Po ich rozpatrzeniu Prezydent Miasta Płocka decyduje o dotacji (art. 19a ustawy)."
)
DOCUMENT_PARAGRAPHS = [
    "§ 1. Komisja konkursowa opiniuje oferty złożone w otwartym konkursie ofert. W skład komisji wchodzą "
    "przedstawiciele Prezydenta Miasta Płocka oraz osoby wskazane przez organizacje pozarządowe.",
    "§ 2. Członek komisji podpisuje oświadczenie o bezstronności. Osoba, która pozostaje z oferentem w stosunku "
    "mogącym budzić wątpliwości co do jej bezstronności, nie ocenia jego oferty.",
    "§ 3. Komisja ocenia oferty według kryteriów podanych w ogłoszeniu; każdy członek ocenia ofertę "
    "samodzielnie, a ocena końcowa jest średnią ocen. Z posiedzenia sporządza się protokół.",
    "§ 4. Wyniki konkursu ogłasza się w Biuletynie Informacji Publicznej, na stronie internetowej i na "
    "tablicy ogłoszeń Urzędu Miasta Płocka.",
]
STATUTE_PARAGRAPHS = [
    "Rozdział I. Postanowienia ogólne. Stowarzyszenie działa na terenie Rzeczypospolitej Polskiej, a jego "
    "siedzibą jest miasto Płock.",
    "Rozdział II. Cele i sposoby działania. Celem stowarzyszenia jest prowadzenie działalności pożytku "
    "publicznego na rzecz mieszkańców Płocka, w szczególności w sferach wskazanych w KRS.",
    "Rozdział III. Władze. Władzami stowarzyszenia są walne zebranie członków, zarząd i komisja rewizyjna. "
    "Do reprezentowania stowarzyszenia upoważnionych jest dwóch członków zarządu działających łącznie.",
]


DRAFTING_ACTIONS = [
    "call.created",
    "call.updated",
    "call.task_added",
    "call.criteria_changed",
    "call.attachment_added",
    "call.document_added",
]


def _working_days_before(day, n):
    """The date n working days before `day` (so that add_working_days(result, n) == day or later)."""
    current = day
    while n:
        current -= datetime.timedelta(days=1)
        if is_working_day(current):
            n -= 1
    return current


@contextlib.contextmanager
def _no_notifications():
    """Drop the on-commit callbacks the services queue while the demo is built: e-mailed
    receipts (each renders a PDF), call alerts and decisions would go to invented addresses
    and slow seed_demo down. Callbacks queued before (the registry's) are kept."""
    connection = transaction.get_connection()
    before = len(connection.run_on_commit)
    try:
        yield
    finally:
        del connection.run_on_commit[before:]


def _retime_log(obj, when, *, actions=None, comment=None):
    """Set the time of `obj`'s activity-log rows (all, or those of `actions`, or about one
    small-grant comment) to `when`."""
    rows = ActivityLog.objects.filter(
        object_id=str(obj.pk), content_type__model=obj._meta.model_name, content_type__app_label=obj._meta.app_label
    )
    if actions:
        rows = rows.filter(action__in=actions)
    if comment is not None:
        rows = rows.filter(data__comment=comment.pk)
    rows.update(created_at=when)


def _shift_log(obj, delta, *, actions=None):
    """Move the activity-log rows of `obj` (all, or those of `actions`) back by `delta`, keeping their order."""
    rows = ActivityLog.objects.filter(
        object_id=str(obj.pk), content_type__model=obj._meta.model_name, content_type__app_label=obj._meta.app_label
    )
    if actions:
        rows = rows.filter(action__in=actions)
    for pk, created_at in rows.values_list("pk", "created_at"):
        ActivityLog.objects.filter(pk=pk).update(created_at=created_at - delta)


class _Demo:
    def __init__(self, users, stdout):
        self.stdout = stdout
        self.admin = users["admin@example.org"]
        self.officer = users["urzednik@example.org"]
        self.executive = users["prezydent@example.org"]
        self.ngo = users["ngo@example.org"]
        self.editor = users["redaktor@example.org"]
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.year = self.today.year
        self.next = self.year + 1
        self.areas = {a.code: a for a in PublicBenefitArea.objects.current()}
        self.organisations = {
            o.name: o for o in Organisation.objects.filter(name__in=[*REPRESENTATIVES, FLAGSHIP, PARTNER])
        }
        self.units = {}
        self.reps = {}
        self._pdfs = {}
        self.created = []

    # --- shared pieces ------------------------------------------------------------------------

    def pdf(self, kind):
        """One small PDF per kind, rendered once and reused (WeasyPrint takes a moment)."""
        if kind not in self._pdfs:
            if kind == "statute":
                context = {"title": "Statut organizacji (wyciąg)", "issuer": "Organizacja pozarządowa z Płocka"}
                context["paragraphs"] = STATUTE_PARAGRAPHS
            else:
                context = {
                    "title": "Regulamin pracy komisji konkursowych",
                    "issuer": "Prezydent Miasta Płocka",
                    "paragraphs": DOCUMENT_PARAGRAPHS,
                }
            self._pdfs[kind] = render_pdf("competitions/pdf/demo_document.html", context)
        return self._pdfs[kind]

    def seed_units(self):
        for slug, name, short_name, is_centre in UNITS:
            unit = CityUnit.objects.filter(slug=slug).first()
            if unit is None:
                unit = unit_services.create_city_unit(
                    actor=self.admin,
                    officers=[self.officer] if is_centre else [],
                    name=name,
                    short_name=short_name,
                    slug=slug,
                    is_centre=is_centre,
                )
            self.units[slug] = unit

    def seed_representatives(self):
        for name, (email, first_name, last_name) in REPRESENTATIVES.items():
            user = User.objects.filter(email=email).first()
            if user is None:
                user = create_user(email=email, password=None, first_name=first_name, last_name=last_name)
            organisation = self.organisations[name]
            Membership.objects.get_or_create(
                user=user, organisation=organisation, defaults={"role": MembershipRole.REPRESENTATIVE}
            )
            self.reps[name] = user
        self.reps[FLAGSHIP] = self.ngo

    def seed_planned_grants(self):
        for year, amount, notes in (
            (self.year, "4850000.00", f"Uchwała budżetowa Miasta Płocka na {self.year} r., dotacje dla organizacji."),
            (self.next, "5200000.00", f"Projekt uchwały budżetowej na {self.next} r. (przyjęty przez Radę Miasta)."),
        ):
            if not PlannedGrantsBudget.objects.filter(year=year).exists():
                small_grant_services.save_planned_grants(
                    actor=self.officer, year=year, amount=Decimal(amount), notes=notes
                )

    # --- calls --------------------------------------------------------------------------------

    def build_call(self, spec):
        """A complete draft through the services: the announcement, tasks, criteria, attachments, a PDF."""
        unit = self.units[spec["unit"]]
        small = spec.get("mode") == CallMode.SMALL_GRANT
        tasks = spec["tasks"]
        total = sum((_money(a) for _t, _a, _d, budgets in tasks for a in budgets.values()), Decimal("0"))
        years = sorted({y for _t, _a, _d, budgets in tasks for y in budgets})
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        threshold = spec.get("pass_threshold")
        values = {
            "unit": unit,
            "title": spec["title"],
            "year": spec["year"],
            "mode": spec.get("mode", CallMode.OPEN_COMPETITION),
            "financing": spec.get("financing", Financing.SUPPORT),
            "legal_basis_number": spec["order"],
            "legal_basis_date": spec["order_date"],
            "summary": spec["summary"],
            "task_type": spec["task_type"],
            "funds_description": (
                f"Na realizację zadań w {span} r. przeznacza się łącznie "
                f"{format_money(_money(total), group=' ', space=' ')} z budżetu Miasta Płocka; "
                "podział na zadania i lata podaje tabela zadań."
            ),
            "award_rules": AWARD_RULES,
            "performance_start": spec["performance"][0],
            "performance_end": spec["performance"][1],
            "performance_conditions": PERFORMANCE_CONDITIONS,
            "offers_from": spec.get("offers_from"),
            "offer_deadline": spec.get("deadline"),
            "selection_procedure": SMALL_GRANT_PROCEDURE
            if small
            else SELECTION_PROCEDURE.format(threshold=f"{threshold:.0f}"),
            "selection_date": spec["selection_date"],
            "same_type_tasks": spec["same_type"][0],
            "same_type_cost_this_year": _money(spec["same_type"][1]),
            "same_type_cost_last_year": _money(spec["same_type"][2]),
            "min_own_contribution_pct": spec.get("min_own"),
            "admin_costs_cap_pct": spec.get("admin_cap"),
        }
        call = drafting.create_call(actor=self.officer, **values)
        for title, area, description, budgets in tasks:
            drafting.add_task(
                actor=self.officer,
                call=call,
                title=title,
                area=self.areas[area],
                description=description,
                budgets=[(year, _money(amount)) for year, amount in budgets.items()],
            )
        if not small:
            points = {
                CriterionKind.CAPACITY: 10,
                CriterionKind.COSTS: 10,
                CriterionKind.QUALITY: 10,
                CriterionKind.OWN_FUNDS: 5,
                CriterionKind.CONTRIBUTION: 5,
                CriterionKind.HISTORY: 5,
            }
            criteria = [
                {"kind": kind, "name": str(kind.label), "description": "", "max_points": Decimal(points[kind])}
                for kind in drafting.statutory_kinds(call.financing)
            ]
            name, description, max_points = spec["local_criterion"]
            criteria.append(
                {
                    "kind": CriterionKind.LOCAL,
                    "name": name,
                    "description": description,
                    "max_points": Decimal(max_points),
                }
            )
            drafting.set_criteria(actor=self.officer, call=call, criteria=criteria, pass_threshold=threshold)
        for name, description, required in spec["attachments"]:
            drafting.add_required_attachment(
                actor=self.officer, call=call, name=name, description=description, is_required=required
            )
        drafting.add_document(
            actor=self.officer,
            call=call,
            title="Regulamin pracy komisji konkursowych",
            file=SimpleUploadedFile("regulamin-komisji.pdf", self.pdf("rules"), content_type="application/pdf"),
        )
        self.created.append(call)
        return call

    def publish(self, call, *, days_ago=0):
        """Publish through the service today; then, for a call published `days_ago` days ago,
        move the three publication dates and the call's log back (the service only records a
        publication made today). The 21-day rule is checked again on the shifted dates."""
        call = call_services.publish_call(
            call=call,
            actor=self.officer,
            bip_published_on=self.today,
            notice_board_published_on=self.today,
            bip_url=f"https://bip.plock.eu/ogloszenia/{call.slug}",
        )
        if days_ago:
            self.move_publication(call, datetime.timedelta(days=days_ago))
            call.refresh_from_db()
        return call

    def move_publication(self, call, delta):
        call.refresh_from_db()
        website = call.website_published_on - delta
        Call.objects.filter(pk=call.pk).update(
            website_published_on=website,
            bip_published_on=website,
            notice_board_published_on=website + datetime.timedelta(days=1),
            published_at=call.published_at - delta,
        )
        _shift_log(call, delta)
        # The announcement was drafted some days before it was published.
        _shift_log(call, datetime.timedelta(days=3, hours=2), actions=DRAFTING_ACTIONS)
        call.refresh_from_db()

    def set_deadline(self, call, deadline, *, offers_from=None):
        """Move the deadline (and offers_from) of a call already published, checking the 21-day rule."""
        Call.objects.filter(pk=call.pk).update(offer_deadline=deadline, offers_from=offers_from)
        call.refresh_from_db()
        problem = call_services.deadline_problem(
            call, call.website_published_on, call.bip_published_on, call.notice_board_published_on
        )
        if problem:
            raise ValidationError(problem)

    def close_at_deadline(self, call):
        """Close through the service (the deadline has passed by now) and date it at the deadline,
        as run_scheduled would have done on the day."""
        call = call_services.close_call(call=call, actor=None)
        Call.objects.filter(pk=call.pk).update(closed_at=call.offer_deadline)
        _retime_log(call, call.offer_deadline, actions=["call.closed"])
        call.refresh_from_db()
        return call

    # --- offers -------------------------------------------------------------------------------

    def content(self, spec, organisations, *, simplified=False):
        """An offer document (offer_content's structure) from a short spec."""
        start, end = spec["start"], spec["end"]
        years = list(range(start.year, end.year + 1))
        lead = organisations[0]

        def per_year(value):
            if len(years) == 1:
                return {str(years[0]): str(value)}
            first = (value / 2).quantize(Decimal("0.01"))
            return {str(years[0]): str(first), str(years[1]): str(value - first)}

        def line(kind, measure, unit_cost, units):
            value = _money(unit_cost) * Decimal(str(units))
            return {
                "kind": kind,
                "measure": measure,
                "unit_cost": str(unit_cost),
                "units": str(units),
                "years": per_year(value.quantize(Decimal("0.01"))),
            }

        lines = [line(*row) for row in spec["lines"]]
        admin = [line(*row) for row in spec.get("admin", [])]
        values = [_money(r["unit_cost"]) * Decimal(r["units"]) for r in lines + admin]
        total = sum(values, Decimal("0")).quantize(Decimal("0.01"))
        own_financial = _money(spec.get("own_financial", 0))
        own_personal = _money(spec.get("own_personal", 0))
        own_in_kind = _money(spec.get("own_in_kind", 0))
        grant = total - own_financial - own_personal - own_in_kind
        if simplified:
            # Each line says how much of it the grant covers; the own contribution covers the rest,
            # taken from the last lines first.
            remaining = total - grant
            for row, value in reversed(list(zip(lines + admin, values, strict=True))):
                covered = min(remaining, value)
                row["grant"] = str((value - covered).quantize(Decimal("0.01")))
                remaining -= covered
        activities = []
        for year in years:
            for name, description, period in spec["activities"]:
                activities.append(
                    {
                        "year": str(year),
                        "name": name,
                        "description": description,
                        "target_group": spec["target"],
                        "period": period if len(years) == 1 else f"{period} {year}",
                        "subcontracted": "",
                        "partner": str(lead.pk),
                    }
                )
        contact_name, contact_phone = spec["contact"]
        content = {
            "I": {"authority": offer_services.authority_name(), "task_type": spec.get("task_type", "")},
            "II": {
                "offerors": [offer_services.offeror_entry(org) for org in organisations],
                "contact": {"name": contact_name, "phone": contact_phone, "email": lead.email},
            },
            "III": {
                "title": spec["title"],
                "start": start.isoformat(),
                "end": end.isoformat(),
                "place": spec["place"],
                "target_group": spec["target"],
                "needs": spec["needs"],
                "complementarity": "Zadanie uzupełnia działania Miasta Płocka i nie powiela zadań finansowanych "
                "z innych źródeł.",
                "activities": activities,
                "results_products": spec["results"][0],
                "results_change": spec["results"][1],
                "results_durability": spec["results"][2],
                "results": [
                    {"name": name, "target": target, "monitoring": "listy obecności, dokumentacja zdjęciowa, ankiety"}
                    for name, target in spec.get("indicators", [])
                ],
            },
            "IV": {
                "experience": spec["experience"],
                "resources": spec.get(
                    "resources",
                    "Koordynator zadania z doświadczeniem w projektach miejskich, księgowa, wolontariusze; "
                    "własny sprzęt i lokal.",
                ),
            },
            "V": {
                "actions": [{"name": spec.get("action", spec["title"]), "lines": lines}],
                "admin_lines": admin,
                "sources": {
                    "grant": str(grant),
                    "own_financial": str(own_financial),
                    "own_personal": str(own_personal),
                    "own_in_kind": str(own_in_kind),
                    "recipient_payments": "0",
                },
                "split": [],
            },
            "VI": {"paid": "unpaid", "partners_roles": "", "other": spec.get("other", "")},
            "VII": {
                "declarations": {
                    "public_benefit_only": True,
                    "payments_only_if_paid": True,
                    "truthful": True,
                    "personal_data": True,
                    "tax_arrears": "no",
                    "zus_arrears": "no",
                    "register_match": "krs" if lead.krs_number else "other",
                }
            },
        }
        if len(organisations) > 1:
            content["VI"]["partners_roles"] = spec["partners_roles"]
            partner_share = _money(spec["partner_share"])
            content["V"]["split"] = [
                {"organisation_id": organisations[0].pk, "years": per_year(total - partner_share)},
                *[{"organisation_id": org.pk, "years": per_year(partner_share)} for org in organisations[1:]],
            ]
        return content

    def prepare(self, call, task_number, name, spec, *, actor=None, partners=(), sections=None, attach=True):
        """Start an offer and fill it in through the editor's services, as the offeror would."""
        organisation = self.organisations[name]
        actor = actor or self.reps[name]
        task = call.tasks.get(number=task_number)
        offer = offer_services.create_offer(actor=actor, task=task, organisation=organisation)
        for partner in partners:
            invitation = partner_services.invite_partner(
                actor=actor, offer=offer, organisation=self.organisations[partner]
            )
            partner_services.accept_partner_invitation(actor=self.reps[partner], invitation=invitation)
        offer.refresh_from_db()
        content = self.content(
            spec, [organisation, *[self.organisations[p] for p in partners]], simplified=call.is_small_grant
        )
        content["I"]["task_type"] = spec.get("task_type") or call.task_type  # as create_offer pre-fills it
        for section in sections or ["I", "II", "III", "IV", "V", "VI", "VII"]:
            data = content[section]
            if isinstance(data, dict) and section in spec.get("drop", {}):
                data = {k: v for k, v in data.items() if k not in spec["drop"][section]}
            offer = offer_services.save_offer_section(
                actor=actor, offer=offer, section=section, data=data, base_revision=None
            )
        if attach:
            for requirement in call.required_attachments.filter(is_required=True):
                kind = "statute" if "statut" in requirement.name.lower() else "rules"
                offer_services.add_attachment(
                    actor=actor,
                    offer=offer,
                    uploaded=SimpleUploadedFile(
                        f"{requirement.name[:40]}.pdf", self.pdf(kind), content_type="application/pdf"
                    ),
                    title=requirement.name,
                    required_attachment=requirement,
                )
        return offer

    def submit(self, offer):
        problems = problems_for(offer)
        if problems:
            raise ValidationError([f"{offer}: {p.field}: {p.message}" for p in problems])
        return submission.submit_offer(actor=self.reps[offer.organisation.name], offer=offer)

    @staticmethod
    def move_offer(offer, delta):
        """Move an offer's own dates, its versions and its log back by `delta` (it was made then)."""
        offer.refresh_from_db()
        shifted = {
            field: getattr(offer, field) - delta
            for field in ("created_at", "updated_at", "submitted_at", "withdrawn_at")
            if getattr(offer, field)
        }
        Offer.objects.filter(pk=offer.pk).update(**shifted)
        for version in OfferVersion.objects.filter(offer=offer):
            OfferVersion.objects.filter(pk=version.pk).update(submitted_at=version.submitted_at - delta)
        for attachment in OfferAttachment.objects.filter(offer=offer):
            OfferAttachment.objects.filter(pk=attachment.pk).update(uploaded_at=attachment.uploaded_at - delta)
        _shift_log(offer, delta)

    # --- the scenes ---------------------------------------------------------------------------

    def existing(self, title):
        return Call.objects.filter(title=title).first()

    def scene_draft(self):
        spec = self.culture_spec()
        if self.existing(spec["title"]):
            return
        self.build_call(spec)

    def culture_spec(self):
        y = self.next
        return {
            "unit": "wydzial-kultury",
            "title": f"Otwarty konkurs ofert na realizację zadań z zakresu kultury, sztuki, ochrony dóbr kultury "
            f"i dziedzictwa narodowego w {y} r.",
            "year": y,
            "order": f"Projekt zarządzenia Prezydenta Miasta Płocka (WK.524.3.{self.year})",
            "order_date": self.today,
            "summary": "Wydarzenia artystyczne, edukacja kulturalna i ochrona dziedzictwa Płocka w przyszłym roku.",
            "task_type": "Kultura, sztuka, ochrona dóbr kultury i dziedzictwa narodowego (art. 4 ust. 1 pkt 16).",
            "tasks": [
                (
                    "Wydarzenia artystyczne i edukacja kulturalna dla mieszkańców Płocka",
                    "16",
                    "Koncerty, spektakle, wystawy i warsztaty dostępne bezpłatnie, także na osiedlach.",
                    {y: "250000.00"},
                ),
                (
                    "Ochrona dziedzictwa i upamiętnianie historii Płocka",
                    "4",
                    "Publikacje, spacery historyczne, opieka nad miejscami pamięci.",
                    {y: "90000.00"},
                ),
            ],
            "performance": (datetime.date(y, 3, 1), datetime.date(y, 12, 15)),
            "deadline": _at(self.today + datetime.timedelta(days=45), 15, 30),
            "selection_date": self.today + datetime.timedelta(days=75),
            "same_type": (
                f"W {self.year} r. zlecono 21 zadań z zakresu kultury na kwotę 310 000,00 zł, "
                f"w {self.year - 1} r. 19 zadań na kwotę 285 000,00 zł.",
                "310000",
                "285000",
            ),
            "min_own": Decimal("10.00"),
            "admin_cap": Decimal("10.00"),
            "pass_threshold": Decimal("30"),
            "local_criterion": (
                "Dostępność wydarzeń dla mieszkańców osiedli poza Starym Miastem",
                "Premiowane są wydarzenia na Podolszycach, Winiarach, Radziwiu i w Borowiczkach.",
                5,
            ),
            "attachments": [
                ("Aktualny statut organizacji", "Kopia potwierdzona za zgodność z oryginałem.", True),
                ("Rekomendacje instytucji kultury", "Nieobowiązkowe.", False),
            ],
        }

    def scene_upcoming(self):
        y = self.next
        offers_from = _at(self.today + datetime.timedelta(days=7), 8, 0)
        deadline = _at(self.today + datetime.timedelta(days=35), 15, 30)
        spec = {
            "unit": "biuro-rewitalizacji",
            "title": f"Otwarty konkurs ofert na wspieranie realizacji zadań w obszarze rewitalizacji Starego Miasta "
            f"i Radziwia w {y} r.",
            "year": y,
            "order": f"Zarządzenie nr 2905/{self.year} Prezydenta Miasta Płocka",
            "order_date": self.today - datetime.timedelta(days=3),
            "summary": "Animacja społeczna i wydarzenia ożywiające Stary Rynek, Radziwie i nabrzeże Wisły.",
            "task_type": "Rewitalizacja oraz rozwój wspólnot i społeczności lokalnych (art. 4 ust. 1 pkt 32a i 13).",
            "tasks": [
                (
                    "Animacja społeczna w podobszarach rewitalizacji",
                    "32a",
                    "Kluby sąsiedzkie, diagnoza potrzeb mieszkańców, wspólne projekty podwórkowe.",
                    {y: "110000.00"},
                ),
                (
                    "Wydarzenia ożywiające przestrzeń Starego Rynku i nabrzeża Wisły",
                    "13",
                    "Cykliczne wydarzenia plenerowe przygotowane z mieszkańcami.",
                    {y: "70000.00"},
                ),
            ],
            "performance": (datetime.date(y, 3, 1), datetime.date(y, 11, 30)),
            "offers_from": offers_from,
            "deadline": deadline,
            "selection_date": self.today + datetime.timedelta(days=60),
            "same_type": (
                f"W {self.year} r. zlecono 4 zadania tego rodzaju na kwotę 150 000,00 zł, "
                f"w {self.year - 1} r. 3 zadania na kwotę 120 000,00 zł.",
                "150000",
                "120000",
            ),
            "min_own": Decimal("5.00"),
            "admin_cap": Decimal("10.00"),
            "pass_threshold": Decimal("28"),
            "local_criterion": (
                "Udział mieszkańców podobszarów rewitalizacji w przygotowaniu zadania",
                "Np. spotkania konsultacyjne, grupy inicjatywne.",
                5,
            ),
            "attachments": [("Aktualny statut organizacji", "", True)],
        }
        if self.existing(spec["title"]):
            return
        call = self.build_call(spec)
        call = self.publish(call, days_ago=2)
        assert call.state == CallState.PUBLISHED, call.state

    def scene_sport(self):
        y = self.next
        spec = {
            "unit": "wydzial-sportu-i-rekreacji",
            "title": f"Otwarty konkurs ofert na wspieranie realizacji zadań z zakresu kultury fizycznej i sportu "
            f"w latach {y}–{y + 1}",
            "year": y,
            "order": f"Zarządzenie nr 2817/{self.year} Prezydenta Miasta Płocka",
            "order_date": self.today - datetime.timedelta(days=16),
            "summary": "Dwuletnie szkolenie sportowe dzieci i młodzieży oraz imprezy sportowo-rekreacyjne dla "
            "mieszkańców.",
            "task_type": "Wspieranie i upowszechnianie kultury fizycznej (art. 4 ust. 1 pkt 17 ustawy).",
            "tasks": [
                (
                    f"Szkolenie sportowe dzieci i młodzieży w dyscyplinach olimpijskich w latach {y}–{y + 1}",
                    "17",
                    "Regularne treningi prowadzone przez wykwalifikowanych trenerów, udział w zawodach, obozy.",
                    {y: "480000.00", y + 1: "480000.00"},
                ),
                (
                    "Imprezy sportowo-rekreacyjne dla mieszkańców Płocka",
                    "17",
                    "Biegi, turnieje osiedlowe, rajdy rowerowe i festyny rodzinne.",
                    {y: "120000.00"},
                ),
            ],
            "performance": (datetime.date(y, 1, 15), datetime.date(y + 1, 12, 15)),
            "deadline": _at(self.today + datetime.timedelta(days=22), 15, 30),
            "selection_date": self.today + datetime.timedelta(days=45),
            "same_type": (
                f"W {self.year} r. zlecono 18 zadań z zakresu kultury fizycznej na kwotę 1 050 000,00 zł, "
                f"w {self.year - 1} r. 16 zadań na kwotę 980 000,00 zł.",
                "1050000",
                "980000",
            ),
            "min_own": Decimal("10.00"),
            "admin_cap": Decimal("10.00"),
            "pass_threshold": Decimal("30"),
            "local_criterion": (
                "Zasięg zadania: uczestnicy z różnych osiedli Płocka",
                "Premiowane są zajęcia dostępne na kilku osiedlach, także dla osób z niepełnosprawnościami.",
                5,
            ),
            "attachments": [
                ("Aktualny statut organizacji", "", True),
                ("Uprawnienia trenerów prowadzących zajęcia", "Licencje trenerskie lub dyplomy.", True),
                ("Rekomendacje", "Nieobowiązkowe.", False),
            ],
        }
        if self.existing(spec["title"]):
            return
        call = self.publish(self.build_call(spec), days_ago=14)
        # The deadline stays 22 days from today: 36 days after the (shifted) publication.
        training = {
            "title": "Piłkarska Akademia Podolszyc",
            "start": datetime.date(y, 2, 1),
            "end": datetime.date(y + 1, 11, 30),
            "place": "Płock, boisko przy Szkole Podstawowej nr 21 i hala sportowa na Podolszycach",
            "target": "60 dzieci i młodzieży w wieku 8–15 lat z osiedli Podolszyce i Łukasiewicza",
            "needs": "Na Podolszycach brakuje bezpłatnych, regularnych zajęć piłkarskich; na listach "
            "oczekujących jest ponad 40 dzieci.",
            "activities": [
                ("Treningi piłki nożnej", "Trzy treningi tygodniowo w czterech grupach wiekowych.", "II–XI"),
                ("Udział w rozgrywkach ligowych", "Mecze w lidze okręgowej Mazowieckiego ZPN.", "III–XI"),
            ],
            "results": (
                "Ok. 400 treningów w dwóch latach, 60 zawodników w rozgrywkach ligowych.",
                "Lepsza sprawność fizyczna uczestników, mniej czasu spędzanego przed ekranem.",
                "Klub prowadzi zajęcia od 2012 r. i będzie je kontynuować.",
            ),
            "indicators": [("Liczba uczestników zajęć", "60"), ("Liczba treningów", "400")],
            "experience": "Klub od 2012 r. szkoli dzieci z Podolszyc; realizował zadania miejskie w latach "
            "2019–2026 bez zastrzeżeń.",
            "lines": [
                ("Wynagrodzenia trenerów", "godzina", "90.00", 1600),
                ("Wynajem hali sportowej (zima)", "godzina", "120.00", 300),
                ("Sprzęt sportowy", "komplet", "2500.00", 4),
            ],
            "admin": [("Obsługa księgowa", "miesiąc", "300.00", 22)],
            "own_financial": "12000.00",
            "own_personal": "14000.00",
            "contact": ("Marcin Kowalczyk", "+48 601 220 310"),
            "action": "Szkolenie sportowe",
        }
        orlik = self.prepare(call, 1, "Uczniowski Klub Sportowy „Orlik” Płock", training)
        self.submit(orlik)
        self.move_offer(orlik, datetime.timedelta(days=2))
        # A second version: the club corrected the number of training hours after submitting.
        hours = ("Wynagrodzenia trenerów", "godzina", "90.00", 1680)
        revised = self.content({**training, "lines": [hours, *training["lines"][1:]]}, [orlik.organisation])
        offer_services.save_offer_section(
            actor=self.reps[orlik.organisation.name], offer=orlik, section="V", data=revised["V"], base_revision=None
        )
        orlik.refresh_from_db()
        self.submit(orlik)
        self.move_offer(orlik, datetime.timedelta(days=3, hours=3))

        rowing = {
            **training,
            "title": "Wiosła w górę – szkolenie młodych wioślarzy",
            "place": "Płock, przystań Płockiego Klubu Wioślarskiego, ul. Rybaki",
            "target": "35 młodych wioślarzy w wieku 12–18 lat",
            "needs": "Wioślarstwo jest jedną z niewielu dyscyplin olimpijskich z tradycją w Płocku; klubowi "
            "brakuje środków na trenerów i transport łodzi na regaty.",
            "activities": [
                ("Treningi na wodzie i ergometrach", "Pięć treningów tygodniowo.", "I–XII"),
                ("Starty w regatach", "Mistrzostwa Polski juniorów i regaty okręgowe.", "IV–X"),
            ],
            "experience": "Klub działa od 1923 r.; wychował medalistów mistrzostw Polski.",
            "lines": [
                ("Wynagrodzenia trenerów", "godzina", "95.00", 1200),
                ("Transport łodzi na regaty", "wyjazd", "1800.00", 10),
            ],
            "admin": [("Obsługa księgowa", "miesiąc", "250.00", 22)],
            "own_financial": "9000.00",
            "own_personal": "6000.00",
            "contact": ("Barbara Adamska", "+48 602 330 410"),
            "action": "Szkolenie wioślarzy",
        }
        self.submit(self.prepare(call, 1, "Płocki Klub Wioślarski", rowing))
        self.move_offer(
            Offer.objects.get(call=call, organisation__name="Płocki Klub Wioślarski"), datetime.timedelta(days=2)
        )

        events = {
            "title": "Płocki Bieg Akademicki i Rodzinny",
            "start": datetime.date(y, 5, 1),
            "end": datetime.date(y, 9, 30),
            "place": "Płock, Stadion Miejski i ścieżki nad Wisłą",
            "target": "Mieszkańcy Płocka, rodziny z dziećmi, studenci",
            "needs": "Mieszkańcy oczekują bezpłatnych wydarzeń sportowych w weekendy (ankieta AZS, 2025).",
            "activities": [("Bieg Akademicki i Rodzinny", "Bieg na 5 km i biegi dzieci.", "V–IX")],
            "results": (
                "Trzy imprezy, ok. 900 uczestników.",
                "Więcej mieszkańców aktywnych fizycznie.",
                "Bieg wpisze się na stałe w kalendarz miasta.",
            ),
            "indicators": [("Liczba uczestników", "900")],
            "experience": "AZS organizuje biegi akademickie od 2015 r.",
            "lines": [("Pomiar czasu i numery startowe", "impreza", "4500.00", 3), ("Medale", "sztuka", "9.00", 900)],
            "admin": [("Koordynacja", "miesiąc", "400.00", 5)],
            "own_financial": "2000.00",
            "own_personal": "2000.00",
            "contact": ("Oliwia Nowicka", "+48 603 440 510"),
            "action": "Biegi",
        }
        azs = self.prepare(call, 2, "Akademicki Związek Sportowy — Środowisko Płock", events)
        self.submit(azs)
        self.move_offer(azs, datetime.timedelta(days=1, hours=4))

        # Submitted, then withdrawn by the club (it lost its coach): the versions stay.
        borowiczki = self.prepare(
            call,
            2,
            "Ludowy Klub Sportowy Borowiczki",
            {
                **events,
                "title": "Turniej piłkarski osiedli Płocka",
                "place": "Płock, boisko LKS Borowiczki",
                "activities": [("Turniej osiedli", "Rozgrywki 12 drużyn osiedlowych.", "VI–VIII")],
                "experience": "Klub organizuje turnieje osiedlowe od 2010 r.",
                "contact": ("Robert Mazur", "+48 604 550 610"),
                "action": "Turniej",
            },
        )
        self.submit(borowiczki)
        submission.withdraw_offer(
            actor=self.reps[borowiczki.organisation.name],
            offer=borowiczki,
            reason="Klub nie zapewni sędziów w terminie turnieju; złożymy ofertę w przyszłym roku.",
        )
        self.move_offer(borowiczki, datetime.timedelta(days=1))
        # Submitted yesterday, withdrawn this morning.
        withdrawn_at = self.now - datetime.timedelta(hours=2)
        Offer.objects.filter(pk=borowiczki.pk).update(withdrawn_at=withdrawn_at)
        _retime_log(borowiczki, withdrawn_at, actions=["offer.withdrawn"])

        # The flagship's draft, written by its editor, with things still to fix: no place or
        # schedule yet, the sources do not add up, section VI untouched, no attachments.
        self.prepare(
            call,
            2,
            FLAGSHIP,
            {
                **events,
                "title": "Podwórkowa Liga Sąsiedzka",
                "place": "",
                "target": "Dzieci i młodzież z podwórek Starego Miasta i Radziwia",
                "needs": "Podwórka Starego Miasta nie mają zorganizowanych zajęć sportowych latem.",
                "activities": [],
                "experience": "Od 2014 r. wspieramy grupy sąsiedzkie; prowadziliśmy trzy edycje ligi podwórkowej.",
                "lines": [
                    ("Sędziowie i animatorzy", "godzina", "60.00", 120),
                    ("Piłki i znaczniki", "komplet", "800.00", 2),
                ],
                "admin": [],
                "own_financial": "0",
                "own_personal": "0",
                "contact": ("Anna Nowak", "+48 605 660 710"),
                "action": "Liga podwórkowa",
                "drop": {"III": ["place"]},
            },
            actor=self.editor,
            sections=["I", "II", "III", "IV", "V", "VII"],
            attach=False,
        )
        # The sources no longer add up: the editor typed a larger grant than the costs.
        draft = Offer.objects.get(call=call, organisation__name=FLAGSHIP)
        fifth = dict(draft.content["V"])
        fifth["sources"] = {**fifth["sources"], "grant": "12000.00"}
        offer_services.save_offer_section(actor=self.editor, offer=draft, section="V", data=fifth, base_revision=None)

    def scene_health(self):
        y = self.next
        spec = {
            "unit": "wydzial-zdrowia-i-spraw-spolecznych",
            "financing": Financing.ENTRUST,
            "title": f"Otwarty konkurs ofert na powierzenie realizacji zadań z zakresu ochrony i promocji zdrowia "
            f"oraz przeciwdziałania uzależnieniom w {y} r.",
            "year": y,
            "order": f"Zarządzenie nr 2866/{self.year} Prezydenta Miasta Płocka",
            "order_date": self.today - datetime.timedelta(days=8),
            "summary": "Profilaktyka uzależnień w szkołach oraz edukacja zdrowotna i badania dla dorosłych.",
            "task_type": "Ochrona i promocja zdrowia; przeciwdziałanie uzależnieniom i patologiom społecznym "
            "(art. 4 ust. 1 pkt 6 i 32 ustawy).",
            "tasks": [
                (
                    "Profilaktyka uzależnień wśród dzieci i młodzieży szkolnej",
                    "32",
                    "Programy rekomendowane, warsztaty dla uczniów i rodziców, szkolenia nauczycieli.",
                    {y: "180000.00"},
                ),
                (
                    "Edukacja zdrowotna i badania profilaktyczne dla dorosłych mieszkańców",
                    "6",
                    "Badania przesiewowe, porady, kampanie informacyjne.",
                    {y: "140000.00"},
                ),
            ],
            "performance": (datetime.date(y, 2, 1), datetime.date(y, 12, 20)),
            "deadline": _at(self.today + datetime.timedelta(days=22), 15, 30),
            "selection_date": self.today + datetime.timedelta(days=50),
            "same_type": (
                f"W {self.year} r. powierzono 9 zadań tego rodzaju na kwotę 300 000,00 zł, "
                f"w {self.year - 1} r. 8 zadań na kwotę 280 000,00 zł.",
                "300000",
                "280000",
            ),
            "admin_cap": Decimal("10.00"),
            "pass_threshold": Decimal("25"),
            "local_criterion": (
                "Współpraca ze szkołami i placówkami ochrony zdrowia w Płocku",
                "Listy intencyjne lub porozumienia.",
                5,
            ),
            "attachments": [
                ("Aktualny statut organizacji", "", True),
                (
                    "Oświadczenie o niekaralności osób pracujących z dziećmi",
                    "Art. 21 ustawy o przeciwdziałaniu zagrożeniom przestępczością na tle seksualnym.",
                    True,
                ),
            ],
        }
        if self.existing(spec["title"]):
            return
        call = self.publish(self.build_call(spec), days_ago=6)
        screening = {
            "title": "Różowa Wstążka – edukacja i profilaktyka raka piersi",
            "start": datetime.date(y, 3, 1),
            "end": datetime.date(y, 11, 30),
            "place": "Płock, sala Stowarzyszenia przy ul. Kościuszki i mobilny punkt na osiedlach",
            "target": "Kobiety 40+ z Płocka, ok. 600 osób",
            "needs": "Zgłaszalność na mammografię w Płocku jest niższa od średniej dla Mazowsza.",
            "activities": [
                ("Spotkania edukacyjne", "Spotkania z lekarzami i fizjoterapeutką.", "III–XI"),
                ("Mobilny punkt informacyjny", "Dyżury na osiedlach w dni targowe.", "IV–X"),
            ],
            "results": (
                "20 spotkań, 600 uczestniczek, 8 dyżurów.",
                "Więcej kobiet zgłasza się na badania profilaktyczne.",
                "Materiały zostaną w przychodniach.",
            ),
            "indicators": [("Liczba uczestniczek", "600")],
            "experience": "Od 2008 r. wspieramy kobiety po leczeniu onkologicznym.",
            "lines": [
                ("Honoraria lekarzy i fizjoterapeutki", "godzina", "180.00", 60),
                ("Materiały", "komplet", "12.00", 600),
            ],
            "admin": [("Koordynacja", "miesiąc", "350.00", 5)],
            "contact": ("Halina Pawlak", "+48 606 770 810"),
            "action": "Edukacja zdrowotna",
        }
        amazonki = self.prepare(call, 2, "Płockie Stowarzyszenie Amazonek", screening)
        self.submit(amazonki)
        self.move_offer(amazonki, datetime.timedelta(days=3, hours=1))
        self.submit(
            self.prepare(
                call,
                2,
                "Stowarzyszenie Honorowych Dawców Krwi „Kropla”",
                {
                    **screening,
                    "title": "Kropla życia – akcje krwiodawstwa i edukacja",
                    "target": "Mieszkańcy Płocka, studenci i uczniowie szkół średnich",
                    "needs": "Regionalne Centrum Krwiodawstwa zgłasza niedobory krwi latem.",
                    "activities": [("Akcje poboru krwi", "Osiem akcji w szkołach i na Starym Rynku.", "IV–X")],
                    "experience": "Organizujemy akcje krwiodawstwa od 1995 r.",
                    "contact": ("Krzysztof Sikora", "+48 607 880 910"),
                    "action": "Akcje krwiodawstwa",
                },
            )
        )
        # The flagship's joint offer with a partner: complete and valid, ready to submit.
        self.prepare(
            call,
            1,
            FLAGSHIP,
            {
                "title": "Mocni Razem – profilaktyka uzależnień w płockich szkołach",
                "start": datetime.date(y, 3, 1),
                "end": datetime.date(y, 12, 10),
                "place": "Płock, szkoły podstawowe nr 5, 10 i 21 oraz świetlica Fundacji „Promyk”",
                "target": "240 uczniów klas VI–VIII, ich rodzice i 30 nauczycieli",
                "needs": "Badanie ESPAD w Płocku pokazało wzrost używania e-papierosów wśród uczniów; szkoły "
                "prosiły o warsztaty i wsparcie rodziców.",
                "activities": [
                    ("Warsztaty dla uczniów", "Program rekomendowany „Spójrz inaczej”, 12 grup.", "III–VI"),
                    ("Spotkania dla rodziców", "Cztery spotkania z psychologiem.", "IX–XI"),
                    ("Szkolenie nauczycieli", "Dwudniowe szkolenie z wczesnej interwencji.", "IX"),
                ],
                "results": (
                    "12 cykli warsztatów, 4 spotkania dla rodziców, szkolenie 30 nauczycieli.",
                    "Uczniowie znają sposoby radzenia sobie z presją; szkoły mają plan interwencji.",
                    "Nauczyciele prowadzą zajęcia samodzielnie w kolejnych latach.",
                ),
                "indicators": [("Liczba uczniów w warsztatach", "240"), ("Przeszkoleni nauczyciele", "30")],
                "experience": "Od 2014 r. prowadzimy projekty dla młodzieży; Fundacja „Promyk” od 2009 r. "
                "prowadzi zajęcia wyrównawcze i wsparcie rodzin.",
                "resources": "Dwóch certyfikowanych realizatorów programu, psycholog Fundacji „Promyk”, sale "
                "w szkołach udostępnione bezpłatnie.",
                "lines": [
                    ("Wynagrodzenia realizatorów warsztatów", "godzina", "120.00", 180),
                    ("Psycholog – spotkania z rodzicami", "spotkanie", "600.00", 4),
                    ("Szkolenie nauczycieli", "dzień", "2400.00", 2),
                    ("Materiały dydaktyczne", "komplet", "25.00", 240),
                ],
                "admin": [("Koordynacja i rozliczenie", "miesiąc", "400.00", 5)],
                "own_personal": "2000.00",
                "contact": ("Anna Nowak", "+48 605 660 710"),
                "action": "Profilaktyka w szkołach",
                "partners_roles": "Stowarzyszenie (lider) koordynuje zadanie, prowadzi warsztaty i rozlicza "
                "dotację; Fundacja „Promyk” prowadzi spotkania z rodzicami i udostępnia psychologa. "
                "Oferentów reprezentuje lider.",
                "partner_share": "3400.00",
            },
            partners=[PARTNER],
        )

    def scene_closed(self):
        y = self.next
        spec = {
            "unit": "centrum-organizacji-pozarzadowych",
            "title": f"Otwarty konkurs ofert na wspieranie realizacji zadań z zakresu działalności na rzecz "
            f"organizacji pozarządowych i promocji wolontariatu w {y} r.",
            "year": y,
            "order": f"Zarządzenie nr 2711/{self.year} Prezydenta Miasta Płocka",
            "order_date": self.today - datetime.timedelta(days=37),
            "summary": "Płockie Centrum Wolontariatu oraz szkolenia i doradztwo dla organizacji.",
            "task_type": "Działalność na rzecz organizacji pozarządowych; promocja i organizacja wolontariatu "
            "(art. 4 ust. 1 pkt 33 i 27 ustawy).",
            "tasks": [
                (
                    "Prowadzenie Płockiego Centrum Wolontariatu",
                    "27",
                    "Pośrednictwo wolontariatu, szkolenia koordynatorów, Gala Wolontariatu.",
                    {y: "90000.00"},
                ),
                (
                    "Szkolenia i doradztwo dla organizacji pozarządowych",
                    "33",
                    "Doradztwo prawne i księgowe, szkolenia z pisania ofert i rozliczania dotacji.",
                    {y: "60000.00"},
                ),
            ],
            "performance": (datetime.date(y, 1, 15), datetime.date(y, 12, 15)),
            # As published: 21 full days after today; moved below to the real (past) deadline.
            "deadline": _at(self.today + datetime.timedelta(days=22), 15, 30),
            "selection_date": self.today + datetime.timedelta(days=20),
            "same_type": (
                f"W {self.year} r. zlecono 3 zadania tego rodzaju na kwotę 140 000,00 zł, "
                f"w {self.year - 1} r. 3 zadania na kwotę 135 000,00 zł.",
                "140000",
                "135000",
            ),
            "min_own": Decimal("5.00"),
            "admin_cap": Decimal("10.00"),
            "pass_threshold": Decimal("30"),
            "local_criterion": (
                "Dostępność doradztwa poza godzinami pracy i na osiedlach",
                "Dyżury popołudniowe i wyjazdowe.",
                5,
            ),
            "attachments": [("Aktualny statut organizacji", "", True)],
        }
        if self.existing(spec["title"]):
            return
        call = self.publish(self.build_call(spec), days_ago=0)
        volunteering = {
            "title": "Płockie Centrum Wolontariatu",
            "start": datetime.date(y, 2, 1),
            "end": datetime.date(y, 12, 10),
            "place": "Płock, ul. Kolegialna 15 (lokal Stowarzyszenia) i szkoły",
            "target": "Wolontariusze, szkoły, domy pomocy społecznej i organizacje z Płocka",
            "needs": "Organizacje szukają wolontariuszy, a chętni nie wiedzą, gdzie się zgłosić.",
            "activities": [
                ("Pośrednictwo wolontariatu", "Dyżury i baza ofert wolontariatu.", "II–XII"),
                ("Gala Wolontariatu", "Podziękowanie wolontariuszom roku.", "XII"),
            ],
            "results": (
                "300 wolontariuszy skierowanych do 40 organizacji, Gala Wolontariatu.",
                "Więcej mieszkańców działa społecznie.",
                "Baza ofert działa po zakończeniu zadania.",
            ),
            "indicators": [("Liczba wolontariuszy", "300")],
            "experience": "Koordynujemy wolontariat w domach pomocy społecznej od 2011 r.",
            "lines": [
                ("Koordynator centrum", "miesiąc", "4200.00", 11),
                ("Gala Wolontariatu", "impreza", "6000.00", 1),
            ],
            "admin": [("Księgowość", "miesiąc", "300.00", 11)],
            "own_financial": "1500.00",
            "own_personal": "2500.00",
            "contact": ("Elżbieta Król", "+48 608 990 110"),
            "action": "Centrum Wolontariatu",
        }
        advice = {
            **volunteering,
            "title": "Akademia Organizacji – szkolenia i doradztwo dla płockich NGO",
            "place": "Płock, Centrum Organizacji Pozarządowych i dyżury na osiedlach",
            "target": "Członkowie i pracownicy organizacji pozarządowych z Płocka",
            "needs": "Młode organizacje mają kłopot z rozliczaniem dotacji i sprawozdawczością.",
            "activities": [
                ("Szkolenia", "Osiem szkoleń z pisania i rozliczania ofert.", "II–XI"),
                ("Doradztwo", "Dyżury doradców prawnego i księgowego.", "II–XII"),
            ],
            "results": (
                "8 szkoleń, 200 godzin doradztwa.",
                "Mniej błędów w ofertach i sprawozdaniach.",
                "Materiały szkoleniowe dostępne online.",
            ),
            "lines": [("Trenerzy", "godzina", "150.00", 64), ("Doradcy", "godzina", "120.00", 200)],
            "own_financial": "900.00",
            "own_personal": "1000.00",
            "action": "Szkolenia i doradztwo",
        }
        offers = [
            self.prepare(call, 1, "Stowarzyszenie Wolontariuszy „Pomocna Dłoń”", volunteering),
            self.prepare(
                call,
                2,
                "Fundacja Wspierania Organizacji Pozarządowych „Trzeci Sektor”",
                {
                    **advice,
                    "contact": ("Agnieszka Baran", "+48 609 100 210"),
                    "experience": "Doradzamy organizacjom od 2012 r.",
                },
            ),
            self.prepare(
                call,
                2,
                FLAGSHIP,
                {
                    **advice,
                    "title": "Liderzy Sąsiedztwa – szkoła dla grup nieformalnych",
                    "experience": "Od 2014 r. wspieramy grupy sąsiedzkie i młode organizacje.",
                    "contact": ("Anna Nowak", "+48 605 660 710"),
                },
            ),
        ]
        for offer in offers:
            self.submit(offer)
        # The call was published 35 days ago and its deadline passed four days ago: move the
        # publication and the offers back (they were submitted before the deadline), then close
        # it through the service, dated at the deadline.
        self.move_publication(call, datetime.timedelta(days=35))
        deadline = _at(self.today - datetime.timedelta(days=4), 15, 30)
        self.set_deadline(call, deadline)
        for days, offer in zip((12, 7, 5), offers, strict=True):
            self.move_offer(offer, datetime.timedelta(days=days, hours=2))
        self.close_at_deadline(call)

    def scene_cancelled(self):
        y = self.next
        spec = {
            **self.culture_spec(),
            "title": f"Otwarty konkurs ofert na organizację Festiwalu Kultur Nadwiślańskich w {y} r.",
            "order": f"Zarządzenie nr 2790/{self.year} Prezydenta Miasta Płocka",
            "order_date": self.today - datetime.timedelta(days=12),
            "summary": "Organizacja trzydniowego festiwalu kultur nadwiślańskich na Starym Rynku i nabrzeżu Wisły.",
            "tasks": [
                (
                    "Organizacja Festiwalu Kultur Nadwiślańskich",
                    "16",
                    "Koncerty, jarmark rękodzieła i warsztaty tradycji nadwiślańskich, czerwiec.",
                    {y: "150000.00"},
                )
            ],
            "deadline": _at(self.today + datetime.timedelta(days=25), 15, 30),
            "selection_date": self.today + datetime.timedelta(days=50),
        }
        if self.existing(spec["title"]):
            return
        call = self.publish(self.build_call(spec), days_ago=10)
        cancellation.cancel_call(
            call=call,
            actor=self.officer,
            reason="Rada Miasta Płocka zmieniła uchwałę budżetową: środki na festiwal przeniesiono do Płockiego "
            "Ośrodka Kultury i Sztuki, który zorganizuje go samodzielnie. Oferty nie będą rozpatrywane.",
        )

    def scene_archive(self):
        last = self.year - 1
        specs = [
            (
                {
                    "unit": "wydzial-sportu-i-rekreacji",
                    "title": f"Otwarty konkurs ofert na wspieranie realizacji zadań z zakresu kultury fizycznej w {last} r.",
                    "year": last,
                    "order": f"Zarządzenie nr 2604/{last - 1} Prezydenta Miasta Płocka",
                    "order_date": datetime.date(last - 1, 11, 15),
                    "summary": "Szkolenie sportowe dzieci i młodzieży w roku budżetowym.",
                    "task_type": "Wspieranie i upowszechnianie kultury fizycznej (art. 4 ust. 1 pkt 17 ustawy).",
                    "tasks": [
                        (
                            "Szkolenie sportowe dzieci i młodzieży",
                            "17",
                            "Treningi, zawody i obozy szkoleniowe.",
                            {last: "450000.00"},
                        )
                    ],
                    "performance": (datetime.date(last, 1, 15), datetime.date(last, 12, 15)),
                    "published_on": datetime.date(last - 1, 11, 18),
                    "final_deadline": _at(datetime.date(last - 1, 12, 16), 15, 30),
                    "selection_date": datetime.date(last, 1, 10),
                    "same_type": (
                        f"W {last - 1} r. zlecono 16 zadań na kwotę 980 000,00 zł, w {last - 2} r. 15 zadań na "
                        "kwotę 940 000,00 zł.",
                        "980000",
                        "940000",
                    ),
                    "min_own": Decimal("10.00"),
                    "admin_cap": Decimal("10.00"),
                    "pass_threshold": Decimal("30"),
                    "local_criterion": ("Zasięg zadania: uczestnicy z różnych osiedli Płocka", "", 5),
                    "attachments": [("Aktualny statut organizacji", "", True)],
                },
                [
                    ("Uczniowski Klub Sportowy „Orlik” Płock", "Piłkarska Szkółka Podolszyc", "Marcin Kowalczyk"),
                    ("Płocki Klub Wioślarski", "Wiosła w górę – szkolenie juniorów", "Barbara Adamska"),
                ],
            ),
            (
                {
                    "unit": "wydzial-zdrowia-i-spraw-spolecznych",
                    "financing": Financing.ENTRUST,
                    "title": f"Otwarty konkurs ofert na powierzenie realizacji zadań z zakresu pomocy społecznej "
                    f"w {last} r.",
                    "year": last,
                    "order": f"Zarządzenie nr 2633/{last - 1} Prezydenta Miasta Płocka",
                    "order_date": datetime.date(last - 1, 11, 22),
                    "summary": "Pomoc żywnościowa dla osób i rodzin w trudnej sytuacji.",
                    "task_type": "Pomoc społeczna (art. 4 ust. 1 pkt 1 ustawy).",
                    "tasks": [
                        (
                            "Prowadzenie punktu pomocy żywnościowej",
                            "1",
                            "Wydawanie paczek żywnościowych i posiłków.",
                            {last: "160000.00"},
                        )
                    ],
                    "performance": (datetime.date(last, 1, 15), datetime.date(last, 12, 20)),
                    "published_on": datetime.date(last - 1, 11, 25),
                    "final_deadline": _at(datetime.date(last - 1, 12, 19), 15, 30),
                    "selection_date": datetime.date(last, 1, 12),
                    "same_type": (
                        f"W {last - 1} r. powierzono 2 zadania na kwotę 150 000,00 zł, w {last - 2} r. 2 zadania "
                        "na kwotę 145 000,00 zł.",
                        "150000",
                        "145000",
                    ),
                    "admin_cap": Decimal("10.00"),
                    "pass_threshold": Decimal("25"),
                    "local_criterion": ("Współpraca z Miejskim Ośrodkiem Pomocy Społecznej", "", 5),
                    "attachments": [("Aktualny statut organizacji", "", True)],
                },
                [("Płocki Bank Żywności", "Paczka na każdy dzień", "Jan Wieczorek")],
            ),
        ]
        for spec, offerors in specs:
            if self.existing(spec["title"]):
                continue
            # Built and published today with a deadline the 21-day rule accepts today (21 full days), then moved
            # to when it really happened (the autumn before the budget year) and closed.
            spec = {
                **spec,
                "deadline": _at(self.today + datetime.timedelta(days=22), 15, 30),
            }
            call = self.publish(self.build_call(spec))
            offers = []
            for name, title, contact in offerors:
                start, end = spec["performance"]
                offer = self.prepare(
                    call,
                    1,
                    name,
                    {
                        "title": title,
                        "start": start + datetime.timedelta(days=17),
                        "end": end - datetime.timedelta(days=15),
                        "place": "Płock",
                        "target": "Mieszkańcy Płocka",
                        "needs": "Zadanie odpowiada na potrzeby wskazane w programie współpracy na ten rok.",
                        "activities": [("Zajęcia", "Zajęcia przez cały rok.", "II–XI")],
                        "results": ("Zajęcia dla 80 osób.", "Poprawa sytuacji uczestników.", "Kontynuacja."),
                        "indicators": [("Liczba uczestników", "80")],
                        "experience": "Organizacja realizowała zadania miejskie w poprzednich latach.",
                        "lines": [
                            ("Wynagrodzenia prowadzących", "godzina", "80.00", 500),
                            ("Materiały", "komplet", "1500.00", 4),
                        ],
                        "admin": [("Księgowość", "miesiąc", "250.00", 10)],
                        "own_financial": "3000.00",
                        "own_personal": "2500.00",
                        "contact": (contact, "+48 24 366 00 00"),
                    },
                )
                self.submit(offer)
                offers.append(offer)
            delta = self.today - spec["published_on"]
            self.move_publication(call, delta)
            self.set_deadline(call, spec["final_deadline"])
            for n, offer in enumerate(offers):
                self.move_offer(offer, (self.now - spec["final_deadline"]) + datetime.timedelta(days=3 + 2 * n))
            self.close_at_deadline(call)

    # --- small grants ------------------------------------------------------------------------

    def scene_small_grants(self):
        year = self.year
        # Decided offers were received about two months ago; loaded early in the year, the intake
        # must have been announced (and its tasks may start) before that.
        published_on = min(datetime.date(year, 1, 12), self.today - datetime.timedelta(days=100))
        performance_start = min(datetime.date(year, 1, 15), self.today - datetime.timedelta(days=60))
        spec = {
            "unit": "centrum-organizacji-pozarzadowych",
            "mode": CallMode.SMALL_GRANT,
            "title": f"Małe granty {year} – zlecanie zadań publicznych z pominięciem otwartego konkursu ofert",
            "year": year,
            "order": f"Zarządzenie nr 1702/{year} Prezydenta Miasta Płocka",
            "order_date": published_on - datetime.timedelta(days=4),
            "summary": "Oferty na zadania o charakterze lokalnym do 10 000 zł i 90 dni, składane przez cały rok "
            "(art. 19a ustawy).",
            "task_type": "Zadania publiczne o charakterze lokalnym lub regionalnym, w sferach art. 4 ustawy.",
            "tasks": [
                (
                    "Zadania publiczne o charakterze lokalnym (art. 19a ustawy)",
                    "13",
                    "Do 10 000 zł dotacji, realizacja do 90 dni.",
                    {year: "200000.00"},
                )
            ],
            "performance": (performance_start, datetime.date(year + 1, 3, 31)),
            "selection_date": datetime.date(year, 12, 31),
            "same_type": (
                f"W {published_on.year} r. w tym trybie zlecono 24 zadania na kwotę 182 000,00 zł, "
                f"w {published_on.year - 1} r. 21 zadań na kwotę 160 000,00 zł.",
                "182000",
                "160000",
            ),
            "attachments": [("Aktualny statut organizacji", "", True)],
        }
        if self.existing(spec["title"]):
            return
        call = self.build_call(spec)
        # Published at the start of the year (or, loaded early in the year, in the autumn before);
        # the intake is open until 31 December.
        call = self.publish(call, days_ago=(self.today - published_on).days)

        def grant_spec(title, start_in, days, place, target, lines, own, contact, experience):
            start = self.today + datetime.timedelta(days=start_in)
            return {
                "title": title,
                "start": start,
                "end": start + datetime.timedelta(days=days - 1),
                "place": place,
                "target": target,
                "needs": f"Mieszkańcy zgłaszali potrzebę takiego działania; {target.lower()} nie mają dziś "
                "podobnej oferty w okolicy.",
                "activities": [(title, "Działania opisane w ofercie, prowadzone z wolontariuszami.", "cały okres")],
                "results": ("Zrealizowane działania opisane w harmonogramie.", "", ""),
                "experience": experience,
                "lines": lines,
                "own_personal": own,
                "contact": contact,
            }

        scenes = [
            # (organisation, spec, received working days ago, what happens)
            (
                "Fundacja Ciechomicki Brzeg",
                grant_spec(
                    "Zimowe dokarmianie ptaków i budki lęgowe na skarpie",
                    30,
                    60,
                    "Płock, skarpa wiślana w Ciechomicach",
                    "Uczniowie szkół podstawowych z Ciechomic i Borowiczek",
                    [("Budki lęgowe", "sztuka", "85.00", 40), ("Karma i karmniki", "komplet", "600.00", 3)],
                    "700.00",
                    ("Natalia Górska", "+48 610 200 300"),
                    "Chronimy skarpę wiślaną od 2016 r.",
                ),
                5,
                "received",
            ),
            (
                "Klub Turystyki Rowerowej „Szprycha”",
                grant_spec(
                    "Rowerowe Ferie – bezpieczna jazda dla dzieci",
                    45,
                    40,
                    "Płock, miasteczko ruchu drogowego przy ul. Otolińskiej",
                    "Dzieci w wieku 9–12 lat",
                    [("Instruktorzy", "godzina", "80.00", 40), ("Kaski i kamizelki", "komplet", "120.00", 20)],
                    "900.00",
                    ("Damian Olszewski", "+48 611 300 400"),
                    "Organizujemy rajdy rowerowe od 2009 r.",
                ),
                6,
                "under_comment",
            ),
            (
                "Stowarzyszenie Sąsiedzkie Osiedla Skarpa",
                grant_spec(
                    "Wigilia Sąsiedzka na Skarpie",
                    5,
                    30,
                    "Płock, świetlica osiedlowa przy ul. Kochanowskiego",
                    "Samotni seniorzy i rodziny z osiedla Skarpa",
                    [("Poczęstunek", "osoba", "35.00", 120), ("Wynajem sali i nagłośnienia", "dzień", "900.00", 1)],
                    "1200.00",
                    ("Teresa Jaworska", "+48 612 400 500"),
                    "Organizujemy pikniki i spotkania sąsiedzkie od 2018 r.",
                ),
                13,
                "awaiting_decision",
            ),
            (
                "Fundacja Teatr Nie-Taki",
                grant_spec(
                    "Jesienne warsztaty teatralne dla młodzieży",
                    -50,
                    80,
                    "Płock, scena Fundacji przy ul. Jachowicza",
                    "Młodzież w wieku 13–18 lat",
                    [
                        ("Prowadzący warsztaty", "godzina", "150.00", 48),
                        ("Scenografia i kostiumy", "komplet", "1600.00", 1),
                    ],
                    "1000.00",
                    ("Łukasz Michalak", "+48 613 500 600"),
                    "Prowadzimy teatr młodzieżowy od 2011 r.",
                ),
                45,
                "funded",
            ),
            (
                "Stowarzyszenie Miłośników Kolei Płockiej",
                grant_spec(
                    "Przejazd retro z okazji 150-lecia kolei w Płocku",
                    -40,
                    20,
                    "Płock, stacja Płock Trzepowo",
                    "Mieszkańcy i turyści",
                    [("Wynajem składu retro", "przejazd", "9000.00", 1), ("Przewodnicy", "godzina", "100.00", 10)],
                    "1000.00",
                    ("Stanisław Zalewski", "+48 614 600 700"),
                    "Dokumentujemy historię kolei płockiej od 2005 r.",
                ),
                40,
                "not_funded",
            ),
        ]
        # Oldest first, so that the offer numbers follow the order of receipt.
        for name, offer_spec, working_days_ago, stage in sorted(scenes, key=lambda scene: -scene[2]):
            offer = self.prepare(call, 1, name, offer_spec)
            self.submit(offer)
            review = SmallGrantReview.objects.get(offer=offer)
            self.play_small_grant(review, working_days_ago, stage)

    def play_small_grant(self, review, working_days_ago, stage):
        """Receive (already done by submit_offer), publish, comment and decide through the
        services; then move the dates to when it happened. The service records a publication
        made today and a decision only after the window, so the window is moved into the past
        before the decision, exactly as run_scheduled would find it (close_comment_windows)."""
        received = _working_days_before(self.today, working_days_ago)
        if stage == "received":
            # Due for publication by the next working day, whatever day the demo is loaded.
            received = _working_days_before(add_working_days(self.today, 1), 7)
        publish_by = add_working_days(received, 7)
        offer = review.offer
        delta = datetime.timedelta(days=(self.today - received).days)
        self.move_offer(offer, delta)
        SmallGrantReview.objects.filter(pk=review.pk).update(received_on=received, publish_by=publish_by)
        _retime_log(review, _at(received, 10, 5), actions=["small_grant.received"])
        review.refresh_from_db()
        if stage == "received":
            return
        review, _warnings = small_grant_services.publish_small_grant_offer(
            actor=self.officer, review=review, bip_published_on=self.today, notice_board_published_on=self.today
        )
        comments = []
        if stage in ("under_comment", "awaiting_decision"):
            comments.append(
                small_grant_services.add_comment(
                    review=review,
                    author_name="Grażyna Lis",
                    author_email="grazyna.lis@example.net",
                    text="Popieram. Przydałoby się więcej takich działań także na sąsiednich osiedlach; "
                    "proszę o informację, jak można się zapisać.",
                    ip="192.0.2.10",
                )
            )
            small_grant_services.moderate_comment(actor=self.officer, comment=comments[0], publish=True)
        if stage == "under_comment":
            comments.append(
                small_grant_services.add_comment(
                    review=review,
                    author_name="Mieszkaniec Radziwia",
                    author_email="radziwie@example.net",
                    text="Czy koszt instruktorów nie jest zawyżony? W ofercie nie widać, ile godzin przypada na "
                    "jedną grupę dzieci.",
                    ip="192.0.2.11",
                )
            )
        if stage == "awaiting_decision":
            small_grant_services.mark_comment_considered(
                actor=self.officer,
                comment=comments[0],
                consideration="Uwaga życzliwa; przekazano ją oferentowi, który poda w ogłoszeniach sposób zapisu.",
            )
        # Published 3 working days after receipt (the one under comment: three days ago); the BIP a
        # day later, and the 7-day window runs from that last publication.
        published = add_working_days(received, 3)
        if stage == "under_comment":
            published = self.today - datetime.timedelta(days=3)
        bip = published + datetime.timedelta(days=1)
        until = bip + datetime.timedelta(days=7)
        SmallGrantReview.objects.filter(pk=review.pk).update(
            published_on=published, bip_published_on=bip, notice_board_published_on=published, comments_until=until
        )
        _retime_log(review, _at(published, 11, 30), actions=["small_grant.published"])
        for n, comment in enumerate(comments):
            when = _at(bip + datetime.timedelta(days=1), 18, 40) + datetime.timedelta(hours=2 * n)
            SmallGrantComment.objects.filter(pk=comment.pk).update(
                created_at=when,
                moderated_at=when + datetime.timedelta(hours=1) if n == 0 else None,
                considered_at=_at(until + datetime.timedelta(days=1), 9, 0) if stage == "awaiting_decision" else None,
            )
            _retime_log(review, when, actions=["small_grant.comment_added"], comment=comment)
            _retime_log(
                review, when + datetime.timedelta(hours=1), actions=["small_grant.comment_moderated"], comment=comment
            )
        _retime_log(review, _at(until + datetime.timedelta(days=1), 9, 0), actions=["small_grant.comment_considered"])
        if stage == "under_comment":
            return
        small_grant_services.close_comment_windows(self.today)
        review.refresh_from_db()
        if stage == "awaiting_decision":
            assert review.stage == SmallGrantStage.AWAITING_DECISION, review.stage
            return
        funded = stage == "funded"
        review, _warnings = small_grant_decision.decide_small_grant(
            actor=self.executive,
            review=review,
            funded=funded,
            amount=offer.requested_grant if funded else None,
            reason="Zadanie odpowiada na potrzeby mieszkańców, koszty są realne, uwag nie zgłoszono."
            if funded
            else "Koszt wynajmu składu stanowi prawie całą dotację, a zadanie ma głównie charakter "
            "rekreacyjny; w tym roku środki przeznaczono na zadania o szerszym zasięgu.",
        )
        decided = _at(until + datetime.timedelta(days=3), 12, 0)
        SmallGrantReview.objects.filter(pk=review.pk).update(decided_at=decided)
        # The register row (created by the decision) carries the day of the decision.
        Grant.objects.filter(offer=offer).update(awarded_on=timezone.localdate(decided))
        _retime_log(review, decided, actions=["small_grant.decided"])

    # --- the plan of calls -------------------------------------------------------------------

    def seed_plan(self):
        y = self.next
        announced = {c.unit.slug: c for c in Call.objects.filter(year=y).exclude(state=CallState.DRAFT)}
        by_title = {c.title: c for c in Call.objects.filter(year=y)}
        lines = [
            (1, "wydzial-sportu-i-rekreacji", "Kultura fizyczna i sport (zadania dwuletnie)", "17", "1080000.00"),
            (
                1,
                "wydzial-zdrowia-i-spraw-spolecznych",
                "Ochrona zdrowia i przeciwdziałanie uzależnieniom",
                "6",
                "320000.00",
            ),
            (
                1,
                "centrum-organizacji-pozarzadowych",
                "Wspieranie organizacji pozarządowych i wolontariatu",
                "33",
                "150000.00",
            ),
            (1, "centrum-organizacji-pozarzadowych", f"Małe granty {y}", "13", "220000.00"),
            (2, "wydzial-kultury", "Kultura, sztuka i ochrona dziedzictwa", "16", "340000.00"),
            (2, "biuro-rewitalizacji", "Rewitalizacja Starego Miasta i Radziwia", "32a", "180000.00"),
            (3, "wydzial-zdrowia-i-spraw-spolecznych", "Wypoczynek letni dzieci i młodzieży", "15", "260000.00"),
            (4, "wydzial-kultury", "Festiwal Kultur Nadwiślańskich", "16", "150000.00"),
            (5, "biuro-rewitalizacji", "Ekologia i zieleń w przestrzeni osiedli", "18", "60000.00"),
        ]
        links = {
            "Kultura fizyczna i sport (zadania dwuletnie)": announced.get("wydzial-sportu-i-rekreacji"),
            "Ochrona zdrowia i przeciwdziałanie uzależnieniom": announced.get("wydzial-zdrowia-i-spraw-spolecznych"),
            "Wspieranie organizacji pozarządowych i wolontariatu": announced.get("centrum-organizacji-pozarzadowych"),
            "Rewitalizacja Starego Miasta i Radziwia": announced.get("biuro-rewitalizacji"),
            "Festiwal Kultur Nadwiślańskich": next((c for t, c in by_title.items() if "Festiwalu" in t), None),
        }
        # This year's plan: the small-grant intake, announced in January.
        this_year = (self.year, 1, "centrum-organizacji-pozarzadowych", f"Małe granty {self.year}", "13", "200000.00")
        intake = Call.objects.small_grants().filter(year=self.year).first()
        if intake:
            links[this_year[3]] = intake
        for year, month, unit, title, area, amount in [this_year, *[(y, *line) for line in lines]]:
            if PlannedCall.objects.filter(year=year, title=title).exists():
                continue
            plan_services.create_planned_call(
                actor=self.officer,
                year=year,
                month=month,
                unit=self.units[unit],
                title=title,
                area=self.areas[area],
                mode=CallMode.SMALL_GRANT if title.startswith("Małe granty") else CallMode.OPEN_COMPETITION,
                amount=Decimal(amount),
                call=links.get(title),
                notes="",
            )


def seed_competitions(users, stdout):
    """Build the competitions demo (see the module docstring). `users`: the demo accounts by e-mail."""
    with transaction.atomic(), _no_notifications():
        demo = _Demo(users, stdout)
        demo.seed_units()
        demo.seed_representatives()
        demo.seed_planned_grants()
        demo.scene_draft()
        demo.scene_upcoming()
        demo.scene_sport()
        demo.scene_health()
        demo.scene_closed()
        demo.scene_cancelled()
        demo.scene_archive()
        demo.scene_small_grants()
        demo.seed_plan()
        seed_after_deadline(demo)
    counts = {state: Call.objects.filter(state=state).count() for state in CallState}
    states = ", ".join(f"{state.value}: {count}" for state, count in counts.items() if count)
    stdout.write(
        f"Calls: {Call.objects.count()} ({states}); offers: {Offer.objects.count()} "
        f"(submitted: {Offer.objects.filter(state=OfferState.SUBMITTED).count()}); "
        f"small-grant procedures: {SmallGrantReview.objects.count()}; plan lines: {PlannedCall.objects.count()}"
    )
