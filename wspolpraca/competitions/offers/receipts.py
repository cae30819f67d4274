"""The receipt of a submitted offer version, e-mailed with its PDF to the lead offeror's
representatives and to the offer's contact address (queued by submission, run by tasks.py)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from wspolpraca.common.mail import in_site_language
from wspolpraca.competitions.offers import version_pdfs
from wspolpraca.competitions.offers.documents import receipt_filename, version_context
from wspolpraca.organisations.enums import MembershipRole


@in_site_language
def send_receipt(*, version):
    """E-mail the receipt PDF to the lead's representatives and the offer's contact address."""
    offer = version.offer
    recipients = list(
        offer.organisation.memberships.filter(role=MembershipRole.REPRESENTATIVE, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )
    contact = str(((version.content.get("II") or {}).get("contact") or {}).get("email") or "").strip()
    if contact and "@" in contact:
        recipients.append(contact)
    recipients = sorted({r.lower(): r for r in recipients if r}.values())
    if not recipients:
        return
    context = {**version_context(version), "site_url": settings.SITE_URL}
    subject = " ".join(render_to_string("competitions/email/offer_submitted_subject.txt", context).split())
    body = render_to_string("competitions/email/offer_submitted_body.txt", context)
    message = EmailMessage(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, recipients
    )
    message.attach(receipt_filename(version), version_pdfs.pdf_bytes(version, "receipt"), "application/pdf")
    message.send(fail_silently=False)
