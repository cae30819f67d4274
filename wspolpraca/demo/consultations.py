"""The demo's consultations: the draft of next year's cooperation programme, closed, with comments
from four organisations (ngo@'s among them) answered and Raport 1 published; and a closed
consultation of a Mayor's order without comments. Idempotent: a consultation found by its title
is left as it is."""

import datetime

from django.db import transaction
from django.utils import timezone

from wspolpraca.accounts.models import User
from wspolpraca.consultations import services
from wspolpraca.consultations.enums import ActKind, AnswerVerdict, CommentsVisibility, ConsultationForm, Participants
from wspolpraca.consultations.models import Consultation
from wspolpraca.organisations.enums import MembershipRole

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
    _closed_order(officer, now)
