"""Competitions (issue 3) end to end in the browser, each flow through the real UI:

1. an officer publishes a prepared draft call (refused first: the deadline is too early,
   the refusal names the earliest allowed date), and the call shows on /konkursy/ with its countdown;
2. an NGO editor prepares a joint, multi-year offer from the call's page, following the
   listed problems to their fields until none is left; the representative submits it and
   downloads the receipt and the offer as PDFs;
3. a late submission is refused with a clear message and the draft kept;
4. a small-grant offer is published for comments, commented on anonymously, the comment
   moderated and considered, the decision recorded and shown on the public page;
5. without JavaScript, the offer's cost table still grows and saves (plain form posts).

axe-core checks every page on the way (``assert_no_axe_violations``).
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.competitions.factories import CallFactory, CityUnitFactory, OfferFactory, open_call
from tests.conftest import TEST_TOTP_SECRET
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    follow,
    goto,
    login,
    submit,
)
from tests.factories import TEST_PASSWORD
from wspolpraca.competitions.enums import CallState, CommentStatus, OfferState, SmallGrantStage
from wspolpraca.competitions.models import Call, Offer

pytestmark = pytest.mark.e2e


def officer_unit(officer, **kwargs):
    unit = CityUnitFactory(name="Wydział Kultury, Promocji i Sportu", short_name="WKPS", slug="wkps", **kwargs)
    unit.officers.add(officer)
    return unit


def d_m_y(day):
    return day.strftime("%d.%m.%Y")


# --- 1. publishing a call ---------------------------------------------------------------------


def test_officer_publishes_a_call_after_the_deadline_is_moved_to_the_earliest_allowed_day(page, live_server, officer):
    from wspolpraca.competitions.calls.services import earliest_deadline

    unit = officer_unit(officer)
    today = timezone.localdate()
    call = CallFactory(
        unit=unit,
        title="Otwarty konkurs ofert na zadania z zakresu kultury w 2027 r.",
        slug="kultura-2027",
        offer_deadline=timezone.now() + datetime.timedelta(days=10),
    )
    # The earliest lawful deadline is the end of today + 21 days: 00:00 of today + 22 days.
    earliest = timezone.localdate(earliest_deadline(today, today, today))

    login(page, live_server, officer.email, TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET)
    goto(page, live_server, "/panel/konkursy/")
    assert_no_axe_violations(page)
    follow(page, page.locator(f"main a[href='/panel/konkursy/{call.pk}/']").first)
    assert_no_axe_violations(page)

    # Publication: the BIP and notice-board dates are today, the deadline only 10 days away.
    follow(page, page.locator(f"main a[href='/panel/konkursy/{call.pk}/publikacja/']").first)
    assert_no_axe_violations(page)
    form = page.locator("main form[method=post]")
    form.locator("input[name=bip_published_on]").fill(today.isoformat())
    form.locator("input[name=notice_board_published_on]").fill(today.isoformat())
    form.locator("input[name=bip_url]").fill("https://bip.plock.eu/ogloszenia/kultura-2027")
    submit(page, form)
    assert page.url.endswith(f"/panel/konkursy/{call.pk}/publikacja/"), page.url
    # The refusal, in the error summary, names the earliest allowed deadline.
    expect(page.locator("main .error-summary")).to_contain_text(d_m_y(earliest))
    assert_no_axe_violations(page)
    call.refresh_from_db()
    assert call.state == CallState.DRAFT

    # Fix the deadline in the announcement: the earliest allowed day, at noon.
    goto(page, live_server, f"/panel/konkursy/{call.pk}/edycja/")
    assert_no_axe_violations(page)
    form = page.locator("main form[method=post]")
    form.locator("input[name=offer_deadline]").fill(f"{earliest.isoformat()}T12:00")
    form.locator("input[name=title]").fill("")  # a slip: the title emptied
    submit(page, form)
    expect(page.locator("main .error-summary a[href='#id_title']")).to_be_visible()
    assert_no_axe_violations(page)
    form = page.locator("main form[method=post]")
    expect(form.locator("input[name=offer_deadline]")).to_have_value(f"{earliest.isoformat()}T12:00")
    form.locator("input[name=title]").fill(call.title)
    submit(page, form)
    assert page.url.endswith(f"/panel/konkursy/{call.pk}/"), page.url
    call.refresh_from_db()
    assert timezone.localtime(call.offer_deadline).date() == earliest

    assert_no_axe_violations(page)
    follow(page, page.locator(f"main a[href='/panel/konkursy/{call.pk}/publikacja/']").first)
    assert_no_axe_violations(page)
    expect(page.locator("main .info-box")).to_contain_text(d_m_y(earliest))
    expect(page.locator("main .info-box .field__error")).to_have_count(0)
    form = page.locator("main form[method=post]")
    form.locator("input[name=bip_published_on]").fill(today.isoformat())
    form.locator("input[name=notice_board_published_on]").fill(today.isoformat())
    submit(page, form)
    assert page.url.endswith(f"/panel/konkursy/{call.pk}/"), page.url
    assert_no_axe_violations(page)
    call.refresh_from_db()
    assert call.state == CallState.OPEN
    assert call.website_published_on == today

    # The public list shows it with a countdown to the deadline.
    goto(page, live_server, "/konkursy/")
    card = page.locator("main li.call-card").filter(has_text=call.title)
    expect(card).to_be_visible()
    countdown = card.locator(".countdown")
    expect(countdown).to_be_visible()
    expect(countdown).not_to_be_empty()
    assert_no_axe_violations(page)
    follow(page, card.locator(f"a[href='/konkursy/{call.slug}/']").first)
    expect(page.locator("main .countdown")).to_be_visible()
    expect(page.locator("main")).to_contain_text(d_m_y(earliest))
    assert_no_axe_violations(page)


# --- 3. a late submission ---------------------------------------------------------------------


def test_a_double_click_on_start_offer_makes_one_draft(page, live_server, organisation, editor):
    """site.js ignores the second submit; the one-time form token would refuse it anyway."""
    task = open_call(title="Otwarty konkurs ofert – kultura 2027", slug="kultura-2027").tasks.first()
    login(page, live_server, editor.email, TEST_PASSWORD)
    goto(page, live_server, f"/oferty/nowa/?task={task.pk}")
    with page.expect_navigation(url=re.compile(r"/sekcja/II/$"), wait_until="load"):
        page.locator("main form[method=post] button[type=submit]").dblclick()
    offer = Offer.objects.get(task=task)
    assert page.url.endswith(f"/oferty/{offer.pk}/sekcja/II/"), page.url


def test_a_submission_after_the_deadline_is_refused_and_the_draft_is_kept(
    page, live_server, organisation, representative
):
    call = open_call(title="Otwarty konkurs ofert – sport dzieci i młodzieży 2027", slug="sport-2027")
    offer = OfferFactory(call=call, task=call.tasks.first(), organisation=organisation)
    title = offer.content["III"]["title"]

    login(page, live_server, representative.email, TEST_PASSWORD)
    goto(page, live_server, f"/oferty/{offer.pk}/")
    assert_no_axe_violations(page)
    follow(page, page.locator(f"main a[href='/oferty/{offer.pk}/zloz/']").first)
    submit_form = page.locator("main form#submit-offer")
    expect(submit_form).to_be_visible()
    assert_no_axe_violations(page)

    # While the page is open, the deadline passes (by the server's clock).
    deadline = timezone.now() - datetime.timedelta(minutes=1)
    Call.objects.filter(pk=call.pk).update(offer_deadline=deadline)
    submit(page, submit_form)

    assert page.url.endswith(f"/oferty/{offer.pk}/zloz/"), page.url
    message = page.locator(".message--error").filter(has_text=timezone.localtime(deadline).strftime("%d.%m.%Y %H:%M"))
    expect(message.first).to_be_visible()
    expect(page.locator("main form#submit-offer")).to_have_count(0)
    assert_no_axe_violations(page)
    offer.refresh_from_db()
    assert offer.state == OfferState.DRAFT
    assert not offer.versions.exists()

    # The draft is still there in the editor.
    goto(page, live_server, f"/oferty/{offer.pk}/sekcja/III/")
    expect(page.locator("#III-title")).to_have_value(title)
    expect(page.locator("#III-needs")).to_have_value(offer.content["III"]["needs"])
    assert_no_axe_violations(page)


# --- 4. a small grant: publication, a public comment, the decision ----------------------------


def test_a_small_grant_is_published_commented_on_and_decided(
    page, browser, live_server, officer, organisation, representative
):
    from tests.competitions.test_small_grants_factories import planned, sg_call, small_content
    from tests.e2e.conftest import close_page, new_page
    from wspolpraca.competitions.models import CompetitionSettings, SmallGrantReview
    from wspolpraca.competitions.offers.submission import submit_offer
    from wspolpraca.competitions.small_grants import services as small_grants

    unit = officer_unit(officer)
    call = sg_call(unit=unit)
    planned()
    today = timezone.localdate()
    offer = OfferFactory(
        call=call,
        task=call.tasks.first(),
        organisation=organisation,
        content=small_content(organisation, start=today + datetime.timedelta(days=14), days=30),
    )
    submit_offer(actor=representative, offer=offer)
    review = SmallGrantReview.objects.get(offer=offer)
    title = offer.content["III"]["title"]

    # The officer publishes the offer for comments.
    login(page, live_server, officer.email, TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET)
    goto(page, live_server, "/panel/male-granty/")
    assert_no_axe_violations(page)
    detail = f"/panel/male-granty/{review.pk}/"
    follow(page, page.locator(f"main a[href='{detail}']").first)
    assert_no_axe_violations(page)
    follow(page, page.locator(f"main a[href='{detail}publikuj/']"))
    assert_no_axe_violations(page)
    form = page.locator("main form[method=post]")
    form.locator("input[name=bip_published_on]").fill(today.isoformat())
    form.locator("input[name=notice_board_published_on]").fill(today.isoformat())
    form.locator("input[name=confirm]").check()
    submit(page, form)
    assert page.url.endswith(detail), page.url
    assert_no_axe_violations(page)
    review.refresh_from_db()
    assert review.published_on == today

    # An anonymous visitor comments on the public page.
    visitor = new_page(browser)
    try:
        goto(visitor, live_server, "/male-granty/")
        assert_no_axe_violations(visitor)
        public = f"/male-granty/oferty/{review.pk}/"
        follow(visitor, visitor.locator(f"main a[href='{public}']").first)
        assert_no_axe_violations(visitor)
        # First without the comment itself: the errors are shown, the name typed is kept.
        form = visitor.locator("main form.sg-comment-form")
        form.locator("input[name=author_name]").fill("Rada Osiedla Podolszyce")
        submit(visitor, form)
        expect(visitor.locator("main .error-summary")).to_be_visible()
        expect(visitor.locator("main textarea[name=text]")).to_have_attribute("aria-invalid", "true")
        assert_no_axe_violations(visitor)
        form = visitor.locator("main form.sg-comment-form")
        expect(form.locator("input[name=author_name]")).to_have_value("Rada Osiedla Podolszyce")
        form.locator("input[name=author_email]").fill("rada.podolszyce@example.org")
        form.locator("textarea[name=text]").fill("Prosimy o jeden koncert także na Podolszycach.")
        form.locator("input[name=consent]").check()
        submit(visitor, form)
        assert visitor.url.split("#")[0].endswith(public), visitor.url
        assert_no_axe_violations(visitor)
        comment = review.comments.get()

        # The officer publishes the comment and records how it was considered.
        goto(page, live_server, detail)
        assert_no_axe_violations(page)
        moderate = page.locator(f"main a[href='/panel/male-granty/uwagi/{comment.pk}/']")
        follow(page, moderate)
        assert_no_axe_violations(page)
        form = page.locator("main form[method=post]")
        form.locator("input[name=decision][value=publish]").check()
        submit(page, form)
        assert page.url.endswith(detail), page.url
        follow(page, moderate)
        assert_no_axe_violations(page)
        form = page.locator("main form[method=post]")
        form.locator("textarea[name=consideration]").fill(
            "Uwzględniono: jeden z koncertów odbędzie się na Podolszycach."
        )
        submit(page, form)
        assert page.url.endswith(detail), page.url
        assert_no_axe_violations(page)

        visitor.reload(wait_until="load")
        comments = visitor.locator("main .sg-comments")
        expect(comments).to_contain_text("Prosimy o jeden koncert także na Podolszycach.")
        expect(comments).to_contain_text("jeden z koncertów odbędzie się na Podolszycach")
        assert_no_axe_violations(visitor)

        # The comment period ends (moved into the past), the scheduled step closes it.
        shift = datetime.timedelta(days=CompetitionSettings.load().small_grant_comment_days + 1)
        review.refresh_from_db()
        SmallGrantReview.objects.filter(pk=review.pk).update(
            published_on=review.published_on - shift,
            bip_published_on=review.bip_published_on - shift,
            notice_board_published_on=review.notice_board_published_on - shift,
            comments_until=review.comments_until - shift,
        )
        small_grants.close_comment_windows()

        # The officer records the decision.
        goto(page, live_server, detail)
        assert_no_axe_violations(page)
        follow(page, page.locator(f"main a[href='{detail}decyzja/']"))
        assert_no_axe_violations(page)
        submit(page, page.locator("main form[method=post]"))  # nothing chosen: errors
        expect(page.locator("main .error-summary")).to_be_visible()
        assert_no_axe_violations(page)
        comment.refresh_from_db()
        assert comment.status == CommentStatus.PUBLISHED and comment.considered_at
        form = page.locator("main form[method=post]")
        form.locator("input[name=funded][value=yes]").check()
        form.locator("input[name=amount]").fill("5000.00")
        reason = "Oferta odpowiada na potrzeby mieszkańców; dotacja obniżona do 5000 zł."
        form.locator("textarea[name=reason]").fill(reason)
        form.locator("input[name=confirm]").check()
        submit(page, form)
        assert page.url.endswith(detail), page.url
        assert_no_axe_violations(page)
        review.refresh_from_db()
        assert review.decision_amount == Decimal("5000.00")
        assert review.stage == SmallGrantStage.FUNDED

        # The public page shows the result.
        visitor.reload(wait_until="load")
        expect(visitor.locator("main")).to_contain_text(reason)
        expect(visitor.locator("main .lead + p strong")).to_contain_text(re.compile(r"5\W?000\W00"))
        expect(visitor.locator("main form.sg-comment-form")).to_have_count(0)
        assert_no_axe_violations(visitor)
        assert title in visitor.locator("h1").inner_text()
    finally:
        close_page(visitor)


# --- 2. a joint, multi-year offer: prepared, fixed, submitted, documents downloaded ------------

SAVE = "#offer-form .offer-actions > button[type=submit]"


def save_section(page):
    with page.expect_navigation(wait_until="load"):
        page.locator(SAVE).click()
    expect(page.locator("main .messages .message--success")).to_be_visible()


def add_row(page, value, appears):
    """Press a table's add button (htmx swaps the form in place): the new row's first input gets the focus."""
    page.locator(f"#offer-form button[name=add_row][value='{value}']").click()
    expect(page.locator(f"#{appears}")).to_be_focused()


def fill(page, values):
    for field_id, value in values.items():
        page.locator(f"#{field_id}").fill(value)


def tick(field_id):
    return lambda page: page.locator(f"#{field_id}").check()


# How each problem the offer's check reports is fixed, by the id of the field it links to.
FIXES = {
    # The second cost line (2,000 PLN) was given 1,000 in 2027 and nothing in 2028.
    "V-actions-0-lines-1-years-2027": lambda page: fill(
        page, {"V-actions-0-lines-1-years-2027": "1000,00", "V-actions-0-lines-1-years-2028": "1000,00"}
    ),
    "VI-paid": tick("VI-paid"),  # the first choice: free of charge
    "VI-partners_roles": lambda page: fill(
        page, {"VI-partners_roles": "Lider koordynuje i rozlicza zadanie; partner prowadzi warsztaty."}
    ),
    **{
        f"VII-{key}": tick(f"VII-{key}")
        for key in (
            "public_benefit_only",
            "payments_only_if_paid",
            "truthful",
            "personal_data",
            # Radio buttons: the first choice of each (no arrears, data consistent with the KRS).
            "tax_arrears",
            "zus_arrears",
            "register_match",
        )
    },
}


def fix_problems_from_the_overview(page, live_server, offer):
    """Follow the overview's first problem to its field, fix what the section lists, repeat."""
    overview = f"/oferty/{offer.pk}/"
    for _round in range(12):
        goto(page, live_server, overview)
        links = page.locator("main ul.offer-problems a")
        if links.count() == 0:
            expect(page.locator("main .offer-complete")).to_be_visible()
            assert_no_axe_violations(page)
            return
        href = links.first.get_attribute("href")
        field_id = href.split("#", 1)[1]
        follow(page, links.first)
        assert page.url.endswith(href), (page.url, href)
        expect(page.locator(f"#{field_id}")).to_be_in_viewport()  # the browser went to the field
        assert_no_axe_violations(page)
        assert field_id in FIXES, f"no fix known for the problem at #{field_id} ({href})"
        FIXES[field_id](page)
        save_section(page)
        # Once saved, the section lists its remaining problems, each linked to its field.
        remaining = page.locator("main #section-problems a")
        if remaining.count():
            assert_no_axe_violations(page)
            for fid in [link.get_attribute("href").lstrip("#") for link in remaining.all()]:
                assert fid in FIXES, f"no fix known for the problem at #{fid}"
                FIXES[fid](page)
            save_section(page)
        expect(page.locator("main p.offer-complete#section-problems")).to_be_visible()
    pytest.fail("problems were still listed after 12 rounds of fixes")


def test_an_editor_prepares_a_joint_multi_year_offer_and_the_representative_submits_it(
    page, browser, live_server, organisation, editor, representative
):
    from tests.e2e.conftest import close_page, new_page
    from tests.organisations.factories import MembershipFactory, OrganisationFactory

    call = open_call(title="Otwarty konkurs ofert – kultura 2027–2028", slug="kultura-2027-2028")
    task = call.tasks.first()
    partner = OrganisationFactory(name="Fundacja Nadwiślańska Scena", slug="nadwislanska-scena")
    partner_rep = MembershipFactory(organisation=partner, role="representative").user

    # The editor starts from the call's page.
    login(page, live_server, editor.email, TEST_PASSWORD)
    goto(page, live_server, f"/konkursy/{call.slug}/")
    assert_no_axe_violations(page)
    follow(page, page.locator(f"main .call-apply a[href$='?task={task.pk}']"))
    assert_no_axe_violations(page)
    form = page.locator("main form[method=post]")
    expect(form.locator(f"input[name=organisation][value='{organisation.pk}']")).to_be_checked()
    submit(page, form)
    offer = Offer.objects.get(call=call, organisation=organisation)
    assert page.url.endswith(f"/oferty/{offer.pk}/sekcja/II/"), page.url
    assert_no_axe_violations(page)

    # A partner organisation: a joint offer.
    follow(page, page.locator(f"main a[href='/oferty/{offer.pk}/partnerzy/']").first)
    assert_no_axe_violations(page)
    search = page.locator("main form[role=search]")
    search.locator("input[name=q]").fill("Nadwiślańska")
    submit(page, search)
    result = page.locator("main .offer-partner-results li").filter(has_text=partner.name)
    submit(page, result.locator("button[type=submit]"))
    assert not offer.partners.exists()  # invited only: it sees nothing until it accepts
    invitation = offer.partner_invitations.get(organisation=partner)
    expect(page.locator(f"main #invitation-{invitation.pk}")).to_be_visible()
    assert_no_axe_violations(page)
    # The partner's representative accepts (another browser), from the list of their offers.
    other = new_page(browser)
    try:
        login(other, live_server, partner_rep.email, TEST_PASSWORD)
        goto(other, live_server, "/oferty/")
        follow(other, other.locator(f"main a[href='/oferty/zaproszenia/{invitation.pk}/']"))
        assert_no_axe_violations(other)
        submit(other, other.locator("main button[name=decision][value=accept]"))
        assert other.url.endswith(f"/oferty/{offer.pk}/"), other.url
    finally:
        close_page(other)
    assert offer.partners.filter(organisation=partner).exists()

    # II: the contact person (the offerors come from the registry).
    goto(page, live_server, f"/oferty/{offer.pk}/sekcja/II/")
    expect(page.locator("#II-offerors-1-name")).to_have_value(partner.name)
    assert_no_axe_violations(page)
    fill(
        page,
        {
            "II-contact-name": "Anna Nowak",
            "II-contact-phone": "+48 600 100 200",
            "II-contact-email": "anna@example.org",
        },
    )
    save_section(page)

    # III: dates over two years, then the schedule for each year and a result.
    goto(page, live_server, f"/oferty/{offer.pk}/sekcja/III/")
    assert_no_axe_violations(page)
    fill(
        page,
        {
            "III-title": "Nadwiślańskie Lato z Kulturą",
            "III-start": "2027-03-01",
            "III-end": "2028-10-31",
            "III-place": "Płock, Stary Rynek i Podolszyce",
            "III-target_group": "Mieszkańcy Płocka, rodziny z dziećmi (około 1500 osób)",
            "III-needs": "Brak bezpłatnej oferty kulturalnej latem; cykl koncertów i warsztatów w dwóch dzielnicach.",
            "III-results_products": "16 koncertów i 20 warsztatów.",
            "III-results_change": "Większe uczestnictwo mieszkańców w kulturze.",
            "III-results_durability": "Cykl będzie kontynuowany.",
        },
    )
    save_section(page)
    add_row(page, "III-activities-2027", "III-activities-0-name")
    fill(page, {"III-activities-0-name": "Koncerty 2027", "III-activities-0-period": "VI–VIII 2027"})
    page.locator("#III-activities-0-partner").select_option(str(organisation.pk))
    add_row(page, "III-activities-2028", "III-activities-1-name")
    fill(page, {"III-activities-1-name": "Warsztaty 2028", "III-activities-1-period": "V–IX 2028"})
    page.locator("#III-activities-1-partner").select_option(str(partner.pk))
    add_row(page, "III-results", "III-results-0-name")
    fill(
        page,
        {
            "III-results-0-name": "Liczba uczestników",
            "III-results-0-target": "1500",
            "III-results-0-monitoring": "Listy obecności",
        },
    )
    assert_no_axe_violations(page)
    save_section(page)
    expect(page.locator("main p.offer-complete#section-problems")).to_be_visible()

    # IV
    goto(page, live_server, f"/oferty/{offer.pk}/sekcja/IV/")
    assert_no_axe_violations(page)
    fill(page, {"IV-experience": "Od 10 lat organizujemy koncerty plenerowe.", "IV-resources": "Zespół 8 osób, scena."})
    save_section(page)

    # V: one action with two cost lines over 2027 and 2028, the sources and the split.
    goto(page, live_server, f"/oferty/{offer.pk}/sekcja/V/")
    assert_no_axe_violations(page)
    add_row(page, "V-actions", "V-actions-0-name")
    add_row(page, "V-actions-0-lines", "V-actions-0-lines-1-kind")
    fill(
        page,
        {
            "V-actions-0-name": "Koncerty i warsztaty",
            "V-actions-0-lines-0-kind": "Honoraria artystów",
            "V-actions-0-lines-0-measure": "koncert",
            "V-actions-0-lines-0-unit_cost": "1000",
            "V-actions-0-lines-0-units": "8",
            "V-actions-0-lines-0-years-2027": "4000",
            "V-actions-0-lines-0-years-2028": "4000",
            "V-actions-0-lines-1-kind": "Wynajem sceny",
            "V-actions-0-lines-1-measure": "dzień",
            "V-actions-0-lines-1-unit_cost": "500,00",
            "V-actions-0-lines-1-units": "4",
            "V-actions-0-lines-1-years-2027": "1000",  # 2028 left out: a problem to fix later
            "V-sources-grant": "8500",
            "V-sources-own_financial": "1000",
            "V-sources-own_personal": "500",
            "V-sources-own_in_kind": "0",
            "V-sources-recipient_payments": "0",
            "V-split-0-years-2027": "3500",
            "V-split-0-years-2028": "3500",
            "V-split-1-years-2027": "1500",
            "V-split-1-years-2028": "1500",
        },
    )
    # The server computes the values as you type.
    expect(page.locator("#V-actions-0-lines-0-value")).to_contain_text(re.compile(r"8\W?000\W00"))
    save_section(page)
    expect(page.locator("#V-actions-0-lines-1-value")).to_contain_text(re.compile(r"2\W?000\W00"))
    problems = page.locator("main #section-problems a")
    expect(problems).to_have_count(1)
    expect(problems.first).to_have_attribute("href", "#V-actions-0-lines-1-years-2027")
    assert_no_axe_violations(page)
    # On a phone the editor's tables scroll in their own boxes, not the page.
    page.set_viewport_size(PHONE)
    page.reload(wait_until="load")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    page.set_viewport_size(DESKTOP)

    # The overview lists what is left; each problem is followed to its field and fixed.
    goto(page, live_server, f"/oferty/{offer.pk}/")
    listed = page.locator("main ul.offer-problems a")
    assert listed.count() >= 3
    expect(listed.and_(page.locator("[href$='#V-actions-0-lines-1-years-2027']"))).to_have_count(1)
    assert_no_axe_violations(page)
    fix_problems_from_the_overview(page, live_server, offer)
    offer.refresh_from_db()
    assert offer.total_cost == Decimal("10000.00")
    assert offer.requested_grant == Decimal("8500.00")
    assert offer.state == OfferState.DRAFT

    # The representative signs in (another browser), submits and downloads the documents.
    rep = new_page(browser)
    try:
        login(rep, live_server, representative.email, TEST_PASSWORD)
        goto(rep, live_server, f"/oferty/{offer.pk}/")
        assert_no_axe_violations(rep)
        follow(rep, rep.locator(f"main a[href='/oferty/{offer.pk}/zloz/']").first)
        assert_no_axe_violations(rep)
        submit(rep, rep.locator("main form#submit-offer"))
        assert rep.url.endswith(f"/oferty/{offer.pk}/wersje/"), rep.url
        expect(rep.locator("main .messages .message--success")).to_be_visible()
        assert_no_axe_violations(rep)
        offer.refresh_from_db()
        assert offer.state == OfferState.SUBMITTED and offer.number
        version = offer.versions.get(is_current=True)
        for document in ("potwierdzenie.pdf", "oferta.pdf"):
            link = rep.locator(f"main a[href='/oferty/{offer.pk}/wersje/{version.number}/{document}']")
            with rep.expect_download() as download_info:
                link.click()
            download = download_info.value
            with open(download.path(), "rb") as handle:
                assert handle.read(5) == b"%PDF-", f"{document} is not a PDF"
            assert download.suggested_filename.endswith(".pdf")
        # Withdrawal asks for confirmation: without it, nothing happens.
        follow(rep, rep.locator(f"main a[href='/oferty/{offer.pk}/wycofaj/']").first)
        assert_no_axe_violations(rep)
        submit(rep, rep.locator("main form[method=post]"))
        expect(rep.locator("main .error-summary")).to_be_visible()
        assert_no_axe_violations(rep)
        offer.refresh_from_db()
        assert offer.state == OfferState.SUBMITTED
    finally:
        close_page(rep)


# --- without JavaScript -----------------------------------------------------------------------


def test_without_javascript_the_cost_table_grows_and_saves_by_plain_form_posts(
    browser, live_server, organisation, editor
):
    from tests.e2e.conftest import close_page, new_page

    call = open_call(slug="bez-js-2027")
    offer = OfferFactory(call=call, task=call.tasks.first(), organisation=organisation)
    page = new_page(browser, javascript=False)
    try:
        login(page, live_server, editor.email, TEST_PASSWORD)
        goto(page, live_server, f"/oferty/{offer.pk}/sekcja/V/")
        page.locator("#V-actions-0-lines-0-kind").fill("Honoraria artystów – zmienione")
        # The add button posts the whole form; the page comes back with the row and the text typed.
        submit(page, page.locator("#offer-form button[name=add_row][value='V-actions-0-lines']"))
        expect(page.locator("#V-actions-0-lines-2-kind")).to_be_visible()
        expect(page.locator("#V-actions-0-lines-0-kind")).to_have_value("Honoraria artystów – zmienione")
        fill(
            page,
            {
                "V-actions-0-lines-2-kind": "Plakaty",
                "V-actions-0-lines-2-measure": "sztuka",
                "V-actions-0-lines-2-unit_cost": "10",
                "V-actions-0-lines-2-units": "50",
            },
        )
        save_section(page)
        offer.refresh_from_db()
        lines = offer.content["V"]["actions"][0]["lines"]
        assert [line["kind"] for line in lines] == ["Honoraria artystów – zmienione", "Wynajem sceny", "Plakaty"]
        # Values are computed by the server, not the browser.
        expect(page.locator("#V-actions-0-lines-2-value")).to_contain_text("500")
    finally:
        close_page(page)
