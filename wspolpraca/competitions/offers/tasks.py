"""Background tasks of offers (the Django tasks API, django-tasks; settings.TASKS).

Tasks take primary keys, never objects, and services enqueue them after their transaction
commits. With the immediate backend (the default) a task runs at once, in the process that
enqueues it; with the database backend `manage.py db_worker` runs it, outside the request.
"""

import logging

from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from wspolpraca.competitions.models import OfferVersion
from wspolpraca.competitions.offers import version_pdfs
from wspolpraca.competitions.offers.receipts import send_receipt

logger = logging.getLogger(__name__)


def _version(version_pk):
    return OfferVersion.objects.select_related("offer__call", "offer__task", "offer__organisation").get(pk=version_pk)


@task()
def send_offer_receipt(version_pk):
    """E-mail the receipt of a submitted version (its PDF is stored on the way)."""
    try:
        send_receipt(version=_version(version_pk))
    except Exception:
        logger.exception("The receipt of offer version %s could not be e-mailed.", version_pk)
        raise


@task()
def store_offer_pdf(version_pk):
    """Render and store the offer PDF of a submitted version, so that its first download is fast."""
    version_pdfs.store_pdf(_version(version_pk), "offer")


def runs_in_background(a_task):
    """Whether `a_task` runs outside the process that enqueues it (not the immediate backend)."""
    return not isinstance(a_task.get_backend(), ImmediateBackend)
