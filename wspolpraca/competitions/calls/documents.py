"""The announcement as documents: the printable notice (PDF) and the BIP-ready HTML file.

Both render the same body (templates/competitions/bip/notice_body.html): every element of
art. 13 ust. 2, the tasks with their budgets per year, the criteria, the attachments.
"""

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone, translation

from wspolpraca.common.models import SiteSettings
from wspolpraca.common.pdf import render_document
from wspolpraca.organisations.enums import LegalForm


def notice_context(call):
    tasks = list(call.tasks.select_related("area").prefetch_related("budgets"))
    years = sorted({b.year for task in tasks for b in task.budgets.all()})
    rows = []
    totals = dict.fromkeys(years, Decimal("0.00"))
    for task in tasks:
        by_year = {b.year: b.amount for b in task.budgets.all()}
        amounts = [by_year.get(year) for year in years]
        for year in years:
            totals[year] += by_year.get(year, Decimal("0.00"))
        rows.append({"task": task, "amounts": amounts, "total": task.budget})
    criteria = list(call.criteria.all())
    generated_at = timezone.now()
    # Art. 13 ust. 2 pkt 7: the year of the announcement (its publication; a draft's preview:
    # today) and the year before it, named as years, not "this year" and "last year".
    announced = timezone.localtime(call.published_at or generated_at)
    return {
        "call": call,
        "task_rows": rows,
        "years": years,
        # The yearly budgets in the tasks table up to two years; more get a table of their own
        # (five years of "1 999 999,99 zł" next to the task's name do not fit A4 portrait).
        "years_inline": len(years) <= 2,
        "year_totals": [totals[y] for y in years],
        "grand_total": sum(totals.values(), Decimal("0.00")),
        "criteria": criteria,
        "criteria_total": sum((c.max_points for c in criteria), Decimal("0.00")),
        "eligible_forms": [str(LegalForm(f).label) for f in call.eligible_legal_forms if f in LegalForm.values],
        "attachments": list(call.required_attachments.all()),
        "documents": list(call.documents.all()),
        "generated_at": generated_at,
        "announcement_year": announced.year,
        "previous_year": announced.year - 1,
        "site_settings": SiteSettings.load(),
    }


def call_notice_document(call):
    """The notice laid out (a WeasyPrint Document): what the PDF is written from."""
    return render_document("competitions/pdf/call_notice.html", notice_context(call))


def render_call_notice_pdf(call):
    """The notice for the notice board, as PDF bytes."""
    return call_notice_document(call).write_pdf()


def render_call_bip_html(call):
    """A self-contained HTML document the BIP editor can upload or paste."""
    with translation.override("pl"):  # an official announcement: Polish whatever the officer's language
        return render_to_string("competitions/bip/call_notice.html", notice_context(call))


def notice_filename(call, extension):
    return f"ogloszenie-{call.slug}.{extension}"
