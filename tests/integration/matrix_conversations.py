"""Permission-matrix rows for messages (/wiadomosci/); see matrix_small_grants.py for the format.

A thread is read by its two sides only: the organisation's members and the officers who manage
the record (the call's unit, the centre, administrators); everyone else gets 404.
"""

NOT_PAGES: set[str] = set()

DOWNLOADS = {"message attachment": "application/pdf"}


def build(w):
    """A thread on w["submitted_offer"] (matrix_offers) with an attachment, and a registration thread."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.pdfs import make_pdf
    from wspolpraca.conversations.services import send_message

    offer = w["submitted_offer"]
    offer.refresh_from_db()  # submitted by the service on another instance
    message = send_message(
        actor=w["representative"],
        record=offer,
        body="Czy możemy przesunąć termin rozpoczęcia zadania o tydzień?",
        uploaded=SimpleUploadedFile("harmonogram.pdf", make_pdf()),
    )
    send_message(actor=w["officer"], record=offer, body="Tak, proszę o aktualizację harmonogramu.")
    w["message_attachment"] = message.attachments.get()
    send_message(actor=w["officer"], record=w["org"], body="Prosimy o aktualny statut.")


def rows(url, slug, pk):
    #              anon resid  rep  edit  offi  exec  admin comm council
    logged_in = [302, 200, 200, 200, 200, 200, 200, 200, 200]
    sides = [302, 404, 200, 200, 200, 404, 200, 404, 404]
    return [
        ("messages inbox", url("conversations:inbox"), logged_in),
        ("offer thread", url("conversations:thread", "oferta", pk("submitted_offer")), sides),
        ("registration thread", url("conversations:thread", "organizacja", pk("org")), sides),
        ("message attachment", url("conversations:attachment", pk("message_attachment")), sides),
    ]
