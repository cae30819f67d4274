"""The demo's councils: Płock's Public Benefit Council (15 seats: 9 organisations, 3 city council,
3 executive; term 2024–2027) with one organisations' seat vacant, so its warning shows, and the
Civic Dialogue Commission for culture. rada@ chairs the council. Idempotent: a body that exists
is left as it is."""

import datetime

from wspolpraca.bodies import services
from wspolpraca.bodies.enums import BodyKind, MemberRole, NominatedBy
from wspolpraca.bodies.models import Body
from wspolpraca.organisations.enums import VerificationStatus
from wspolpraca.organisations.models import Organisation

COUNCIL = {
    "kind": BodyKind.PUBLIC_BENEFIT_COUNCIL,
    "name": "Płocka Rada Działalności Pożytku Publicznego",
    "slug": "plocka-rada-dzialalnosci-pozytku-publicznego",
    "act_number": "Uchwała nr 512/XXX/2024 Rady Miasta Płocka",
    "act_date": datetime.date(2024, 2, 27),
    "unit": "Centrum Organizacji Pozarządowych, Urząd Miasta Płocka",
    "seats_ngo": 9,
    "seats_city_council": 3,
    "seats_executive": 3,
    "min_ngo_share": 50,
    "term_years": 3,
    "contact_email": "rada.pozytku@plock.example.org",
    "work_plan": (
        "Opiniowanie projektu programu współpracy na 2027 r.\n"
        "Opiniowanie ogłoszeń otwartych konkursów ofert.\n"
        "Przegląd zasad przyznawania małych grantów."
    ),
}
# (first name and surname, role, nominated by); None: rada@ (an account)
COUNCIL_MEMBERS = [
    (None, MemberRole.CHAIR, NominatedBy.ELECTION),
    ("Agnieszka Wróblewska", MemberRole.DEPUTY_CHAIR, NominatedBy.ELECTION),
    ("Krzysztof Jankowski", MemberRole.MEMBER, NominatedBy.ELECTION),
    ("Barbara Mazur", MemberRole.MEMBER, NominatedBy.ELECTION),
    ("Michał Krawczyk", MemberRole.MEMBER, NominatedBy.ELECTION),
    ("Monika Piotrowska", MemberRole.MEMBER, NominatedBy.ORGANISATION),
    ("Grzegorz Grabowski", MemberRole.MEMBER, NominatedBy.ORGANISATION),
    ("Aleksandra Pawłowska", MemberRole.MEMBER, NominatedBy.ORGANISATION),
    ("Radny Jerzy Michalski", MemberRole.MEMBER, NominatedBy.CITY_COUNCIL),
    ("Radna Elżbieta Król", MemberRole.MEMBER, NominatedBy.CITY_COUNCIL),
    ("Radny Stanisław Wieczorek", MemberRole.MEMBER, NominatedBy.CITY_COUNCIL),
    ("Dorota Jabłońska", MemberRole.SECRETARY, NominatedBy.EXECUTIVE),
    ("Rafał Majewski", MemberRole.MEMBER, NominatedBy.EXECUTIVE),
    ("Iwona Olszewska", MemberRole.MEMBER, NominatedBy.EXECUTIVE),
]
KDO = {
    "kind": BodyKind.CIVIC_DIALOGUE_COMMISSION,
    "name": "Komisja Dialogu Obywatelskiego ds. Kultury",
    "slug": "kdo-kultura",
    "act_number": "Zarządzenie nr 1450/2025 Prezydenta Miasta Płocka",
    "act_date": datetime.date(2025, 3, 14),
    "unit": "Wydział Kultury, Urząd Miasta Płocka",
    "seats_ngo": 5,
    "seats_city_council": 0,
    "seats_executive": 1,
    "min_ngo_share": None,
    "term_years": 3,
    "contact_email": "kdo.kultura@plock.example.org",
    "work_plan": "Wybór przedstawiciela do Rady Działalności Pożytku Publicznego.\nOpinia o konkursie na 2027 r.",
}
KDO_MEMBERS = [
    ("Halina Zawadzka", MemberRole.CHAIR, NominatedBy.ORGANISATION),
    ("Tadeusz Sikora", MemberRole.MEMBER, NominatedBy.ORGANISATION),
    ("Beata Baran", MemberRole.MEMBER, NominatedBy.ORGANISATION),
    ("Wojciech Duda", MemberRole.MEMBER, NominatedBy.ORGANISATION),
    ("Renata Szewczyk", MemberRole.MEMBER, NominatedBy.ORGANISATION),
    ("Łukasz Tomaszewski", MemberRole.SECRETARY, NominatedBy.EXECUTIVE),
]


def seed_bodies(users):
    officer = users["urzednik@example.org"]
    organisations = list(
        Organisation.objects.filter(verification_status=VerificationStatus.VERIFIED).order_by("pk")[:12]
    )
    _seed_body(officer, COUNCIL, datetime.date(2024, 4, 1), COUNCIL_MEMBERS, organisations, users["rada@example.org"])
    _seed_body(officer, KDO, datetime.date(2025, 4, 1), KDO_MEMBERS, organisations[6:], None)


def _seed_body(officer, data, start, members, organisations, account):
    if Body.objects.filter(slug=data["slug"]).exists():
        return
    body = services.save_body(actor=officer, data=data)
    term = services.add_term(actor=officer, body=body, start=start)
    nominating = iter(organisations)
    for name, role, nominated_by in members:
        services.add_member(
            actor=officer,
            term=term,
            name=name or "",
            user=account if name is None else None,
            role=role,
            nominated_by=nominated_by,
            organisation=next(nominating) if nominated_by == NominatedBy.ORGANISATION else None,
            start=start,
        )
