"""Offers, agreements and reports as subjects of messages (conversations' registry of subject
kinds, registered in CompetitionsConfig.ready()): the organisation's members write for it, the
officers who manage the call (its unit, the centre, administrators) for the office.

An offer's thread opens once the offer is submitted: officers never read drafts."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolpraca.competitions.agreements.rules import is_agreement_party_member, manages_agreement
from wspolpraca.competitions.calls.rules import is_centre_officer
from wspolpraca.competitions.enums import OfferState
from wspolpraca.competitions.models import Agreement, Offer, Report
from wspolpraca.competitions.offers.rules import is_offer_member, manages_offer_call
from wspolpraca.competitions.reporting.rules import manages_report, reads_report
from wspolpraca.conversations.enums import Side
from wspolpraca.conversations.registry import SubjectKind
from wspolpraca.organisations.subjects import representative_emails


def _managed(queryset, user, unit_path):
    """The records of the calls the officer manages: their units', or all for the centre."""
    if not user.is_officer:
        return None
    if is_centre_officer(user):
        return queryset
    return queryset.filter(**{f"{unit_path}__officers": user})


def _unit_officers(call):
    return call.unit.officers.filter(is_active=True, is_officer=True).values_list("email", flat=True)


def _offer_title(offer):
    return _("Offer “%(title)s” – %(organisation)s") % {"title": offer.title, "organisation": offer.organisation.name}


def _offer_url(offer, side):
    if side == Side.OFFICER:
        return reverse("offers_panel:detail", kwargs={"call_pk": offer.call_id, "pk": offer.pk})
    return reverse("offers:detail", kwargs={"pk": offer.pk})


def _submitted(offer):
    return offer.state != OfferState.DRAFT


OFFER = SubjectKind(
    key="oferta",
    model=Offer,
    title=_offer_title,
    organisation=lambda offer: offer.organisation,
    url=_offer_url,
    officer_side=lambda user, offer: _submitted(offer) and manages_offer_call(user, offer),
    organisation_side=lambda user, offer: _submitted(offer) and is_offer_member(user, offer),
    officer_records=lambda user: _managed(Offer.objects.exclude(state=OfferState.DRAFT), user, "call__unit"),
    officer_recipients=lambda offer: _unit_officers(offer.call),
    organisation_recipients=lambda offer: representative_emails(offer.organisation),
    empty=gettext_lazy("No messages yet — ask the officer a question about this offer."),
)


def _agreement_title(agreement):
    return _("Agreement %(number)s – %(organisation)s") % {
        "number": agreement.number or agreement.offer.title,
        "organisation": agreement.offer.organisation.name,
    }


def _agreement_url(agreement, side):
    if side == Side.OFFICER:
        return reverse("agreements_panel:detail", kwargs={"pk": agreement.pk})
    return reverse("award:agreement", kwargs={"pk": agreement.offer_id})


AGREEMENT = SubjectKind(
    key="umowa",
    model=Agreement,
    title=_agreement_title,
    organisation=lambda agreement: agreement.offer.organisation,
    url=_agreement_url,
    officer_side=lambda user, agreement: manages_agreement(user, agreement),
    organisation_side=lambda user, agreement: is_agreement_party_member(user, agreement),
    officer_records=lambda user: _managed(Agreement.objects.all(), user, "offer__call__unit"),
    officer_recipients=lambda agreement: _unit_officers(agreement.offer.call),
    organisation_recipients=lambda agreement: representative_emails(agreement.offer.organisation),
    empty=gettext_lazy("No messages yet — ask the officer a question about this agreement."),
)


def _report_title(report):
    return _("%(report)s – %(organisation)s") % {
        "report": report,
        "organisation": report.agreement.offer.organisation.name,
    }


def _report_url(report, side):
    if side == Side.OFFICER:
        return reverse("reports_panel:detail", kwargs={"pk": report.pk})
    return reverse("reports:detail", kwargs={"pk": report.pk})


REPORT = SubjectKind(
    key="sprawozdanie",
    model=Report,
    title=_report_title,
    organisation=lambda report: report.agreement.offer.organisation,
    url=_report_url,
    officer_side=lambda user, report: manages_report(user, report),
    organisation_side=lambda user, report: reads_report(user, report),
    officer_records=lambda user: _managed(Report.objects.all(), user, "agreement__offer__call__unit"),
    officer_recipients=lambda report: _unit_officers(report.agreement.offer.call),
    organisation_recipients=lambda report: representative_emails(report.agreement.offer.organisation),
    empty=gettext_lazy("No messages yet — ask the officer a question about this report."),
)

KINDS = (OFFER, AGREEMENT, REPORT)
