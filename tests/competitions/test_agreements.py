"""The agreement (art. 16, law.md §2.8, §6.4): prerequisites incl. small-grant rule 19, prefill,
terms (tranches, ≤ 5 years, use deadline), states, tranche transfers, annexes, the PDF, pages."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.competitions.factories import CityUnitFactory, open_call
from tests.competitions.factories_agreements import (
    IBAN,
    accepted_update,
    award,
    funded_agreement,
    sent_agreement,
    signed_agreement,
    submitted_offer,
)
from tests.competitions.test_small_grants_factories import sg_call
from tests.competitions.test_small_grants_factories import submitted_offer as sg_offer
from tests.factories import UserFactory
from tests.pdfs import make_pdf
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.agreements import annexes as agreement_annexes
from wspolpraca.competitions.agreements import documents as agreement_documents
from wspolpraca.competitions.agreements import drafting as agreement_drafting
from wspolpraca.competitions.agreements import selectors as agreement_selectors
from wspolpraca.competitions.agreements import services as services
from wspolpraca.competitions.agreements import terms as agreement_terms
from wspolpraca.competitions.agreements.documents import document_context
from wspolpraca.competitions.enums import AgreementState, CommentStatus, OfferUpdateState, ReportKind, SmallGrantStage
from wspolpraca.competitions.kernel import deadlines
from wspolpraca.competitions.models import Agreement, Grant, SmallGrantComment
from wspolpraca.competitions.offers import update as offer_update
from wspolpraca.competitions.small_grants.services import register_small_grant_offer

pytestmark = pytest.mark.django_db
START, END = datetime.date(2027, 3, 1), datetime.date(2027, 10, 31)


@pytest.fixture
def people(organisation, representative, officer, executive):
    return {"organisation": organisation, "representative": representative, "officer": officer, "executive": executive}


@pytest.fixture
def offer(organisation, representative, officer):
    return submitted_offer(organisation=organisation, representative=representative, officer=officer)


@pytest.fixture
def draft(people):
    return funded_agreement(**people)


def terms(**overrides):
    values = {
        "start_date": START,
        "end_date": END,
        "use_deadline": END,
        "amount": Decimal("5500.00"),
        "tranches": [(START, Decimal("5500.00"))],
    }
    return agreement_terms.term_errors(**(values | overrides))


# --- prerequisites ----------------------------------------------------------------------------------


def test_no_agreement_without_a_funding_decision(offer, officer):
    assert agreement_selectors.agreement_blockers(offer) == ["The offer has not been funded by the decision."]
    with pytest.raises(ValidationError):
        agreement_drafting.draft_agreement(actor=officer, offer=offer)


def test_reduced_award_needs_the_accepted_update(offer, officer, executive, editor, representative):
    update = award(offer, amount="4000.00", decided_by=executive)
    assert any("not accepted yet" in b for b in agreement_selectors.agreement_blockers(offer))
    update.delete()
    offer = type(offer).objects.get(pk=offer.pk)
    assert any("must update" in b for b in agreement_selectors.agreement_blockers(offer))


def test_agreement_from_the_accepted_update(offer, officer, executive, editor, representative):
    accepted_update(offer, officer=officer, editor=editor, representative=representative, executive=executive)
    agreement = agreement_drafting.draft_agreement(actor=officer, offer=offer)
    assert agreement.amount == Decimal("5000.00")
    context = agreement_selectors.agreement_context(agreement)
    assert context["version"].number == 2 and context["update"] is not None


def test_withdrawn_grant_blocks(offer, executive, representative):
    award(offer, amount="4000.00", decided_by=executive)
    offer_update.withdraw_from_grant(actor=representative, offer=offer)
    offer.refresh_from_db()
    assert "The offeror withdrew from the grant." in agreement_selectors.agreement_blockers(offer)


def test_only_the_calls_officers_draft(offer, executive):
    award(offer, amount="5500.00", decided_by=executive)
    stranger = UserFactory(is_officer=True)
    CityUnitFactory().officers.add(stranger)
    with pytest.raises(PermissionDenied):
        agreement_drafting.draft_agreement(actor=stranger, offer=offer)


def test_one_agreement_per_offer(draft, officer):
    with pytest.raises(ValidationError):
        agreement_drafting.draft_agreement(actor=officer, offer=draft.offer)


@pytest.fixture
def small_grant(officer, representative, organisation):
    call = sg_call()
    call.unit.officers.add(officer)
    offer = sg_offer(call, organisation=organisation)
    review = register_small_grant_offer(offer=offer, actor=None)
    today = timezone.localdate()
    review.published_on = today - datetime.timedelta(days=10)
    review.comments_until = today - datetime.timedelta(days=1)
    review.stage = SmallGrantStage.FUNDED
    review.decision_amount = Decimal("5500.00")
    review.save()
    return review


def test_small_grant_rule_19_comment_period(small_grant, officer):
    small_grant.comments_until = timezone.localdate()
    small_grant.save()
    blockers = agreement_selectors.agreement_blockers(small_grant.offer)
    assert any("Comments are accepted until" in b for b in blockers)
    with pytest.raises(ValidationError):
        agreement_drafting.draft_agreement(actor=officer, offer=small_grant.offer)


def test_small_grant_rule_19_comments_considered(small_grant, officer):
    comment = SmallGrantComment.objects.create(
        review=small_grant,
        author_name="Jan",
        author_email="jan@example.org",
        text="Uwaga",
        status=CommentStatus.PUBLISHED,
    )
    assert any("not yet marked as considered" in b for b in agreement_selectors.agreement_blockers(small_grant.offer))
    comment.considered_at = timezone.now()
    comment.save()
    assert agreement_selectors.agreement_blockers(small_grant.offer) == []
    agreement = agreement_drafting.draft_agreement(actor=officer, offer=small_grant.offer)
    assert agreement.amount == Decimal("5500.00")


def test_small_grant_not_funded_blocks(small_grant):
    small_grant.stage = SmallGrantStage.NOT_FUNDED
    small_grant.save()
    assert agreement_selectors.agreement_blockers(small_grant.offer) == [
        "The small grant has not been decided as funded."
    ]


# --- prefill and number ------------------------------------------------------------------------------


def test_prefilled_from_offer_and_call(draft, organisation, representative):
    offer = draft.offer
    assert draft.state == AgreementState.DRAFT
    assert (draft.start_date, draft.end_date) == (START, END)
    assert draft.amount == Decimal("5500.00") and draft.financing == offer.call.financing
    assert (draft.own_financial, draft.own_personal, draft.own_in_kind) == (
        Decimal("500.00"),
        Decimal("500.00"),
        Decimal("0.00"),
    )
    assert draft.use_deadline == END
    assert draft.return_deadline == deadlines.return_deadline(END)
    assert draft.final_report_due == deadlines.final_report_due(END)
    assert representative.get_full_name() in draft.ngo_representatives
    assert draft.city_representative == "Prezydent Miasta Płocka"
    tranches = list(draft.tranches.all())
    assert [(t.number, t.due_date, t.amount) for t in tranches] == [(1, START, Decimal("5500.00"))]
    unit = offer.call.unit
    assert draft.number == f"{unit.short_name.upper()}/2027/1"
    assert ActivityLog.objects.filter(action="agreement.created").exists()


def test_numbers_follow_in_the_unit(draft, people):
    offer = submitted_offer(
        organisation=people["organisation"],
        representative=people["representative"],
        officer=people["officer"],
        call=open_call(unit=draft.offer.call.unit),
    )
    award(offer, amount="5500.00", decided_by=people["executive"])
    second = agreement_drafting.draft_agreement(actor=people["officer"], offer=offer)
    assert second.number.endswith("/2027/2")


# --- terms ----------------------------------------------------------------------------------------------


def test_tranches_must_add_up_to_the_amount():
    assert "must be equal" in terms(tranches=[(START, Decimal("5000.00"))])["tranches"]
    assert terms(tranches=[(START, Decimal("3000.00")), (datetime.date(2027, 6, 1), Decimal("2500.00"))]) == {}


def test_tranche_due_within_the_period():
    assert "within the task period" in terms(tranches=[(datetime.date(2027, 11, 1), Decimal("5500.00"))])["tranches"]
    assert "Give at least one tranche" in terms(tranches=[])["tranches"]


def test_at_most_five_years():
    last = agreement_terms.latest_end(START)
    assert last == datetime.date(2032, 2, 29)  # 2032 is a leap year
    year_end = datetime.date(2027, 12, 31)  # the only tranche is paid in 2027 (u.f.p. art. 250)
    assert terms(end_date=last, use_deadline=year_end) == {}
    errors = terms(end_date=last + datetime.timedelta(days=1), use_deadline=year_end)
    assert "at most 5 years" in errors["end_date"]


def test_use_deadline_by_31_december_of_the_budget_year():
    assert terms(use_deadline=datetime.date(2027, 12, 31)) == {}
    assert "31 December" in terms(use_deadline=datetime.date(2028, 1, 2))["use_deadline"]
    assert "before the task starts" in terms(use_deadline=datetime.date(2027, 2, 1))["use_deadline"]
    assert "cannot end before" in terms(end_date=datetime.date(2027, 2, 1))["end_date"]


def test_multi_year_use_by_each_year(draft, officer):
    end = datetime.date(2028, 6, 30)
    agreement_drafting.update_agreement(
        actor=officer,
        agreement=draft,
        data={"end_date": end, "use_deadline": end},
        tranches=[(START, Decimal("3000.00")), (datetime.date(2028, 2, 1), Decimal("2500.00"))],
    )
    draft.refresh_from_db()
    assert agreement_selectors.years_of(draft) == [(2027, datetime.date(2027, 12, 31)), (2028, end)]
    assert draft.final_report_due == deadlines.final_report_due(end)
    assert draft.return_deadline == deadlines.return_deadline(end)


def test_update_refuses_bad_terms_and_keeps_the_draft(draft, officer):
    with pytest.raises(ValidationError) as error:
        agreement_drafting.update_agreement(
            actor=officer, agreement=draft, data={"bank_account": "PL00 1234"}, tranches=[(START, Decimal("1.00"))]
        )
    assert {"bank_account", "tranches"} <= set(error.value.error_dict)
    draft.refresh_from_db()
    assert draft.tranches.get().amount == Decimal("5500.00")


# --- states ---------------------------------------------------------------------------------------------


def test_send_needs_a_bank_account(draft, officer, organisation):
    draft.bank_account = ""
    draft.save()
    with pytest.raises(ValidationError) as error:
        services.send_agreement(actor=officer, agreement=draft)
    assert "bank account" in " ".join(error.value.messages)


def test_representative_enters_the_account_while_draft(draft, representative, editor, officer):
    with pytest.raises(ValidationError):
        agreement_drafting.set_bank_account(actor=representative, agreement=draft, bank_account="PL12 3456")
    agreement_drafting.set_bank_account(
        actor=representative, agreement=draft, bank_account="pl61 1090 1014 0000 0712 1981 2874"
    )
    draft.refresh_from_db()
    assert draft.bank_account == IBAN
    with pytest.raises(PermissionDenied):
        agreement_drafting.set_bank_account(actor=editor, agreement=draft, bank_account=IBAN)
    services.send_agreement(actor=officer, agreement=draft)
    with pytest.raises(PermissionDenied):
        agreement_drafting.set_bank_account(actor=representative, agreement=draft, bank_account=IBAN)


def test_sent_emails_representatives(people, representative, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        agreement = sent_agreement(**people)
    assert agreement.state == AgreementState.SENT and agreement.sent_at
    assert representative.email in mailoutbox[-1].to
    assert reverse("award:agreement", args=[agreement.offer_id]) in mailoutbox[-1].body


def test_refused_transitions(draft, officer):
    with pytest.raises(ValidationError):
        services.record_signature(actor=officer, agreement=draft, signed_on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.bring_into_force(actor=officer, agreement=draft, in_force_from=timezone.localdate())
    with pytest.raises(ValidationError):
        agreement_annexes.add_annex(actor=officer, agreement=draft, reason="x", end_date=datetime.date(2027, 11, 30))
    draft.state = AgreementState.SETTLED
    draft.save()
    with pytest.raises(ValidationError):
        services.terminate_agreement(actor=officer, agreement=draft, reason="x")


def test_signing_date_and_scan(people):
    officer = people["officer"]
    agreement = sent_agreement(**people)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.record_signature(actor=officer, agreement=agreement, signed_on=tomorrow)
    fake = SimpleUploadedFile("skan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.record_signature(actor=officer, agreement=agreement, signed_on=timezone.localdate(), scan=fake)
    assert "scan" in error.value.error_dict
    scan = SimpleUploadedFile("skan.pdf", make_pdf(note="podpisana umowa"), content_type="application/pdf")
    agreement = services.record_signature(actor=officer, agreement=agreement, signed_on=timezone.localdate(), scan=scan)
    assert agreement.state == AgreementState.SIGNED and agreement.signed_scan
    assert agreement.signed_recorded_by == officer


def test_signing_without_a_scan(people):
    agreement = signed_agreement(**people)
    assert agreement.state == AgreementState.SIGNED and not agreement.signed_scan


def test_in_force_creates_the_final_report(people):
    officer = people["officer"]
    agreement = signed_agreement(**people)
    with pytest.raises(ValidationError):
        services.bring_into_force(
            actor=officer, agreement=agreement, in_force_from=agreement.signed_on - datetime.timedelta(days=1)
        )
    agreement = services.bring_into_force(actor=officer, agreement=agreement, in_force_from=agreement.signed_on)
    assert agreement.state == AgreementState.IN_FORCE
    report = agreement.reports.get(kind=ReportKind.FINAL)
    assert report.due_date == agreement.final_report_due


def test_terminate_needs_a_reason(people, representative, mailoutbox, django_capture_on_commit_callbacks):
    officer = people["officer"]
    agreement = signed_agreement(**people)
    with pytest.raises(ValidationError):
        services.terminate_agreement(actor=officer, agreement=agreement, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.terminate_agreement(actor=officer, agreement=agreement, reason="Porozumienie stron")
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.TERMINATED and agreement.terminated_at
    assert "Porozumienie stron" in mailoutbox[-1].body
    with pytest.raises(ValidationError):
        services.send_agreement(actor=officer, agreement=agreement)


def test_back_to_draft_only_from_sent(people):
    officer = people["officer"]
    agreement = sent_agreement(**people)
    agreement = services.return_to_draft(actor=officer, agreement=agreement)
    assert agreement.state == AgreementState.DRAFT and agreement.sent_at is None


def test_tranche_transfer(people):
    officer = people["officer"]
    agreement = sent_agreement(**people)
    tranche = agreement.tranches.get()
    with pytest.raises(ValidationError):
        services.record_tranche_transfer(actor=officer, tranche=tranche, transferred_on=timezone.localdate())
    agreement = services.record_signature(actor=officer, agreement=agreement, signed_on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.record_tranche_transfer(
            actor=officer, tranche=tranche, transferred_on=timezone.localdate() + datetime.timedelta(days=1)
        )
    services.record_tranche_transfer(actor=officer, tranche=tranche, transferred_on=timezone.localdate())
    tranche.refresh_from_db()
    assert tranche.transferred_on == timezone.localdate()
    assert ActivityLog.objects.filter(action="agreement.tranche_transferred").exists()


# --- annexes -----------------------------------------------------------------------------------------------


def test_annex_history_and_recomputed_deadlines(people):
    officer = people["officer"]
    agreement = signed_agreement(**people)
    agreement = services.bring_into_force(actor=officer, agreement=agreement, in_force_from=agreement.signed_on)
    with pytest.raises(ValidationError) as error:
        agreement_annexes.add_annex(actor=officer, agreement=agreement, reason="", end_date=datetime.date(2027, 11, 30))
    assert "reason" in error.value.error_dict
    new_end = datetime.date(2027, 11, 30)
    annex = agreement_annexes.add_annex(
        actor=officer, agreement=agreement, reason="Przesunięcie koncertu", end_date=new_end, use_deadline=new_end
    )
    agreement.refresh_from_db()
    assert annex.number == 1
    assert annex.changes["end_date"] == ["2027-10-31", "2027-11-30"]
    assert annex.changes["use_deadline"] == ["2027-10-31", "2027-11-30"]
    assert agreement.final_report_due == deadlines.final_report_due(new_end)
    assert agreement.return_deadline == deadlines.return_deadline(new_end)
    assert agreement.reports.get(kind=ReportKind.FINAL).due_date == agreement.final_report_due
    second = agreement_annexes.add_annex(
        actor=officer,
        agreement=agreement,
        reason="Zwiększenie dotacji",
        amount=Decimal("6000.00"),
        tranches=[(START, Decimal("5500.00")), (datetime.date(2027, 9, 1), Decimal("500.00"))],
    )
    assert second.number == 2 and second.changes["amount"] == ["5500.00", "6000.00"]
    assert Grant.objects.get(offer=agreement.offer).amount == Decimal("6000.00")  # the register follows
    assert len(second.changes["tranches"][1]) == 2
    assert [a.number for a in agreement.annexes.all()] == [1, 2]
    rows = agreement_selectors.annex_rows(agreement)
    assert ("end_date", "31.10.2027", "30.11.2027") in rows[0][1]
    assert ("amount", "5,500.00\u00a0zł", "6,000.00\u00a0zł") in rows[1][1]
    response_html = agreement_selectors.agreement_context(agreement)
    assert len(response_html["annexes"]) == 2


def test_annex_refusals(people):
    officer = people["officer"]
    agreement = signed_agreement(**people)
    with pytest.raises(ValidationError) as error:
        agreement_annexes.add_annex(actor=officer, agreement=agreement, reason="Nic")
    assert "changes nothing" in " ".join(error.value.messages)
    with pytest.raises(ValidationError):
        agreement_annexes.add_annex(
            actor=officer, agreement=agreement, reason="Za długo", end_date=datetime.date(2032, 3, 1)
        )
    tranche = agreement.tranches.get()
    services.record_tranche_transfer(actor=officer, tranche=tranche, transferred_on=timezone.localdate())
    with pytest.raises(ValidationError) as error:
        agreement_annexes.add_annex(actor=officer, agreement=agreement, reason="Mniej", amount=Decimal("5000.00"))
    assert "has been transferred" in " ".join(error.value.messages)


# --- the PDF -----------------------------------------------------------------------------------------------


def test_pdf_has_the_key_clauses(people):
    agreement = signed_agreement(**people)
    from django.template.loader import render_to_string

    with translation.override("pl"):
        html = render_to_string("competitions/pdf/agreement.html", document_context(agreement))
    for text in (
        f"UMOWA NR {agreement.number}",
        "WSPARCIE REALIZACJI ZADANIA PUBLICZNEGO",
        "§ 1. Przedmiot umowy",
        "31.10.2027",
        "01.03.2027",
        "5\xa0500,00 zł",
        "PL61 1090 1014 0000 0712 1981 2874",
        "10%",
        "5 lat",
        "14 dni",
        agreement.final_report_due.strftime("%d.%m.%Y"),
        agreement.return_deadline.strftime("%d.%m.%Y"),
        "zaległości podatkowych",
        "ze skutkiem natychmiastowym",
        "Zleceniodawca",
        "Zleceniobiorca",
    ):
        assert text in html, text
    assert "PROJEKT" not in html
    assert agreement_documents.agreement_pdf(agreement).startswith(b"%PDF")


def test_pdf_of_a_draft_says_so_and_mentions_the_update(offer, officer, executive, editor, representative):
    update = accepted_update(offer, officer=officer, editor=editor, representative=representative, executive=executive)
    assert update.state == OfferUpdateState.ACCEPTED
    agreement = agreement_drafting.draft_agreement(actor=officer, offer=offer)
    from django.template.loader import render_to_string

    with translation.override("pl"):
        html = render_to_string("competitions/pdf/agreement.html", document_context(agreement))
    assert "PROJEKT" in html and "z uwzględnieniem aktualizacji" in html and "5\xa0000,00 zł" in html


# --- pages -------------------------------------------------------------------------------------------------


def test_panel_list_filters_and_query_count(client, people, draft):
    officer = people["officer"]
    client.force_login(officer)
    url = reverse("agreements_panel:list")
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    assert response.status_code == 200 and draft.number in response.content.decode()
    for _n in range(4):
        funded_agreement(**people)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many.captured_queries) == len(one.captured_queries)
    assert client.get(url, {"state": "sent"}).context["page_obj"].paginator.count == 0
    assert client.get(url, {"q": draft.number}).context["page_obj"].paginator.count == 1
    assert client.get(url, {"year": 2027}).context["page_obj"].paginator.count == 5


def test_panel_csv_export(client, draft, officer):
    client.force_login(officer)
    response = client.get(reverse("agreements_panel:export_csv"))
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff") and draft.number in body and "5500,00" in body


def test_panel_detail_and_pdf(client, draft, officer):
    client.force_login(officer)
    response = client.get(reverse("agreements_panel:detail", args=[draft.pk]))
    assert response.status_code == 200 and draft.number in response.content.decode()
    pdf = client.get(reverse("agreements_panel:pdf", args=[draft.pk]))
    assert pdf["Content-Type"] == "application/pdf"


def test_panel_detail_refused_to_other_units(client, draft):
    stranger = UserFactory(is_officer=True)
    CityUnitFactory().officers.add(stranger)
    from tests.conftest import TEST_TOTP_SECRET
    from wspolpraca.accounts.services import enrol_totp

    enrol_totp(user=stranger, secret=TEST_TOTP_SECRET)
    client.force_login(stranger)
    assert client.get(reverse("agreements_panel:detail", args=[draft.pk])).status_code == 403


def test_panel_edit_keeps_typed_values_on_error(client, draft, officer):
    client.force_login(officer)
    url = reverse("agreements_panel:edit", args=[draft.pk])
    page = client.get(url).content.decode()
    assert 'value="2027-03-01"' in page and 'value="2027-10-31"' in page  # ISO, as type=date reads
    data = {
        "start_date": "2027-03-01",
        "end_date": "2027-10-31",
        "use_deadline": "2027-10-31",
        "bank_account": IBAN,
        "own_financial": "500",
        "own_personal": "500",
        "own_in_kind": "0",
        "city_representative": "Prezydent Miasta Płocka",
        "ngo_representatives": "Anna Nowak",
        "tranche-TOTAL_FORMS": "2",
        "tranche-INITIAL_FORMS": "0",
        "tranche-0-due_date": "2027-03-01",
        "tranche-0-amount": "3000",
        "tranche-1-due_date": "2027-06-01",
        "tranche-1-amount": "2000",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "must be equal" in response.content.decode()
    assert 'value="2000"' in response.content.decode()
    data["tranche-1-amount"] = "2500"
    assert client.post(url, data).status_code == 302
    assert [t.amount for t in draft.tranches.all()] == [Decimal("3000.00"), Decimal("2500.00")]


def test_panel_actions_through_pages(client, people):
    officer = people["officer"]
    agreement = sent_agreement(**people)
    client.force_login(officer)
    scan = SimpleUploadedFile("skan.pdf", make_pdf(), content_type="application/pdf")
    today = timezone.localdate().isoformat()
    assert (
        client.post(
            reverse("agreements_panel:sign", args=[agreement.pk]), {"signed_on": today, "scan": scan}
        ).status_code
        == 302
    )
    assert (
        client.post(reverse("agreements_panel:in_force", args=[agreement.pk]), {"in_force_from": today}).status_code
        == 302
    )
    tranche = agreement.tranches.get()
    url = reverse("agreements_panel:transfer", args=[agreement.pk, tranche.pk])
    assert client.post(url, {"transferred_on": today}).status_code == 302
    response = client.post(reverse("agreements_panel:terminate", args=[agreement.pk]), {"reason": "x"})
    assert response.status_code == 200  # not confirmed
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.IN_FORCE
    assert client.get(reverse("agreements_panel:scan", args=[agreement.pk])).status_code == 200


def test_offeror_page_and_bank_account(client, draft, representative, editor):
    client.force_login(representative)
    url = reverse("award:agreement", args=[draft.offer_id])
    response = client.get(url)
    assert response.status_code == 200 and "Bank account for the grant" in response.content.decode()
    response = client.post(url, {"bank_account": "PL00"})
    assert response.status_code == 200 and "not a valid bank account" in response.content.decode()
    assert client.post(url, {"bank_account": IBAN}).status_code == 302
    assert client.get(reverse("award:agreement_pdf", args=[draft.offer_id]))["Content-Type"] == "application/pdf"
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200 and "Bank account for the grant" not in response.content.decode()


def test_offeror_page_hidden_from_others(client, draft):
    client.force_login(UserFactory())
    assert client.get(reverse("award:agreement", args=[draft.offer_id])).status_code == 404


def test_awaiting_list_on_panel(client, offer, executive, officer):
    award(offer, amount="5500.00", decided_by=executive)
    client.force_login(officer)
    response = client.get(reverse("agreements_panel:list"))
    assert reverse("agreements_panel:draft", args=[offer.pk]) in response.content.decode()
    assert client.post(reverse("agreements_panel:draft", args=[offer.pk])).status_code == 302
    assert Agreement.objects.filter(offer=offer).exists()
