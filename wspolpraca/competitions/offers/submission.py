"""Submitting and withdrawing offers: immutable versions with checksums, numbers, receipts.

Decisions (see also docs/decisions/0004):
- Only a representative of the lead offeror submits, and only while the call accepts offers
  by the server clock; a refused submission changes nothing (the draft stays as it was).
- Each submission freezes the document as a new OfferVersion (n+1) with its canonical text
  and SHA-256; the previous versions stay, no longer current. Submitting an unchanged offer
  again (a double click, a repeated POST) creates no version: the current one is returned.
- The offer number is assigned on the first submission, "{year}/{call}/{task}/{nnn}",
  under a row lock on the call so two offers never get the same number.
- A withdrawn offer may be submitted again while the call accepts offers: it becomes
  SUBMITTED with a new version (a withdrawal is not final before the deadline). After the
  deadline a withdrawal is final and nothing may be submitted.
- The receipt and the offer PDF of a version are rendered once and stored (version_pdfs.py);
  after the commit a task e-mails the receipt and, when a worker runs the tasks, stores the
  offer PDF (competitions/tasks.py), so the submission itself renders no PDF.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.models import SiteSettings
from wspolpraca.common.transitions import move_state
from wspolpraca.competitions.enums import OFFER_TRANSITIONS, CallMode, OfferState
from wspolpraca.competitions.kernel import canonical
from wspolpraca.competitions.kernel.offer_content import HUNDRED, ZERO
from wspolpraca.competitions.models import Call, Offer, OfferVersion
from wspolpraca.competitions.offers.checks import figures_for, organisations_of, problems_for
from wspolpraca.competitions.rules import represents_offeror
from wspolpraca.organisations.enums import LegalForm, MembershipRole
from wspolpraca.organisations.validators import grouped_iban

LEGAL_FORMS = dict(LegalForm.choices)
logger = logging.getLogger(__name__)


def may_submit(user, offer):
    """The rule `competitions.submit_offer`, strictly (no superuser bypass: the offer is the
    organisation's declaration), plus: a withdrawn offer may be submitted again."""
    return offer.state in (OfferState.DRAFT, OfferState.SUBMITTED, OfferState.WITHDRAWN) and bool(
        represents_offeror(user, offer)
    )


def may_withdraw(user, offer):
    """The rule `competitions.withdraw_offer`, strictly: only the lead's representative, before the deadline."""
    return offer.state == OfferState.SUBMITTED and bool(represents_offeror(user, offer)) and offer.call.accepts_offers()


def _formal_correction(offer):
    """The offer's FormalCheck if it is a call to correct not yet answered (open or expired)."""
    from wspolpraca.competitions.enums import FormalStatus
    from wspolpraca.competitions.offers.formal_check import check_of

    check = check_of(offer)
    if check is not None and check.status == FormalStatus.CORRECTION and check.corrected_at is None:
        return check
    return None


def deadline_message(call):
    if call.offer_deadline and timezone.now() >= call.offer_deadline:
        return _(
            "The deadline for offers passed on %(deadline)s. The offer was not submitted; your draft is kept as it was."
        ) % {"deadline": timezone.localtime(call.offer_deadline).strftime("%d.%m.%Y %H:%M")}
    return _("This call does not accept offers now. The offer was not submitted; your draft is kept as it was.")


def _next_number(call, task):
    """The next free number of the call (the sequence runs across its tasks); the caller locks the call."""
    used = set(Offer.objects.filter(call=call).exclude(number="").values_list("number", flat=True))
    sequence = len(used) + 1
    while any(u.endswith(f"/{sequence:03d}") for u in used):
        sequence += 1
    return f"{call.year}/{call.pk}/{task.number}/{sequence:03d}"


@transaction.atomic
def submit_offer(*, actor, offer):
    """Freeze the offer as a new version and mark it submitted. Returns the (current) version.

    Raises PermissionDenied for anyone but a representative of the lead offeror and
    ValidationError when the call no longer accepts offers or the offer has problems.
    """
    offer = (
        Offer.objects.select_for_update(of=("self",)).select_related("call", "task", "organisation").get(pk=offer.pk)
    )
    if not may_submit(actor, offer):
        raise PermissionDenied(_("Only a representative of the lead offeror may submit the offer."))
    correction = _formal_correction(offer)
    update = None
    if correction is not None:
        # A call to correct: its deadline applies, not the call's (law.md §2.7).
        from wspolpraca.competitions.offers.formal_check import check_correction_allowed

        check_correction_allowed(offer)
    else:
        # An update after a reduced award (law.md §2.6): no deadline; the grant must equal the award.
        from wspolpraca.competitions.agreements.offer_update import open_update

        update = open_update(offer) if offer.state == OfferState.SUBMITTED else None
        if update is None and not offer.call.accepts_offers():
            raise ValidationError(deadline_message(offer.call), code="deadline")
    figures = figures_for(offer)
    organisations, attachments = organisations_of(offer), canonical.offer_attachments(offer)
    problems = problems_for(offer, figures, organisations=organisations, attachments=attachments)
    if problems:
        raise ValidationError(
            _("The offer cannot be submitted yet: %(count)s thing(s) to fix.") % {"count": len(problems)},
            code="problems",
        )
    if update is not None:
        from wspolpraca.competitions.agreements.offer_update import check_update_amount

        check_update_amount(update, figures)
    text, checksum, attachments = canonical.for_offer(offer, organisations=organisations, attachments=attachments)
    # The current version is the last one (withdrawal keeps it current; nothing else changes it).
    last = offer.versions.order_by("-number").first()
    current = last if last is not None and last.is_current else None
    unchanged = current is not None and current.checksum == checksum
    if offer.state == OfferState.SUBMITTED and unchanged and correction is None and update is None:
        return current  # nothing changed since the last submission: no new version

    now = timezone.now()
    if not offer.number:
        call = Call.objects.select_for_update().get(pk=offer.call_id)
        offer.number = _next_number(call, offer.task)
    if last is not None:  # a first submission has no version to demote
        offer.versions.filter(is_current=True).update(is_current=False)
    version = OfferVersion.objects.create(
        offer=offer,
        number=(last.number + 1) if last else 1,
        content=offer.content,
        canonical=text,
        checksum=checksum,
        attachments=attachments,
        submitted_by=actor,
        submitted_at=now,
        is_current=True,
    )
    transition_offer(
        offer,
        OfferState.SUBMITTED,
        actor=actor,
        action="offer.submitted",
        changes={
            "number": offer.number,
            "submitted_at": now,
            "withdrawn_at": None,
            "title": str((offer.content.get("III") or {}).get("title") or offer.title)[:300],
            **figures.as_totals(),
        },
        data={"version": version.number, "checksum": checksum, "number": offer.number, "previous_state": offer.state},
    )
    if offer.call.mode == CallMode.SMALL_GRANT and update is None:
        from wspolpraca.competitions.small_grants.services import register_small_grant_offer

        register_small_grant_offer(offer=offer, actor=actor)
    if correction is not None:
        from wspolpraca.competitions.offers.formal_check import mark_corrected

        mark_corrected(actor=actor, offer=offer, version=version)
    if update is not None:
        from wspolpraca.competitions.agreements.offer_update import mark_submitted

        mark_submitted(actor=actor, offer=offer, version=version)
    version_pk = version.pk
    transaction.on_commit(lambda: _after_submission(version_pk))
    return version


def _after_submission(version_pk):
    """Queue the receipt e-mail and, when a task worker runs them, the offer PDF (with the immediate
    backend the PDF is rendered at its first download instead: rendering it here would only make
    the submission slower). The offer is submitted whatever happens here; a failure is logged."""
    from wspolpraca.competitions import tasks

    try:
        tasks.send_offer_receipt.enqueue(version_pk)
        if tasks.runs_in_background(tasks.store_offer_pdf):
            tasks.store_offer_pdf.enqueue(version_pk)
    except Exception:
        logger.exception("The documents of offer version %s could not be queued.", version_pk)


@transaction.atomic
def withdraw_offer(*, actor, offer, reason=""):
    """Withdraw a submitted offer before the deadline; its versions are kept."""
    offer = Offer.objects.select_for_update(of=("self",)).select_related("call").get(pk=offer.pk)
    if not represents_offeror(actor, offer):
        raise PermissionDenied(_("Only a representative of the lead offeror may withdraw the offer."))
    if offer.state != OfferState.SUBMITTED:
        raise ValidationError(_("Only a submitted offer can be withdrawn."), code="state")
    if not offer.call.accepts_offers():
        raise ValidationError(_("The deadline for offers has passed: the offer can no longer be withdrawn."))
    current = offer.versions.filter(is_current=True).first()
    return transition_offer(
        offer,
        OfferState.WITHDRAWN,
        actor=actor,
        action="offer.withdrawn",
        changes={"withdrawn_at": timezone.now()},
        data={"reason": reason.strip(), "version": current.number if current else None},
    )


def transition_offer(offer, to_state, *, actor, action, changes=None, data=None):
    """The only way an offer changes state (OFFER_TRANSITIONS): check, save, log. Callers lock it."""
    move_state(offer, to_state, table=OFFER_TRANSITIONS, actor=actor, action=action, changes=changes, data=data)
    return offer


# --- documents -------------------------------------------------------------------------------


def _cost_rows(figures, years, *, simplified):
    """V.A as the template's rows: actions with their lines and sums, administrative costs, total."""
    rows = []

    def line_row(lp, line):
        own = (line.value - line.grant) if (line.value is not None and line.grant is not None) else None
        return {
            "type": "line",
            "lp": lp,
            "kind": line.kind,
            "measure": line.measure,
            "unit_cost": line.unit_cost,
            "units": line.units,
            "value": line.value,
            "years": [line.years.get(year) for year in years],
            "grant": line.grant,
            "own": own,
        }

    def sum_row(label, lines, value):
        return {
            "type": "sum",
            "label": label,
            "value": value,
            "years": [sum((line.years.get(year) or ZERO for line in lines), ZERO) for year in years],
            "grant": sum((line.grant or ZERO for line in lines), ZERO),
            "own": value - sum((line.grant or ZERO for line in lines), ZERO),
        }

    action_lines = []
    if simplified:
        lines = [line for _name, action in figures.actions for line in action] + figures.admin_lines
        rows = [line_row(str(n), line) for n, line in enumerate(lines, start=1)]
        rows.append(sum_row("Ogółem", lines, figures.total_cost))
        return rows
    rows.append({"type": "heading", "lp": "I", "label": "Koszty realizacji działań"})
    for a, (name, lines) in enumerate(figures.actions, start=1):
        rows.append({"type": "action", "lp": f"I.{a}", "label": f"Działanie {a}: {name}" if name else f"Działanie {a}"})
        rows += [line_row(f"I.{a}.{n}", line) for n, line in enumerate(lines, start=1)]
        action_lines += lines
    rows.append(sum_row("Suma kosztów realizacji zadania", action_lines, figures.actions_cost))
    rows.append({"type": "heading", "lp": "II", "label": "Koszty administracyjne"})
    rows += [line_row(f"II.{n}", line) for n, line in enumerate(figures.admin_lines, start=1)]
    rows.append(sum_row("Suma kosztów administracyjnych", figures.admin_lines, figures.admin_cost))
    rows.append(
        sum_row("Suma wszystkich kosztów realizacji zadania", action_lines + figures.admin_lines, figures.total_cost)
    )
    return rows


INLINE_YEARS = 2
# The Act as the offer's title cites it: its consolidated text in force (the 2018 model printed
# the one of its day, Dz. U. z 2018 r. poz. 450). Confirm with the legal department when a new
# consolidated text is published (docs/documents/offer.md).
ACT_CITATION = "Dz. U. z 2024 r. poz. 1491, z późn. zm."


def activities_once(activities):
    """The simplified offer's schedule has no years: an activity the editor holds once per
    calendar year is listed once, with its dates from each year, in the order first met."""
    merged = {}
    for activity in activities:
        key = tuple(str(activity.get(k) or "").strip() for k in ("name", "description", "target_group"))
        if not any(key):
            continue
        entry = merged.setdefault(key, {**activity, "periods": []})
        period = str(activity.get("period") or "").strip()
        if period and period not in entry["periods"]:
            entry["periods"].append(period)
    return [{**entry, "period": "; ".join(entry["periods"])} for entry in merged.values()]


def version_context(version):
    """What the offer PDF, the receipt and the officers' detail page show of one version.

    Every figure comes from offer_content.compute() on the version's document, never from
    totals stored elsewhere.
    """
    from wspolpraca.competitions.kernel import offer_content

    offer = version.offer
    simplified = offer.call.mode == CallMode.SMALL_GRANT
    content = version.content or {}
    figures = offer_content.compute(content, simplified=simplified)
    organisations = organisations_of(offer)
    names = {str(org.pk): org.name for org in organisations}
    years = figures.years
    sources, shares = figures.sources, figures.shares
    own_nonfinancial = (sources.get("own_personal") or ZERO) + (sources.get("own_in_kind") or ZERO)
    sources_rows = [
        (
            "1",
            "Suma wszystkich kosztów realizacji zadania",
            figures.total_cost,
            HUNDRED if figures.total_cost else ZERO,
        ),
        ("2", "Planowana dotacja w ramach niniejszej oferty", sources.get("grant") or ZERO, shares.get("grant")),
        ("3", "Wkład własny", figures.own_contribution, shares.get("own")),
        ("3.1", "Wkład własny finansowy", sources.get("own_financial") or ZERO, shares.get("own_financial")),
        (
            "3.2",
            "Wkład własny niefinansowy (osobowy i rzeczowy)",
            own_nonfinancial,
            offer_content.share(own_nonfinancial, figures.total_cost),
        ),
        (
            "4",
            "Świadczenia pieniężne od odbiorców zadania",
            sources.get("recipient_payments") or ZERO,
            shares.get("recipient_payments"),
        ),
    ]
    section_iii = content.get("III") or {}
    activities = [a or {} for a in section_iii.get("activities") or []]
    for activity in activities:
        activity["partner_name"] = names.get(str(activity.get("partner") or ""), "")
    activities_by_year = [
        (year, [a for a in activities if str(a.get("year") or years[0]) == str(year)]) for year in years
    ]
    split_year_totals = [sum((row_years.get(y) or ZERO for _o, row_years, _t in figures.split), ZERO) for y in years]
    split = [
        {"name": names.get(str(org_id), str(org_id)), "years": [row_years.get(y) for y in years], "total": total}
        for org_id, row_years, total in figures.split
    ]
    return {
        "offer": offer,
        "version": version,
        "call": offer.call,
        "task": offer.task,
        "content": content,
        "figures": figures,
        "simplified": simplified,
        "joint": len(organisations) > 1,
        "organisations": organisations,
        "offerors": [
            {
                **(o or {}),
                "legal_form_label": LEGAL_FORMS.get((o or {}).get("legal_form"), ""),
                "bank_account": grouped_iban((o or {}).get("bank_account")),
            }
            for o in (content.get("II") or {}).get("offerors") or []
        ],
        # I.2: as the offeror filed it; versions filed before it was required fall back to the
        # call's own wording (the announcement's item 1), which the editor pre-fills anyway.
        "task_type": str((content.get("I") or {}).get("task_type") or "").strip() or offer.call.task_type,
        "years": years,
        # V.A and V.C print the yearly values in the main table up to two years; from three years
        # on (the Act allows five) they go to a table of their own, or A4 portrait could not hold them.
        "years_inline": len(years) <= INLINE_YEARS,
        "act_citation": ACT_CITATION,
        "activities_by_year": activities_by_year,
        "activities_once": activities_once(activities),
        "split_year_totals": split_year_totals,
        "results": [r or {} for r in section_iii.get("results") or []],
        "cost_rows": _cost_rows(figures, years, simplified=simplified),
        "sources_rows": sources_rows,
        "split": split,
        "declarations": (content.get("VII") or {}).get("declarations") or {},
        "start_date": offer_content.parse_date(section_iii.get("start")),
        "end_date": offer_content.parse_date(section_iii.get("end")),
        "site_settings": SiteSettings.load(),
        "submitted_at": timezone.localtime(version.submitted_at),
    }


def receipt_pdf(version):
    """Render the receipt now; downloads and e-mails use the stored file (version_pdfs.py)."""
    from wspolpraca.common.pdf import render_pdf

    return render_pdf("competitions/pdf/receipt.html", version_context(version))


def offer_document(version):
    """The offer laid out (a WeasyPrint Document): what offer_pdf writes and layout tests measure."""
    from wspolpraca.common.pdf import render_document

    return render_document("competitions/pdf/offer.html", version_context(version))


def offer_pdf(version):
    """Render the offer now; downloads use the stored file (version_pdfs.py)."""
    return offer_document(version).write_pdf()


def receipt_filename(version):
    return f"potwierdzenie-{version.offer.number.replace('/', '-')}-v{version.number}.pdf"


def offer_filename(version):
    return f"oferta-{version.offer.number.replace('/', '-')}-v{version.number}.pdf"


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
    from wspolpraca.competitions.offers import version_pdfs

    message.attach(receipt_filename(version), version_pdfs.pdf_bytes(version, "receipt"), "application/pdf")
    message.send(fail_silently=False)
