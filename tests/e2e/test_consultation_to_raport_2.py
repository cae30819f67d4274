"""Issue 15's acceptance: a consultation from its opening to the published Raport 2 with the
council's opinion, in the browser, as an officer, two NGO representatives and the council's
secretary, each at their own computer.

1. the officer opens the consultation in the panel (the draft pasted and split into units) and
   announces it; it opens at once;
2. two representatives comment on units for their organisations;
3. the period ends (the clock moved, `run_scheduled` closes it);
4. the officer answers both comments together (a joint answer) and publishes Raport 1;
5. the officer asks the council for its opinion (14 days, a programme); the secretary finds the
   request on /moje/ and records the opinion;
6. the officer publishes Raport 2: its page and PDF carry the council's opinion, Raport 1's do not.

Every page on the way is checked with axe-core.
"""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.bodies.factories import BodyFactory, MembershipFactory, full_term
from tests.conftest import TEST_TOTP_SECRET
from tests.consultations.factories import DRAFT_TEXT
from tests.e2e.conftest import assert_no_axe_violations, close_page, follow, goto, login, new_page, submit
from tests.factories import TEST_PASSWORD, UserFactory
from tests.organisations.factories import MembershipFactory as OrganisationMembership
from tests.organisations.factories import OrganisationFactory
from wspolpraca.consultations.enums import ConsultationState, OpinionRequestState
from wspolpraca.consultations.models import Consultation, OpinionRequest

pytestmark = pytest.mark.e2e

TITLE = "Konsultacje projektu Programu współpracy na rok 2027 (test akceptacyjny)"


def checked(page, live_server, path):
    goto(page, live_server, path)
    assert_no_axe_violations(page)


def success(page):
    assert page.locator(".messages .message--success").count(), (page.url, page.locator("main").inner_text()[:1500])


def test_from_opening_to_raport_2_with_the_councils_opinion(browser, page, live_server, officer, representative):
    council = BodyFactory(name="Płocka Rada Działalności Pożytku Publicznego", slug="rada-pozytku")
    secretary = UserFactory(email="sekretarz.rady@example.org", first_name="Dorota", last_name="Jabłońska")
    MembershipFactory(term=full_term(body=council), user=secretary, name="Dorota Jabłońska", role="secretary")
    other = UserFactory(email="fundacja@example.org", first_name="Jan", last_name="Zieliński")
    other_org = OrganisationFactory(name="Fundacja Nadwiślańska", slug="fundacja-nadwislanska")
    OrganisationMembership(user=other, organisation=other_org, role="representative")

    # 1. The officer opens and announces the consultation.
    login(page, live_server, officer.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    checked(page, live_server, "/panel/konsultacje/nowa/")
    form = page.locator("form:has(input[name=title])")
    now = timezone.localtime()
    form.locator("input[name=title]").fill(TITLE)
    form.locator("select[name=act_kind]").select_option("programme")
    form.locator("input[name=order_number]").fill("4521/2026")
    form.locator("input[name=starts_at]").fill((now - datetime.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
    form.locator("input[name=ends_at]").fill((now + datetime.timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"))
    form.locator("input[name=unit_name]").fill("Centrum Organizacji Pozarządowych")
    form.locator("input[name=contact_person]").fill("Jan Urzędnik")
    form.locator("input[name=contact_email]").fill("cop@example.org")
    form.locator("textarea[name=text]").fill(DRAFT_TEXT)
    submit(page, form)
    success(page)
    consultation = Consultation.objects.get(title=TITLE)
    assert page.locator("table").first.locator("tbody tr").count() == 10  # the units of the draft
    assert_no_axe_violations(page)
    submit(page, page.locator(f"form[action$='/panel/konsultacje/{consultation.pk}/ogloszenie/']"))
    success(page)
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.OPEN

    # 2. Two representatives comment for their organisations.
    for user, unit_index, proposal in (
        (representative, 2, "Uchwala się Program współpracy na rok 2027 wraz z harmonogramem."),
        (other, 2, "Uchwala się Program współpracy na rok 2027 i harmonogram konkursów."),
    ):
        their = new_page(browser)
        login(their, live_server, user.email, TEST_PASSWORD)
        checked(their, live_server, f"/konsultacje/{consultation.pk}/")
        follow(their, their.locator(f"a[href*='/konsultacje/{consultation.pk}/uwagi/nowa/']").nth(unit_index))
        assert_no_axe_violations(their)
        comment = their.locator("form:has(textarea[name=justification])")
        comment.locator("select[name=organisation]").select_option(index=1)
        comment.locator("textarea[name=proposed_wording]").fill(proposal)
        comment.locator("textarea[name=justification]").fill("Harmonogram ułatwi organizacjom planowanie – źdźbło.")
        submit(their, comment.locator("button[name=send]"))
        success(their)
        close_page(their)
    assert consultation.comments.filter(state="sent").count() == 2

    # 3. The period ends; the scheduled step closes the consultation.
    Consultation.objects.filter(pk=consultation.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
    call_command("run_scheduled", verbosity=0)
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.CLOSED

    # 4. One joint answer to the two similar comments, then Raport 1.
    checked(page, live_server, f"/panel/konsultacje/{consultation.pk}/odpowiedzi/")
    answers = page.locator("form[method=post]:has(textarea[name=reason])")
    boxes = answers.locator("input[name=comments]")
    assert boxes.count() == 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    answers.locator("input[name=verdict][value=partly_accepted]").check()
    answers.locator("textarea[name=reason]").fill("Harmonogram konkursów zostanie dołączony do Programu.")
    submit(page, answers)
    success(page)
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.ANSWERED
    checked(page, live_server, f"/panel/konsultacje/{consultation.pk}/raporty/nowy/")
    report = page.locator("form[method=post]:has(input[name=title])")
    report.locator("input[name=confirm]").check()
    submit(page, report)
    success(page)
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.REPORT_PUBLISHED

    # 5. The council is asked for its opinion; its secretary records it.
    checked(page, live_server, f"/panel/konsultacje/opinie/nowa/?konsultacja={consultation.pk}")
    request_form = page.locator("form:has(select[name=body])")
    request_form.locator("select[name=body]").select_option(str(council.pk))
    request_form.locator("textarea[name=note]").fill("Prosimy o opinię wraz z Raportem 1.")
    submit(page, request_form)
    success(page)
    request = OpinionRequest.objects.get(consultation=consultation)
    assert request.days == 14 and request.deadline == timezone.localdate() + datetime.timedelta(days=14)

    desk = new_page(browser)
    login(desk, live_server, secretary.email, TEST_PASSWORD)
    checked(desk, live_server, "/moje/")
    follow(desk, desk.locator(f"a[href$='/konsultacje/opinie/{request.pk}/opinia/']").first)
    assert_no_axe_violations(desk)
    opinion = desk.locator("form:has(textarea[name=opinion_text])")
    opinion.locator("input[name=outcome][value=positive_with_remarks]").check()
    opinion.locator("textarea[name=opinion_text]").fill("Rada opiniuje projekt pozytywnie i prosi o harmonogram.")
    opinion.locator("input[name=resolution_number]").fill("5/2026")
    submit(desk, opinion)
    success(desk)
    close_page(desk)
    request.refresh_from_db()
    assert request.state == OpinionRequestState.GIVEN

    # 6. Raport 2 carries the opinion; Raport 1 does not.
    checked(page, live_server, f"/panel/konsultacje/{consultation.pk}/raporty/nowy/")
    report = page.locator("form[method=post]:has(input[name=title])")
    report.locator("input[name=confirm]").check()
    submit(page, report)
    success(page)
    checked(page, live_server, f"/konsultacje/{consultation.pk}/raporty/2/")
    assert "Rada opiniuje projekt pozytywnie" in page.content() and council.name in page.content()
    checked(page, live_server, f"/konsultacje/{consultation.pk}/raporty/1/")
    assert "Rada opiniuje projekt pozytywnie" not in page.content()
    pdf = page.request.get(f"{live_server.url}/konsultacje/{consultation.pk}/raporty/2/pdf/")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
