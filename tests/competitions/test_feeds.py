"""The deadline calendar (iCalendar) and the announcements feed (Atom) of /konkursy/."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.competitions.factories import CallFactory, CityUnitFactory, area, open_call, small_grant_call
from wspolpraca.competitions.enums import CallState
from wspolpraca.competitions.models import CallTask, CallTaskBudget

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _events(response):
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def test_calendar_has_one_event_per_deadline_and_selection_date(client):
    deadline = timezone.make_aware(datetime.datetime(2027, 1, 15, 15, 30), ZoneInfo("Europe/Warsaw"))
    call = open_call(offer_deadline=deadline)
    CallFactory(title="Szkic")  # drafts are not in the calendar
    sg = small_grant_call(selection_date=None)
    events = _events(client.get(reverse("competitions:deadlines_ics")))
    by_uid = {str(event["UID"]): event for event in events}
    assert sorted(uid.split("@")[0] for uid in by_uid) == sorted(
        [f"call-{call.pk}-deadline", f"call-{call.pk}-selection", f"call-{sg.pk}-deadline"]
    )
    event = next(e for uid, e in by_uid.items() if uid.startswith(f"call-{call.pk}-deadline"))
    start = event.decoded("DTSTART")
    assert start == deadline  # same instant, whatever the zone it is written in
    assert start.astimezone(ZoneInfo("Europe/Warsaw")).hour == 15
    assert "DTSTAMP" in event
    assert call.title in str(event["SUMMARY"])
    assert str(event["URL"]).endswith(call.get_absolute_url())
    selection = next(e for uid, e in by_uid.items() if uid.startswith(f"call-{call.pk}-selection"))
    assert selection.decoded("DTSTART") == call.selection_date


def test_calendar_uids_are_stable(client):
    open_call()
    url = reverse("competitions:deadlines_ics")
    first = sorted(str(e["UID"]) for e in _events(client.get(url)))
    second = sorted(str(e["UID"]) for e in _events(client.get(url)))
    assert first == second and len(first) == 2


def test_calendar_filters_by_area_and_unit(client):
    culture = open_call(selection_date=None)
    sport_unit = CityUnitFactory()
    sport = open_call(unit=sport_unit, tasks=[], selection_date=None)
    task = CallTask.objects.create(call=sport, number=1, title="Sport", area=area("17"))
    CallTaskBudget.objects.create(task=task, year=2027, amount=Decimal("1.00"))
    url = reverse("competitions:deadlines_ics")

    def titles(**params):
        return [str(e["SUMMARY"]) for e in _events(client.get(url, params))]

    assert len(titles()) == 2
    assert titles(area=task.area_id) == [t for t in titles() if sport.title in t]
    assert all(culture.title in t for t in titles(unit=culture.unit_id))
    assert len(titles(unit=culture.unit_id)) == 1


def test_cancelled_call_event_is_marked_cancelled(client):
    open_call(state=CallState.CANCELLED, selection_date=None)
    (event,) = _events(client.get(reverse("competitions:deadlines_ics")))
    assert str(event["STATUS"]) == "CANCELLED"


def test_atom_feed_lists_newest_published_competitions(client):
    older = open_call(published_at=timezone.now() - datetime.timedelta(days=20))
    newer = open_call(published_at=timezone.now() - datetime.timedelta(days=1))
    CallFactory(title="Szkic nieopublikowany")
    small_grant_call()
    response = client.get(reverse("competitions:feed_atom"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [newer.title, older.title]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(newer.get_absolute_url())
    assert newer.unit.name in entries[0].find(f"{ATOM}summary").text
