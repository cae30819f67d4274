"""The officer's answers page, moderation, publishing a report, the public report, its PDF and the exports."""

import csv
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.organisations.factories import MembershipFactory, OrganisationFactory
from tests.pdf_layout import assert_fits_pages, pdf_text
from wspolpraca.common.pdf import render_document
from wspolpraca.consultations import reports, services
from wspolpraca.consultations.enums import ConsultationState
from wspolpraca.consultations.models import Comment

from .factories import closed_with_comments, draft_consultation

pytestmark = pytest.mark.django_db


def authors(count):
    result = []
    first = OrganisationFactory._meta.model.objects.count()
    for index in range(first, first + count):
        organisation = OrganisationFactory(name=f"Stowarzyszenie Żółwik nr {index}", slug=f"zolwik-{index}")
        result.append((MembershipFactory(organisation=organisation, role="representative").user, organisation))
    return result


@pytest.fixture
def closed(officer, representative, organisation):
    return closed_with_comments(officer, [(representative, organisation), *authors(2)])


def answer_all(officer, consultation, comments):
    services.answer_comments(
        actor=officer, consultation=consultation, comments=comments, verdict="partly_accepted", reason="Częściowo."
    )


def test_joint_answer_through_the_page_and_filters(client, officer, closed, organisation):
    consultation, comments = closed
    client.force_login(officer)
    url = reverse("consultations_panel:answers", args=[consultation.pk])
    response = client.post(
        url,
        {"comments": [comments[0].pk, comments[1].pk], "verdict": "not_accepted", "reason": "Poza zakresem aktu."},
    )
    assert response.status_code == 302
    first, second, third = (Comment.objects.get(pk=c.pk) for c in comments)
    assert first.answer_id == second.answer_id and first.answer.reason == "Poza zakresem aktu."
    assert third.answer_id is None
    page = client.get(url, {"status": "unanswered"})
    assert [c.pk for c in page.context["comments"]] == [third.pk]
    page = client.get(url, {"organisation": organisation.pk})
    assert [c.pk for c in page.context["comments"]] == [first.pk]


def test_answer_without_reason_or_comment_keeps_the_page(client, officer, closed):
    consultation, comments = closed
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("consultations_panel:answers", args=[consultation.pk])
    response = client.post(url, {"comments": [comments[0].pk], "verdict": "accepted", "reason": ""})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    assert f'value="{comments[0].pk}" checked' in response.content.decode()
    response = client.post(url, {"verdict": "accepted", "reason": "R"})
    assert "Tick the comment" in response.content.decode()
    assert not Comment.objects.filter(answer__isnull=False).exists()


def test_report_page_refuses_with_the_count_left(client, officer, closed):
    consultation, comments = closed
    answer_all(officer, consultation, comments[:1])
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("consultations_panel:report_add", args=[consultation.pk])
    response = client.post(url, {"title": "Raport 1", "confirm": "on"})
    assert response.status_code == 200
    assert "2 comments still have no answer" in response.content.decode()
    answer_all(officer, consultation, comments[1:])
    response = client.post(url, {"title": "Raport 1", "introduction": "Wstęp ąę", "confirm": "on"})
    report = consultation.reports.get()
    assert response["Location"] == report.get_absolute_url()
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.REPORT_PUBLISHED


def test_hide_through_the_page(client, officer, closed):
    consultation, comments = closed
    client.force_login(officer)
    url = reverse("consultations_panel:comment_hide", args=[consultation.pk, comments[2].pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    client.post(url, {"reason": "Obraźliwe treści"})
    comments[2].refresh_from_db()
    assert comments[2].hidden_reason == "Obraźliwe treści" and comments[2].hidden_by == officer


def test_report_of_a_draft_or_missing_number_is_404(client, officer, closed):
    consultation, comments = closed
    answer_all(officer, consultation, comments)
    services.publish_report(actor=officer, consultation=consultation)
    assert client.get(reverse("consultations:report", args=[consultation.pk, 2])).status_code == 404
    draft = draft_consultation(officer)
    assert client.get(reverse("consultations:report", args=[draft.pk, 1])).status_code == 404
    assert client.get(reverse("consultations:report_pdf", args=[consultation.pk, 1])).status_code == 200


def test_report_pdf_has_polish_glyphs_comments_answers_and_fits(officer, closed):
    consultation, comments = closed
    answer_all(officer, consultation, comments)
    services.hide_comment(actor=officer, comment=comments[2], reason="Spam")
    draft = services.current_version(consultation)
    services.set_final_text(
        actor=officer, consultation=consultation, text=draft.text.replace("kultury,", "kultury i sztuki,")
    )
    report = services.publish_report(actor=officer, consultation=consultation)
    document = render_document("consultations/pdf/report.html", reports.report_context(report))
    assert_fits_pages(document)
    text = " ".join(pdf_text(document.write_pdf(), layout=False).split())
    assert "Raport 1" in text and "Zestawienie uwag" in text
    assert "Uzasadnienie uwagi nr 1: zażółć gęślą jaźń" in text
    assert "Stowarzyszenie Żółwik nr 1" in text and "Częściowo." in text
    assert "Stowarzyszenie Żółwik nr 2" not in text  # the hidden comment's author is never named
    assert "Uwaga ukryta przez moderatora" in text and "Uzasadnienie uwagi nr 3" not in text
    assert "sztuki" in text  # the comparison


def test_exports_csv_and_xlsx(client, officer, closed, organisation):
    from openpyxl import load_workbook

    consultation, comments = closed
    answer_all(officer, consultation, comments[:2])
    services.hide_comment(actor=officer, comment=comments[2], reason="Spam")
    client.force_login(officer)
    response = client.get(reverse("consultations_panel:comments_csv", args=[consultation.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 4
    assert rows[1][6] == organisation.name and rows[1][5].startswith("Uzasadnienie uwagi nr 1")
    assert rows[1][11] == "Częściowo." and rows[3][13] == "Spam"
    response = client.get(reverse("consultations_panel:comments_xlsx", args=[consultation.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 4 and sheet.cell(row=2, column=7).value == organisation.name


@pytest.mark.parametrize("page", ["answers", "report"])
def test_comment_lists_query_count_does_not_grow(client, officer, representative, organisation, page):
    def build(count):
        consultation, comments = closed_with_comments(
            officer, [(representative, organisation), *authors(count)][:count]
        )
        answer_all(officer, consultation, comments)
        services.publish_report(actor=officer, consultation=consultation)
        if page == "answers":
            return reverse("consultations_panel:answers", args=[consultation.pk])
        return reverse("consultations:report", args=[consultation.pk, 1])

    client.force_login(officer)
    one = build(1)
    client.get(one)
    with CaptureQueriesContext(connection) as few:
        client.get(one)
    many = build(6)
    with CaptureQueriesContext(connection) as lots:
        response = client.get(many)
    assert response.status_code == 200
    assert len(response.context["comments"]) == 6
    assert len(lots.captured_queries) == len(few.captured_queries)


def test_answers_public_only_with_the_report(client, officer, closed):
    consultation, comments = closed
    answer_all(officer, consultation, comments)
    url = reverse("consultations:detail", args=[consultation.pk])
    assert "Częściowo." not in client.get(url).content.decode()
    report = services.publish_report(actor=officer, consultation=consultation)
    content = client.get(url).content.decode()
    assert "Częściowo." in content and report.get_absolute_url() in content
