"""The offer, simplified offer and notice PDFs at their widest fit A4 portrait and say every figure.

Measured on WeasyPrint's layout of the Document production writes (tests/pdf_layout.py): no box
crosses its page's content area, no text is under 8 pt, and the PDF's text holds every cost,
each year's total and each offeror's name.
"""

import datetime
import os
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.competitions.factories import (
    CallFactory,
    OfferFactory,
    add_partner,
    area,
    open_call,
    small_grant_call,
    valid_content,
)
from tests.organisations.factories import OrganisationFactory
from tests.pdf_layout import amount_text, assert_fits_pages, margin_texts, min_font_size, normalised, pdf_text
from wspolpraca.competitions.calls import documents
from wspolpraca.competitions.models import CallTask, CallTaskBudget, OfferVersion
from wspolpraca.competitions.offers import canonical
from wspolpraca.competitions.offers.documents import offer_document, version_context

pytestmark = pytest.mark.django_db

YEARS = [2027, 2028, 2029, 2030, 2031]
LONG = "Stowarzyszenie Przyjaciół Ziemi Płockiej, Mazowsza i Kujaw im. Władysława Broniewskiego"


def widest_content(organisations, *, simplified=False):
    """Five years, 30 cost lines with seven-digit amounts, long names, three offerors."""
    content = valid_content(
        organisations=organisations,
        start=datetime.date(2027, 1, 2),
        end=datetime.date(2031, 12, 30),
        simplified=simplified,
    )
    lines = []
    for n in range(30):
        unit_cost = Decimal("98765.43") + n
        units = 12
        value = unit_cost * units
        shares = [(value / 5).quantize(Decimal("0.01"))] * 4
        years = {str(year): str(share) for year, share in zip(YEARS, shares, strict=False)}
        years[str(YEARS[-1])] = str(value - sum(shares))
        line = {
            "kind": f"Wynagrodzenie koordynatorki działań edukacyjnych i kulturalnych nr {n + 1}",
            "measure": "miesiąc pracy",
            "unit_cost": str(unit_cost),
            "units": str(units),
            "years": years,
        }
        if simplified:
            line["grant"] = str(value)
        lines.append(line)
    content["V"]["actions"] = [
        {
            "name": f"Działanie o bardzo długiej nazwie opisującej warsztaty nr {a + 1}",
            "lines": lines[a * 10 : a * 10 + 10],
        }
        for a in range(3)
    ]
    content["III"]["activities"] = [
        {**activity, "name": "Warsztaty i koncerty w dzielnicach", "period": f"III–XI {activity['year']}"}
        for activity in content["III"]["activities"]
    ]
    return content


def file_version(offer, content, user):
    """A filed version of `offer` holding `content`, as submit_offer stores it (the widest
    documents are wider than a call's own limits, which submit_offer rightly enforces)."""
    offer.content = content
    offer.save()
    text, checksum, attachments = canonical.for_offer(offer)
    return OfferVersion.objects.create(
        offer=offer,
        number=1,
        content=content,
        canonical=text,
        checksum=checksum,
        attachments=attachments,
        submitted_by=user,
        submitted_at=timezone.now(),
    )


def written(document, name):
    """The PDF's bytes; with PDF_DUMP_DIR set, also saved there to be looked at page by page."""
    pdf = document.write_pdf()
    if os.environ.get("PDF_DUMP_DIR"):
        with open(os.path.join(os.environ["PDF_DUMP_DIR"], f"{name}.pdf"), "wb") as file:
            file.write(pdf)
    return pdf


def figures_of(version):
    context = version_context(version)
    lines = [row for row in context["cost_rows"] if row["type"] == "line"]
    year_totals = [row["years"] for row in context["cost_rows"] if row["type"] == "sum"][-1]
    return context, lines, year_totals


@pytest.fixture
def joint_widest(representative, organisation):
    organisation.name = LONG
    organisation.bank_account = "PL61109010140000071219812874"
    organisation.save()
    offer = OfferFactory(organisation=organisation)
    partners = [add_partner(offer, OrganisationFactory(name=f"{LONG} – oddział {n}")) for n in (2, 3)]
    return file_version(offer, widest_content([organisation, *partners]), representative)


def test_widest_joint_offer_fits_the_page_and_says_every_figure(joint_widest):
    document = offer_document(joint_widest)
    assert_fits_pages(document)
    assert min_font_size(document) >= 8
    assert all(len(lines) <= 1 for lines in margin_texts(document))  # the footer never wraps
    pdf = written(document, "joint-widest")
    text, reading = normalised(pdf_text(pdf)), normalised(pdf_text(pdf, layout=False))
    context, lines, year_totals = figures_of(joint_widest)
    assert len(lines) >= 30 and len(context["years"]) == 5 and len(context["split"]) == 3
    for line in lines:
        assert amount_text(line["value"]) in text
        for value in line["years"]:
            assert amount_text(value) in text
    for total in year_totals:
        assert amount_text(total) in text
    for total in context["split_year_totals"]:
        assert amount_text(total) in text
    for n, offeror in enumerate(context["offerors"], start=1):
        assert normalised(f"Oferent {n}: {offeror['name']}") in reading
    for year in range(1, 6):
        assert f"Rok {year} ({YEARS[year - 1]})" in reading
    assert "PL61 1090 1014 0000 0712 1981 2874" in text


@pytest.mark.parametrize("years", [1, 2])
def test_one_and_two_year_offers_fit_the_page(organisation, representative, years):
    offer = OfferFactory(organisation=organisation)
    content = valid_content(
        organisations=[organisation], start=datetime.date(2027, 3, 1), end=datetime.date(2026 + years, 10, 31)
    )
    version = file_version(offer, content, representative)
    document = offer_document(version)
    assert_fits_pages(document)
    assert min_font_size(document) >= 8
    pdf = written(document, f"offer-{years}-years")
    text, reading = normalised(pdf_text(pdf)), normalised(pdf_text(pdf, layout=False))
    assert "Rok 1" in reading and "(2027)" in reading and ("Rok 2" in reading) == (years == 2)
    for total in figures_of(version)[2]:
        assert amount_text(total) in text


def test_widest_simplified_offer_lists_each_activity_once(organisation, representative):
    call = small_grant_call()
    offer = OfferFactory(call=call, task=call.tasks.first(), organisation=organisation)
    version = file_version(offer, widest_content([organisation], simplified=True), representative)
    document = offer_document(version)
    assert_fits_pages(document)
    assert min_font_size(document) >= 8
    pdf = written(document, "simplified-widest")
    text, reading = normalised(pdf_text(pdf)), normalised(pdf_text(pdf, layout=False))
    assert reading.count("Warsztaty i koncerty w dzielnicach") == 1
    assert "III–XI 2027; III–XI 2028; III–XI 2029; III–XI 2030; III–XI 2031" in reading
    for line in figures_of(version)[1]:
        assert amount_text(line["value"]) in text


def test_widest_notice_fits_the_page(settings):
    call = CallFactory(
        title="Otwarty konkurs ofert " + LONG,
        published_at=timezone.make_aware(datetime.datetime(2026, 11, 20, 10)),
        same_type_cost_this_year=Decimal("130000.00"),
        same_type_cost_last_year=Decimal("1234567.89"),
        tasks=[],
    )
    for n in range(1, 13):
        task = CallTask.objects.create(call=call, number=n, title=f"Zadanie {n}: {LONG}", area=area("16"))
        for year in YEARS:
            CallTaskBudget.objects.create(task=task, year=year, amount=Decimal("1999999.99"))
    document = documents.call_notice_document(call)
    assert_fits_pages(document)
    assert min_font_size(document) >= 8
    assert all(len(lines) <= 1 for lines in margin_texts(document))
    pdf = written(document, "notice-widest")
    text, reading = pdf_text(pdf), normalised(pdf_text(pdf, layout=False))
    # item 7 names the year of the announcement (published in 2026) and the year before
    heading = re.search(r"7\. \D*2026\D*2025\D*", reading)
    assert heading, reading
    item_7 = reading[heading.start() :]
    assert re.search(r"\D2026\D*: 130 000,00 zł", item_7) and re.search(r"\D2025\D*: 1 234 567,89 zł", item_7)
    # amounts are laid out whole: no line of the PDF ends inside one
    assert "1\u00a0999\u00a0999,99" in text
    assert not re.search(r"\d\s*\n\s*\d{3},\d\d", text)


def test_amounts_typed_in_the_notice_are_kept_whole(client):
    """An officer types "130 000,00 zł" with ordinary spaces: the notice (PDF and BIP file) and
    the call's public page join it."""
    call = open_call(same_type_tasks="W 2026 r. zlecono 5 zadań na kwotę 150 000,00 zł, w 2025 r. 4 na 130 000,00 zł.")
    page = client.get(reverse("competitions:call_detail", args=[call.slug])).content.decode()
    for html in (documents.render_call_bip_html(call), page):
        assert "150\u00a0000,00\u00a0zł" in html and "130\u00a0000,00\u00a0zł" in html
        assert "W 2026 r." in html  # years are not numbers to join
