"""Consultations for tests, made through the services as an officer would."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wspolpraca.consultations import participation, services
from wspolpraca.consultations.enums import ActKind, CommentsVisibility, ConsultationForm, Participants

DRAFT_TEXT = """Uchwała Nr …/…/2026 Rady Miasta Płocka
w sprawie Programu współpracy Gminy-Miasto Płock z organizacjami pozarządowymi na rok 2027
§ 1. 1. Uchwala się Program współpracy na rok 2027.
2. Program stanowi załącznik do uchwały.
§ 2. Celami szczegółowymi Programu są:
1) wzmacnianie potencjału organizacji;
2) zlecanie zadań publicznych w zakresie:
a) kultury,
b) sportu.
§ 3. Wykonanie uchwały powierza się Prezydentowi Miasta Płocka."""


def consultation_data(**overrides):
    now = timezone.now()
    data = {
        "title": "Konsultacje projektu Programu współpracy na rok 2027",
        "act_kind": ActKind.COUNCIL_RESOLUTION,
        "order_number": "123/2026",
        "order_date": now.date(),
        "participants": Participants.ORGANISATIONS,
        "starts_at": now - timedelta(days=1),
        "ends_at": now + timedelta(days=13),
        "forms": [ConsultationForm.ONLINE, ConsultationForm.EMAIL],
        "unit_name": "Centrum Organizacji Pozarządowych",
        "contact_person": "Jan Urzędnik",
        "contact_email": "cop@example.org",
        "urgency_reason": "",
        "comments_visibility": CommentsVisibility.AT_ONCE,
    }
    data.update(overrides)
    return data


def draft_consultation(officer, text=DRAFT_TEXT, **overrides):
    return services.create_consultation(actor=officer, data=consultation_data(**overrides), text=text)


def open_consultation(officer, **overrides):
    consultation = draft_consultation(officer, **overrides)
    return services.announce_consultation(actor=officer, consultation=consultation)


def closed_with_comments(officer, authors, **overrides):
    """An open consultation, one sent comment per (user, organisation or None) in `authors`, then closed."""
    from datetime import timedelta as _timedelta

    from wspolpraca.consultations.models import Consultation

    consultation = open_consultation(officer, **overrides)
    units = list(consultation.versions.get().units.order_by("position"))
    comments = []
    for index, (user, organisation) in enumerate(authors):
        unit = units[(index + 2) % len(units)]
        comments.append(
            services.save_comment(
                actor=user,
                consultation=consultation,
                send=True,
                data={
                    "unit": unit,
                    "organisation": organisation,
                    "current_wording": unit.text,
                    "proposed_wording": f"Propozycja zmiany nr {index + 1} – źdźbło",
                    "justification": f"Uzasadnienie uwagi nr {index + 1}: zażółć gęślą jaźń",
                },
            )
        )
    Consultation.objects.filter(pk=consultation.pk).update(ends_at=timezone.now() - _timedelta(seconds=1))
    consultation.refresh_from_db()
    consultation = services.refresh_if_due(consultation)
    return consultation, comments


def paper_comment(officer, consultation, *, scan=False, **overrides):
    """A comment received by post, entered by an officer (with a scan if asked)."""
    data = {
        "channel": "post",
        "received_on": timezone.localdate(),
        "sender_name": "Jan Kowalski",
        "organisation_name": "Stowarzyszenie Przyjaciół Płocka",
        "email": "jan.kowalski@example.org",
        "justification": "Uwaga przesłana listem.",
        "proposed_wording": "Nowe brzmienie.",
    }
    if scan:
        data["scan"] = SimpleUploadedFile("skan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    data.update(overrides)
    return services.enter_received_comment(actor=officer, consultation=consultation, data=data)


def meeting(officer, consultation, *, registrations=0, starts_at=None, **overrides):
    data = {
        "starts_at": starts_at or timezone.now() + timedelta(days=3),
        "place": "Centrum Organizacji Pozarządowych, sala 1",
        "online_url": "",
        "description": "",
        "places": None,
    }
    data.update(overrides)
    made = participation.save_meeting(actor=officer, consultation=consultation, data=data)
    for number in range(registrations):
        participation.register_for_meeting(
            meeting=made, name=f"Osoba {number}", email=f"osoba{number}@example.org", organisation_name="Fundacja"
        )
    return made
