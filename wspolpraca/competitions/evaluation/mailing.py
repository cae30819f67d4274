"""E-mails of the evaluation stage: sent after the commit, a failure logged, never raised."""

import logging

from wspolpraca.common.mail import send_templated_mail

logger = logging.getLogger(__name__)


def safely(function, *args):
    try:
        function(*args)
    except Exception:
        logger.exception("%s failed for %s", function.__name__, args)


def send(template, recipients, context):
    send_templated_mail(template=f"competitions/email/{template}", recipients=recipients, context=context)
