"""The offer PDF (annex 1 layout, or the simplified offer) and the receipt PDF."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.competitions.factories import OfferFactory, add_partner, small_grant_call, valid_content
from wspolpraca.competitions.models import Offer
from wspolpraca.competitions.offers.documents import offer_pdf, receipt_pdf, version_context
from wspolpraca.competitions.offers.submission import submit_offer

pytestmark = pytest.mark.django_db


def html_of(template, version):
    """The PDF's HTML as render_pdf renders it: official documents are always Polish."""
    with translation.override("pl"):
        return render_to_string(template, version_context(version))


@pytest.fixture
def version(organisation, representative):
    return submit_offer(actor=representative, offer=OfferFactory(organisation=organisation))


def test_offer_pdf_renders_with_polish_characters(version):
    pdf = offer_pdf(version)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_offer_html_follows_annex_1(version):
    html = html_of("competitions/pdf/offer.html", version)
    # the model's alternatives, the wrong one struck through, and the Act's citation
    assert "OFERTA REALIZACJI ZADANIA PUBLICZNEGO / <s>OFERTA WSPÓLNA REALIZACJI ZADANIA PUBLICZNEGO</s>" in html
    assert "O KTÓREJ MOWA W ART. 14 UST. 1 / <s>2</s> USTAWY" in html and "(DZ. U. Z 2024 R. POZ. 1491" in html
    assert "Pouczenie co do sposobu wypełniania oferty" in html
    assert '2. Rodzaj zadania publicznego<sup>1)</sup></th><td class="pre">Kultura i sztuka</td>' in html
    for n in range(1, 9):
        assert f"<p>{n}) " in html and f"<sup>{n})</sup>" in html, n
    for heading in (
        "I. Podstawowe informacje o złożonej ofercie",
        "II. Dane oferenta",
        "III. Opis zadania",
        "4. Plan i harmonogram działań na rok 2027",
        "6. Dodatkowe informacje dotyczące rezultatów",
        "IV. Charakterystyka oferenta",
        "V.A Zestawienie kosztów realizacji zadania",
        "V.B Źródła finansowania kosztów realizacji zadania",
        "V.C Podział kosztów realizacji zadania pomiędzy oferentów",
        "VI. Inne informacje",
        "VII. Oświadczenia",
    ):
        assert heading in html, heading
    for column in ("Lp.", "Rodzaj kosztu", "Rodzaj miary", "Koszt jednostkowy [PLN]", "Liczba jednostek", "Razem"):
        assert column in html
    assert "Suma wszystkich kosztów realizacji zadania" in html
    assert "Wkład własny niefinansowy (osobowy i rzeczowy)" in html
    assert "nie dotyczy" in html  # V.C and VI.2 of a single offer
    assert "<strong>nie zalega(-ją)</strong> / <s>zalega(-ją)</s>" in html  # the model's order
    assert version.offer.number in html and version.checksum in html
    assert "Podpis osoby upoważnionej" in html


def test_figures_come_from_the_document_not_stored_totals(version):
    Offer.objects.filter(pk=version.offer_id).update(total_cost=Decimal("1.00"), requested_grant=Decimal("1.00"))
    version.offer.refresh_from_db()
    context = version_context(version)
    assert context["figures"].total_cost == Decimal("6500.00")
    rows = {lp: (value, pct) for lp, _label, value, pct in context["sources_rows"]}
    assert rows["1"] == (Decimal("6500.00"), Decimal("100"))
    assert rows["2"][0] == Decimal("5500.00")
    assert rows["3"][0] == Decimal("1000.00")
    assert rows["3.2"][0] == Decimal("500.00")
    assert sum((rows[k][1] for k in ("2", "3.1", "4")), Decimal(0)) + rows["3.2"][1] == Decimal("100.00")


def test_joint_offer_has_joint_title_and_split(organisation, representative):
    offer = OfferFactory(organisation=organisation)
    partner = add_partner(offer)
    offer.content = valid_content(
        organisations=[organisation, partner], start=datetime.date(2027, 3, 1), end=datetime.date(2028, 6, 30)
    )
    offer.save()
    version = submit_offer(actor=representative, offer=offer)
    html = html_of("competitions/pdf/offer.html", version)
    assert "<s>OFERTA REALIZACJI ZADANIA PUBLICZNEGO</s> / OFERTA WSPÓLNA REALIZACJI ZADANIA PUBLICZNEGO" in html
    assert f"Oferent 2: {partner.name}" in html
    assert "Rok 2 (2028)" in html
    assert "4. Plan i harmonogram działań na rok 2028" in html
    assert offer_pdf(version).startswith(b"%PDF")


def test_simplified_offer_layout(organisation, representative):
    call = small_grant_call()
    content = valid_content(
        organisations=[organisation],
        start=datetime.date(call.year, 6, 1),
        end=datetime.date(call.year, 7, 31),
        simplified=True,
    )
    offer = OfferFactory(call=call, task=call.tasks.first(), organisation=organisation, content=content)
    version = submit_offer(actor=representative, offer=offer)
    html = html_of("competitions/pdf/offer.html", version)
    assert "UPROSZCZONA OFERTA REALIZACJI ZADANIA PUBLICZNEGO" in html
    assert "Z dotacji" in html and "Z wkładu własnego" in html
    assert "V.A Zestawienie" not in html
    assert offer_pdf(version).startswith(b"%PDF")


def test_receipt(version):
    html = html_of("competitions/pdf/receipt.html", version)
    assert "Potwierdzenie złożenia oferty" in html
    assert version.offer.number in html and version.checksum in html
    assert "sha256sum" in html
    assert "5 500,00 zł" in html or "5\xa0500,00 zł" in html
    assert receipt_pdf(version).startswith(b"%PDF")
