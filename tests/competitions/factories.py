"""Factories for calls, tasks and offers. `open_call()` gives a call accepting offers now;
`valid_content()` an offer document that passes every check of a default call."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from tests.organisations.factories import MembershipFactory, OrganisationFactory
from wspolpraca.competitions.enums import (
    CallMode,
    CallState,
    CriterionKind,
    Financing,
    OfferState,
    PartnerInvitationState,
)
from wspolpraca.competitions.models import (
    Call,
    CallCriterion,
    CallTask,
    CallTaskBudget,
    CityUnit,
    Offer,
    OfferPartner,
    PartnerInvitation,
    PlannedCall,
    RequiredAttachment,
)
from wspolpraca.organisations.models import PublicBenefitArea


def area(code="16"):
    return PublicBenefitArea.objects.current().filter(code=code).first() or PublicBenefitArea.objects.first()


class CityUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CityUnit
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Wydział Kultury nr {n}")
    short_name = factory.Sequence(lambda n: f"WK{n}")
    slug = factory.Sequence(lambda n: f"wydzial-{n}")


class CallFactory(factory.django.DjangoModelFactory):
    """A complete draft: every art. 13 element filled, ready to publish."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    unit = factory.SubFactory(CityUnitFactory)
    title = factory.Sequence(lambda n: f"Otwarty konkurs ofert nr {n}/2027 – kultura i sztuka")
    slug = factory.Sequence(lambda n: f"konkurs-{n}")
    year = 2027
    mode = CallMode.OPEN_COMPETITION
    financing = Financing.SUPPORT
    state = CallState.DRAFT
    legal_basis_number = factory.Sequence(lambda n: f"Zarządzenie nr {n}/2026 Prezydenta Miasta Płocka")
    legal_basis_date = datetime.date(2026, 11, 2)
    summary = "Wsparcie zadań z zakresu kultury, sztuki i ochrony dziedzictwa."
    task_type = "Kultura, sztuka, ochrona dóbr kultury i dziedzictwa narodowego."
    funds_description = "Na realizację zadań przeznacza się środki z budżetu Miasta Płocka."
    award_rules = "Dotacje przyznaje Prezydent Miasta Płocka po zapoznaniu się z opinią komisji."
    performance_start = datetime.date(2027, 2, 1)
    performance_end = datetime.date(2028, 12, 31)
    performance_conditions = "Zadanie realizowane na terenie Płocka, zgodnie z umową."
    selection_procedure = "Oferty ocenia komisja konkursowa według kryteriów z art. 15 ust. 1."
    selection_date = datetime.date(2027, 1, 31)
    same_type_tasks = "W 2026 r. zrealizowano 12 zadań tego rodzaju, w 2025 r. 10."
    same_type_cost_this_year = Decimal("250000.00")
    same_type_cost_last_year = Decimal("230000.00")
    min_own_contribution_pct = Decimal("10.00")
    admin_costs_cap_pct = Decimal("15.00")
    pass_threshold = Decimal("30.00")
    offer_deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))

    @factory.post_generation
    def tasks(obj, create, extracted, **kwargs):
        if create and extracted is None:
            task = CallTask.objects.create(
                call=obj, number=1, title="Organizacja wydarzeń kulturalnych", area=area("16")
            )
            CallTaskBudget.objects.create(task=task, year=2027, amount=Decimal("100000.00"))
            CallTaskBudget.objects.create(task=task, year=2028, amount=Decimal("50000.00"))

    @factory.post_generation
    def criteria(obj, create, extracted, **kwargs):
        if create and extracted is None:
            for position, (kind, points) in enumerate(
                [
                    (CriterionKind.CAPACITY, 10),
                    (CriterionKind.COSTS, 10),
                    (CriterionKind.QUALITY, 10),
                    (CriterionKind.OWN_FUNDS, 5),
                    (CriterionKind.CONTRIBUTION, 5),
                    (CriterionKind.HISTORY, 5),
                ]
            ):
                CallCriterion.objects.create(
                    call=obj, kind=kind, name=kind.label, max_points=Decimal(points), position=position
                )


def open_call(**kwargs):
    """A call published and accepting offers now (published a month ago in all three channels)."""
    today = timezone.localdate()
    published = today - datetime.timedelta(days=10)
    defaults = {
        "state": CallState.OPEN,
        "website_published_on": published,
        "bip_published_on": published,
        "notice_board_published_on": published,
        "published_at": timezone.now() - datetime.timedelta(days=10),
        "offer_deadline": timezone.now() + datetime.timedelta(days=20),
    }
    defaults.update(kwargs)
    return CallFactory(**defaults)


def small_grant_call(**kwargs):
    year = timezone.localdate().year
    defaults = {
        "mode": CallMode.SMALL_GRANT,
        "title": f"Małe granty {year}",
        "slug": f"male-granty-{year}",
        "year": year,
        "performance_start": datetime.date(year, 1, 1),
        "performance_end": datetime.date(year + 1, 3, 31),
        "offer_deadline": timezone.make_aware(datetime.datetime(year, 12, 31, 23, 59)),
        "min_own_contribution_pct": None,
        "admin_costs_cap_pct": None,
        "tasks": None,
    }
    defaults.update(kwargs)
    return open_call(**defaults)


def valid_content(*, organisations, start=datetime.date(2027, 3, 1), end=datetime.date(2027, 10, 31), simplified=False):
    """An offer document that passes every check of a CallFactory call (support, 10% own, 15% admin).

    Costs: two lines of action 1 (4,000 + 2,000), one administrative line (500) = 6,500 PLN;
    grant 5,500, own financial 500, own personal 500.
    """
    years = list(range(start.year, end.year + 1))

    def per_year(value):
        amount = Decimal(value)
        if len(years) == 1:
            return {str(years[0]): str(amount)}
        first = (amount / 2).quantize(Decimal("0.01"))
        return {str(years[0]): str(first), str(years[1]): str(amount - first), **{str(y): "0" for y in years[2:]}}

    def line(kind, measure, unit_cost, units, grant=None):
        value = Decimal(unit_cost) * Decimal(units)
        row = {"kind": kind, "measure": measure, "unit_cost": unit_cost, "units": units, "years": per_year(value)}
        if simplified:
            row["grant"] = grant if grant is not None else str(value)
        return row

    lead = organisations[0]
    content = {
        "I": {"authority": "Prezydent Miasta Płocka", "task_type": "Kultura i sztuka"},
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
                    "website": org.website,
                    "correspondence_address": "",
                    "bank_account": org.bank_account,
                }
                for org in organisations
            ],
            "contact": {"name": "Anna Nowak", "phone": "+48 600 100 200", "email": "anna@example.org"},
        },
        "III": {
            "title": "Płockie Lato z Kulturą",
            "start": start.isoformat(),
            "end": end.isoformat(),
            "place": "Płock, Stary Rynek",
            "target_group": "Mieszkańcy Płocka, rodziny z dziećmi",
            "needs": "Brak bezpłatnej oferty kulturalnej latem; cykl koncertów i warsztatów.",
            "complementarity": "Uzupełnia miejski kalendarz wydarzeń.",
            "activities": [
                {
                    "year": str(year),
                    "name": f"Koncerty {year}",
                    "description": "Cztery koncerty plenerowe.",
                    "target_group": "Mieszkańcy",
                    "period": "VI–VIII",
                    "subcontracted": "",
                    "partner": str(lead.pk),
                }
                for year in years
            ],
            "results_products": "12 wydarzeń, 1500 uczestników.",
            "results_change": "Większe uczestnictwo w kulturze.",
            "results_durability": "Cykl będzie kontynuowany.",
            "results": [{"name": "Liczba uczestników", "target": "1500", "monitoring": "Listy obecności"}],
        },
        "IV": {
            "experience": "Od 10 lat organizujemy wydarzenia kulturalne.",
            "resources": "Zespół 8 osób, nagłośnienie.",
        },
        "V": {
            "actions": [
                {
                    "name": "Koncerty",
                    "lines": [
                        line("Honoraria artystów", "koncert", "1000", "4", grant="3500"),
                        line("Wynajem sceny", "dzień", "500", "4", grant="2000"),
                    ],
                }
            ],
            "admin_lines": [line("Koordynacja", "miesiąc", "250", "2", grant="0")],
            "sources": {
                "grant": "5500",
                "own_financial": "500",
                "own_personal": "500",
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
                "register_match": "krs",
            }
        },
    }
    if len(organisations) > 1:
        content["VI"]["partners_roles"] = "Lider koordynuje i rozlicza; partner prowadzi warsztaty."
        shares = [Decimal("6500.00") - Decimal("1500.00") * (len(organisations) - 1)] + [Decimal("1500.00")] * (
            len(organisations) - 1
        )
        content["V"]["split"] = [
            {"organisation_id": org.pk, "years": per_year(amount)}
            for org, amount in zip(organisations, shares, strict=True)
        ]
    return content


class OfferFactory(factory.django.DjangoModelFactory):
    """A draft offer for the first task of an open call, with valid content."""

    class Meta:
        model = Offer

    call = factory.LazyFunction(open_call)
    task = factory.LazyAttribute(lambda o: o.call.tasks.first())
    organisation = factory.SubFactory(OrganisationFactory)
    state = OfferState.DRAFT
    title = "Płockie Lato z Kulturą"
    content = factory.LazyAttribute(lambda o: valid_content(organisations=[o.organisation]))


def add_partner(offer, organisation=None):
    """A partner that has accepted (as the data migration records partners from before invitations)."""
    organisation = organisation or OrganisationFactory()
    PartnerInvitation.objects.create(offer=offer, organisation=organisation, state=PartnerInvitationState.ACCEPTED)
    OfferPartner.objects.create(offer=offer, organisation=organisation, position=offer.partners.count() + 2)
    return organisation


def join_partner(*, actor, offer, organisation, representative=None):
    """Through the services: `actor` invites, a representative of `organisation` accepts."""
    from wspolpraca.competitions.offers import partners

    representative = representative or MembershipFactory(organisation=organisation, role="representative").user
    invitation = partners.invite_partner(actor=actor, offer=offer, organisation=organisation)
    return partners.accept_partner_invitation(actor=representative, invitation=invitation)


class RequiredAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredAttachment

    name = "Statut organizacji"


class PlannedCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedCall

    year = 2027
    month = 1
    unit = factory.SubFactory(CityUnitFactory)
    title = factory.Sequence(lambda n: f"Planowany konkurs nr {n}")
    amount = Decimal("100000.00")
