"""The demo's messages: ngo@'s question about a submitted offer, urzednik@'s answer (not yet
read by the organisation, so it shows on ngo@'s /moje/). Idempotent: an offer that already has
a thread is left as it is."""

import datetime

from django.utils import timezone

from wspolpraca.competitions.enums import OfferState
from wspolpraca.competitions.models import Offer
from wspolpraca.conversations.models import Message
from wspolpraca.conversations.selectors import thread_of
from wspolpraca.conversations.services import mark_thread_read, send_message

QUESTION = (
    "Dzień dobry, w harmonogramie podaliśmy rozpoczęcie zajęć 1 marca, ale sala gimnastyczna szkoły "
    "będzie dostępna dopiero od 8 marca. Czy możemy przesunąć początek zadania o tydzień bez zmiany kosztorysu?"
)
ANSWER = (
    "Dzień dobry, tak — przesunięcie o tydzień mieści się w okresie realizacji zadania. Proszę uwzględnić "
    "nowy termin w harmonogramie przy aktualizacji oferty przed podpisaniem umowy. Pozdrawiam, Wydział Kultury."
)


def seed_conversations(users):
    ngo, officer = users["ngo@example.org"], users["urzednik@example.org"]
    offer = (
        Offer.objects.filter(organisation__memberships__user=ngo, state=OfferState.SUBMITTED)
        .filter(call__unit__officers=officer)
        .order_by("pk")
        .first()
    )
    if offer is None or thread_of(offer) is not None:
        return
    question = send_message(actor=ngo, record=offer, body=QUESTION)
    mark_thread_read(actor=officer, thread=question.thread)
    answer = send_message(actor=officer, record=offer, body=ANSWER)
    # Believable times: the question two days ago, read and answered the next morning.
    asked = timezone.now().replace(hour=9, minute=12, second=0, microsecond=0) - datetime.timedelta(days=2)
    Message.objects.filter(pk=question.pk).update(
        created_at=asked, read_at=asked + datetime.timedelta(hours=3, minutes=51)
    )
    answered = asked + datetime.timedelta(days=1, hours=-1, minutes=21)
    Message.objects.filter(pk=answer.pk).update(created_at=answered)
    question.thread.last_message_at = answered
    question.thread.save(update_fields=["last_message_at"])
