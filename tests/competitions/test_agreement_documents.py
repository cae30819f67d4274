"""The agreement, annex, consolidated text and report PDFs at their widest: a five-year
agreement of three offerors with long names, 30 cost lines and an annex.

Measured on WeasyPrint's layout of the Document production writes (tests/pdf_layout.py): no box
crosses its page's content area, no text is under 8 pt, and the PDF's text holds every figure.
Also: the signed text and a filed report are kept, never re-rendered; the annex is its own
document; the consolidated text says so."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.competitions.factories import OfferFactory, add_partner, valid_content
from tests.competitions.factories_reports import agreement_factory, final_report, partial_report, submitted_version
from tests.organisations.factories import OrganisationFactory
from tests.pdf_layout import amount_text, assert_fits_pages, min_font_size, normalised, pdf_text
from wspolpraca.common.money_words import amount_in_words
from wspolpraca.competitions.agreements import annexes as agreement_annexes
from wspolpraca.competitions.agreements import documents as agreement_documents
from wspolpraca.competitions.agreements import services as agreement_services
from wspolpraca.competitions.enums import AgreementState
from wspolpraca.competitions.reporting import content as reporting_content
from wspolpraca.competitions.reporting import documents as report_documents
from wspolpraca.competitions.reporting import services as report_services
from wspolpraca.organisations.enums import LegalForm

pytestmark = pytest.mark.django_db

START, END = datetime.date(2027, 1, 4), datetime.date(2031, 12, 30)
YEARS = [2027, 2028, 2029, 2030, 2031]
NAMES = [
    "Stowarzyszenie Przyjaciół Ziemi Płockiej, Mazowsza i Kujaw im. Władysława Broniewskiego",
    "Fundacja Wspierania Aktywności Obywatelskiej, Edukacji Kulturalnej i Dziedzictwa Regionu Płockiego",
    "Płockie Towarzystwo Naukowe – Sekcja Historii Mówionej i Dokumentacji Pamięci Mieszkańców Miasta",
]


def widest_content(organisations):
    """Five years, 30 cost lines (three actions) with seven-digit totals, three offerors."""
    content = valid_content(organisations=organisations, start=START, end=END)
    lines = []
    for n in range(30):
        unit_cost = Decimal("9876.54") + n
        value = unit_cost * 12
        share = (value / 5).quantize(Decimal("0.01"))
        years = {str(year): str(share) for year in YEARS[:-1]} | {str(YEARS[-1]): str(value - 4 * share)}
        kind = f"Wynagrodzenie koordynatorki działań edukacyjnych i kulturalnych w dzielnicach nr {n + 1}"
        lines.append({"kind": kind, "measure": "miesiąc", "unit_cost": str(unit_cost), "units": "12", "years": years})
    content["V"]["actions"] = [
        {"name": f"Warsztaty, koncerty i spotkania w dzielnicach Płocka – działanie {a + 1}", "lines": lines[a::3]}
        for a in range(3)
    ]
    total = sum(Decimal(line["unit_cost"]) * 12 for line in lines) + Decimal("500.00")
    content["V"]["sources"] = {
        "grant": str(total - Decimal("250000.00")),
        "own_financial": "150000.00",
        "own_personal": "60000.00",
        "own_in_kind": "30000.00",
        "recipient_payments": "10000.00",
    }
    return content


@pytest.fixture
def widest(officer):
    organisations = [
        OrganisationFactory(name=NAMES[0]),
        OrganisationFactory(name=NAMES[1], legal_form=LegalForm.FOUNDATION),
        OrganisationFactory(name=NAMES[2]),
    ]
    offer = OfferFactory(organisation=organisations[0], title="Płocka pamięć – " + NAMES[2])
    for organisation in organisations[1:]:
        add_partner(offer, organisation)
    offer.content = widest_content(organisations)
    offer.save()
    submitted_version(offer)
    grant = Decimal(offer.content["V"]["sources"]["grant"])
    per_year = (grant / 5).quantize(Decimal("0.01"))
    amounts = [per_year] * 4 + [grant - 4 * per_year]
    agreement = agreement_factory(
        offer=offer, officer=officer, start=START, end=END, amount=grant, tranches=[(a, None) for a in amounts]
    )
    for tranche, year in zip(agreement.tranches.order_by("number"), YEARS, strict=True):
        tranche.due_date = datetime.date(year, 1, 15) if year > START.year else START
        tranche.save()
    agreement.ngo_representatives = "Anna Nowak – Prezes Zarządu; Jan Kowalski – Wiceprezes; Ewa Wiśniewska – Prezes"
    agreement.city_representative = "Andrzej Nowakowski – Prezydent Miasta Płocka"
    agreement.own_financial, agreement.own_personal, agreement.own_in_kind = (
        Decimal("150000.00"),
        Decimal("60000.00"),
        Decimal("30000.00"),
    )
    agreement.save()
    return agreement


def annexed(agreement, officer):
    """Annex 1: the last tranche larger by 12 345,67 zł, the task and use moved to 30.12.2031."""
    rows = [(t.due_date, t.amount) for t in agreement.tranches.order_by("number")]
    rows[-1] = (rows[-1][0], rows[-1][1] + Decimal("12345.67"))
    return agreement_annexes.add_annex(
        actor=officer,
        agreement=agreement,
        reason="Zwiększenie dotacji na ostatni rok realizacji zadania (uchwała budżetowa na 2031 r.).",
        amount=agreement.amount + Decimal("12345.67"),
        tranches=rows,
        use_deadline=datetime.date(2031, 12, 15),
        signed_on=timezone.localdate(),
    )


def check(document, figures):
    assert_fits_pages(document)
    assert min_font_size(document) >= 8
    text = normalised(pdf_text(document.write_pdf()))
    missing = [figure for figure in figures if normalised(figure) not in text]
    assert not missing, missing
    return text


def test_the_widest_agreement_as_signed(widest):
    tranches = list(widest.tranches.order_by("number"))
    figures = [amount_text(t.amount) for t in tranches] + [t.due_date.strftime("%d.%m.%Y") for t in tranches]
    figures += [amount_text(widest.amount), amount_in_words(widest.amount), *NAMES, "Gminą-Miasto Płock"]
    years = agreement_documents.terms_after(widest, 0).years
    assert [y.year for y in years] == YEARS
    figures += [f"{y.use_by:%d.%m.%Y}" for y in years] + [f"{y.return_by:%d.%m.%Y}" for y in years]
    figures += [amount_text(y.amount) for y in years] + ["31.01.2028", widest.final_report_due.strftime("%d.%m.%Y")]
    figures += [amount_text(widest.own_financial), amount_text(widest.own_personal), amount_text(widest.own_in_kind)]
    figures += [amount_text("10000.00"), amount_text("240000.00")]  # recipients' payments, own contribution
    text = check(agreement_documents.agreement_document(widest), figures)
    assert "(-ym)" not in text and "wpisaną do Krajowego Rejestru Sądowego" in text  # the foundation
    assert "§ 15. Forma pisemna oświadczeń" in text


def test_the_widest_annex_and_consolidated_text(widest, officer):
    annex = annexed(widest, officer)
    widest.refresh_from_db()
    last = widest.tranches.order_by("number").last()
    figures = [amount_text(widest.amount), amount_in_words(widest.amount), amount_text(last.amount), "15.12.2031"]
    figures += [f"ANEKS NR {annex.number}", "§ 3 ust. 1 otrzymuje brzmienie", "§ 10 ust. 1 otrzymuje brzmienie"]
    figures += [annex.reason, timezone.localdate().strftime("%d.%m.%Y"), *NAMES]
    check(agreement_documents.annex_document(annex), figures)
    consolidated = check(
        agreement_documents.agreement_document(widest, consolidated=True),
        [amount_text(widest.amount), "TEKST JEDNOLITY", "uwzględniający aneks nr 1", "15.12.2031"],
    )
    assert "(podpis)" not in consolidated  # a consolidated text is not signed
    signed = normalised(pdf_text(agreement_documents.agreement_pdf(widest)))
    assert amount_text(widest.amount - Decimal("12345.67")) in signed and amount_text(widest.amount) not in signed


def report_content(report, share):
    plan = reporting_content.plan_of(report.agreement)
    costs = {line.key: str((line.planned * share).quantize(Decimal("0.01"))) for line in plan.lines}
    total = sum((Decimal(v) for v in costs.values()), Decimal("0.00"))
    own = Decimal("250000.00") * share
    return {
        "I": {"results": "Wyniki " * 200, "activities": "Działania " * 300, "indicators": [{"achieved": "1400"}]},
        "II": {
            "costs": costs,
            "sources": {
                "grant": str(total - own),
                "own_financial": str(Decimal("150000.00") * share),
                "own_personal": str(Decimal("60000.00") * share),
                "own_in_kind": str(Decimal("30000.00") * share),
                "recipient_payments": str(Decimal("10000.00") * share),
            },
            "contribution": "Praca wolontariuszy.",
            "interest": "12.34",
            "other_income": "56.78",
            "income_info": "Odsetki od rachunku.",
        },
        "III": {"additional": "—"},
        "return": {"amount": "0", "date": "2032-01-15"},
        "declarations": {"legal_status": True, "truthful": True, "personal_data": True},
    }


@pytest.mark.parametrize("kind", ["partial", "final"])
def test_the_widest_reports(widest, kind):
    report = partial_report(widest) if kind == "partial" else final_report(widest)
    share = Decimal("0.5") if kind == "partial" else Decimal("1")
    report.content = report_content(report, share)
    report.save()
    plan = reporting_content.plan_of(widest)
    figures = [amount_text(line.planned) for line in plan.lines]
    figures += [amount_text(Decimal(v)) for v in report.content["II"]["costs"].values()]
    figures += [amount_text(Decimal(v)) for v in report.content["II"]["sources"].values()]
    figures += [amount_text("12.34"), amount_text("56.78"), amount_text("250000.00") if share == 1 else "Wkład własny"]
    figures += ["Suma kosztów administracyjnych", "Razem działanie 3", "Świadczenia pieniężne pobrane od odbiorców"]
    figures += ["POUCZENIE", "złożyły stosowne oświadczenia", "Podpis osoby upoważnionej"]
    text = check(report_documents.report_document(report), figures)
    if kind == "partial":
        assert "ponad 10%" not in text and "Wykonanie [%]" in text and " 50,00 " in text


def test_declarations_and_signature_share_a_page(widest):
    report = final_report(widest)
    report.content = report_content(report, Decimal("1"))
    report.save()
    document = report_documents.report_document(report)
    for page in document.pages:
        text = normalised(" ".join(_texts(page._page_box)))
        if "Oświadczam(y)" in text:
            assert "Podpis osoby upoważnionej" in text and "Data" in text
            break
    else:
        pytest.fail("no declarations")


def _texts(box):
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box.text
    for child in getattr(box, "children", ()) or ():
        yield from _texts(child)


def test_signed_text_and_filed_report_are_kept(people):
    officer, representative = people["officer"], people["representative"]
    agreement = agreement_factory(organisation=people["organisation"], officer=officer)
    agreement.state = AgreementState.SENT
    agreement.signed_on = None
    agreement.sent_at = timezone.now() - datetime.timedelta(days=2)
    agreement.save()
    agreement_services.record_signature(actor=officer, agreement=agreement, signed_on=timezone.localdate())
    agreement.refresh_from_db()
    stored = agreement.signed_document.read()
    agreement.offer.call.allowed_cost_shift_pct = Decimal("25.00")  # a later change of the call's data
    agreement.offer.call.save()
    assert agreement_documents.agreement_pdf(agreement) == stored
    assert "10%" in normalised(pdf_text(stored))

    report = final_report(agreement)
    from tests.competitions.test_reports import complete

    report_services.save_report(actor=representative, report=report, content=complete(report))
    report_services.submit_report(actor=representative, report=report)
    report.refresh_from_db()
    filed = report.document.read()
    assert report_documents.report_pdf(report) == filed


@pytest.fixture
def people(organisation, representative, officer, executive):
    return {"organisation": organisation, "representative": representative, "officer": officer, "executive": executive}
