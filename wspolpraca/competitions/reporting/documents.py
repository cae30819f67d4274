"""The report as a document (annex 5 to Dz.U. 2018 poz. 2057; templates/competitions/pdf/report.html).

Section II.1 by cost categories (actions, administrative costs) with their subtotals, II.2 by
source with the "Wkład własny" total, II.3 interest, payments collected from the recipients and
other income. A submitted report is stored as filed (Report.document) and never re-rendered.
Reference: docs/documents/report.md.
"""

from django.core.files.base import ContentFile

from wspolpraca.common.pdf import render_document
from wspolpraca.competitions.agreements.documents import stored
from wspolpraca.competitions.kernel.offer_content import ZERO, money, parse_date, shares_adding_to_100
from wspolpraca.competitions.reporting import content as report_content

REPORT_TEMPLATE = "competitions/pdf/report.html"
SOURCE_ROWS = (  # (Lp., key, label) of II.2 under "3. Wkład własny"
    ("3.1", "own_financial", "Wkład własny finansowy"),
    ("3.2", "own_personal", "Wkład własny niefinansowy osobowy"),
    ("3.3", "own_in_kind", "Wkład własny niefinansowy rzeczowy"),
    ("3.4", "recipient_payments", "Świadczenia pieniężne od odbiorców zadania"),
)


def _sum(values):
    return sum((value or ZERO for value in values), ZERO)


def _subtotal(label, rows, kind="subtotal"):
    return {
        "kind": kind,
        "label": label,
        "planned": _sum(r["line"].planned for r in rows),
        "incurred": _sum(r["incurred"] for r in rows),
    }


def cost_rows(figures):
    """II.1 rows: I. actions (I.n heading, I.n.m lines, the action's total), the sum of the
    actions; II. administrative costs with their sum; the sum of all costs."""
    actions, admin = {}, []
    for row in figures.lines:
        if row["line"].administrative:
            admin.append(row)
        else:
            actions.setdefault(row["line"].action, []).append(row)
    rows = [{"kind": "section", "lp": "I.", "label": "Koszty realizacji działań"}]
    for n, (name, lines) in enumerate(actions.items(), start=1):
        rows.append({"kind": "group", "lp": f"I.{n}.", "label": f"Działanie {n}: {name}"})
        rows += [{"kind": "line", "lp": f"I.{n}.{m}.", **r} for m, r in enumerate(lines, start=1)]
        rows.append(_subtotal(f"Razem działanie {n}", lines))
    action_rows = [r for lines in actions.values() for r in lines]
    rows.append(_subtotal("Suma kosztów realizacji działań", action_rows, "sum"))
    rows.append({"kind": "section", "lp": "II.", "label": "Koszty administracyjne"})
    rows += [{"kind": "line", "lp": f"II.{m}.", **r} for m, r in enumerate(admin, start=1)]
    rows.append(_subtotal("Suma kosztów administracyjnych", admin, "sum"))
    rows.append(_subtotal("Suma wszystkich kosztów realizacji zadania", figures.lines, "total"))
    return rows


def source_rows(figures):
    """II.2 rows: 1 the total, 2 the grant, 3 own contribution (3.1–3.4) with its total."""
    by_key = {row["key"]: row for row in figures.sources}
    own = [by_key[key] for _lp, key, _label in SOURCE_ROWS]
    planned = [by_key["grant"]["planned"], _sum(r["planned"] for r in own)]
    incurred = [by_key["grant"]["incurred"] or ZERO, _sum(r["incurred"] for r in own)]
    planned_total, incurred_total = _sum(planned), _sum(incurred)
    planned_shares = shares_adding_to_100(planned, planned_total)
    incurred_shares = shares_adding_to_100(incurred, incurred_total)
    rows = [
        {"lp": "1.", "label": "Suma wszystkich kosztów realizacji zadania", "planned": planned_total,
         "planned_share": 100 if planned_total else ZERO, "incurred": incurred_total,
         "incurred_share": 100 if incurred_total else ZERO, "total": True},
        {"lp": "2.", "label": "Kwota dotacji", "planned": planned[0], "planned_share": planned_shares[0],
         "incurred": by_key["grant"]["incurred"], "incurred_share": incurred_shares[0]},
        {"lp": "3.", "label": "Wkład własny", "planned": planned[1], "planned_share": planned_shares[1],
         "incurred": incurred[1], "incurred_share": incurred_shares[1], "total": True},
    ]  # fmt: skip
    for lp, key, label in SOURCE_ROWS:
        row = by_key[key]
        rows.append(
            {
                "lp": lp,
                "label": label,
                "planned": row["planned"],
                "planned_share": row["planned_share"],
                "incurred": row["incurred"],
                "incurred_share": row["incurred_share"],
            }
        )
    return rows


def report_document_context(report):
    agreement = report.agreement
    offer = agreement.offer
    content = report.content or {}
    plan = report_content.plan_of(agreement)
    figures = report_content.report_figures(report, content, plan=plan)
    by_key = {row["key"]: row for row in figures.sources}
    typed = (content.get("I") or {}).get("indicators") or []
    offerors = [offer.organisation.name] + [p.organisation.name for p in offer.partners.all()]
    return {
        "report": report,
        "agreement": agreement,
        "offer": offer,
        "call": offer.call,
        "content": content,
        "figures": figures,
        "cost_rows": cost_rows(figures),
        "source_rows": source_rows(figures),
        "recipient_payments": by_key["recipient_payments"]["incurred"],
        "offerors": offerors,
        "joint": len(offerors) > 1,
        "indicators": [
            {**indicator, **(typed[i] if i < len(typed) and isinstance(typed[i], dict) else {})}
            for i, indicator in enumerate(plan.indicators)
        ],
        "returned": {
            "amount": money((content.get("return") or {}).get("amount")),
            "date": parse_date((content.get("return") or {}).get("date")),
        },
        "declarations": content.get("declarations") or {},
    }


def report_document(report):
    return render_document(REPORT_TEMPLATE, report_document_context(report))


def report_pdf(report):
    """The report as filed when submitted; a draft is rendered from what is typed so far."""
    return stored(report.document) or report_document(report).write_pdf()


def store_filed_report(report):
    """Keep the report as filed (called on each submission)."""
    report.document.save(
        f"sprawozdanie-{report.pk}-{report.submitted_at:%Y%m%d%H%M%S}.pdf",
        ContentFile(report_document(report).write_pdf()),
        save=False,
    )
    report.save(update_fields=["document"])
