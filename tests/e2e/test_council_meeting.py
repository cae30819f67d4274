"""A council meeting in the browser: the officer records attendance (no quorum first, the vote
refused with the reason shown), then a quorum, a resolution adopted by named vote, the minutes
drafted, sent, approved at the next meeting and published; the public reads them."""

import datetime

from django.utils import timezone

from tests.bodies.factories import council_with_meeting
from tests.conftest import TEST_TOTP_SECRET
from tests.e2e.conftest import assert_no_axe_violations, goto, login, submit
from tests.factories import TEST_PASSWORD
from wspolpraca.bodies import meetings as services


def test_a_council_meeting_from_quorum_to_published_minutes(page, live_server, officer):
    meeting, seats = council_with_meeting(members=3)
    later = services.create_meeting(
        actor=officer, term=meeting.term, starts_at=timezone.now() + datetime.timedelta(days=30), place="Sala 2"
    )
    resolution = services.create_resolution(
        actor=officer,
        meeting=meeting,
        kind="resolution",
        subject="przyjęcia planu pracy",
        text="§ 1. Przyjmuje się plan.",
    )
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    login(page, live_server, officer.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    path = f"/panel/rady-i-zespoly/posiedzenia/{meeting.pk}/"
    goto(page, live_server, path)

    attendance = page.locator("form:has(button[value=attendance])")
    for seat in seats:
        attendance.get_by_label(f"{seat.name}: excused").check()
    submit(page, attendance.locator("button[value=attendance]"))
    assert page.locator("[data-quorum=missing]").count() == 1
    votes = page.locator("form:has(button[value=votes])")
    assert votes.locator("input[type=radio]").count() == 0  # nobody present: nobody to vote
    submit(page, votes.locator("button[value=votes]"))
    assert "there is no quorum" in page.content()

    attendance = page.locator("form:has(button[value=attendance])")
    attendance.get_by_label(f"{seats[0].name}: present").check()
    attendance.get_by_label(f"{seats[1].name}: present").check()
    submit(page, attendance.locator("button[value=attendance]"))
    assert page.locator("[data-quorum=met]").count() == 1
    assert_no_axe_violations(page)
    votes = page.locator("form:has(button[value=votes])")
    votes.get_by_label(f"{seats[0].name}: for").check()
    votes.get_by_label(f"{seats[1].name}: abstained").check()
    submit(page, votes.locator("button[value=votes]"))
    resolution.refresh_from_db()
    assert resolution.state == "adopted"
    assert "For: 1, against: 0, abstained: 1, absent: 1." in page.content()

    submit(page, page.locator("button[value=held]"))
    minutes = page.locator("form:has(button[value=minutes])")
    minutes.locator("textarea").fill("Zażółć gęślą jaźń — przebieg posiedzenia.")
    submit(page, minutes.locator("button[value=minutes]"))
    submit(page, page.locator("button[value=send_minutes]"))
    approve = page.locator("form:has(button[value=approve])")
    approve.locator("select").select_option(str(later.pk))
    submit(page, approve.locator("button[value=approve]"))
    submit(page, page.locator("button[value=publish]"))

    goto(page, live_server, f"/rady-i-zespoly/{meeting.term.body.slug}/posiedzenia/{meeting.pk}/protokol/")
    assert "Zażółć gęślą jaźń" in page.content()
    assert_no_axe_violations(page)
    goto(page, live_server, resolution.get_absolute_url())
    assert seats[1].name in page.content() and "Named vote" in page.content()
