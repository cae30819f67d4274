"""The public /konkursy/ pages: tabs decided by the clock, filters, the call's page, alerts page."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.competitions.factories import CallFactory, CityUnitFactory, area, open_call, small_grant_call
from tests.competitions.factories_register import resolved_call
from wspolpraca.common.services import log_action
from wspolpraca.competitions.calls import selectors
from wspolpraca.competitions.enums import CallState
from wspolpraca.competitions.models import CallAlert, CallTask, CallTaskBudget

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client, settings):
    """Texts are asserted in English (the source language); Polish translations come later."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


NOW = timezone.now


def _titles(response):
    return [call.title for call in response.context["page_obj"].object_list]


def test_tabs_follow_the_clock_not_the_stored_state(client):
    now = NOW()
    accepting = open_call(title="Przyjmuje oferty")
    # The stored state still says open, but the deadline has passed: closed.
    lagging = open_call(title="Termin minął", offer_deadline=now - datetime.timedelta(hours=1))
    # Announced, offers from next week.
    upcoming = open_call(title="Ogłoszony", state=CallState.PUBLISHED, offers_from=now + datetime.timedelta(days=7))
    old = open_call(title="Stary", state=CallState.CLOSED, year=2020, offer_deadline=now - datetime.timedelta(days=800))
    cancelled = open_call(title="Odwołany", state=CallState.CANCELLED, cancellation_reason="Zmiana budżetu")
    CallFactory(title="Szkic")  # a draft is never listed
    small_grant_call()  # small grants have their own pages

    url = reverse("competitions:call_list")
    assert _titles(client.get(url)) == [accepting.title]
    assert _titles(client.get(url, {"status": "upcoming"})) == [upcoming.title]
    assert _titles(client.get(url, {"status": "closed"})) == [lagging.title]
    assert set(_titles(client.get(url, {"status": "archive"}))) == {old.title, cancelled.title}
    counts = client.get(url).context["tabs"]
    assert [tab["count"] for tab in counts] == [1, 1, 1, 2]


def test_list_shows_budget_deadline_countdown_and_links(client, english):
    call = open_call(offer_deadline=NOW() + datetime.timedelta(days=5, hours=3, minutes=10))
    response = client.get(reverse("competitions:call_list"))
    html = response.content.decode()
    assert "150,000.00 zł" in html
    assert "5 days 3 hours left" in html
    assert call.get_absolute_url() in html
    assert reverse("competitions:feed_atom") in html and reverse("competitions:deadlines_ics") in html
    assert 'rel="alternate"' in html
    assert timezone.localtime(call.offer_deadline).strftime("%d.%m.%Y, %H:%M") in html


def test_filters_by_area_unit_year_and_search(client):
    culture = open_call(title="Kultura dla wszystkich")
    sport_unit = CityUnitFactory(name="Wydział Sportu")
    sport = open_call(title="Sport w dzielnicach", unit=sport_unit, year=2028, tasks=[])
    task = CallTask.objects.create(call=sport, number=1, title="Zajęcia sportowe", area=area("17"))
    CallTaskBudget.objects.create(task=task, year=2028, amount=Decimal("1000.00"))
    url = reverse("competitions:call_list")
    assert _titles(client.get(url, {"area": task.area_id})) == [sport.title]
    assert _titles(client.get(url, {"unit": sport_unit.pk})) == [sport.title]
    assert _titles(client.get(url, {"year": 2027})) == [culture.title]
    assert _titles(client.get(url, {"q": "sportowe"})) == [sport.title]
    assert _titles(client.get(url, {"q": "kultura"})) == [culture.title]


def test_time_left_wording():
    now = timezone.now()
    with translation.override("en"):
        assert selectors.time_left(now + datetime.timedelta(days=5, hours=3, minutes=2), now) == "5 days 3 hours left"
        assert selectors.time_left(now + datetime.timedelta(hours=2, minutes=30), now) == "2 hours 30 minutes left"
        assert selectors.time_left(now + datetime.timedelta(seconds=20), now) == "1 minute left"
        assert selectors.time_left(now - datetime.timedelta(seconds=1), now) is None


def test_list_query_count_does_not_grow(client, django_assert_num_queries):
    open_call()
    url = reverse("competitions:call_list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _n in range(12):
        unit = CityUnitFactory()
        open_call(unit=unit)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["page_obj"].object_list) == 13


def test_call_page_shows_the_seven_elements_and_publication(client, english):
    call = open_call(bip_url="https://bip.plock.eu/konkurs/1", eligible_legal_forms=["foundation"])
    log_action(actor=None, action="call.published", obj=call, data={})
    log_action(actor=None, action="call.updated", obj=call, data={"secret": "internal"})
    log_action(actor=None, action="call.document_added", obj=call, data={"document": "Regulamin konkursu"})
    response = client.get(call.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    elements = response.context["call"]
    assert elements == call
    for text in (
        call.task_type,
        call.award_rules,
        call.performance_conditions,
        call.selection_procedure,
        call.same_type_tasks,
        call.legal_basis_number,
        "https://bip.plock.eu/konkurs/1",
        "Organizacja wydarzeń kulturalnych",
    ):
        assert text in html
    assert html.count('<ol class="call-elements">') == 1
    assert response.context["years"] == [2027, 2028]
    assert response.context["criteria_total"] == Decimal("45")
    assert response.context["legal_forms"] == ["foundation"]
    # History: public actions only.
    assert [entry.action for entry in response.context["history"]] == ["call.published", "call.document_added"]
    assert "Regulamin konkursu" in html
    assert "internal" not in html


def test_call_page_offers_a_button_per_task_while_accepting(client):
    call = open_call()
    response = client.get(call.get_absolute_url())
    start = response.context["offers_start_url"]
    if start:  # the offer form is built by the offers module
        task = call.tasks.get()
        assert f"{start}?task={task.pk}" in response.content.decode()
    assert response.context["accepts_offers"] is True

    closed = open_call(offer_deadline=NOW() - datetime.timedelta(minutes=1))
    response = client.get(closed.get_absolute_url())
    assert response.context["accepts_offers"] is False
    assert "?task=" not in response.content.decode()


def test_draft_is_404_for_the_public_and_visible_to_its_officer(client, officer):
    draft = CallFactory()
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(officer)
    assert client.get(draft.get_absolute_url()).status_code == 404
    draft.unit.officers.add(officer)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert response.context["is_draft"]


def test_small_grant_call_is_not_on_the_competition_page(client):
    call = small_grant_call()
    assert client.get(reverse("competitions:call_detail", args=[call.slug])).status_code == 404


def test_cancelled_call_shows_the_reason(client, english):
    call = open_call(state=CallState.CANCELLED, cancelled_at=NOW(), cancellation_reason="Brak środków w budżecie")
    response = client.get(call.get_absolute_url())
    html = response.content.decode()
    assert "This call has been cancelled" in html
    assert "Brak środków w budżecie" in html
    assert "?task=" not in html


def test_call_page_query_count_does_not_grow_with_tasks(client, django_assert_num_queries):
    call = open_call()
    client.get(call.get_absolute_url())
    with CaptureQueriesContext(connection) as one:
        client.get(call.get_absolute_url())
    for number in range(2, 8):
        task = CallTask.objects.create(call=call, number=number, title=f"Zadanie {number}", area=area("16"))
        CallTaskBudget.objects.create(task=task, year=2027, amount=Decimal("10.00"))
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(call.get_absolute_url())


# --- alerts page ---------------------------------------------------------------------------


def test_alerts_page_needs_login(client):
    response = client.get(reverse("competitions:alerts"))
    assert response.status_code == 302


def test_alerts_create_update_and_delete(client, resident):
    client.force_login(resident)
    url = reverse("competitions:alerts")
    culture, sport = area("16"), area("17")
    response = client.post(url, {"areas": [culture.pk], "include_small_grants": "on"})
    assert response.status_code == 302
    alert = CallAlert.objects.get(user=resident)
    assert list(alert.areas.all()) == [culture] and alert.include_small_grants

    client.post(url, {"areas": [culture.pk, sport.pk]})
    alert.refresh_from_db()
    assert set(alert.areas.all()) == {culture, sport} and not alert.include_small_grants
    page = client.get(url)
    assert set(page.context["form"].initial["areas"]) == {culture, sport}

    # No area chosen: an error next to the field, nothing lost.
    response = client.post(url, {"include_small_grants": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["areas"]
    assert CallAlert.objects.filter(user=resident).exists()

    # Deleting asks for confirmation.
    client.post(url, {"action": "delete"})
    assert CallAlert.objects.filter(user=resident).exists()
    client.post(url, {"action": "delete", "confirm": "on"})
    assert not CallAlert.objects.filter(user=resident).exists()


# --- what the public reads about a call's stage and its publication ---------------------------


def test_closed_calls_say_where_they_stand(client, english):
    evaluating = open_call(title="W ocenie", state=CallState.CLOSED, offer_deadline=NOW() - datetime.timedelta(days=3))
    lagging = open_call(title="Termin minął", offer_deadline=NOW() - datetime.timedelta(hours=1))
    resolved = resolved_call(
        title="Rozstrzygnięty",
        published_at=NOW() - datetime.timedelta(days=60),
        results_published_at=datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC),
    )
    html = client.get(reverse("competitions:call_list"), {"status": "closed"}).content.decode()
    assert html.count("Offers under evaluation") == 2
    assert "Results announced on 25.11.2026" in html
    assert "Closed for offers" not in html
    for call in (evaluating, lagging):
        assert "Offers under evaluation" in client.get(call.get_absolute_url()).content.decode()
    assert "Results announced on 25.11.2026" in client.get(resolved.get_absolute_url()).content.decode()


def test_cancelled_call_is_labelled_annulled(client, english):
    call = open_call(state=CallState.CANCELLED, cancelled_at=NOW(), cancellation_reason="Brak środków")
    html = client.get(call.get_absolute_url()).content.decode()
    assert ">Annulled<" in html
    html = client.get(reverse("competitions:call_list"), {"status": "archive"}).content.decode()
    assert ">Annulled<" in html


def test_publication_channels_show_dates_and_hide_what_is_pending(client, english):
    call = open_call(website_published_on=datetime.date(2026, 11, 2), bip_published_on=None)
    call.notice_board_published_on = None
    call.save()
    html = client.get(call.get_absolute_url()).content.decode()
    assert "02.11.2026" in html
    assert "Public Information Bulletin (BIP)" not in html
    assert "Notice board of the city hall" not in html
    assert "not yet" not in html
    call.bip_published_on = datetime.date(2026, 11, 3)
    call.notice_board_published_on = datetime.date(2026, 11, 4)
    call.save()
    html = client.get(call.get_absolute_url()).content.decode()
    assert "Public Information Bulletin (BIP)" in html and "03.11.2026" in html
    assert "Notice board of the city hall" in html and "04.11.2026" in html


def test_cancellation_channels_hide_what_is_pending(client, english):
    call = open_call(state=CallState.CANCELLED, cancelled_at=NOW(), cancellation_reason="Brak środków")
    html = client.get(call.get_absolute_url()).content.decode()
    cancellation = html[html.index("This call has been cancelled") :]
    cancellation = cancellation[: cancellation.index("</div>")]
    assert "City website" in cancellation
    assert "Public Information Bulletin (BIP)" not in cancellation
    assert "not yet" not in html


def test_area_tags_are_never_cut_mid_word(client):
    call = open_call()
    task = call.tasks.get()
    task.area = area("6")  # a long name: once cut after 60 characters, in the middle of "rozumieniu"
    task.save()
    html = client.get(reverse("competitions:call_list")).content.decode()
    tag = html[html.index('<ul class="tag-list">') :].split("</ul>", 1)[0]
    shown = tag.split(">", 2)[2].split("</li>", 1)[0]
    assert all(word in task.area.name.capitalize().split() for word in shown.rstrip(" …").split())
