"""E-mail to the offerors' representatives when the agreement is sent for signing or terminated.

Sent after the commit (`send_after_commit`, which transition_agreement passes to move_state);
an error of the mail server is logged, never raised.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from wspolpraca.common.mail import in_site_language
from wspolpraca.common.money import format_money
from wspolpraca.competitions.models import Agreement
from wspolpraca.organisations.selectors import representative_emails as of_organisation

logger = logging.getLogger(__name__)


def send_after_commit(pk, event):
    try:
        send_agreement_mail(
            agreement=Agreement.objects.select_related("offer", "offer__call", "offer__organisation").get(pk=pk),
            event=event,
        )
    except Exception:
        logger.exception("The agreement %s (%s) could not be e-mailed.", pk, event)


def representative_emails(offer):
    return of_organisation(offer.organisation)


@in_site_language
def send_agreement_mail(*, agreement, event):
    recipients = representative_emails(agreement.offer)
    if not recipients:
        return
    context = {
        "agreement": agreement,
        "offer": agreement.offer,
        "call": agreement.offer.call,
        "amount": format_money(agreement.amount),
        "site_url": settings.SITE_URL,
    }
    if event == "sent":
        subject = _("The agreement %(number)s is ready for signing") % {"number": agreement.number}
        template = "competitions/email/agreement_sent.txt"
    else:
        subject = _("The agreement %(number)s was terminated") % {"number": agreement.number}
        template = "competitions/email/agreement_terminated.txt"
    body = render_to_string(template, context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
