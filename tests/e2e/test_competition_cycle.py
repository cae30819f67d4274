"""Open competitions after the deadline: the whole cycle in the browser, from the submitted
offers to the settled agreement, each step done by its persona through the real UI.

The starting point is set up with the services (as tests/competitions/test_full_cycle.py does):
a call of the officer's unit closed for offers, two submitted offers (ours, from the conftest
organisation, and another organisation's), three commission members with two-step verification
(two declared already). The story is placed around today: the task ran in the past months, so
that the final report, the return deadline and the late return fall on real dates before today.

1. the officer calls our offer to correct part IV and passes the other; the representative
   sees the call, corrects part IV and resubmits (version 2); the officer passes it;
2. the third member declares a conflict with the other offer and cannot open its sheet; the
   three members score in the browser; the chair proposes the amounts (ours reduced) and closes;
3. the executive reviews and publishes the results; the call's public page shows the grant,
   the register /wyniki/ lists it;
4. the representative updates the offer to the reduced award and submits it; the officer
   accepts the update;
5. the officer drafts the agreement, the representative enters the bank account, the officer
   sends it, records the signing, the entry into force and the tranche's transfer;
6. the representative fills in and submits the final report (500 zł unused, returned late);
   the officer accepts it;
7. the officer computes the settlement, records the late return (interest shown before saving)
   and settles the agreement.

Every page on the way is checked with axe-core (``assert_no_axe_violations``).
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.competitions.factories import CityUnitFactory, OfferFactory, area, open_call, valid_content
from tests.conftest import TEST_TOTP_SECRET
from tests.e2e.conftest import assert_no_axe_violations, close_page, follow, goto, login, new_page, submit
from tests.factories import TEST_PASSWORD, UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from wspolpraca.competitions.enums import (
    AgreementState,
    CallState,
    CommissionRole,
    FormalStatus,
    OfferUpdateState,
    ReportKind,
    ReportState,
)
from wspolpraca.competitions.models import (
    Agreement,
    CallTask,
    CallTaskBudget,
    FormalCheck,
    Grant,
    ImpartialityDeclaration,
    OfferUpdate,
    ScoreSheet,
)
from wspolpraca.organisations.enums import MembershipRole

pytestmark = pytest.mark.e2e

IBAN = "PL61109010140000071219812874"
SAVE = "#offer-form .offer-actions > button[type=submit]"  # the offer editor's save button


def visit(page, live_server, path):
    """Open a page and check it with axe-core."""
    goto(page, live_server, path)
    assert_no_axe_violations(page)


def success(page):
    expect(page.locator(".messages .message--success").first).to_be_visible()


def done(page, form_or_button):
    """Submit, expect the success message, check the page it lands on."""
    submit(page, form_or_button)
    success(page)
    assert_no_axe_violations(page)


def signed_in(browser, live_server, user, *, totp=True):
    page = new_page(browser)
    login(page, live_server, user.email, TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET if totp else None)
    return page


def setting_the_scene(officer, organisation, representative):
    """A call closed for offers with our offer and another organisation's, both submitted."""
    from wspolpraca.competitions.calls import services as calls
    from wspolpraca.competitions.offers.submission import submit_offer
    from wspolpraca.competitions.reporting import settlement

    today = timezone.localdate()
    task_start = today - datetime.timedelta(days=240)
    task_end = today - datetime.timedelta(days=60)
    unit = CityUnitFactory(name="Wydział Kultury, Promocji i Sportu", short_name="WKPS", slug="wkps-cykl")
    unit.officers.add(officer)
    call = open_call(
        unit=unit,
        title=f"Otwarty konkurs ofert – kultura {task_start.year}",
        slug="kultura-cykl",
        year=task_start.year,
        performance_start=task_start - datetime.timedelta(days=30),
        performance_end=today + datetime.timedelta(days=365),
        tasks=[],
    )
    task = CallTask.objects.create(call=call, number=1, title="Organizacja wydarzeń kulturalnych", area=area("16"))
    CallTaskBudget.objects.create(task=task, year=call.year, amount=Decimal("20000.00"))

    other = OrganisationFactory(name="Stowarzyszenie Nadwiślańska Scena", slug="nadwislanska-scena")
    other_rep = UserFactory()
    MembershipFactory(user=other_rep, organisation=other, role=MembershipRole.REPRESENTATIVE)
    offers = []
    for org, author in ((organisation, representative), (other, other_rep)):
        offer = OfferFactory(
            call=call,
            task=task,
            organisation=org,
            created_by=author,
            content=valid_content(organisations=[org], start=task_start, end=task_end),
        )
        submit_offer(actor=author, offer=offer)
        offers.append(offer)
    ours, theirs = offers
    # The deadline passes (as the clock would) and the scheduler closes the call.
    call.offer_deadline = timezone.now() - datetime.timedelta(minutes=1)
    call.save(update_fields=["offer_deadline"])
    assert calls.refresh_call_state(call) == CallState.CLOSED
    settlement.seed_rates()  # the tax-arrears rates, as the data in a real installation
    for offer in (ours, theirs, call):
        offer.refresh_from_db()
    return call, ours, theirs


def commission_of(call):
    """Chair and an officer member (declared), an NGO-nominated member (not declared yet)."""
    from tests.competitions.factories_scoring import member, nomination_of

    seats = {
        "chair": member(call, CommissionRole.CHAIR),
        "officer": member(call, CommissionRole.OFFICER),
        "ngo": member(call, CommissionRole.NGO, declare=False),
    }
    seats["ngo"].nomination = nomination_of(seats["ngo"].user)  # art. 15(2da): a nominee, no reason needed
    seats["ngo"].save(update_fields=["nomination"])
    return seats


def record_formal_check(page, live_server, call, offer, outcome, fill=None):
    path = f"/panel/konkursy/{call.pk}/oferty/{offer.pk}/ocena-formalna/"
    visit(page, live_server, path)
    form = page.locator("main form[method=post]")
    radios = form.locator("input[type=radio][name^=item_][value=yes]")
    for i in range(radios.count()):
        radios.nth(i).check()
    form.locator(f"input[name=outcome][value={outcome}]").check()
    if fill:
        fill(form)
    submit(page, form)
    assert page.url.endswith(f"/panel/konkursy/{call.pk}/oferty/{offer.pk}/"), page.url
    success(page)
    assert_no_axe_violations(page)


def score(page, live_server, call, offer, *, below_max=1):
    """Fill every applicable criterion (its maximum less `below_max`), save, then submit and lock."""
    follow(page, page.locator(f"main a[href='/panel/komisje/{call.pk}/oferty/{offer.pk}/ocena/']"))
    assert_no_axe_violations(page)
    form = page.locator("main form[method=post]")
    points = form.locator("input[name^=points_]")
    assert points.count() >= 3
    for i in range(points.count()):
        field = points.nth(i)
        field.fill(str(int(Decimal(field.get_attribute("max"))) - below_max))
    justifications = form.locator("textarea[name^=justification_]")
    for i in range(justifications.count()):
        justifications.nth(i).fill("Opis działań spójny z budżetem; rezultaty mierzalne.")
    submit(page, form.locator("button[name=action][value=submit]"))
    assert page.url.endswith(f"/oferty/{offer.pk}/ocena/zloz/"), page.url
    assert_no_axe_violations(page)
    done(page, page.locator("main form[method=post]"))


def agreement_step(page, path, **fields):
    """From the agreement's page: follow the link to `path`, fill the dates, confirm, back."""
    follow(page, page.locator(f"main a[href='{path}']"))
    assert_no_axe_violations(page)
    form = page.locator("main form[method=post]")
    for name, value in fields.items():
        form.locator(f"input[name={name}]").fill(value)
    done(page, form)


def test_the_whole_cycle_from_the_formal_check_to_the_settlement(
    browser, live_server, officer, executive, organisation, representative
):
    from wspolpraca.competitions.reporting import settlement as settlement_services

    call, ours, theirs = setting_the_scene(officer, organisation, representative)
    seats = commission_of(call)
    today = timezone.localdate()
    pages = []

    def open_as(user, **kwargs):
        page = signed_in(browser, live_server, user, **kwargs)
        pages.append(page)
        return page

    try:
        # --- 1. the formal check, with one call to correct ----------------------------------------
        off = open_as(officer)
        visit(off, live_server, f"/panel/konkursy/{call.pk}/oferty/")
        record_formal_check(off, live_server, call, theirs, FormalStatus.PASSED)

        def correction(form):
            form.locator("input[name=sections][value=IV]").check()
            form.locator("textarea[name=message]").fill("Uzupełnij opis zasobów kadrowych (część IV).")

        record_formal_check(off, live_server, call, ours, FormalStatus.CORRECTION, fill=correction)
        check = FormalCheck.objects.get(offer=ours)
        assert check.status == FormalStatus.CORRECTION and check.correction_sections == ["IV"]

        rep = open_as(representative, totp=False)
        visit(rep, live_server, f"/oferty/{ours.pk}/")
        expect(rep.locator("main")).to_contain_text("Uzupełnij opis zasobów kadrowych")
        visit(rep, live_server, f"/oferty/{ours.pk}/sekcja/IV/")
        rep.locator("#IV-resources").fill("Zespół 8 osób, w tym 2 z uprawnieniami pedagogicznymi; scena mobilna.")
        done(rep, rep.locator(SAVE))
        visit(rep, live_server, f"/oferty/{ours.pk}/zloz/")
        submit(rep, rep.locator("main form#submit-offer"))
        assert rep.url.endswith(f"/oferty/{ours.pk}/wersje/"), rep.url
        success(rep)
        assert_no_axe_violations(rep)
        ours.refresh_from_db()
        assert ours.versions.get(is_current=True).number == 2

        record_formal_check(off, live_server, call, ours, FormalStatus.PASSED)
        check.refresh_from_db()
        assert check.status == FormalStatus.PASSED and check.checked_version == 2

        # --- 2. scoring: three members, one with a conflict ---------------------------------------
        ngo = open_as(seats["ngo"].user)
        visit(ngo, live_server, "/panel/komisje/")
        follow(ngo, ngo.locator(f"main a[href='/panel/komisje/{call.pk}/']").first)
        assert_no_axe_violations(ngo)
        form = ngo.locator("main form[method=post]")
        form.locator("input[name=no_art24_grounds]").check()
        form.locator("select[name=conflicted_offer]").select_option(str(theirs.pk))
        submit(ngo, form)
        assert ImpartialityDeclaration.objects.get(call=call, user=seats["ngo"].user).conflicted_offer == theirs
        assert_no_axe_violations(ngo)
        offers_table = ngo.locator("main table")
        expect(offers_table).to_contain_text(ours.number)
        expect(offers_table).not_to_contain_text(theirs.number)
        # The conflicted offer's sheet (and the offer itself) cannot be opened.
        goto(ngo, live_server, f"/panel/komisje/{call.pk}/oferty/{theirs.pk}/ocena/", expect_status=404)
        goto(ngo, live_server, f"/panel/komisje/{call.pk}/oferty/{theirs.pk}/", expect_status=404)
        goto(ngo, live_server, f"/panel/komisje/{call.pk}/")
        score(ngo, live_server, call, ours)

        for name in ("officer", "chair"):
            member_page = open_as(seats[name].user)
            visit(member_page, live_server, f"/panel/komisje/{call.pk}/")
            for offer in (ours, theirs):
                score(member_page, live_server, call, offer)
                goto(member_page, live_server, f"/panel/komisje/{call.pk}/")
        chair = member_page
        assert ScoreSheet.objects.filter(offer__call=call, state="submitted").count() == 5
        assert not ScoreSheet.objects.filter(offer=theirs, member=seats["ngo"]).exists()

        # The chair proposes the amounts (ours reduced to 5,000 of 5,500) and closes the evaluation.
        visit(chair, live_server, f"/panel/komisje/{call.pk}/przeglad/")
        for offer, amount in ((ours, "5000.00"), (theirs, "5500.00")):
            follow(chair, chair.locator(f"main a[href='/panel/komisje/{call.pk}/oferty/{offer.pk}/kwota/']"))
            assert_no_axe_violations(chair)
            form = chair.locator("main form[method=post]")
            form.locator("input[name=proposed_amount]").fill(amount)
            done(chair, form)
        visit(chair, live_server, f"/panel/komisje/{call.pk}/zamkniecie/")
        form = chair.locator("main form[method=post]")
        form.locator("input[name=confirm]").check()
        done(chair, form)
        call.refresh_from_db()
        assert call.state == CallState.EVALUATED

        # --- 3. the executive decides and publishes; the results are public -----------------------
        exe = open_as(executive)
        visit(exe, live_server, f"/panel/konkursy/{call.pk}/wyniki/")
        submit(exe, exe.locator("main form[method=post] button[name=action][value=review]"))
        assert_no_axe_violations(exe)
        form = exe.locator("main form[method=post]")
        form.locator("input[name=confirm]").check()
        done(exe, form.locator("button[name=action][value=publish]"))
        call.refresh_from_db()
        assert call.state == CallState.RESOLVED
        assert Grant.objects.get(offer=ours).amount == Decimal("5000.00")

        public = new_page(browser)
        pages.append(public)
        visit(public, live_server, f"/konkursy/{call.slug}/")
        expect(public.locator("main")).to_contain_text(organisation.name)
        expect(public.locator("main")).to_contain_text("5 000,00")
        visit(public, live_server, "/wyniki/")
        expect(public.locator("main")).to_contain_text(organisation.name)

        # --- 4. the offer update to the reduced award ---------------------------------------------
        update = OfferUpdate.objects.get(offer=ours)
        assert update.state == OfferUpdateState.REQUESTED and update.awarded_amount == Decimal("5000.00")
        visit(rep, live_server, f"/oferty/{ours.pk}/aktualizacja/")
        visit(rep, live_server, f"/oferty/{ours.pk}/sekcja/V/")
        # The scene rental 4 × 375 instead of 4 × 500; the grant 5,000, own funds 500.
        line = ours.content["V"]["actions"][0]["lines"][1]
        rep.locator("#V-actions-0-lines-1-unit_cost").fill("375")
        for year in line["years"]:  # per-year columns show only for a multi-year task
            per_year = rep.locator(f"#V-actions-0-lines-1-years-{year}")
            if per_year.count():
                per_year.fill("1500")
        rep.locator("#V-sources-grant").fill("5000")
        rep.locator("#V-sources-own_financial").fill("500")
        done(rep, rep.locator(SAVE))
        visit(rep, live_server, f"/oferty/{ours.pk}/aktualizacja/")
        done(rep, rep.locator("main form[method=post]"))
        update.refresh_from_db()
        assert update.state == OfferUpdateState.SUBMITTED

        visit(off, live_server, "/panel/umowy/aktualizacje/")
        follow(off, off.locator(f"main a[href='/panel/umowy/aktualizacje/{update.pk}/']").first)
        assert_no_axe_violations(off)
        done(off, off.locator("main form[method=post] button[name=action][value=accept]"))
        update.refresh_from_db()
        assert update.state == OfferUpdateState.ACCEPTED

        # --- 5. the agreement ---------------------------------------------------------------------
        visit(off, live_server, f"/panel/umowy/nowa/{ours.pk}/")
        done(off, off.locator("main form[method=post]"))
        agreement = Agreement.objects.get(offer=ours)
        assert agreement.state == AgreementState.DRAFT and agreement.amount == Decimal("5000.00")

        visit(rep, live_server, f"/oferty/{ours.pk}/umowa/")
        form = rep.locator("main form[method=post]")
        form.locator("input[name=bank_account]").fill(IBAN)
        done(rep, form)

        visit(off, live_server, f"/panel/umowy/{agreement.pk}/")
        base = f"/panel/umowy/{agreement.pk}/"
        agreement_step(off, base + "wyslij/")
        agreement_step(off, base + "podpisanie/", signed_on=today.isoformat())
        agreement_step(off, base + "wejscie-w-zycie/", in_force_from=today.isoformat())
        agreement.refresh_from_db()
        assert agreement.state == AgreementState.IN_FORCE
        tranche = agreement.tranches.get()
        agreement_step(off, base + f"transze/{tranche.pk}/przelew/", transferred_on=today.isoformat())
        assert agreement.tranches.get().transferred_on == today

        # --- 6. the final report --------------------------------------------------------------------
        report = agreement.reports.get(kind=ReportKind.FINAL)
        visit(rep, live_server, "/oferty/sprawozdania/")
        follow(rep, rep.locator(f"main a[href='/oferty/sprawozdania/{report.pk}/']").first)
        assert_no_axe_violations(rep)
        form = rep.locator("main form.report-form")
        form.locator("[name=I-results]").fill("10 wydarzeń, 1210 uczestników; pomiar: listy obecności i ankiety.")
        form.locator("[name=I-activities]").fill("Koncerty plenerowe i warsztaty zgodnie z harmonogramem.")
        indicators = form.locator("input[name^=I-indicators-][name$=-achieved]")
        for i in range(indicators.count()):
            indicators.nth(i).fill("1210")
        sources = form.locator("input[name^=I-indicators-][name$=-source]")
        for i in range(sources.count()):
            sources.nth(i).fill("listy obecności")
        # Every cost as planned in the update, except the scene: 1,000 instead of 1,500.

        from wspolpraca.competitions.reporting import content as report_content

        plan = report_content.plan_of(agreement)
        for cost_line in plan.lines:
            spent = cost_line.planned - (Decimal("500") if cost_line.planned == Decimal("1500") else 0)
            form.locator(f"[name='II-costs-{cost_line.key}']").fill(f"{spent:.2f}".replace(".", ","))
        for key, value in {
            "grant": "4500",
            "own_financial": "500",
            "own_personal": "500",
            "own_in_kind": "0",
            "recipient_payments": "0",
        }.items():
            form.locator(f"[name='II-sources-{key}']").fill(value)
        form.locator("[name=II-contribution]").fill("Praca wolontariuszy: 50 godzin po 10 zł.")
        form.locator("[name=II-interest]").fill("0")
        form.locator("[name=II-other_income]").fill("0")
        form.locator("[name=return-amount]").fill("500,00")
        form.locator("[name=return-date]").fill(today.isoformat())
        declarations = form.locator("input[type=checkbox][name^=declarations-]")
        for i in range(declarations.count()):
            declarations.nth(i).check()
        done(rep, form.locator("button[name=save]"))
        done(rep, rep.locator("main form.report-form button[name=submit]"))
        report.refresh_from_db()
        assert report.state == ReportState.SUBMITTED and report.spent_grant == Decimal("4500.00")

        visit(off, live_server, "/panel/sprawozdania/")
        follow(off, off.locator(f"main a[href='/panel/sprawozdania/{report.pk}/']").first)
        assert_no_axe_violations(off)
        accept = off.locator("main form:has(input[name=action][value=accept])")
        done(off, accept)
        report.refresh_from_db()
        assert report.state == ReportState.ACCEPTED

        # --- 7. the settlement with a late return -------------------------------------------------
        visit(off, live_server, "/panel/rozliczenia/")
        visit(off, live_server, f"/panel/rozliczenia/umowa/{agreement.pk}/")
        done(off, off.locator("main form:has(input[name=action][value=compute])").first)
        deadline = Agreement.objects.get(pk=agreement.pk).settlement.return_deadline
        assert deadline < today  # the return below is late
        form = off.locator("main form:has(button[name=action][value=record])")
        form.locator("select[name=return-kind]").select_option("unused")
        form.locator("input[name=return-amount]").fill("500.00")
        form.locator("input[name=return-paid_on]").fill(today.isoformat())
        submit(off, form.locator("button[name=action][value=preview]"))
        assert_no_axe_violations(off)
        late_days = (today - deadline).days
        rate = settlement_services.rate_table()[-1][1]
        interest = (Decimal("500.00") * rate / 100 * late_days / 365).quantize(Decimal("0.01"))
        assert interest > 0
        expect(off.locator("main")).to_contain_text(f"{interest:.2f}".replace(".", ","))
        form = off.locator("main form:has(button[name=action][value=record])")
        done(off, form.locator("button[name=action][value=record]"))
        form = off.locator("main form:has(input[name=action][value=settle])")
        form.locator("input[name=settle-confirm]").check()
        done(off, form)
        agreement.refresh_from_db()
        assert agreement.state == AgreementState.SETTLED
        assert agreement.settlement.returns.get().interest == interest
    finally:
        for page in pages:
            close_page(page)
