"""The agreement's documents: the agreement as signed, each annex and the consolidated text
(PDF, WeasyPrint; templates/competitions/pdf/).

What is signed or filed is the record, so it is kept, never re-rendered:
- the agreement's text is stored when its signing is recorded (Agreement.signed_document); an
  annex changes the agreement's terms (its rows) but never that text;
- an annex is its own document (number, date, the paragraphs it changes in their new wording),
  stored when it is recorded (AgreementAnnex.document);
- the consolidated text ("tekst jednolity uwzględniający aneks nr …") is the agreement with every
  annex applied, marked as such, rendered on request (it is not signed);
- a report is stored when it is submitted (Report.document; report_documents.py).
An agreement signed before the text was stored is rendered "as signed" by undoing its annexes'
recorded changes (AgreementAnnex.changes keeps each changed term before and after).

Reference: docs/documents/agreement.md, annex.md, report.md.
"""

import datetime
import hashlib
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone, translation

from wspolpraca.common.pdf import render_document
from wspolpraca.competitions.agreements.selectors import agreement_context, annex_rows
from wspolpraca.competitions.kernel import deadlines, offer_content

AGREEMENT_TEMPLATE = "competitions/pdf/agreement.html"
ANNEX_TEMPLATE = "competitions/pdf/annex.html"
DATED_TERMS = ("end_date", "use_deadline", "amount", "return_deadline", "final_report_due")
# Which paragraphs of the agreement (as the template numbers them) an annexed term rewrites.
PARAGRAPHS = {
    "end_date": ("term", "report"),
    "final_report_due": ("report",),
    "use_deadline": ("use", "return"),
    "return_deadline": ("return",),
    "amount": ("amount", "use"),
    "tranches": ("amount", "use", "return"),
}
PARAGRAPH_ORDER = ("term", "amount", "use", "report", "return")
# Feminine legal forms (fundacja, spółdzielnia, spółka, kościelna osoba prawna): "wpisaną,
# reprezentowaną, zwaną"; the others (stowarzyszenie, koło, związek, podmiot): "wpisanym, …".
FEMININE_FORMS = {"foundation", "social_cooperative", "church_entity", "non_profit_company", "sports_company"}


# --- the terms at a point of the agreement's history -------------------------------------------------


def _value(field, text):
    if field == "amount":
        return Decimal(text)
    if field == "tranches":
        return [(datetime.date.fromisoformat(due), Decimal(amount)) for due, amount in text]
    return datetime.date.fromisoformat(text)


def terms_after(agreement, annex_number=None):
    """The dated terms after annex `annex_number` (0: as signed; None: after every annex), as
    SimpleNamespace(end_date, use_deadline, amount, return_deadline, final_report_due, tranches,
    years). `years` are the budget years: (year, amount, use by, return by)."""
    values = {name: getattr(agreement, name) for name in DATED_TERMS}
    values["tranches"] = [(t.due_date, t.amount) for t in agreement.tranches.order_by("number")]
    if annex_number is not None:
        for annex in agreement.annexes.filter(number__gt=annex_number).order_by("-number"):
            for field, (before, _after) in annex.changes.items():
                values[field] = _value(field, before)
    terms = SimpleNamespace(**values)
    terms.tranches = [
        SimpleNamespace(number=n, due_date=due, amount=amount)
        for n, (due, amount) in enumerate(sorted(values["tranches"]), start=1)
    ]
    terms.years = [
        SimpleNamespace(year=year, amount=amount, use_by=use_by, return_by=return_by)
        for year, amount, use_by, return_by in deadlines.budget_years(values["use_deadline"], values["tranches"])
    ]
    return terms


# --- contexts -----------------------------------------------------------------------------------------


def _parties(context):
    """The offerors as the model names them: legal form, seat, register, and the participles'
    gender (feminine: "wpisaną", else "wpisanym")."""
    offerors = context["offerors"] or [
        {
            "name": context["organisation"].name,
            "legal_form": context["organisation"].legal_form,
            "legal_form_label": "",
            "address": f"{context['organisation'].street_address}, {context['organisation'].postal_code} "
            f"{context['organisation'].town}",
            "register": f"KRS {context['organisation'].krs_number}" if context["organisation"].krs_number else "",
        }
    ]
    rows = []
    for o in offerors:
        register = str(o.get("register") or "").strip()
        krs = register[4:].strip() if register.upper().startswith("KRS ") else ""
        if register.isdigit() and len(register) == 10:
            krs = register  # a bare KRS number
        rows.append({**o, "krs": krs, "feminine": o.get("legal_form") in FEMININE_FORMS})
    return rows


def document_context(agreement, *, annex_number=None, consolidated=False):
    """The agreement PDF's context with the terms after annex `annex_number` (0: as signed)."""

    with translation.override("pl"):
        context = agreement_context(agreement)
    terms = terms_after(agreement, annex_number)
    figures = None
    if context["version"] is not None:
        figures = offer_content.compute(context["version"].content or {}, simplified=context["small_grant"])
    annexes = list(agreement.annexes.order_by("number"))
    if annex_number is not None:
        annexes = [a for a in annexes if a.number <= annex_number]
    context.update(
        terms=terms,
        tranches=terms.tranches,
        years=terms.years,
        multi_year=len(terms.years) > 1,
        parties=_parties(context),
        recipient_payments=(figures.sources.get("recipient_payments") if figures else None) or Decimal("0.00"),
        consolidated=consolidated,
        included_annexes=annexes,
        generated_on=timezone.localdate(),
    )
    return context


def annex_context(annex):
    """The annex: the parties and the paragraphs it rewrites, in the wording after it."""
    agreement = annex.agreement
    context = document_context(agreement, annex_number=annex.number)
    keys = set()
    for field in annex.changes:
        keys.update(PARAGRAPHS.get(field, ()))

    with translation.override("pl"):
        changes = next((rows for a, rows in annex_rows(agreement) if a.pk == annex.pk), [])
    context.update(annex=annex, changes=changes, changed=[key for key in PARAGRAPH_ORDER if key in keys])
    return context


# --- documents (WeasyPrint Documents: the layout tests measure what is filed) -------------------------


def agreement_document(agreement, *, consolidated=False):
    """The agreement as signed (before any annex), or the consolidated text after every annex."""
    context = document_context(agreement, annex_number=None if consolidated else 0, consolidated=consolidated)
    return render_document(AGREEMENT_TEMPLATE, context)


def annex_document(annex):
    return render_document(ANNEX_TEMPLATE, annex_context(annex))


# --- stored, never re-rendered ----------------------------------------------------------------------


def stored(field):
    if not field:
        return None
    with field.open("rb") as handle:
        return handle.read()


def agreement_pdf(agreement):
    """The agreement's text: as stored at signing; before signing (or for an agreement signed
    before texts were stored) rendered with the terms as signed."""
    return stored(agreement.signed_document) or agreement_document(agreement).write_pdf()


def consolidated_pdf(agreement):
    return agreement_document(agreement, consolidated=True).write_pdf()


def annex_pdf(annex):
    return stored(annex.document) or annex_document(annex).write_pdf()


def store_signed_agreement(agreement):
    """Keep the text the parties signed (called when the signing is recorded); its SHA-256."""
    content = agreement_document(agreement).write_pdf()
    agreement.signed_document.save(f"umowa-{agreement.pk}-tekst.pdf", ContentFile(content), save=False)
    agreement.save(update_fields=["signed_document"])
    return hashlib.sha256(content).hexdigest()


def store_annex(annex):
    """Keep the annex's text (called when the annex is recorded); its SHA-256."""
    content = annex_document(annex).write_pdf()
    annex.document.save(f"aneks-{annex.agreement_id}-{annex.number}.pdf", ContentFile(content), save=False)
    annex.save(update_fields=["document"])
    return hashlib.sha256(content).hexdigest()


def annex_filename(annex):
    number = (annex.agreement.number or str(annex.agreement_id)).replace("/", "-")
    return f"aneks-{annex.number}-umowa-{number}.pdf"


def consolidated_filename(agreement):
    number = (agreement.number or str(agreement.pk)).replace("/", "-")
    return f"umowa-{number}-tekst-jednolity.pdf"
