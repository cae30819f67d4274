"""Answers to the comments, moderation, the reports, the comparison and the exports (services)."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError

from tests.organisations.factories import MembershipFactory, OrganisationFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.consultations import comparison, reports, services
from wspolpraca.consultations.enums import AnswerVerdict, ConsultationState
from wspolpraca.consultations.models import CommentAnswer

from .factories import closed_with_comments, open_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(db):
    organisation = OrganisationFactory(name="Fundacja Ślęża", slug="fundacja-sleza")
    member = MembershipFactory(organisation=organisation, role="representative")
    return member.user, organisation


@pytest.fixture
def closed(officer, representative, organisation, second):
    return closed_with_comments(officer, [(representative, organisation), second, (representative, None)])


def test_answer_one_comment_and_a_joint_answer(officer, closed):
    consultation, comments = closed
    assert consultation.state == ConsultationState.CLOSED
    one = services.answer_comments(
        actor=officer, consultation=consultation, comments=[comments[0]], verdict="accepted", reason="Słuszna uwaga."
    )
    joint = services.answer_comments(
        actor=officer,
        consultation=consultation,
        comments=comments[1:],
        verdict=AnswerVerdict.NOT_ACCEPTED,
        reason="Wspólna odpowiedź",
    )
    assert set(joint.comments.values_list("pk", flat=True)) == {comments[1].pk, comments[2].pk}
    assert list(one.comments.all()) == [comments[0]]
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.ANSWERED  # the last answer moves it
    assert ActivityLog.objects.filter(action="consultation.comments_answered").count() == 2


def test_answer_needs_a_reason_and_a_closed_consultation(officer, representative, closed):
    consultation, comments = closed
    with pytest.raises(ValidationError):
        services.answer_comments(
            actor=officer, consultation=consultation, comments=comments[:1], verdict="accepted", reason="  "
        )
    running = open_consultation(officer)
    comment = services.save_comment(actor=representative, consultation=running, data={"justification": "X"}, send=True)
    with pytest.raises(ValidationError):
        services.answer_comments(
            actor=officer, consultation=running, comments=[comment], verdict="accepted", reason="R"
        )


def test_answering_again_replaces_and_drops_the_orphan(officer, closed):
    consultation, comments = closed
    first = services.answer_comments(
        actor=officer, consultation=consultation, comments=comments[:1], verdict="accepted", reason="A"
    )
    services.answer_comments(
        actor=officer, consultation=consultation, comments=comments[:1], verdict="partly_accepted", reason="B"
    )
    assert not CommentAnswer.objects.filter(pk=first.pk).exists()
    comments[0].refresh_from_db()
    assert comments[0].answer.verdict == "partly_accepted"


def test_report_refused_while_a_comment_is_unanswered(officer, closed):
    consultation, comments = closed
    services.answer_comments(
        actor=officer, consultation=consultation, comments=comments[:1], verdict="accepted", reason="A"
    )
    with pytest.raises(ValidationError) as error:
        services.publish_report(actor=officer, consultation=consultation)
    assert "2" in error.value.messages[0]
    assert not consultation.reports.exists()
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.CLOSED


def test_hidden_comment_needs_no_answer_is_counted_and_never_public(client, officer, closed):
    consultation, comments = closed
    services.answer_comments(
        actor=officer, consultation=consultation, comments=comments[:2], verdict="accepted", reason="A"
    )
    services.hide_comment(actor=officer, comment=comments[2], reason="Wulgaryzmy")
    assert ActivityLog.objects.filter(action="consultation.comment_hidden", data__reason="Wulgaryzmy").exists()
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.ANSWERED
    report = services.publish_report(actor=officer, consultation=consultation)
    context = reports.report_context(report)
    assert context["hidden_total"] == 1 and context["comments_total"] == 3
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in (consultation.get_absolute_url(), report.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Hidden by the moderator" in page
        assert "Uzasadnienie uwagi nr 3" not in page
        assert "Uzasadnienie uwagi nr 1" in page


def test_reports_numbered_one_two(officer, closed, representative, second):
    consultation, comments = closed
    services.answer_comments(
        actor=officer, consultation=consultation, comments=comments, verdict="accepted", reason="A"
    )
    first = services.publish_report(actor=officer, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.REPORT_PUBLISHED
    second_report = services.publish_report(actor=officer, consultation=consultation, title="Raport 2 po opinii Rady")
    assert (first.number, first.title) == (1, "Raport 1")
    assert second_report.number == 2


def test_participants_emailed_one_by_one(officer, closed, representative, second, django_capture_on_commit_callbacks):
    consultation, comments = closed
    services.answer_comments(
        actor=officer, consultation=consultation, comments=comments, verdict="accepted", reason="A"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.publish_report(actor=officer, consultation=consultation)
    assert sorted(message.to[0] for message in mail.outbox) == sorted([representative.email, second[0].email])
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert report.get_absolute_url() in mail.outbox[0].body


def test_report_counts_by_channel_participants_and_organisations(officer, closed, organisation, second):
    consultation, comments = closed
    services.answer_comments(
        actor=officer, consultation=consultation, comments=comments, verdict="accepted", reason="A"
    )
    context = reports.report_context(services.publish_report(actor=officer, consultation=consultation))
    assert context["participants_total"] == 2
    assert context["organisations"] == sorted([organisation.name, second[1].name])
    assert sum(number for _label, number in context["by_channel"]) == 3


def test_report_sections_can_be_added(officer, closed):
    consultation, comments = closed
    services.answer_comments(
        actor=officer, consultation=consultation, comments=comments, verdict="accepted", reason="A"
    )
    report = services.publish_report(actor=officer, consultation=consultation)

    def provider(for_report):
        return reports.ReportSection(
            title=f"Opinia do {for_report.title}", template="consultations/includes/unit_label.html"
        )

    reports.register_report_section(provider)
    try:
        assert [s.title for s in reports.report_context(report)["sections"]] == ["Opinia do Raport 1"]
    finally:
        reports.REPORT_SECTIONS.remove(provider)


def test_compare_words_marks_added_and_removed():
    pieces = comparison.compare_words("Wykonanie uchwały powierza się Prezydentowi", "Wykonanie powierza się Zarządowi")
    assert ("removed", "uchwały ") in pieces or ("removed", "uchwały") in pieces
    assert ("removed", "Prezydentowi") in pieces and ("added", "Zarządowi") in pieces
    units = comparison.compare_units([("§ 1", "a b"), ("§ 2", "c")], [("§ 1", "a b"), ("§ 3", "d")])
    assert [(u.label, u.status) for u in units] == [("§ 1", "same"), ("§ 2", "removed"), ("§ 3", "added")]


def test_final_text_compared_per_unit(officer, closed):
    consultation, comments = closed
    draft = services.current_version(consultation)
    final = draft.text.replace("Prezydentowi Miasta Płocka", "Zarządowi Miasta")
    version = services.set_final_text(actor=officer, consultation=consultation, text=final)
    assert version.is_final and services.current_version(consultation) == draft
    changed = [unit for unit in reports.text_comparison(consultation) if unit.changed]
    assert [unit.label for unit in changed] == ["§ 3"]
    assert ("added", "Zarządowi") in changed[0].pieces
