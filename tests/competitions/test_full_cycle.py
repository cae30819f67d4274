"""Issue 4, acceptance: the whole cycle of an open competition through the services, from the
submitted offers to the settled agreement (no browser; the browser test is tests/e2e).

The project has no clock-freezing library, so the story is placed around today: the call's
deadline is moved into the past once the offers are in (as the clock would), the task ran in
the past months, so that the final report, the return deadline and the late return fall on
real dates before today. Every step asserts the state and its activity-log entry.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.competitions.factories import CityUnitFactory, OfferFactory, area, open_call, valid_content
from tests.competitions.factories_agreements import IBAN, reduced_content
from tests.competitions.factories_scoring import sheet_with_total
from tests.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.agreements import annexes as agreement_annexes
from wspolpraca.competitions.agreements import drafting as agreement_drafting
from wspolpraca.competitions.agreements import selectors as agreement_selectors
from wspolpraca.competitions.agreements import services as agreements
from wspolpraca.competitions.calls import services as calls
from wspolpraca.competitions.enums import (
    AgreementState,
    CallState,
    CommissionRole,
    DecisionOutcome,
    FormalStatus,
    OfferUpdateState,
    ReportKind,
    ReportState,
    ReturnKind,
    SheetState,
)
from wspolpraca.competitions.evaluation import commission, overview, results, scoring
from wspolpraca.competitions.kernel import deadlines
from wspolpraca.competitions.models import CallTask, CallTaskBudget, Decision, Grant, Offer, OfferUpdate
from wspolpraca.competitions.offers import formal_check
from wspolpraca.competitions.offers import services as offers
from wspolpraca.competitions.offers import update as offer_update
from wspolpraca.competitions.offers.submission import submit_offer
from wspolpraca.competitions.register import selectors as register
from wspolpraca.competitions.reporting import content as reporting_content
from wspolpraca.competitions.reporting import services as reports
from wspolpraca.competitions.reporting import settlement
from wspolpraca.organisations.enums import MembershipRole

pytestmark = pytest.mark.django_db


def logged(action, obj, **data):
    """The newest activity-log row of `action` on `obj`, whose data contains `data`."""
    entries = ActivityLog.objects.filter(action=action, object_id=str(obj.pk)).order_by("-pk")
    assert entries.exists(), f"no {action} logged on {obj!r}"
    entry = entries.first()
    for key, value in data.items():
        assert entry.data.get(key) == value, f"{action}: data[{key!r}] = {entry.data.get(key)!r}, expected {value!r}"
    return entry


class NGO:
    """An organisation with a representative and an editor."""

    def __init__(self):
        self.organisation = OrganisationFactory()
        self.representative = UserFactory()
        self.editor = UserFactory()
        MembershipFactory(user=self.representative, organisation=self.organisation, role=MembershipRole.REPRESENTATIVE)
        MembershipFactory(user=self.editor, organisation=self.organisation, role=MembershipRole.EDITOR)


def save_section(user, offer, section, data):
    offer.refresh_from_db()
    return offers.save_offer_section(
        actor=user, offer=offer, section=section, data=data, base_revision=offer.section_revisions.get(section, 0)
    )


def test_the_whole_cycle_from_offers_to_settlement(officer, executive):
    today = timezone.localdate()
    task_start = today - datetime.timedelta(days=240)
    task_end = today - datetime.timedelta(days=60)

    # --- a call with two tasks, accepting offers ------------------------------------------------
    unit = CityUnitFactory()
    unit.officers.add(officer)
    call = open_call(
        unit=unit,
        year=task_start.year,
        performance_start=task_start - datetime.timedelta(days=30),
        performance_end=today + datetime.timedelta(days=365),
        tasks=[],
    )
    tasks = []
    for number, title in ((1, "Organizacja wydarzeń kulturalnych"), (2, "Edukacja kulturalna dzieci")):
        task = CallTask.objects.create(call=call, number=number, title=title, area=area("16"))
        CallTaskBudget.objects.create(task=task, year=call.year, amount=Decimal("10000.00"))
        tasks.append(task)

    ngos = {key: NGO() for key in "ABCDE"}
    task_of = {"A": tasks[0], "B": tasks[0], "C": tasks[0], "D": tasks[1], "E": tasks[1]}
    offer = {}
    for key, ngo in ngos.items():
        offer[key] = OfferFactory(
            call=call,
            task=task_of[key],
            organisation=ngo.organisation,
            created_by=ngo.editor,
            content=valid_content(organisations=[ngo.organisation], start=task_start, end=task_end),
        )
        version = submit_offer(actor=ngo.representative, offer=offer[key])
        offer[key].refresh_from_db()
        assert offer[key].requested_grant == Decimal("5500.00")
        logged("offer.submitted", offer[key], version=1, checksum=version.checksum)

    # The deadline passes (as the clock would) and the scheduler closes the call.
    call.offer_deadline = timezone.now() - datetime.timedelta(minutes=1)
    call.save(update_fields=["offer_deadline"])
    assert calls.refresh_call_state(call) == CallState.CLOSED
    call.refresh_from_db()
    logged("call.closed", call, to=CallState.CLOSED)

    # --- formal check: one call to correct, one rejection ---------------------------------------
    items = {str(item.pk): True for item in formal_check.checklist(call)}
    for key in "ADE":
        check = formal_check.record_formal_check(
            actor=officer, offer=offer[key], results=items, outcome=FormalStatus.PASSED
        )
        assert check.status == FormalStatus.PASSED
        logged("formal_check.recorded", offer[key], status=FormalStatus.PASSED, version=1)
    formal_check.record_formal_check(
        actor=officer,
        offer=offer["C"],
        results={**items, next(iter(items)): False},
        outcome=FormalStatus.REJECTED,
        reason="Oferta złożona przez podmiot nieuprawniony.",
    )
    logged("formal_check.recorded", offer["C"], status=FormalStatus.REJECTED)
    check = formal_check.request_correction(
        actor=officer, offer=offer["B"], results=items, sections=["IV"], message="Uzupełnij opis zasobów kadrowych."
    )
    assert check.status == FormalStatus.CORRECTION
    deadline_day = today + datetime.timedelta(days=call.correction_period_days)
    assert timezone.localtime(check.correction_deadline).date() == deadline_day
    logged("formal_check.correction_requested", offer["B"], sections=["IV"], version=1)

    # Only the named part may change; the NGO corrects it and resubmits: a new version, a new checksum.
    b = ngos["B"]
    with pytest.raises(PermissionDenied):
        save_section(b.editor, offer["B"], "III", {**offer["B"].content["III"], "place": "Gdzie indziej"})
    save_section(
        b.editor,
        offer["B"],
        "IV",
        {**offer["B"].content["IV"], "resources": "Zespół 8 osób, w tym 2 z uprawnieniami pedagogicznymi."},
    )
    first = offer["B"].versions.get(number=1)
    second = submit_offer(actor=b.representative, offer=offer["B"])
    assert second.number == 2 and second.is_current and second.checksum != first.checksum
    check.refresh_from_db()
    assert check.corrected_at == second.submitted_at
    logged("formal_check.corrected", offer["B"], version=2, checksum=second.checksum)
    formal_check.record_formal_check(actor=officer, offer=offer["B"], results=items, outcome=FormalStatus.PASSED)
    check.refresh_from_db()
    assert check.status == FormalStatus.PASSED and check.checked_version == 2
    logged("formal_check.recorded", offer["B"], status=FormalStatus.PASSED, version=2)

    # --- the commission: chair, officer, NGO member, expert --------------------------------------
    nominating = NGO()  # an organisation without an offer in the call
    ngo_member = UserFactory()
    nomination = commission.nominate_candidate(
        actor=nominating.representative,
        organisation=nominating.organisation,
        name=ngo_member.get_full_name() or "Kandydatka",
        email=ngo_member.email,
        qualifications="Animatorka kultury, 10 lat doświadczenia.",
        consent=True,
        user=ngo_member,
    )
    logged("commission.nominated", nominating.organisation, nomination=nomination.pk)
    chair_user, officer_user, expert_user = UserFactory(is_officer=True), UserFactory(is_officer=True), UserFactory()
    seats = {
        "chair": commission.appoint_commission_member(
            actor=executive, call=call, role=CommissionRole.CHAIR, user=chair_user
        ),
        "officer": commission.appoint_commission_member(
            actor=executive, call=call, role=CommissionRole.OFFICER, user=officer_user
        ),
        "ngo": commission.appoint_commission_member(
            actor=executive, call=call, role=CommissionRole.OFFICER, nomination=nomination
        ),
        "expert": commission.appoint_commission_member(
            actor=executive, call=call, role=CommissionRole.EXPERT, user=expert_user
        ),
    }
    assert seats["ngo"].role == CommissionRole.NGO
    assert commission.commission_problems(call) == []
    entry = logged("commission.member_appointed", call, user=expert_user.pk, role=CommissionRole.EXPERT)
    assert ActivityLog.objects.filter(action="commission.member_appointed", object_id=str(call.pk)).count() == 4

    # Declarations; the NGO member declares a conflict with offer D.
    assert not commission.offers_for_member(call, ngo_member).exists()  # nothing before the declaration
    for name, seat in seats.items():
        declaration = commission.file_declaration(
            actor=seat.user,
            call=call,
            no_art24_grounds=True,
            conflicted_offer=offer["D"] if name == "ngo" else None,
        )
        logged("commission.declaration_filed", call, declaration=declaration.pk)
    visible = set(commission.offers_for_member(call, ngo_member).values_list("pk", flat=True))
    assert visible == {offer[k].pk for k in "ABE"}  # C rejected, D conflicted
    with pytest.raises(ValidationError, match="conflict"):
        scoring.save_score_sheet(actor=ngo_member, offer=offer["D"], scores={})

    # --- scoring: three voting members (and the expert, advisory) ---------------------------------
    totals = {
        "A": {"chair": 36, "officer": 34, "ngo": 35, "expert": 20},
        "B": {"chair": 32, "officer": 31, "ngo": 33, "expert": 39},
        "D": {"chair": 38, "officer": 37, "expert": 10},
        "E": {"chair": 20, "officer": 22, "ngo": 18, "expert": 40},
    }
    for key, by_member in totals.items():
        for name, total in by_member.items():
            sheet = sheet_with_total(seats[name], offer[key], Decimal(total))
            assert sheet.state == SheetState.SUBMITTED and sheet.total == Decimal(total)
            logged("scoring.sheet_submitted", call, sheet=sheet.pk, total=f"{Decimal(total):.2f}")
    with pytest.raises(ValidationError, match="locked"):
        scoring.save_score_sheet(actor=chair_user, offer=offer["A"], scores={})

    # The chair proposes amounts (task 1 over its budget: a warning, not a refusal) and closes.
    assert overview.propose_amount(actor=chair_user, offer=offer["A"], amount=Decimal("5000.00")) is None
    warning = overview.propose_amount(actor=chair_user, offer=offer["B"], amount=Decimal("5500.00"))
    assert warning and "above its budget" in warning
    overview.propose_amount(actor=chair_user, offer=offer["D"], amount=Decimal("5500.00"))
    logged("scoring.amount_proposed", call, offer=offer["D"].pk, amount="5500.00")
    with pytest.raises(PermissionDenied):
        overview.close_evaluation(actor=officer_user, call=call)
    call = overview.close_evaluation(actor=chair_user, call=call)
    assert call.state == CallState.EVALUATED and call.evaluation_closed_by == chair_user
    logged("scoring.evaluation_closed", call, to=CallState.EVALUATED)
    assessment = {k: offer[k].__class__.objects.get(pk=offer[k].pk).assessment for k in "ABDE"}
    assert assessment["A"].score == Decimal("35.00")  # mean of the voting members; the expert's 20 not counted
    assert assessment["D"].score == Decimal("37.50")  # two voting sheets: the NGO member was conflicted
    assert assessment["E"].passed is False and assessment["A"].passed is True
    assert (assessment["A"].rank, assessment["B"].rank, assessment["D"].rank, assessment["E"].rank) == (1, 2, 1, 2)

    # --- the executive decides (one departure, with the reason) and publishes ---------------------
    choices = {
        offer["A"].pk: {"outcome": DecisionOutcome.FUNDED, "amount": "5000.00"},
        offer["B"].pk: {
            "outcome": DecisionOutcome.NOT_FUNDED,
            "reasons": "Wyczerpany budżet zadania 1.",
            "departure_reason": "Budżet zadania 1 wynosi 10 000 zł; oferta A uzyskała wyższą ocenę.",
        },
        offer["D"].pk: {"outcome": DecisionOutcome.FUNDED, "amount": "5500.00"},
        offer["E"].pk: {"outcome": DecisionOutcome.NOT_FUNDED, "reasons": "Ocena poniżej progu (20 pkt z 30)."},
    }
    with pytest.raises(PermissionDenied):
        results.publish_results(actor=officer, call=call, choices=choices)
    missing_reason = {**choices, offer["B"].pk: {**choices[offer["B"].pk], "departure_reason": ""}}
    with pytest.raises(ValidationError) as refused:
        results.publish_results(actor=executive, call=call, choices=missing_reason)
    assert "departure_reason" in refused.value.offer_errors[offer["B"].pk]
    call, warnings = results.publish_results(actor=executive, call=call, choices=choices)
    call.refresh_from_db()
    assert call.state == CallState.RESOLVED and call.decided_by == executive and call.results_published_at
    assert warnings == []
    decided = logged("results.decided", call)
    assert {d["offer"]: d["outcome"] for d in decided.data["decisions"]} == {
        offer["A"].number: DecisionOutcome.FUNDED,
        offer["B"].number: DecisionOutcome.NOT_FUNDED,
        offer["C"].number: DecisionOutcome.REJECTED,
        offer["D"].number: DecisionOutcome.FUNDED,
        offer["E"].number: DecisionOutcome.NOT_FUNDED,
    }
    logged("results.published", call, to=CallState.RESOLVED, funded=2, total="10500.00")
    decision_b = Decision.objects.get(offer=offer["B"])
    assert decision_b.departs_from_proposal and decision_b.departure_reason.startswith("Budżet")
    assert Decision.objects.get(offer=offer["C"]).reasons == "Oferta złożona przez podmiot nieuprawniony."
    assert not Decision.objects.get(offer=offer["A"]).departs_from_proposal

    # The register lists the two grants, publicly.
    public = register.public_grants().filter(call=call)
    assert {(g.offer_id, g.amount, g.mode, g.year) for g in public} == {
        (offer["A"].pk, Decimal("5000.00"), call.mode, call.year),
        (offer["D"].pk, Decimal("5500.00"), call.mode, call.year),
    }
    grant_a = Grant.objects.get(offer=offer["A"])
    assert grant_a.awarded_on == today and grant_a.task_title == tasks[0].title and grant_a.area == tasks[0].area
    assert register.filter_grants(register.public_grants(), organisation=ngos["D"].organisation).count() == 1

    # --- the offer update for the reduced award ---------------------------------------------------
    a = ngos["A"]
    update = OfferUpdate.objects.get(offer=offer["A"])
    assert update.state == OfferUpdateState.REQUESTED and update.awarded_amount == Decimal("5000.00")
    logged("offer_update.requested", offer["A"], awarded="5000.00", requested="5500.00")
    assert not OfferUpdate.objects.filter(offer=offer["D"]).exists()
    assert agreement_selectors.agreement_blockers(offer["A"])  # not before the update is accepted
    with pytest.raises(ValidationError, match="must equal the amount awarded"):
        submit_offer(actor=a.representative, offer=offer["A"])
    content = reduced_content(offer["A"].content)
    save_section(a.editor, offer["A"], "V", content["V"])
    save_section(a.editor, offer["A"], "III", content["III"])
    updated = submit_offer(actor=a.representative, offer=offer["A"])
    update.refresh_from_db()
    assert update.state == OfferUpdateState.SUBMITTED and update.version == updated and updated.number == 2
    logged("offer_update.submitted", offer["A"], version=2, checksum=updated.checksum)
    offer_update.accept_offer_update(actor=officer, update=update)
    update.refresh_from_db()
    assert update.state == OfferUpdateState.ACCEPTED
    logged("offer_update.accepted", offer["A"], version=2)

    # --- the agreement: drafted, sent, signed, in force -----------------------------------------
    assert agreement_selectors.agreement_blockers(offer["A"]) == []
    agreement = agreement_drafting.draft_agreement(actor=officer, offer=offer["A"])
    assert agreement.state == AgreementState.DRAFT and agreement.amount == Decimal("5000.00")
    assert (agreement.start_date, agreement.end_date, agreement.use_deadline) == (task_start, task_end, task_end)
    assert agreement.own_financial == Decimal("500.00")  # from the updated version
    logged("agreement.created", agreement, version=2, amount="5000.00")
    agreement_drafting.set_bank_account(actor=a.representative, agreement=agreement, bank_account=IBAN)
    agreement = agreements.send_agreement(actor=officer, agreement=agreement)
    assert agreement.state == AgreementState.SENT
    logged("agreement.sent", agreement)
    agreement = agreements.record_signature(actor=officer, agreement=agreement, signed_on=today)
    assert agreement.state == AgreementState.SIGNED and agreement.signed_on == today
    logged("agreement.signed", agreement, signed_on=today.isoformat())
    agreement = agreements.bring_into_force(actor=officer, agreement=agreement, in_force_from=today)
    assert agreement.state == AgreementState.IN_FORCE
    logged("agreement.in_force", agreement, in_force_from=today.isoformat())
    final = agreement.reports.get(kind=ReportKind.FINAL)
    assert final.state == ReportState.DUE
    assert final.due_date == deadlines.final_report_due(task_end) == agreement.final_report_due
    assert final.due_date >= task_end + datetime.timedelta(days=30)

    # The tranche is transferred.
    tranche = agreement.tranches.get()
    agreements.record_tranche_transfer(actor=officer, tranche=tranche, transferred_on=today)
    logged("agreement.tranche_transferred", agreement, tranche=1, amount="5000.00", transferred_on=today.isoformat())
    assert reporting_content.transferred_amount(agreement) == Decimal("5000.00")

    # An annex moves the end date (and the use deadline): the final report follows.
    new_end = task_end + datetime.timedelta(days=10)
    annex = agreement_annexes.add_annex(
        actor=officer,
        agreement=agreement,
        reason="Przesunięcie ostatniego koncertu.",
        end_date=new_end,
        use_deadline=new_end,
    )
    agreement.refresh_from_db()
    assert annex.number == 1 and annex.changes["end_date"] == [task_end.isoformat(), new_end.isoformat()]
    logged("agreement.annex_added", agreement, annex=1)
    final.refresh_from_db()
    assert final.due_date == deadlines.final_report_due(new_end) == agreement.final_report_due
    assert final.period_to == new_end
    assert agreement.return_deadline == deadlines.return_deadline(new_end)

    # --- the final report: filled, submitted, returned, resubmitted, accepted ---------------------
    plan = reporting_content.plan_of(agreement)
    assert plan.sources["grant"] == Decimal("5000.00")  # the plan is the accepted update's
    report_content = {
        "I": {
            "results": "10 wydarzeń, 1210 uczestników; listy obecności.",
            "activities": "Koncerty plenerowe zgodnie z harmonogramem; ostatni przesunięty aneksem.",
            "indicators": [{"achieved": "1210", "source": "listy obecności"} for _i in plan.indicators],
        },
        "II": {
            "costs": {line.key: str(line.planned) for line in plan.lines},
            "sources": {
                "grant": "4500",
                "own_financial": "1000",
                "own_personal": "500",
                "own_in_kind": "0",
                "recipient_payments": "0",
            },
            "contribution": "",  # forgotten: the officer returns the report for it
            "interest": "0",
            "other_income": "0",
            "income_info": "",
        },
        "III": {"additional": ""},
        "return": {"amount": "500,00", "date": today.isoformat()},
        "declarations": {"legal_status": True, "truthful": True, "personal_data": True},
    }
    reports.save_report(actor=a.editor, report=final, content=report_content)
    logged("report.saved", final)
    with pytest.raises(ValidationError) as refused:
        reports.submit_report(actor=a.representative, report=final)
    assert "II-contribution" in refused.value.message_dict
    report_content["II"]["contribution"] = "Praca wolontariuszy: 50 godzin po 10 zł."
    reports.save_report(actor=a.editor, report=final, content=report_content)
    final = reports.submit_report(actor=a.representative, report=final)
    assert final.state == ReportState.SUBMITTED and final.spent_grant == Decimal("4500.00") and final.checksum
    logged("report.submitted", final, checksum=final.checksum, spent_grant="4500.00", resubmitted=False)
    correction_due = today + datetime.timedelta(days=14)
    final = reports.return_report(
        actor=officer, report=final, note="Dołącz opis sposobu pomiaru rezultatów.", due_date=correction_due
    )
    assert final.state == ReportState.RETURNED and final.due_date == correction_due
    logged("report.returned", final, due_date=correction_due.isoformat())
    report_content["I"]["results"] += " Pomiar: listy obecności i ankiety."
    reports.save_report(actor=a.editor, report=final, content=report_content)
    final = reports.submit_report(actor=a.representative, report=final)
    assert final.state == ReportState.SUBMITTED
    logged("report.submitted", final, resubmitted=True, checksum=final.checksum)
    final = reports.accept_report(actor=officer, report=final)
    assert final.state == ReportState.ACCEPTED
    logged("report.accepted", final, checksum=final.checksum)

    # --- the settlement: a late return with interest at the dated rate, then settled -------------
    settlement.seed_rates()
    computed = settlement.compute_settlement(actor=officer, agreement=agreement)
    assert (computed.transferred, computed.spent, computed.unused, computed.other_income) == (
        Decimal("5000.00"),
        Decimal("4500.00"),
        Decimal("500.00"),
        Decimal("0.00"),
    )
    assert computed.return_deadline == deadlines.return_deadline(new_end) < today
    logged("settlement.computed", agreement, unused="500.00", return_deadline=computed.return_deadline.isoformat())
    with pytest.raises(ValidationError, match="Still to be returned"):
        settlement.settle_agreement(actor=officer, agreement=agreement)
    grant_return = settlement.record_return(
        actor=officer, agreement=agreement, kind=ReturnKind.UNUSED, amount=Decimal("500.00"), paid_on=today
    )
    late_days = (today - computed.return_deadline).days
    rate = settlement.rate_table()[-1][1]
    assert settlement.rate_table()[-1][0] <= computed.return_deadline  # one rate covers the whole delay
    expected = (Decimal("500.00") * rate / 100 * late_days / 365).quantize(Decimal("0.01"))
    assert grant_return.interest == expected > 0
    logged(
        "settlement.return_recorded",
        agreement,
        kind=ReturnKind.UNUSED,
        amount="500.00",
        interest=f"{expected:.2f}",
        paid_on=today.isoformat(),
    )
    settled = settlement.settle_agreement(actor=officer, agreement=agreement)
    agreement.refresh_from_db()
    assert settled.settled_at is not None and agreement.state == AgreementState.SETTLED
    logged("settlement.settled", agreement, unused="500.00", interest=f"{expected:.2f}")

    # The other offers stayed where the story left them.
    assert Offer.objects.get(pk=offer["B"].pk).versions.count() == 2
    assert not Grant.objects.filter(offer__in=[offer["B"], offer["C"], offer["E"]]).exists()
    assert entry.actor == executive
