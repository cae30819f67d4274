"""Reports (law.md §2.9, §6.5; rules 23–24): request, fill in, submit, decide, reminders, pages."""

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.competitions.factories_reports import agreement_factory, final_report, partial_report
from tests.factories import UserFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.enums import AgreementState, ReportState
from wspolpraca.competitions.models import Report
from wspolpraca.competitions.reporting import content as report_content
from wspolpraca.competitions.reporting import services as service

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def agreement(organisation, representative, editor, officer):
    return agreement_factory(organisation=organisation, officer=officer)


@pytest.fixture
def report(agreement):
    return final_report(agreement)


def complete(report, **overrides):
    """A content that passes rule 24: every planned line as planned, grant 5,000 of 5,500 spent."""
    plan = report_content.plan_of(report.agreement)
    content = {
        "I": {
            "results": "1500 uczestników, 12 wydarzeń; listy obecności.",
            "activities": "Cztery koncerty plenerowe zgodnie z harmonogramem.",
            "indicators": [{"achieved": "1480", "source": "listy obecności"} for _i in plan.indicators],
        },
        "II": {
            "costs": {line.key: str(line.planned) for line in plan.lines},
            "sources": {
                "grant": "5000",
                "own_financial": "1000",
                "own_personal": "500",
                "own_in_kind": "0",
                "recipient_payments": "0",
            },
            "contribution": "Praca wolontariuszy: 50 godzin po 10 zł.",
            "interest": "0",
            "other_income": "",
            "income_info": "",
        },
        "III": {"additional": ""},
        "return": {"amount": "500,00", "date": "2027-11-10"},
        "declarations": {"legal_status": True, "truthful": True, "personal_data": True},
    }
    for path, value in overrides.items():
        section, key = path.split("__")
        content[section][key] = value
    return content


def submit(report, user, **overrides):
    service.save_report(actor=user, report=report, content=complete(report, **overrides))
    return service.submit_report(actor=user, report=report)


# --- rule 23: partial reports ----------------------------------------------------------------


def test_partial_report_cannot_be_due_before_30_days_after_delivery(agreement, officer):
    with pytest.raises(ValidationError) as caught:
        service.request_partial_report(
            actor=officer,
            agreement=agreement,
            period_from=D(2027, 3, 1),
            period_to=D(2027, 5, 31),
            delivered_on=timezone.localdate(),
            due_date=timezone.localdate() + datetime.timedelta(days=29),
        )
    assert "due_date" in caught.value.message_dict
    assert "30 days after the request is delivered" in caught.value.message_dict["due_date"][0]


def test_partial_report_requested_and_emailed(agreement, officer, representative, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    from wspolpraca.competitions.kernel import deadlines

    due = deadlines.earliest_partial_report_due(today)
    with django_capture_on_commit_callbacks(execute=True):
        report = service.request_partial_report(
            actor=officer,
            agreement=agreement,
            period_from=D(2027, 3, 1),
            period_to=D(2027, 5, 31),
            delivered_on=today,
            due_date=due,
        )
    assert report.kind == "partial" and report.due_date == due and report.requested_on == today
    assert ActivityLog.objects.filter(action="report.requested", object_id=str(report.pk)).exists()
    assert representative.email in mail.outbox[-1].to
    assert "sprawozdania częściowego" in mail.outbox[-1].subject  # in the site's language


def test_partial_report_period_within_the_agreement(agreement, officer):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        service.request_partial_report(
            actor=officer,
            agreement=agreement,
            period_from=D(2027, 1, 1),
            period_to=D(2027, 5, 31),
            delivered_on=today,
            due_date=today + datetime.timedelta(days=60),
        )
    assert "period_from" in caught.value.message_dict


def test_only_the_calls_officers_request_reports(agreement):
    stranger = UserFactory(is_officer=True)
    with pytest.raises(PermissionDenied):
        service.request_partial_report(
            actor=stranger,
            agreement=agreement,
            period_from=D(2027, 3, 1),
            period_to=D(2027, 5, 31),
            delivered_on=timezone.localdate(),
            due_date=timezone.localdate() + datetime.timedelta(days=60),
        )


def test_no_report_request_under_an_agreement_not_in_force(agreement, officer):
    agreement.state = AgreementState.DRAFT
    agreement.save()
    with pytest.raises(ValidationError):
        service.request_partial_report(
            actor=officer,
            agreement=agreement,
            period_from=D(2027, 3, 1),
            period_to=D(2027, 5, 31),
            delivered_on=timezone.localdate(),
            due_date=timezone.localdate() + datetime.timedelta(days=60),
        )


# --- rule 24: what a report needs -------------------------------------------------------------


def test_a_draft_keeps_everything_typed(report, editor):
    service.save_report(actor=editor, report=report, content={"I": {"results": "coś"}, "II": {"costs": {"x": "abc"}}})
    report.refresh_from_db()
    assert report.content["I"]["results"] == "coś"
    assert report.content["II"]["costs"]["x"] == "abc"
    assert report.state == ReportState.DUE


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"I__results": ""}, "I-results"),
        ({"I__activities": "  "}, "I-activities"),
        ({"II__contribution": ""}, "II-contribution"),
        ({"II__sources": {"grant": "5000", "own_financial": "", "own_personal": "500", "own_in_kind": "0"}}, None),
        ({"return__amount": ""}, "return-amount"),
        ({"return__amount": "100"}, "return-amount"),
        ({"return__date": ""}, "return-date"),
        ({"declarations__truthful": False}, "declarations-truthful"),
    ],
)
def test_submission_refused_without_rule_24_elements(report, representative, overrides, field):
    content = complete(report)
    for path, value in overrides.items():
        section, key = path.split("__")
        content[section][key] = value
    service.save_report(actor=representative, report=report, content=content)
    with pytest.raises(ValidationError) as caught:
        service.submit_report(actor=representative, report=report)
    errors = caught.value.message_dict
    if field:
        assert field in errors
    else:
        assert "II-sources-own_financial" in errors
    report.refresh_from_db()
    assert report.state == ReportState.DUE
    assert report.content["I"]["results"] == content["I"]["results"]  # the draft stays


def test_submission_refused_without_each_cost_and_indicator(report, representative):
    content = complete(report)
    key = next(iter(content["II"]["costs"]))
    content["II"]["costs"][key] = ""
    content["I"]["indicators"] = []
    service.save_report(actor=representative, report=report, content=content)
    with pytest.raises(ValidationError) as caught:
        service.submit_report(actor=representative, report=report)
    assert f"II-costs-{key}" in caught.value.message_dict
    assert "I-indicators-0-achieved" in caught.value.message_dict


def test_sources_must_add_up_to_the_costs(report, representative):
    content = complete(report)
    content["II"]["sources"]["own_financial"] = "900"
    service.save_report(actor=representative, report=report, content=content)
    with pytest.raises(ValidationError) as caught:
        service.submit_report(actor=representative, report=report)
    assert "must be equal" in caught.value.message_dict["II-sources-grant"][0]


def test_a_final_report_with_nothing_unused_needs_no_return(report, representative):
    content = complete(report)
    content["II"]["sources"].update(grant="5500", own_financial="500")
    content["return"] = {"amount": "", "date": ""}
    service.save_report(actor=representative, report=report, content=content)
    submitted = service.submit_report(actor=representative, report=report)
    assert submitted.spent_grant == Decimal("5500.00")


def test_submit_freezes_content_with_checksum_and_emails_officers(
    report, representative, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit(report, representative)
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED
    assert submitted.spent_grant == Decimal("5000.00")
    assert submitted.content["return"]["amount"] == "500.00"  # normalised
    text = report_content.canonical_text(submitted)
    assert submitted.checksum == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert officer.email in mail.outbox[-1].to
    assert ActivityLog.objects.filter(action="report.submitted", object_id=str(report.pk)).exists()


def test_only_a_representative_submits(report, editor):
    service.save_report(actor=editor, report=report, content=complete(report))
    with pytest.raises(PermissionDenied):
        service.submit_report(actor=editor, report=report)


def test_a_submitted_report_cannot_be_changed(report, representative, editor):
    submit(report, representative)
    with pytest.raises(PermissionDenied):
        service.save_report(actor=editor, report=report, content={})


def test_shift_beyond_the_calls_allowed_shift_is_flagged(report):
    plan = report_content.plan_of(report.agreement)
    content = complete(report)
    first = plan.lines[0]
    content["II"]["costs"][first.key] = str(first.planned * Decimal("1.11"))  # +11% > 10%
    second = plan.lines[1]
    content["II"]["costs"][second.key] = str(second.planned * Decimal("1.10"))  # exactly 10%: allowed
    figures = report_content.report_figures(report, content, plan=plan)
    flags = {row["line"].key: (row["shift_pct"], row["flagged"]) for row in figures.lines}
    assert flags[first.key] == (Decimal("11.00"), True)
    assert flags[second.key] == (Decimal("10.00"), False)
    assert figures.flagged == 1


def test_unused_grant_is_transferred_minus_spent(report):
    figures = report_content.report_figures(report, complete(report))
    assert (figures.transferred, figures.spent_grant, figures.unused) == (
        Decimal("5500.00"),
        Decimal("5000.00"),
        Decimal("500.00"),
    )


def test_the_plan_follows_an_accepted_offer_update(agreement, organisation):
    from tests.competitions.factories_reports import submitted_version
    from wspolpraca.competitions.models import OfferUpdate

    offer = agreement.offer
    content = dict(offer.content)
    content["III"] = {**content["III"], "results": [{"name": "Zaktualizowany rezultat", "target": "10"}]}
    offer.content = content
    offer.save()
    version = submitted_version(offer)
    OfferUpdate.objects.create(offer=offer, state="accepted", awarded_amount=Decimal("5500"), version=version)
    assert report_content.plan_of(agreement).indicators[0]["name"] == "Zaktualizowany rezultat"


# --- the officer's decision -------------------------------------------------------------------


def test_accept(report, representative, officer, django_capture_on_commit_callbacks):
    submit(report, representative)
    with django_capture_on_commit_callbacks(execute=True):
        service.accept_report(actor=officer, report=report)
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED and report.decided_by == officer
    assert representative.email in mail.outbox[-1].to
    assert ActivityLog.objects.filter(action="report.accepted").exists()


def test_return_for_correction_then_resubmit(report, representative, editor, officer):
    submit(report, representative)
    with pytest.raises(ValidationError):
        service.return_report(actor=officer, report=report, note="", due_date=timezone.localdate())
    new_due = timezone.localdate() + datetime.timedelta(days=14)
    service.return_report(actor=officer, report=report, note="Popraw opis.", due_date=new_due)
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED and report.due_date == new_due
    service.save_report(actor=editor, report=report, content=complete(report, I__activities="Poprawiony opis."))
    service.submit_report(actor=representative, report=report)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert report.content["I"]["activities"] == "Poprawiony opis."


def test_reject_needs_a_reason(report, representative, officer):
    submit(report, representative)
    with pytest.raises(ValidationError):
        service.reject_report(actor=officer, report=report, reason=" ")
    service.reject_report(actor=officer, report=report, reason="Niezgodne z umową.")
    report.refresh_from_db()
    assert report.state == ReportState.REJECTED and report.officer_note == "Niezgodne z umową."


def test_only_a_submitted_report_is_decided(report, officer):
    with pytest.raises(ValidationError):
        service.accept_report(actor=officer, report=report)


def test_other_officers_cannot_decide(report, representative):
    submit(report, representative)
    with pytest.raises(PermissionDenied):
        service.accept_report(actor=UserFactory(is_officer=True), report=report)


# --- reminders and overdue alerts --------------------------------------------------------------


def at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_reminder_once_before_the_due_date(report, representative, django_capture_on_commit_callbacks):
    due = report.due_date  # 30 November 2027; reminder 7 days before
    with django_capture_on_commit_callbacks(execute=True):
        assert service.send_reminders(now=at(due - datetime.timedelta(days=8))) == []
        assert len(service.send_reminders(now=at(due - datetime.timedelta(days=7)))) == 1
        assert service.send_reminders(now=at(due - datetime.timedelta(days=6))) == []
    assert len(mail.outbox) == 1 and representative.email in mail.outbox[0].to
    report.refresh_from_db()
    assert report.last_reminder_on == due - datetime.timedelta(days=7)


def test_overdue_alert_to_officers_once(report, officer, django_capture_on_commit_callbacks):
    due = report.due_date
    with django_capture_on_commit_callbacks(execute=True):
        assert service.send_reminders(now=at(due)) != []  # the reminder (none was sent before)
        assert service.send_reminders(now=at(due, 23)) == []  # 23:00 Warsaw is still the due date
        lines = service.send_reminders(now=at(due + datetime.timedelta(days=1), 0))
        assert lines and "overdue" in lines[0]
        assert service.send_reminders(now=at(due + datetime.timedelta(days=5))) == []
    assert officer.email in mail.outbox[-1].to
    assert "Po terminie" in mail.outbox[-1].subject


def test_the_reminder_uses_the_warsaw_date(report):
    """22:30 UTC on the day before the reminder date is already the reminder date in Warsaw."""
    reminder_day = report.due_date - datetime.timedelta(days=7)
    utc_evening = datetime.datetime.combine(
        reminder_day - datetime.timedelta(days=1), datetime.time(23, 30), tzinfo=datetime.UTC
    )
    assert len(service.send_reminders(now=utc_evening)) == 1


def test_submitted_reports_get_no_alerts(report, representative):
    submit(report, representative)
    assert service.send_reminders(now=at(report.due_date + datetime.timedelta(days=3))) == []


def test_run_scheduled_has_the_reports_step():
    from wspolpraca.common.scheduled import scheduled_steps

    assert ("reports", service.scheduled_step) in [(step.name, step.run) for step in scheduled_steps()]


# --- pages -------------------------------------------------------------------------------------


def test_the_organisation_fills_in_and_submits_on_the_page(client, report, representative):
    client.force_login(representative)
    url = reverse("reports:detail", args=[report.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b"I.3. Result indicators" in page.content
    data = {"I-results": "Wyniki", "I-activities": "", "submit": "1"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert b"Describe the activities carried out" in response.content
    assert "Wyniki" in response.content.decode()  # nothing typed is lost
    report.refresh_from_db()
    assert report.content["I"]["results"] == "Wyniki" and report.state == ReportState.DUE

    plan = report_content.plan_of(report.agreement)
    content = complete(report)
    data = {
        "I-results": content["I"]["results"],
        "I-activities": content["I"]["activities"],
        "I-indicators-0-achieved": "1480",
        "II-contribution": content["II"]["contribution"],
        "return-amount": "500",
        "return-date": "2027-11-10",
        "declarations-legal_status": "on",
        "declarations-truthful": "on",
        "declarations-personal_data": "on",
        "submit": "1",
    }
    data.update({f"II-costs-{line.key}": str(line.planned) for line in plan.lines})
    data.update({f"II-sources-{k}": v for k, v in content["II"]["sources"].items()})
    response = client.post(url, data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    page = client.get(url)
    assert report.checksum.encode() in page.content
    canonical = client.get(reverse("reports:canonical", args=[report.pk]))
    assert hashlib.sha256(canonical.content).hexdigest() == report.checksum


def test_the_editor_saves_but_sees_no_submit_button(client, report, editor):
    client.force_login(editor)
    url = reverse("reports:detail", args=[report.pk])
    assert b'name="submit"' not in client.get(url).content
    response = client.post(url, {"I-results": "Szkic", "save": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.content["I"]["results"] == "Szkic"


def test_report_pdf_is_polish(client, report, representative):
    submit(report, representative)
    client.force_login(representative)
    response = client.get(reverse("reports:pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_outsiders_get_404(client, report):
    client.force_login(UserFactory())
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:pdf", args=[report.pk])).status_code == 404


def test_my_reports_lists_the_organisations_reports(client, report, editor):
    client.force_login(editor)
    page = client.get(reverse("reports:mine"))
    assert page.status_code == 200
    assert reverse("reports:detail", args=[report.pk]).encode() in page.content


def test_panel_review_accepts(client, report, representative, officer):
    submit(report, representative)
    client.force_login(officer)
    url = reverse("reports_panel:detail", args=[report.pk])
    page = client.get(url)
    assert page.status_code == 200 and b"Accept the report" in page.content
    response = client.post(url, {"action": "reject", "reject-reason": "Nie", "reject-confirm": ""})
    assert response.status_code == 200  # the confirmation is required
    response = client.post(url, {"action": "accept", "accept-note": ""})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED


def test_panel_request_page(client, agreement, officer):
    client.force_login(officer)
    url = reverse("reports_panel:request")
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "agreement": agreement.pk,
            "period_from": "2027-03-01",
            "period_to": "2027-05-31",
            "delivered_on": today.isoformat(),
            "due_date": (today + datetime.timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert b"30 days after the request is delivered" in response.content
    assert not Report.objects.filter(kind="partial").exists()


def test_panel_list_filters_and_counts(client, agreement, officer):
    today = timezone.localdate()
    overdue = partial_report(agreement, due_date=today - datetime.timedelta(days=1))
    soon = partial_report(agreement, due_date=today + datetime.timedelta(days=3))
    review = partial_report(agreement, due_date=today + datetime.timedelta(days=60), state=ReportState.SUBMITTED)
    client.force_login(officer)
    url = reverse("reports_panel:list")
    page = client.get(url)
    assert b"1 report is overdue" in page.content

    def listed(**params):
        content = client.get(url, params).content.decode()
        return {r.pk for r in (overdue, soon, review) if reverse("reports_panel:detail", args=[r.pk]) in content}

    assert listed(status="overdue") == {overdue.pk}
    assert listed(status="soon") == {soon.pk}
    assert listed(status="review") == {review.pk}
    assert listed(status="all", q="nonexistent") == set()
    assert listed(status="all", year=today.year) == {overdue.pk, soon.pk, review.pk} - (
        {review.pk} if review.due_date.year != today.year else set()
    )
    csv = client.get(reverse("reports_panel:export_csv"), {"status": "overdue"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode("utf-8").count("\n") == 2


def test_panel_list_shows_only_the_officers_calls(client, agreement):
    partial_report(agreement)
    other = UserFactory(is_officer=True)
    from tests.conftest import TEST_TOTP_SECRET
    from wspolpraca.accounts.services import enrol_totp

    enrol_totp(user=other, secret=TEST_TOTP_SECRET)
    client.force_login(other)
    page = client.get(reverse("reports_panel:list"), {"status": "all"})
    assert b"0 reports" in page.content


def test_panel_list_query_count_does_not_grow(client, officer, organisation, django_assert_max_num_queries):
    agreement = agreement_factory(organisation=organisation, officer=officer)
    client.force_login(officer)
    url = reverse("reports_panel:list") + "?status=all"
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _i in range(5):
        agreement_factory(officer=officer)
    partial_report(agreement)
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_my_reports_query_count_does_not_grow(client, organisation, editor, django_assert_max_num_queries):
    agreement_factory(organisation=organisation)
    client.force_login(editor)
    url = reverse("reports:mine")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _i in range(4):
        agreement_factory(organisation=organisation)
    with django_assert_max_num_queries(len(few)):
        client.get(url)
