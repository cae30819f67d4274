"""The PDFs of submitted versions are rendered once and stored; the submission renders none when a
task worker runs (TASKS_BACKEND=database) and stays within 20 queries."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.competitions.factories import OfferFactory, add_partner, valid_content
from tests.pdfs import make_pdf
from wspolpraca.competitions.models import Offer
from wspolpraca.competitions.offers import version_pdfs
from wspolpraca.competitions.offers.services import add_attachment
from wspolpraca.competitions.offers.submission import submit_offer

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def offer(organisation, representative):
    return OfferFactory(organisation=organisation)


@pytest.fixture
def renders(monkeypatch):
    """The templates WeasyPrint is asked to render (a spy: the real renderer still runs)."""
    from wspolpraca.common import pdf

    rendered, real = [], pdf.render_document

    def spy(template_name, *args, **kwargs):
        rendered.append(template_name.rsplit("/", 1)[-1])
        return real(template_name, *args, **kwargs)

    monkeypatch.setattr(pdf, "render_document", spy)
    return rendered


def pdf_url(offer, number, name="offer_submission:pdf"):
    return reverse(name, args=[offer.pk, number])


def stored(version, kind):
    with default_storage.open(version_pdfs.pdf_name(version, kind), "rb") as fh:
        return fh.read()


def test_second_download_is_the_stored_file(client, offer, representative, renders, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = submit_offer(actor=representative, offer=offer)
    assert renders == ["receipt.html"]  # e-mailed (immediate backend), stored on the way
    client.force_login(representative)
    first = client.get(pdf_url(offer, 1))
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first["X-Checksum-SHA256"] == version.checksum
    assert 'filename="oferta-' in first["Content-Disposition"]
    body = b"".join(first.streaming_content)
    assert body.startswith(b"%PDF") and body == stored(version, "offer")
    assert renders == ["receipt.html", "offer.html"]
    second = client.get(pdf_url(offer, 1))
    assert b"".join(second.streaming_content) == body
    receipt = client.get(pdf_url(offer, 1, "offer_submission:receipt"))
    assert b"".join(receipt.streaming_content) == stored(version, "receipt")
    assert renders == ["receipt.html", "offer.html"]  # nothing rendered again


def test_a_version_never_gets_another_versions_file(client, offer, representative, renders):
    first = submit_offer(actor=representative, offer=offer)
    offer.refresh_from_db()
    offer.content["III"]["place"] = "Płock, Tumska"
    offer.save()
    second = submit_offer(actor=representative, offer=offer)
    assert version_pdfs.pdf_name(first, "offer") != version_pdfs.pdf_name(second, "offer")
    assert second.checksum in version_pdfs.pdf_name(second, "offer")
    client.force_login(representative)
    one = b"".join(client.get(pdf_url(offer, 1)).streaming_content)
    # Whatever sits in version 1's file is never sent for version 2: version 2 gets its own.
    with default_storage.open(version_pdfs.pdf_name(first, "offer"), "wb") as fh:
        fh.write(b"%PDF- version 1 only")
    two = client.get(pdf_url(offer, 2))
    assert two["X-Checksum-SHA256"] == second.checksum
    assert b"".join(two.streaming_content) == stored(second, "offer") != b"%PDF- version 1 only"
    assert renders == ["offer.html", "offer.html"]
    assert one != stored(second, "offer")
    assert b"".join(client.get(pdf_url(offer, 1)).streaming_content) == b"%PDF- version 1 only"


def test_commission_and_officers_download_the_same_stored_file(client, offer, representative, officer, renders):
    version = submit_offer(actor=representative, offer=offer)
    client.force_login(representative)
    client.get(pdf_url(offer, 1))
    offer.call.unit.officers.add(officer)
    client.force_login(officer)
    response = client.get(pdf_url(offer, 1))
    assert b"".join(response.streaming_content) == stored(version, "offer")
    assert renders == ["offer.html"]


def test_outsiders_get_no_stored_file(client, offer, representative):
    from tests.factories import UserFactory

    submit_offer(actor=representative, offer=offer)
    client.force_login(representative)
    assert client.get(pdf_url(offer, 1)).status_code == 200  # stored now
    client.force_login(UserFactory())
    assert client.get(pdf_url(offer, 1)).status_code == 404
    assert client.get(pdf_url(offer, 1, "offer_submission:receipt")).status_code == 404
    client.logout()
    assert client.get(pdf_url(offer, 1)).status_code == 302  # to the login page


def _submit_queries(client, offer, representative, django_capture_on_commit_callbacks):
    client.force_login(representative)
    url = reverse("offer_submission:submit", args=[offer.pk])
    client.get(url)
    ContentType.objects.get_for_model(Offer)  # cached in every running server
    with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    # The test runs inside a transaction: the service's atomic block is a savepoint here, a plain
    # transaction (no statements of its own) in a server.
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]


def test_submission_renders_no_pdf_and_queues_the_documents(
    client, offer, representative, settings, renders, mailoutbox, django_capture_on_commit_callbacks
):
    """With a task worker the request renders nothing; the worker e-mails the receipt and stores both PDFs."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS
    queries = _submit_queries(client, offer, representative, django_capture_on_commit_callbacks)
    assert len(queries) <= 20
    assert renders == [] and mailoutbox == []
    queued = sorted(result.task_path.rsplit(".", 1)[-1] for result in DBTaskResult.objects.all())
    assert queued == ["send_offer_receipt", "store_offer_pdf"]
    for result in DBTaskResult.objects.all():  # what `manage.py db_worker` does with each
        result.task.call(*result.task_result.args, **result.task_result.kwargs)
    assert sorted(renders) == ["offer.html", "receipt.html"]
    version = offer.versions.get()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].attachments[0][1] == stored(version, "receipt")
    client.get(pdf_url(offer, 1))
    assert sorted(renders) == ["offer.html", "receipt.html"]  # the first download is the stored file


def test_submission_queries_do_not_grow_with_partners_and_attachments(
    client, organisation, representative, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    simple = OfferFactory(organisation=organisation)
    few = _submit_queries(client, simple, representative, django_capture_on_commit_callbacks)
    joint = OfferFactory(organisation=organisation, call=simple.call, task=simple.task)
    partners = [add_partner(joint), add_partner(joint)]
    joint.content = valid_content(organisations=[organisation, *partners])
    joint.save()
    for n in range(3):
        upload = SimpleUploadedFile(
            f"zalacznik-{n}.pdf", make_pdf(note=f"zalacznik {n}"), content_type="application/pdf"
        )
        add_attachment(actor=representative, offer=joint, uploaded=upload, title=f"Załącznik {n}")
    many = _submit_queries(client, joint, representative, django_capture_on_commit_callbacks)
    assert len(few) <= 20
    assert len(many) == len(few)
