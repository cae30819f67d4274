"""The demo's consultations: the draft of next year's cooperation programme, closed, with comments
from four organisations (ngo@'s among them) and one received on paper (with a placeholder scan),
an open meeting held with two registrations, every comment answered and Raport 1 published; an
open consultation of a sector strategy (residents invited); and a closed consultation of a
Mayor's order without comments. Idempotent: a consultation found by its title is left as it is."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from wspolpraca.accounts.models import User
from wspolpraca.bodies.enums import BodyKind
from wspolpraca.bodies.models import Body
from wspolpraca.consultations import opinions, participation, services
from wspolpraca.consultations.enums import (
    ActKind,
    AnswerVerdict,
    CommentChannel,
    CommentsVisibility,
    ConsultationForm,
    Participants,
)
from wspolpraca.consultations.models import Consultation
from wspolpraca.demo.competitions import _no_notifications
from wspolpraca.organisations.enums import MembershipRole
from wspolpraca.organisations.models import PublicBenefitArea

PROGRAMME_TEXT = """Uchwała Nr …/…/{year} Rady Miasta Płocka
w sprawie przyjęcia Programu współpracy Gminy-Miasto Płock z organizacjami pozarządowymi oraz podmiotami wymienionymi w art. 3 ust. 3 ustawy o działalności pożytku publicznego i o wolontariacie na rok {next_year}
Na podstawie art. 5a ust. 1 ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie uchwala się, co następuje:
§ 1. 1. Przyjmuje się Program współpracy Gminy-Miasto Płock z organizacjami pozarządowymi na rok {next_year}.
2. Program stanowi załącznik do niniejszej uchwały.
§ 2. Celami szczegółowymi Programu są:
1) wzmacnianie potencjału organizacji pozarządowych działających na rzecz mieszkańców Płocka;
2) zlecanie organizacjom realizacji zadań publicznych w zakresie:
a) kultury, sztuki, ochrony dóbr kultury i dziedzictwa narodowego,
b) wspierania i upowszechniania kultury fizycznej,
c) pomocy społecznej;
3) prowadzenie konsultacji projektów aktów prawa miejscowego.
§ 3. 1. Wysokość środków przeznaczonych na realizację Programu określa uchwała budżetowa na rok {next_year}.
2. Planowana wysokość środków wynosi 4 500 000 zł.
§ 4. Wykonanie uchwały powierza się Prezydentowi Miasta Płocka.
§ 5. Uchwała wchodzi w życie z dniem 1 stycznia {next_year} r."""

ORDER_TEXT = """Zarządzenie Nr …/{year} Prezydenta Miasta Płocka
w sprawie trybu powoływania komisji konkursowych
§ 1. W skład komisji konkursowej wchodzi co najmniej dwóch przedstawicieli organizacji pozarządowych.
§ 2. 1. Kandydatów zgłaszają organizacje pozarządowe.
2. Zgłoszenia przyjmuje Centrum Organizacji Pozarządowych.
§ 3. Zarządzenie wchodzi w życie z dniem podpisania."""

COMMON = {
    "participants": Participants.ORGANISATIONS,
    "unit_name": "Centrum Organizacji Pozarządowych",
    "contact_person": "Jan Urzędnik",
    "contact_email": "cop@example.org",
    "urgency_reason": "",
}


# Comments on the programme by other organisations' representatives (made by the competitions'
# demo): (e-mail, unit label, proposed wording, justification).
OTHER_COMMENTS = [
    (
        "m.kowalczyk@organizacje.example.org",
        "§ 2 pkt 2 lit. b",
        "wspierania i upowszechniania kultury fizycznej, w tym sportu dzieci i młodzieży,",
        "Większość klubów w Płocku pracuje z dziećmi i młodzieżą; warto to wskazać wprost.",
    ),
    (
        "h.pawlak@organizacje.example.org",
        "§ 2 pkt 2 lit. c",
        "pomocy społecznej, w tym pomocy rodzinom i osobom w trudnej sytuacji życiowej oraz ochrony i promocji zdrowia,",
        "Brakuje ochrony i promocji zdrowia, w której działa wiele płockich organizacji.",
    ),
    (
        "a.baran@organizacje.example.org",
        "§ 3 ust. 2",
        "Planowana wysokość środków wynosi 5 000 000 zł.",
        "Wzrost kosztów realizacji zadań; proponujemy tę samą kwotę co inne organizacje.",
    ),
]


def _representation(user):
    membership = user.memberships.filter(role=MembershipRole.REPRESENTATIVE).select_related("organisation").first()
    return membership.organisation if membership else None


def _programme(officer, ngo, now):
    """Next year's programme: closed three weeks ago, comments from four organisations answered
    (two similar ones together), the final text added and Raport 1 published."""
    year = timezone.localdate().year
    title = f"Konsultacje projektu Programu współpracy z organizacjami pozarządowymi na rok {year + 1}"
    if Consultation.objects.filter(title=title).exists():
        return
    start = now.replace(hour=8, minute=0, second=0, microsecond=0) - datetime.timedelta(days=45)
    data = {
        **COMMON,
        "title": title,
        "act_kind": ActKind.COUNCIL_RESOLUTION,
        "order_number": f"4521/{year}",
        "order_date": start.date() - datetime.timedelta(days=2),
        "starts_at": start,
        "ends_at": start + datetime.timedelta(days=21, hours=7, minutes=59),
        "forms": [ConsultationForm.ONLINE, ConsultationForm.WRITTEN, ConsultationForm.EMAIL],
        "comments_visibility": CommentsVisibility.AT_ONCE,
    }
    text = PROGRAMME_TEXT.format(year=year, next_year=year + 1)
    consultation = services.create_consultation(actor=officer, data=data, text=text)
    consultation = services.announce_consultation(actor=officer, consultation=consultation, now=start)
    services.refresh_consultation_state(consultation, now=start)
    units = {unit.label: unit for unit in services.current_version(consultation).units.all()}
    comments = [
        services.save_comment(
            actor=ngo,
            consultation=consultation,
            send=True,
            now=start + datetime.timedelta(days=2),
            data={
                "unit": units["§ 3 ust. 2"],
                "organisation": _representation(ngo),
                "current_wording": units["§ 3 ust. 2"].text,
                "proposed_wording": "Planowana wysokość środków wynosi 5 000 000 zł.",
                "justification": "Wzrost kosztów realizacji zadań (wynagrodzenia, wynajem sal) o ok. 10% rok do roku.",
            },
        )
    ]
    for days, (email, label, proposed, justification) in enumerate(OTHER_COMMENTS, start=3):
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        comments.append(
            services.save_comment(
                actor=user,
                consultation=consultation,
                send=True,
                now=start + datetime.timedelta(days=days),
                data={
                    "unit": units[label],
                    "organisation": _representation(user),
                    "current_wording": units[label].text,
                    "proposed_wording": proposed,
                    "justification": justification,
                },
            )
        )
    comments.append(_paper_comment(officer, consultation, units, received=start + datetime.timedelta(days=9)))
    _meeting(officer, consultation, at=start + datetime.timedelta(days=10))
    closed_at = consultation.ends_at + datetime.timedelta(minutes=1)
    services.refresh_consultation_state(consultation, now=closed_at)
    by_unit = {}
    for comment in comments:
        by_unit.setdefault(comment.unit.label, []).append(comment)
    answers = {
        "§ 3 ust. 2": (
            AnswerVerdict.PARTLY_ACCEPTED,
            "Wspólna odpowiedź na podobne uwagi: kwotę podniesiono do 4 800 000 zł, w granicach projektu "
            "uchwały budżetowej.",
        ),
        "§ 2 pkt 2 lit. b": (
            AnswerVerdict.ACCEPTED,
            "Uwzględniono: sport dzieci i młodzieży wskazano wprost.",
        ),
        "§ 2 pkt 2 lit. c": (
            AnswerVerdict.NOT_ACCEPTED,
            "Ochrona i promocja zdrowia jest przedmiotem odrębnego programu zdrowotnego miasta.",
        ),
        "§ 2 pkt 3": (
            AnswerVerdict.PARTLY_ACCEPTED,
            "Spotkania w dzielnicach zostaną zaplanowane w harmonogramie konsultacji, bez zmiany brzmienia programu.",
        ),
    }
    for label, group in by_unit.items():
        verdict, reason = answers[label]
        services.answer_comments(
            actor=officer, consultation=consultation, comments=group, verdict=verdict, reason=reason, now=closed_at
        )
    final = text.replace("kultury fizycznej,", "kultury fizycznej, w tym sportu dzieci i młodzieży,").replace(
        "4 500 000 zł", "4 800 000 zł"
    )
    services.set_final_text(actor=officer, consultation=consultation, text=final)
    services.publish_report(
        actor=officer,
        consultation=consultation,
        introduction="Konsultacje przeprowadzono zgodnie z uchwałą w sprawie szczegółowego sposobu konsultowania "
        "projektów aktów prawa miejscowego z organizacjami pozarządowymi.",
        now=closed_at + datetime.timedelta(days=7),
    )
    _council_opinion(officer, consultation, asked=closed_at + datetime.timedelta(days=8))


def _council_opinion(officer, consultation, *, asked):
    """The Public Benefit Council asked for its opinion after Raport 1 (14 days, art. 41i ust. 2);
    its positive opinion with remarks recorded within the deadline and published in Raport 2."""
    council = Body.objects.filter(kind=BodyKind.PUBLIC_BENEFIT_COUNCIL).order_by("pk").first()
    if council is None:
        return
    delivered = timezone.localdate(asked)
    with _no_notifications():  # no e-mails to the demo's members
        request = opinions.request_opinion(
            actor=officer,
            data={
                "body": council,
                "consultation": consultation,
                "delivered_on": delivered,
                "note": "Prosimy o opinię o projekcie Programu wraz z raportem z konsultacji (Raport 1).",
            },
            today=delivered,
        )
        given = asked + datetime.timedelta(days=6)
        opinions.record_opinion(
            actor=officer,
            request=request,
            data={
                "outcome": "positive_with_remarks",
                "opinion_text": "Rada pozytywnie opiniuje projekt Programu i rekomenduje coroczne spotkania "
                "konsultacyjne w dzielnicach oraz zwiększenie środków na małe granty.",
                "resolution_number": f"4/{timezone.localdate(given).year}",
                "given_on": timezone.localdate(given),
            },
            today=timezone.localdate(given),
            now=given,
        )
        services.publish_report(
            actor=officer,
            consultation=consultation,
            introduction="Raport uzupełniony o opinię Płockiej Rady Działalności Pożytku Publicznego.",
            now=given + datetime.timedelta(days=2),
        )


SPORT_AREA = "17"  # art. 4 ust. 1 pkt 17: wspieranie i upowszechnianie kultury fizycznej
STRATEGY_TEXT = """Uchwała Nr …/…/{year} Rady Miasta Płocka
w sprawie przyjęcia Strategii rozwoju sportu i rekreacji w Płocku na lata {next_year}–{end_year}
§ 1. Przyjmuje się Strategię rozwoju sportu i rekreacji w Płocku na lata {next_year}–{end_year}, stanowiącą załącznik do uchwały.
§ 2. Celami strategicznymi są:
1) powszechny dostęp mieszkańców do aktywności fizycznej;
2) rozwój sportu dzieci i młodzieży we współpracy z klubami sportowymi;
3) modernizacja infrastruktury sportowej.
§ 3. 1. Strategia jest realizowana we współpracy z organizacjami pozarządowymi.
2. Coroczny raport z realizacji Strategii przedstawia się Radzie Miasta Płocka.
§ 4. Wykonanie uchwały powierza się Prezydentowi Miasta Płocka."""


def _placeholder_scan():
    """A one-page PDF standing in for the scan of a letter (written by hand: no renderer needed)."""
    text = b"BT /F1 18 Tf 72 720 Td (Skan pisma - przyklad demonstracyjny) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _paper_comment(officer, consultation, units, *, received):
    """A letter received by post while the consultation was open (postmarked a day earlier)."""
    unit = units.get("§ 2 pkt 3")
    day = timezone.localdate(received)
    return services.enter_received_comment(
        actor=officer,
        consultation=consultation,
        now=received,
        data={
            "channel": CommentChannel.POST,
            "received_on": day,
            "postmarked_on": day - datetime.timedelta(days=1),
            "sender_name": "Krystyna Zielińska",
            "organisation_name": "Koło Gospodyń Wiejskich „Radziwie”",
            "email": "",
            "unit": unit,
            "current_wording": unit.text if unit else "",
            "proposed_wording": "prowadzenie konsultacji projektów aktów prawa miejscowego, "
            "także w formie spotkań w dzielnicach;",
            "justification": "Nie wszyscy członkowie organizacji korzystają z internetu; "
            "spotkania w dzielnicach ułatwią udział w konsultacjach.",
            "scan": SimpleUploadedFile("skan-pisma.pdf", _placeholder_scan(), content_type="application/pdf"),
        },
    )


def _meeting(officer, consultation, *, at):
    """The open meeting of the consultation: two people registered before it, both came."""
    meeting = participation.save_meeting(
        actor=officer,
        consultation=consultation,
        data={
            "starts_at": at.replace(hour=16, minute=0, second=0, microsecond=0),
            "place": "Centrum Organizacji Pozarządowych, ul. Synagogalna 4, sala 1",
            "online_url": "",
            "description": "Otwarte spotkanie konsultacyjne: omówienie projektu Programu i zgłoszonych uwag.",
            "places": 40,
        },
    )
    registrations = [
        participation.register_for_meeting(
            meeting=meeting,
            name=name,
            email=email,
            organisation_name=organisation,
            now=meeting.starts_at - datetime.timedelta(days=3),
        )
        for name, email, organisation in (
            ("Marta Kowalczyk", "marta.kowalczyk@example.org", "Stowarzyszenie Płockie Forum Kultury"),
            ("Tomasz Wiśniewski", "tomasz.wisniewski@example.org", ""),
        )
    ]
    participation.record_meeting_outcome(
        actor=officer,
        meeting=meeting,
        notes="Omówiono projekt Programu; uczestnicy poparli spotkania konsultacyjne w dzielnicach.",
        present_ids=[registration.pk for registration in registrations],
        now=meeting.starts_at + datetime.timedelta(hours=3),
    )
    return meeting


def _open_strategy(officer, now):
    year = timezone.localdate().year
    title = f"Konsultacje projektu Strategii rozwoju sportu i rekreacji w Płocku na lata {year + 1}–{year + 6}"
    if Consultation.objects.filter(title=title).exists():
        return
    start = now.replace(hour=8, minute=0, second=0, microsecond=0) - datetime.timedelta(days=1)
    data = {
        **COMMON,
        "title": title,
        "act_kind": ActKind.STRATEGY,
        "participants": Participants.ORGANISATIONS_AND_RESIDENTS,
        "order_number": f"4602/{year}",
        "order_date": start.date() - datetime.timedelta(days=3),
        "starts_at": start,
        "ends_at": start + datetime.timedelta(days=30),
        "forms": [ConsultationForm.ONLINE, ConsultationForm.MEETINGS, ConsultationForm.WRITTEN],
        "comments_visibility": CommentsVisibility.AT_ONCE,
        # Alerts by area: those who follow physical culture hear of it.
        "areas": list(PublicBenefitArea.objects.current().filter(code=SPORT_AREA)),
    }
    consultation = services.create_consultation(
        actor=officer, data=data, text=STRATEGY_TEXT.format(year=year, next_year=year + 1, end_year=year + 6)
    )
    consultation = services.announce_consultation(actor=officer, consultation=consultation, now=start)
    services.refresh_consultation_state(consultation, now=now)


def _closed_order(officer, now):
    year = timezone.localdate().year
    title = "Konsultacje projektu zarządzenia w sprawie trybu powoływania komisji konkursowych"
    if Consultation.objects.filter(title=title).exists():
        return
    start = now.replace(hour=8, minute=0, second=0, microsecond=0) - datetime.timedelta(days=40)
    data = {
        **COMMON,
        "title": title,
        "act_kind": ActKind.MAYOR_ORDER,
        "order_number": f"3990/{year}",
        "order_date": start.date() - datetime.timedelta(days=1),
        "starts_at": start,
        "ends_at": start + datetime.timedelta(days=14),
        "forms": [ConsultationForm.ONLINE, ConsultationForm.MEETINGS],
        "comments_visibility": CommentsVisibility.AFTER_CLOSE,
    }
    consultation = services.create_consultation(actor=officer, data=data, text=ORDER_TEXT.format(year=year))
    consultation = services.announce_consultation(actor=officer, consultation=consultation, now=start)
    services.refresh_consultation_state(consultation, now=now)


@transaction.atomic
def seed_consultations(users):
    officer, ngo = users["urzednik@example.org"], users["ngo@example.org"]
    now = timezone.now()
    _programme(officer, ngo, now)
    _open_strategy(officer, now)
    _closed_order(officer, now)
