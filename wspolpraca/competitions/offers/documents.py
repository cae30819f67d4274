"""The offer version as documents: the context of the filed offer (its figures, partners,
declarations, the act's citation) and its PDFs, the offer and the receipt, with their file names.

Rendered from the version's frozen content, never from the live offer. version_pdfs.py stores the
rendered files; receipts.py e-mails the receipt.

The print preview (`preview_pdf`) is the one exception: the same official document rendered from
the current draft, for the organisation to read before submitting. It is marked on every page as
a draft not submitted, carries no version number, date of filing or checksum, and is never stored.
"""

import copy

from django.utils import timezone

from wspolpraca.common import pdf
from wspolpraca.common.models import SiteSettings
from wspolpraca.competitions.enums import CallMode
from wspolpraca.competitions.kernel import offer_content
from wspolpraca.competitions.kernel.offer_content import HUNDRED, ZERO
from wspolpraca.competitions.models import OfferVersion
from wspolpraca.competitions.offers.checks import organisations_of
from wspolpraca.organisations.enums import LegalForm
from wspolpraca.organisations.validators import grouped_iban

LEGAL_FORMS = dict(LegalForm.choices)


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


def _sources_rows(figures):
    """Table V.B of the offer: (number, label, amount, share) rows."""
    sources, shares = figures.sources, figures.shares
    own_nonfinancial = (sources.get("own_personal") or ZERO) + (sources.get("own_in_kind") or ZERO)
    return [
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


def _offerors(content):
    """Section II's offerors with the legal form's label and the account grouped in fours."""
    return [
        {
            **(o or {}),
            "legal_form_label": LEGAL_FORMS.get((o or {}).get("legal_form"), ""),
            "bank_account": grouped_iban((o or {}).get("bank_account")),
        }
        for o in (content.get("II") or {}).get("offerors") or []
    ]


def version_context(version):
    """What the offer PDF, the receipt and the officers' detail page show of one version.

    Every figure comes from offer_content.compute() on the version's document, never from
    totals stored elsewhere.
    """
    offer = version.offer
    simplified = offer.call.mode == CallMode.SMALL_GRANT
    content = version.content or {}
    figures = offer_content.compute(content, simplified=simplified)
    organisations = organisations_of(offer)
    names = {str(org.pk): org.name for org in organisations}
    years = figures.years
    section_iii = content.get("III") or {}
    activities = [a or {} for a in section_iii.get("activities") or []]
    for activity in activities:
        activity["partner_name"] = names.get(str(activity.get("partner") or ""), "")
    activities_by_year = [
        (year, [a for a in activities if str(a.get("year") or years[0]) == str(year)]) for year in years
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
        "offerors": _offerors(content),
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
        "split_year_totals": [
            sum((row_years.get(y) or ZERO for _o, row_years, _t in figures.split), ZERO) for y in years
        ],
        "results": [r or {} for r in section_iii.get("results") or []],
        "cost_rows": _cost_rows(figures, years, simplified=simplified),
        "sources_rows": _sources_rows(figures),
        "split": [
            {"name": names.get(str(org_id), str(org_id)), "years": [row_years.get(y) for y in years], "total": total}
            for org_id, row_years, total in figures.split
        ],
        "declarations": (content.get("VII") or {}).get("declarations") or {},
        "start_date": offer_content.parse_date(section_iii.get("start")),
        "end_date": offer_content.parse_date(section_iii.get("end")),
        "site_settings": SiteSettings.load(),
        "submitted_at": timezone.localtime(version.submitted_at),
    }


def receipt_pdf(version):
    """Render the receipt now; downloads and e-mails use the stored file (version_pdfs.py)."""
    return pdf.render_pdf("competitions/pdf/receipt.html", version_context(version))


def offer_document(version):
    """The offer laid out (a WeasyPrint Document): what offer_pdf writes and layout tests measure."""
    return pdf.render_document("competitions/pdf/offer.html", version_context(version))


def offer_pdf(version):
    """Render the offer now; downloads use the stored file (version_pdfs.py)."""
    return offer_document(version).write_pdf()


def receipt_filename(version):
    return f"potwierdzenie-{version.offer.number.replace('/', '-')}-v{version.number}.pdf"


def offer_filename(version):
    return f"oferta-{version.offer.number.replace('/', '-')}-v{version.number}.pdf"


PREVIEW_MARK = "PROJEKT — wydruk podglądowy, oferta niezłożona"


def preview_pdf(offer):
    """The official offer PDF of the current draft, marked as a preview on every page; the
    version it is rendered from is built in memory and never saved, nor is the file."""
    draft = OfferVersion(offer=offer, content=copy.deepcopy(offer.content or {}), checksum="")
    context = version_context(draft)
    context.update(preview=True, preview_mark=PREVIEW_MARK, submitted_at=timezone.localtime())
    return pdf.render_pdf("competitions/pdf/offer_preview.html", context)


def preview_filename(offer):
    return f"projekt-oferty-{offer.pk}-podglad.pdf"
