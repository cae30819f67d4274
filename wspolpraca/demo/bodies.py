"""The demo's councils: Płock's Public Benefit Council (15 seats: 9 organisations, 3 city council,
3 executive; term 2024–2027, every seat taken) with two meetings held, numbered resolutions and
opinions with named votes and the approved, published minutes of the first meeting (those of
the second are sent to the members, awaiting approval); the Civic Dialogue Commissions for
culture, health and animal protection with their registered organisations; the Seniors' Council
with one organisations' seat vacant, so the warning shows. rada@ chairs the council (and sees its
working papers). The health commission's by-election filled the seat of a council member who
resigned (results published: the elected person sits on the council); the culture commission's
election is open for voting and ngo@ may vote for the flagship organisation. The council
delegates its deputy chair to the competition commissions (she shows in their pool of
candidates). Idempotent: a body or election that exists is left as it is; the meetings are
added once."""

import datetime
import zoneinfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify

from wspolpraca.bodies import elections, meetings, services
from wspolpraca.bodies.enums import BodyKind, MemberRole, MembershipState, NominatedBy
from wspolpraca.bodies.models import Body, Election, Membership
from wspolpraca.common.pdf import render_pdf
from wspolpraca.demo.competitions import _no_notifications
from wspolpraca.organisations.enums import MembershipRole, VerificationStatus
from wspolpraca.organisations.models import Membership as OrganisationMembership
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
    "name_genitive": "Płockiej Rady Działalności Pożytku Publicznego",
    "quorum_percent": 50,
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
    ("Paweł Zieliński", MemberRole.MEMBER, NominatedBy.ELECTION),
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
    "name_genitive": "Komisji Dialogu Obywatelskiego ds. Kultury",
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


def _commission(slug, name, sector, unit):
    return {
        **KDO,
        "name": name,
        "slug": slug,
        "unit": unit,
        "seats_ngo": 3,
        "contact_email": f"{slug}@plock.example.org",
        "work_plan": f"Wybór przedstawiciela do Rady Działalności Pożytku Publicznego.\nOpinia o programie {sector}.",
    }


KDO_HEALTH = _commission(
    "kdo-zdrowie", "Komisja Dialogu Obywatelskiego ds. Zdrowia", "zdrowia", "Wydział Zdrowia, Urząd Miasta Płocka"
)
KDO_ANIMALS = _commission(
    "kdo-ochrona-zwierzat",
    "Komisja Dialogu Obywatelskiego ds. Ochrony Zwierząt",
    "ochrony zwierząt",
    "Wydział Kształtowania Środowiska, Urząd Miasta Płocka",
)
SMALL_KDO_MEMBERS = [
    ("Joanna Wilk", MemberRole.CHAIR, NominatedBy.ORGANISATION),
    ("Adam Kalinowski", MemberRole.MEMBER, NominatedBy.ORGANISATION),
    ("Ewelina Kubiak", MemberRole.MEMBER, NominatedBy.ORGANISATION),
    ("Paweł Górecki", MemberRole.SECRETARY, NominatedBy.EXECUTIVE),
]
# The commissions' electorates: verified organisations working in the sector (a public benefit area).
SECTORS = {KDO["slug"]: "16", KDO_HEALTH["slug"]: "6", KDO_ANIMALS["slug"]: "18"}
FLAGSHIP = "Stowarzyszenie Płocka Pracownia Inicjatyw"
RESIGNED = "Michał Krawczyk"
BY_POST = "Radny Stanisław Wieczorek"  # no e-mail: the meeting's page says to invite him by post
BY_ELECTION = "Wybory uzupełniające przedstawiciela KDO ds. Zdrowia do Rady Pożytku"
OPEN_ELECTION = "Wybór przedstawiciela KDO ds. Kultury do Rady Pożytku (kadencja 2024–2027)"
SENIORS = {
    "kind": BodyKind.OTHER_COUNCIL,
    "name": "Płocka Rada Seniorów",
    "slug": "plocka-rada-seniorow",
    "act_number": "Uchwała nr 388/XXIII/2024 Rady Miasta Płocka",
    "act_date": datetime.date(2024, 1, 30),
    "unit": "Miejski Ośrodek Pomocy Społecznej w Płocku",
    "seats_ngo": 7,
    "seats_city_council": 2,
    "seats_executive": 2,
    "min_ngo_share": 50,
    "term_years": 3,
    "contact_email": "rada.seniorow@plock.example.org",
    "name_genitive": "Płockiej Rady Seniorów",
    "quorum_percent": 50,
    "work_plan": "Opinia o programie polityki senioralnej.\nPłocki Tydzień Seniora.",
}
# One organisations' seat vacant (6 of 7): the warning officers see on /moje/.
SENIORS_MEMBERS = [
    ("Janina Kowalczyk", MemberRole.CHAIR, NominatedBy.ORGANISATION),
    ("Henryk Lewandowski", MemberRole.DEPUTY_CHAIR, NominatedBy.ORGANISATION),
    ("Zofia Kamińska", MemberRole.SECRETARY, NominatedBy.ORGANISATION),
    ("Ryszard Wójcik", MemberRole.MEMBER, NominatedBy.ORGANISATION),
    ("Teresa Dąbrowska", MemberRole.MEMBER, NominatedBy.ORGANISATION),
    ("Czesław Kozłowski", MemberRole.MEMBER, NominatedBy.ORGANISATION),
    ("Radna Maria Szymańska", MemberRole.MEMBER, NominatedBy.CITY_COUNCIL),
    ("Radny Edward Woźniak", MemberRole.MEMBER, NominatedBy.CITY_COUNCIL),
    ("Bożena Kaczmarek", MemberRole.MEMBER, NominatedBy.EXECUTIVE),
    ("Andrzej Zając", MemberRole.MEMBER, NominatedBy.EXECUTIVE),
]


def seed_bodies(users):
    officer = users["urzednik@example.org"]
    organisations = list(
        Organisation.objects.filter(verification_status=VerificationStatus.VERIFIED).order_by("pk")[:12]
    )
    _seed_body(officer, COUNCIL, datetime.date(2024, 4, 1), COUNCIL_MEMBERS, organisations, users["rada@example.org"])
    _seed_body(officer, KDO, datetime.date(2025, 4, 1), KDO_MEMBERS, organisations[6:], None)
    _seed_body(officer, KDO_HEALTH, datetime.date(2025, 4, 1), SMALL_KDO_MEMBERS, organisations[2:], None)
    _seed_body(officer, KDO_ANIMALS, datetime.date(2025, 4, 1), SMALL_KDO_MEMBERS, organisations[4:], None)
    for slug, area in SECTORS.items():
        _register(officer, Body.objects.get(slug=slug), area)
    council = Body.objects.get(slug=COUNCIL["slug"])
    term = council.terms.filter(end__gte=timezone.localdate()).order_by("start").first()
    if term is not None and not council.delegations.exists():  # the council's delegate to the commissions
        delegate = Membership.objects.filter(term=term, name="Agnieszka Wróblewska").first()
        if delegate is not None:
            services.delegate_member(
                actor=officer,
                membership=delegate,
                purpose="Komisje konkursowe w otwartych konkursach ofert na 2027 r.",
                start=max(delegate.start, min(timezone.localdate(), term.end)),
            )
    if term is not None:  # elections fill seats of a running term only
        _by_election(officer, Body.objects.get(slug=KDO_HEALTH["slug"]), term)
        _open_election(officer, Body.objects.get(slug=KDO["slug"]), term)
    _seed_body(officer, SENIORS, datetime.date(2024, 6, 1), SENIORS_MEMBERS, organisations[3:], None)
    with _no_notifications():  # no e-mails to the demo's members
        _seed_meetings(officer, Body.objects.get(slug=COUNCIL["slug"]))


def _register(officer, body, area):
    if body.registered_organisations.exists():
        return
    sector = Organisation.objects.filter(verification_status=VerificationStatus.VERIFIED, areas__code=area)
    chosen = list(sector.order_by("name").distinct()[:8])
    if body.slug == KDO["slug"]:  # ngo@ votes in the culture commission's open election
        chosen += list(Organisation.objects.filter(name=FLAGSHIP, verification_status=VerificationStatus.VERIFIED))
    for organisation in dict.fromkeys(chosen):
        elections.register_organisation(
            actor=officer, body=body, organisation=organisation, registered_on=datetime.date(2025, 4, 1)
        )


def _representatives(body):
    """(organisation, one representative) for the registered organisations that have one."""
    pairs = {}
    memberships = OrganisationMembership.objects.filter(
        role=MembershipRole.REPRESENTATIVE,
        user__is_active=True,
        organisation__commission_registrations__body=body,
    ).select_related("user", "organisation")
    for membership in memberships.order_by("organisation__name", "pk"):
        pairs.setdefault(membership.organisation, membership.user)
    return list(pairs.items())


def _by_election(officer, body, term):
    """A member resigned; the health commission elected the successor; the results are published."""
    if Election.objects.filter(body=body, title=BY_ELECTION).exists():
        return
    today = timezone.localdate()
    resigned = Membership.objects.filter(term=term, name=RESIGNED, state=MembershipState.ACTIVE).first()
    if resigned is not None:
        services.end_membership(
            actor=officer,
            membership=resigned,
            reason="Rezygnacja złożona na piśmie.",
            end=max(resigned.start, min(today - datetime.timedelta(days=60), term.end)),
        )
    now = timezone.now()
    election = elections.create_election(
        actor=officer,
        body=body,
        target_term=term,
        title=BY_ELECTION,
        candidacies_until=now + datetime.timedelta(minutes=5),
        voting_from=now + datetime.timedelta(minutes=5),
        voting_until=now + datetime.timedelta(hours=1),
    )
    elections.open_candidacies(actor=officer, election=election)
    registered = list(body.registered_organisations.select_related("organisation").order_by("organisation__name"))
    candidates = [
        elections.declare_candidate(
            actor=officer, election=election, name=name, organisation=registration.organisation, consent=True
        )
        for name, registration in zip(("Halina Pawlak", "Tomasz Wrona"), registered, strict=False)
    ]
    if not candidates:
        return
    elections.open_voting(
        actor=officer, election=election, voting_from=now, voting_until=now + datetime.timedelta(hours=1)
    )
    for index, (organisation, user) in enumerate(_representatives(body)):
        elections.cast_vote(
            actor=user,
            election=election,
            organisation=organisation,
            candidate=candidates[1 if index % 3 == 2 and len(candidates) > 1 else 0],
        )
    # The voting week of the demo's story ended three weeks ago (the services only open current windows).
    Election.objects.filter(pk=election.pk).update(
        candidacies_until=now - datetime.timedelta(days=35),
        voting_from=now - datetime.timedelta(days=28),
        voting_until=now - datetime.timedelta(days=21),
    )
    election.refresh_from_db()
    winners = elections.results(election)[4]
    elections.count_election(actor=officer, election=election, lot_winners=[c.pk for c in winners[:1]])
    for elected in election.candidates.filter(elected=True, membership__isnull=False).select_related("membership"):
        services.change_membership(  # the officer adds the e-mail for the invitations
            actor=officer,
            membership=elected.membership,
            role=MemberRole.MEMBER,
            email=_invitation_email(COUNCIL, elected.name),
        )


def _open_election(officer, body, term):
    """The culture commission votes now: candidates declared, the ballot open for two weeks."""
    if Election.objects.filter(body=body, title=OPEN_ELECTION).exists():
        return
    now = timezone.now()
    election = elections.create_election(
        actor=officer,
        body=body,
        target_term=term,
        title=OPEN_ELECTION,
        candidacies_until=now + datetime.timedelta(minutes=5),
        voting_from=now + datetime.timedelta(minutes=5),
        voting_until=now + datetime.timedelta(days=14),
    )
    elections.open_candidacies(actor=officer, election=election)
    registered = list(body.registered_organisations.select_related("organisation").order_by("organisation__name"))
    for index, (name, registration) in enumerate(
        zip(("Katarzyna Mróz", "Sebastian Olejnik", "Natalia Urban"), registered, strict=False)
    ):
        consent = (  # the first candidate's signed consent was sent as a PDF; the others' are on paper
            _pdf("Oświadczenie o zgodzie na kandydowanie", [f"Wyrażam zgodę na kandydowanie. {name}"], "zgoda.pdf")
            if index == 0
            else None
        )
        elections.declare_candidate(
            actor=officer,
            election=election,
            name=name,
            organisation=registration.organisation,
            consent=True,
            consent_file=consent,
        )
    if election.candidates.exists():
        elections.open_voting(
            actor=officer,
            election=election,
            voting_from=now - datetime.timedelta(days=1),
            voting_until=now + datetime.timedelta(days=14),
        )


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
            email=_invitation_email(data, name),
        )


def _invitation_email(data, name):
    """The council's members without an account get invitations by e-mail, but one (by post)."""
    if data["slug"] != COUNCIL["slug"] or name is None or name == BY_POST:
        return ""
    plain = name.removeprefix("Radny ").removeprefix("Radna ").replace("ł", "l").replace("Ł", "L")
    return slugify(plain).replace("-", ".") + "@rada.example.org"


WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
MINUTES_1 = (
    "Posiedzenie otworzyła Przewodnicząca Rady, stwierdzając kworum (12 z 15 członków).\n"
    "Ad 2. Naczelnik Centrum Organizacji Pozarządowych przedstawił projekt programu współpracy na "
    "2026 r. W dyskusji zgłoszono uwagi do priorytetów (zdrowie psychiczne, aktywność seniorów). "
    "Rada wyraziła opinię pozytywną z uwagami (opinia nr 1/2025).\n"
    "Ad 3. Rada przyjęła regulamin pracy (uchwała nr 2/2025).\n"
    "Ad 4. Wolne wnioski: zgłoszono potrzebę szkoleń z rozliczania dotacji. Na tym posiedzenie zakończono."
)
MINUTES_2 = (
    "Posiedzenie otworzyła Przewodnicząca Rady, stwierdzając kworum (11 z 15 członków). "
    "Rada przyjęła bez uwag protokół z posiedzenia nr 1.\n"
    "Ad 3. Rada zaopiniowała projekt ogłoszenia otwartego konkursu ofert w zakresie ochrony zdrowia "
    "(opinia nr 3/2025)."
)


def _pdf(title, paragraphs, name):
    content = render_pdf(
        "competitions/pdf/demo_document.html",
        {"title": title, "issuer": "Płocka Rada Działalności Pożytku Publicznego", "paragraphs": paragraphs},
    )
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _seed_meetings(officer, body):
    """Two meetings held in 2025 with votes; minutes of the first approved at the second, published."""
    term = body.terms.order_by("number").first()
    if term is None or term.meetings.exists():
        return
    # Those sitting in 2025 (the health commission's by-election seated its winner only this year).
    members = list(term.memberships.filter(start__lte=datetime.date(2025, 5, 15)).order_by("pk"))
    first = meetings.create_meeting(
        actor=officer,
        term=term,
        starts_at=datetime.datetime(2025, 5, 15, 16, 0, tzinfo=WARSAW),
        place="Urząd Miasta Płocka, Stary Rynek 1, sala nr 102",
    )
    meetings.add_agenda_item(actor=officer, meeting=first, title="Otwarcie posiedzenia i stwierdzenie kworum")
    programme = meetings.add_agenda_item(
        actor=officer,
        meeting=first,
        title="Opinia o projekcie programu współpracy na 2026 r.",
        description="Projekt przedstawia Centrum Organizacji Pozarządowych.",
    )
    meetings.add_agenda_item(actor=officer, meeting=first, title="Przyjęcie regulaminu pracy Rady")
    meetings.add_agenda_item(actor=officer, meeting=first, title="Wolne wnioski")
    meetings.add_document(
        actor=officer,
        item=programme,
        title="Projekt programu współpracy na 2026 r.",
        upload=_pdf(
            "Projekt programu współpracy na 2026 r.", ["§ 1. Program określa cele i zasady współpracy."], "p.pdf"
        ),
        public=True,
    )
    meetings.add_document(
        actor=officer,
        item=programme,
        title="Zestawienie uwag z konsultacji (materiał roboczy)",
        upload=_pdf("Zestawienie uwag (robocze)", ["Uwagi zgłoszone w konsultacjach, do dyskusji."], "u.pdf"),
        public=False,
    )
    # 12 present, 2 excused, 1 absent.
    presence = {m.pk: "present" for m in members[:12]}
    presence.update({members[12].pk: "excused", members[13].pk: "excused", members[14].pk: "absent"})
    meetings.record_attendance(actor=officer, meeting=first, presence=presence)
    present = members[:12]
    opinion = meetings.create_resolution(
        actor=officer,
        meeting=first,
        kind="opinion",
        outcome="positive_with_remarks",
        subject="projektu programu współpracy Miasta Płocka z organizacjami pozarządowymi na 2026 r.",
        text="Rada opiniuje pozytywnie projekt programu, wnosząc o dodanie priorytetu zdrowia psychicznego.",
    )
    votes = {m.pk: "for" for m in present}
    votes[present[-1].pk], votes[present[-2].pk] = "against", "abstain"
    meetings.record_votes(actor=officer, resolution=opinion, votes=votes)
    rules_resolution = meetings.create_resolution(
        actor=officer,
        meeting=first,
        kind="resolution",
        subject="przyjęcia regulaminu pracy Płockiej Rady Działalności Pożytku Publicznego",
        text="§ 1. Przyjmuje się regulamin pracy Rady w brzmieniu załącznika.\n§ 2. Uchwała wchodzi w życie z dniem podjęcia.",
    )
    meetings.record_votes(actor=officer, resolution=rules_resolution, votes={m.pk: "for" for m in present})
    meetings.mark_meeting_held(actor=officer, meeting=first)
    minutes = meetings.save_minutes(actor=officer, meeting=first, text=MINUTES_1.rsplit("\n", 1)[0])
    meetings.send_minutes(actor=officer, minutes=minutes)
    meetings.save_minutes(
        actor=officer, meeting=first, text=MINUTES_1, note="Uzupełniono wolne wnioski po uwadze członkini Rady."
    )

    second = meetings.create_meeting(
        actor=officer,
        term=term,
        starts_at=datetime.datetime(2025, 9, 18, 16, 0, tzinfo=WARSAW),
        place="Urząd Miasta Płocka, Stary Rynek 1, sala nr 102",
        online_url="https://spotkania.plock.example.org/rada-pozytku",
    )
    meetings.add_agenda_item(actor=officer, meeting=second, title="Otwarcie posiedzenia i stwierdzenie kworum")
    meetings.approve_minutes(actor=officer, minutes=minutes, at_meeting=second)
    meetings.add_agenda_item(
        actor=officer, meeting=second, title="Opinia o projekcie ogłoszenia konkursu w zakresie ochrony zdrowia"
    )
    presence = {m.pk: "present" for m in members[:11]}
    presence.update({m.pk: "excused" for m in members[11:]})
    meetings.record_attendance(actor=officer, meeting=second, presence=presence)
    health = meetings.create_resolution(
        actor=officer,
        meeting=second,
        kind="opinion",
        outcome="positive",
        subject="projektu ogłoszenia otwartego konkursu ofert w zakresie ochrony i promocji zdrowia na 2026 r.",
        text="Rada opiniuje pozytywnie projekt ogłoszenia.",
    )
    meetings.record_votes(actor=officer, resolution=health, votes={m.pk: "for" for m in members[:11]})
    meetings.mark_meeting_held(actor=officer, meeting=second)
    meetings.publish_minutes(actor=officer, minutes=minutes)
    second_minutes = meetings.save_minutes(actor=officer, meeting=second, text=MINUTES_2)
    meetings.send_minutes(actor=officer, minutes=second_minutes)
