"""The draft read from a DOCX, ODT, PDF or TXT file, and the form that imports it."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.pdfs import make_pdf
from wspolpraca.consultations.importing import text_from_file
from wspolpraca.consultations.models import Consultation

from .test_views import form_data

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PARAGRAPHS = [
    "Uchwała Nr 1/2026 Rady Miasta Płocka",
    "§ 1. 1. Przyjmuje się Program współpracy.",
    "2. Program stanowi załącznik.",
    "§ 2. Wykonanie uchwały powierza się Prezydentowi Miasta Płocka.",
]


def docx(paragraphs=PARAGRAPHS, extra=""):
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{p[:5]}</w:t></w:r><w:r><w:t>{p[5:]}</w:t></w:r></w:p>'
        for p in paragraphs
    )
    xml = f'<?xml version="1.0" encoding="UTF-8"?>{extra}<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return SimpleUploadedFile("projekt.docx", buffer.getvalue())


def odt(paragraphs=PARAGRAPHS):
    ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    body = "".join(
        f"<text:p>{p.replace(' ', '<text:s/>', 1)}</text:p>" if i else f"<text:h>{p}</text:h>"
        for i, p in enumerate(paragraphs)
    )
    xml = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body><office:text>{body}</office:text></office:body></office:document-content>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", xml)
    return SimpleUploadedFile("projekt.odt", buffer.getvalue())


def pdf_with_text():
    from weasyprint import HTML

    html = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return SimpleUploadedFile("projekt.pdf", HTML(string=f"<html><body>{html}</body></html>").write_pdf())


@pytest.mark.parametrize("make", [docx, odt], ids=["docx", "odt"])
def test_word_and_opendocument_give_one_paragraph_per_line(make):
    assert text_from_file(make()).split("\n") == PARAGRAPHS


def test_pdf_text_keeps_polish_letters():
    text = text_from_file(pdf_with_text())
    assert "§ 2. Wykonanie uchwały powierza się Prezydentowi Miasta Płocka." in text


def test_plain_text_in_utf8_or_windows_1250():
    assert text_from_file(SimpleUploadedFile("a.txt", "§ 1. Zażółć".encode())) == "§ 1. Zażółć"
    assert text_from_file(SimpleUploadedFile("a.txt", "§ 1. Zażółć".encode("cp1250"))) == "§ 1. Zażółć"


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("projekt.docx", b"not a zip"),
        SimpleUploadedFile("projekt.odt", b"PK\x03\x04 broken"),
        SimpleUploadedFile("projekt.exe", b"MZ"),
    ],
    ids=["bad-docx", "bad-odt", "extension"],
)
def test_unreadable_files_are_refused_with_a_message(upload):
    with pytest.raises(ValidationError):
        text_from_file(upload)


def test_a_document_type_definition_is_refused_unread():
    bomb = '<!DOCTYPE lol [<!ENTITY lol "lol">]>'
    with pytest.raises(ValidationError) as error:
        text_from_file(docx(extra=bomb))
    assert error.value.code == "unreadable"


def test_a_pdf_without_text_is_refused_as_a_scan():
    with pytest.raises(ValidationError) as error:
        text_from_file(SimpleUploadedFile("skan.pdf", make_pdf(note="")))
    assert error.value.code == "empty"


def test_a_pdf_with_active_content_is_refused():
    with pytest.raises(ValidationError):
        text_from_file(
            SimpleUploadedFile("zly.pdf", make_pdf(catalog_extra=b"/OpenAction << /S /JavaScript /JS (x) >>"))
        )


@pytest.mark.django_db
def test_officer_imports_the_draft_from_a_word_file(client, officer):
    client.force_login(officer)
    response = client.post(reverse("consultations_panel:add"), {**form_data(text=""), "draft_file": docx()})
    assert response.status_code == 302, response.context["form"].errors
    consultation = Consultation.objects.get()
    labels = [unit.label for unit in consultation.versions.get().units.all()]
    assert labels[-3:] == ["§ 1 ust. 1", "§ 1 ust. 2", "§ 2"]
    assert consultation.draft_file.name.endswith(".docx")
    page = client.get(reverse("consultations_panel:detail", args=[consultation.pk])).content.decode()
    assert consultation.draft_file.url in page


@pytest.mark.django_db
def test_neither_text_nor_file_asks_for_one_and_an_unreadable_file_keeps_the_form(client, officer):
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("consultations_panel:add"), form_data(text="", title="Tytuł zachowany"))
    assert "Paste the text of the draft act, or import it from a file." in response.content.decode()
    response = client.post(
        reverse("consultations_panel:add"),
        {**form_data(text="", title="Tytuł zachowany"), "draft_file": SimpleUploadedFile("x.docx", b"zepsuty")},
    )
    content = response.content.decode()
    assert response.status_code == 200 and "The file could not be read" in content and "Tytuł zachowany" in content
    assert not Consultation.objects.exists()
