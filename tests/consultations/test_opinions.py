"""Opinion requests to bodies (art. 41i): the deadline, the opinion recorded by the body's
secretary, the request lapsing the day after its deadline, and the pages."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.bodies.factories import BodyFactory, MembershipFactory, full_term
from tests.factories import UserFactory
from wspolpraca.bodies.enums import MemberRole, OpinionOutcome
from wspolpraca.common.scheduled import scheduled_steps
from wspolpraca.common.selectors import activity_for
from wspolpraca.consultations import opinions
from wspolpraca.consultations.enums import ActKind, OpinionRequestState
from wspolpraca.consultations.home import home_sections
from wspolpraca.consultations.models import OpinionRequest

from .factories import open_consultation

pytestmark = pytest.mark.django_db
WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture
def council(db):
    body = BodyFactory(name="Płocka Rada Działalności Pożytku Publicznego", contact_email="rada@plock.example")
    full_term(body=body)
    return body


@pytest.fixture
def secretary(council):
    user = UserFactory(email="sekretarz@example.org")
    MembershipFactory(term=council.terms.get(), user=user, name="Anna Sekretarz", role=MemberRole.SECRETARY)
    return user


def ask(officer, body, **data):
    values = {"body": body, "subject": "Projekt uchwały w sprawie nazw ulic", "act_kind": ActKind.OTHER}
    values["delivered_on"] = timezone.localdate()
    values.update(data)
    return opinions.request_opinion(actor=officer, data=values)


def test_request_on_a_consultation_runs_14_days_from_delivery_and_tells_the_body(
    officer, council, secretary, mailoutbox, django_capture_on_commit_callbacks
):
    consultation = open_consultation(officer, act_kind=ActKind.PROGRAMME)
    delivered = timezone.localdate() - datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(officer, council, consultation=consultation, subject="", act_kind="", delivered_on=delivered)
    assert request.subject == consultation.title
    assert request.act_kind == ActKind.PROGRAMME
    assert request.days == 14
    assert request.deadline == delivered + datetime.timedelta(days=14)
    assert request.state == OpinionRequestState.REQUESTED
    [mail] = mailoutbox
    assert "rada@plock.example" in mail.to and "sekretarz@example.org" in mail.to
    assert reverse("consultations:opinion", args=[request.pk]) in mail.body
    assert activity_for(consultation).filter(action="consultation.opinion_requested").exists()
    assert activity_for(request).filter(action="opinion_request.created").exists()


@pytest.mark.parametrize(
    ("act_kind", "days", "refused"),
    [
        (ActKind.OTHER, 6, True),
        (ActKind.OTHER, 7, False),
        (ActKind.PROGRAMME, 13, True),
        (ActKind.STRATEGY, 10, True),
        (ActKind.STRATEGY, 14, False),
    ],
)
def test_never_fewer_than_7_days_and_14_for_a_programme_or_strategy(officer, council, act_kind, days, refused):
    if refused:
        with pytest.raises(ValidationError) as error:
            ask(officer, council, act_kind=act_kind, days=days)
        assert "days" in error.value.message_dict
        assert not OpinionRequest.objects.exists()
    else:
        assert ask(officer, council, act_kind=act_kind, days=days).days == days


def test_the_minimum_is_a_setting_but_never_below_7(officer, council, settings):
    settings.OPINION_REQUEST_MIN_DAYS = 10
    with pytest.raises(ValidationError):
        ask(officer, council, days=9)
    settings.OPINION_REQUEST_MIN_DAYS = 3
    with pytest.raises(ValidationError):
        ask(officer, council, days=6)


def test_a_delivery_whose_deadline_passed_or_in_the_future_is_refused(officer, council):
    with pytest.raises(ValidationError) as error:
        ask(officer, council, delivered_on=timezone.localdate() - datetime.timedelta(days=20), days=14)
    assert "days" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        ask(officer, council, delivered_on=timezone.localdate() + datetime.timedelta(days=1))
    assert "delivered_on" in error.value.message_dict


def at_warsaw(day, hour, minute=0):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=WARSAW)


def test_not_used_the_day_after_the_deadline_and_never_before(
    officer, council, mailoutbox, django_capture_on_commit_callbacks
):
    request = ask(officer, council, days=7)
    assert ("opinion_requests", opinions.lapse_opinion_requests) in [(s.name, s.run) for s in scheduled_steps()]
    assert opinions.lapse_opinion_requests(at_warsaw(request.deadline, 23, 59)) == []
    request.refresh_from_db()
    assert request.state == OpinionRequestState.REQUESTED
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = opinions.lapse_opinion_requests(at_warsaw(request.deadline + datetime.timedelta(days=1), 0, 0))
    assert done == [f"opinion request {request.pk}: requested → not_used"]
    request.refresh_from_db()
    assert request.state == OpinionRequestState.NOT_USED
    assert "officer" in mailoutbox[0].to[0] or mailoutbox[0].to == [officer.email]
    # Idempotent: a second run changes nothing.
    assert opinions.lapse_opinion_requests(at_warsaw(request.deadline + datetime.timedelta(days=2), 8)) == []


def test_run_scheduled_command_reports_the_lapse(officer, council):
    request = ask(officer, council, days=7)
    OpinionRequest.objects.filter(pk=request.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    from io import StringIO

    out = StringIO()
    call_command("run_scheduled", stdout=out)
    assert f"opinion_requests: opinion request {request.pk}: requested → not_used" in out.getvalue()


def test_secretary_records_the_opinion_on_the_page(
    client, officer, council, secretary, mailoutbox, django_capture_on_commit_callbacks
):
    consultation = open_consultation(officer)
    request = ask(officer, council, consultation=consultation)
    client.force_login(secretary)
    url = reverse("consultations:opinion_record", args=[request.pk])
    assert client.get(url).status_code == 200
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "outcome": OpinionOutcome.POSITIVE_WITH_REMARKS,
                "opinion_text": "Rada opiniuje pozytywnie, z uwagą do § 2.",
                "resolution_number": "5/2026",
                "given_on": timezone.localdate().isoformat(),
            },
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == OpinionRequestState.GIVEN
    assert request.recorded_by == secretary
    assert request.outcome == OpinionOutcome.POSITIVE_WITH_REMARKS
    assert mailoutbox and officer.email in mailoutbox[0].to
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    public = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert council.name in public and "positive with remarks" in public
    page = client.get(reverse("consultations:opinion", args=[request.pk])).content.decode()
    assert "z uwagą do § 2" in page and "5/2026" in page
    # Given once: the form refuses a second opinion.
    again = client.post(url, {"outcome": OpinionOutcome.NEGATIVE, "opinion_text": "Inna"})
    assert again.status_code == 200
    request.refresh_from_db()
    assert request.outcome == OpinionOutcome.POSITIVE_WITH_REMARKS


def test_after_the_deadline_the_form_refuses_and_keeps_the_text(client, officer, council, secretary):
    request = ask(officer, council, days=7)
    OpinionRequest.objects.filter(pk=request.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("consultations:opinion_record", args=[request.pk]),
        {"outcome": OpinionOutcome.NEGATIVE, "opinion_text": "Tekst, którego nie wolno zgubić"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "did not use its right to give an opinion" in content
    assert "Tekst, którego nie wolno zgubić" in content
    request.refresh_from_db()
    assert request.state == OpinionRequestState.REQUESTED


def test_an_opinion_needs_its_text_or_a_pdf(officer, council):
    request = ask(officer, council)
    with pytest.raises(ValidationError) as error:
        opinions.record_opinion(actor=officer, request=request, data={"outcome": OpinionOutcome.POSITIVE})
    assert "opinion_text" in error.value.message_dict


def test_only_the_secretary_or_an_officer_records(client, officer, council, secretary, representative):
    request = ask(officer, council)
    plain_member = UserFactory(email="czlonek@example.org")
    MembershipFactory(term=council.terms.get(), user=plain_member, role=MemberRole.MEMBER)
    url = reverse("consultations:opinion_record", args=[request.pk])
    for user, status in ((plain_member, 403), (representative, 403), (officer, 200), (secretary, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status, user.email
    other_body = BodyFactory(name="Rada Seniorów")
    other = ask(officer, other_body)
    client.force_login(secretary)
    assert client.get(reverse("consultations:opinion_record", args=[other.pk])).status_code == 403


def test_withdrawal_needs_a_reason_and_tells_the_body(
    client, officer, council, mailoutbox, django_capture_on_commit_callbacks
):
    request = ask(officer, council)
    client.force_login(officer)
    url = reverse("opinions_panel:withdraw", args=[request.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"reason": "Projekt wycofany przez Prezydenta"}).status_code == 302
    request.refresh_from_db()
    assert request.state == OpinionRequestState.WITHDRAWN
    assert "rada@plock.example" in mailoutbox[-1].to
    with pytest.raises(ValidationError):
        opinions.withdraw_opinion_request(actor=officer, request=request, reason="znowu")


def test_officer_asks_from_the_consultation_page(client, officer, council):
    consultation = open_consultation(officer)
    client.force_login(officer)
    detail = client.get(reverse("consultations_panel:detail", args=[consultation.pk])).content.decode()
    add = reverse("opinions_panel:add")
    assert f"{add}?konsultacja={consultation.pk}" in detail
    form = client.get(add, {"konsultacja": consultation.pk})
    assert form.context["form"].initial["consultation"] == consultation
    response = client.post(
        add,
        {
            "body": council.pk,
            "consultation": consultation.pk,
            "subject": "",
            "act_kind": "",
            "delivered_on": timezone.localdate().isoformat(),
            "days": "14",
            "note": "Prosimy o opinię.",
        },
    )
    request = OpinionRequest.objects.get()
    assert response["Location"] == reverse("opinions_panel:detail", args=[request.pk])
    assert request.consultation == consultation and request.subject == consultation.title


def test_the_form_keeps_everything_on_an_error(client, officer, council):
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("opinions_panel:add"),
        {
            "body": council.pk,
            "subject": "Projekt regulaminu targowisk",
            "act_kind": ActKind.OTHER,
            "delivered_on": timezone.localdate().isoformat(),
            "days": "5",
            "note": "Pilne",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "at least 7 days" in content and "Projekt regulaminu targowisk" in content
    assert not OpinionRequest.objects.exists()


def test_secretary_sees_the_request_on_my_home_with_its_deadline(client, officer, council, secretary):
    request = ask(officer, council, act_kind=ActKind.STRATEGY, days=14)
    [section] = [s for s in home_sections(secretary) if s.key == "opinion_requests_to_answer"]
    [item] = section.items
    assert item.deadline == request.deadline and item.statutory
    assert item.url == reverse("consultations:opinion_record", args=[request.pk])
    client.force_login(secretary)
    assert item.url in client.get(reverse("common:my_home")).content.decode()
    assert not [s for s in home_sections(officer) if s.key == "opinion_requests_to_answer"]


def test_panel_list_query_count_does_not_grow(client, officer, council, django_assert_num_queries):
    client.force_login(officer)
    ask(officer, council)
    url = reverse("opinions_panel:list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(6):
        ask(officer, BodyFactory(name=f"Zespół {number}"))
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["page_obj"].object_list) == 7
    filtered = client.get(url, {"state": OpinionRequestState.REQUESTED, "body": council.pk})
    assert len(filtered.context["page_obj"].object_list) == 1


def test_the_opinion_is_in_the_report_published_after_it_not_in_the_one_before(
    client, officer, council, secretary, representative, organisation
):
    from tests.consultations.factories import closed_with_comments
    from tests.pdf_layout import pdf_text
    from wspolpraca.consultations import services

    consultation, comments = closed_with_comments(officer, [(representative, organisation)])
    services.answer_comments(
        actor=officer, consultation=consultation, comments=comments, verdict="accepted", reason="Uwzględniono."
    )
    first = services.publish_report(actor=officer, consultation=consultation)
    request = ask(officer, council, consultation=consultation)
    opinions.record_opinion(
        actor=secretary,
        request=request,
        data={"outcome": OpinionOutcome.NEGATIVE, "opinion_text": "Rada negatywnie ocenia brak harmonogramu."},
    )
    second = services.publish_report(actor=officer, consultation=consultation)
    assert second.number == 2
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page_two = client.get(second.get_absolute_url()).content.decode()
    assert "Opinions of bodies" in page_two and "brak harmonogramu" in page_two and council.name in page_two
    page_one = client.get(first.get_absolute_url()).content.decode()
    assert "brak harmonogramu" not in page_one
    pdf = client.get(reverse("consultations:report_pdf", args=[consultation.pk, 2]))
    text = " ".join(pdf_text(pdf.content, layout=False).split())
    assert "Opinie rad i zespołów" in text and "negatywna" in text and "brak harmonogramu" in text


def test_a_hidden_comment_is_counted_but_empty_in_the_api_and_the_open_data(
    client, officer, representative, organisation
):
    from tests.consultations.factories import closed_with_comments
    from wspolpraca.consultations import services

    consultation, comments = closed_with_comments(officer, [(representative, organisation)])
    services.hide_comment(actor=officer, comment=comments[0], reason="Treść obraźliwa")
    detail = client.get(f"/api/v1/consultations/{consultation.pk}/").json()
    [comment] = detail["comments"]
    assert comment["hidden"] is True and comment["justification"] == "" and comment["author"] == ""
    csv = client.get(reverse("consultations:comments_csv", args=[consultation.pk])).content.decode()
    assert "zażółć" not in csv and organisation.name not in csv and csv.count("\n") == 2


def test_an_opinion_adopted_by_resolution_at_a_meeting_fills_the_record(client, officer, secretary):
    from tests.bodies.factories import council_with_meeting
    from wspolpraca.bodies import meetings

    meeting, _seats = council_with_meeting(members=3)
    body = meeting.term.body
    MembershipFactory(term=meeting.term, user=secretary, role=MemberRole.SECRETARY)
    seats = meetings.members_at(meeting)
    meetings.record_attendance(actor=officer, meeting=meeting, presence={s.pk: "present" for s in seats})
    resolution = meetings.create_resolution(
        actor=officer,
        meeting=meeting,
        kind="opinion",
        outcome="negative",
        subject="projektu uchwały o targowiskach",
        text="Rada opiniuje negatywnie projekt: brak konsultacji z kupcami.",
    )
    meetings.record_votes(actor=officer, resolution=resolution, votes={s.pk: "for" for s in seats})
    request = ask(officer, body, delivered_on=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(secretary)
    url = reverse("consultations:opinion_record", args=[request.pk])
    with translation.override("pl"):  # the pages' language, whatever an earlier test left active
        label = resolution.number_label
    assert label in client.get(url).content.decode()
    assert client.post(url, {"resolution": resolution.pk}).status_code == 302
    request.refresh_from_db()
    assert request.state == OpinionRequestState.GIVEN and request.resolution == resolution
    assert request.outcome == "negative" and "brak konsultacji z kupcami" in request.opinion_text
    assert request.resolution_number == label
    page = client.get(reverse("consultations:opinion", args=[request.pk])).content.decode()
    assert resolution.get_absolute_url() in page


def test_the_api_lists_the_published_reports_and_never_the_final_text_as_the_draft(
    client, officer, representative, organisation
):
    from tests.consultations.factories import closed_with_comments
    from wspolpraca.consultations import services

    consultation, comments = closed_with_comments(officer, [(representative, organisation)])
    services.answer_comments(
        actor=officer, consultation=consultation, comments=comments, verdict="accepted", reason="Uwzględniono."
    )
    services.set_final_text(actor=officer, consultation=consultation, text="§ 1. Tekst ostateczny.")
    report = services.publish_report(actor=officer, consultation=consultation)
    detail = client.get(f"/api/v1/consultations/{consultation.pk}/").json()
    assert [(r["number"], r["title"]) for r in detail["reports"]] == [(1, report.title)]
    assert detail["reports"][0]["pdf_url"].endswith(f"/konsultacje/{consultation.pk}/raporty/1/pdf/")
    assert detail["version"] == 1 and len(detail["units"]) == 10
