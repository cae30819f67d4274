"""The `datetime` attribute of <time>: ISO 8601 as HTML accepts it (at most three digits of a
fraction of a second, so none), in Warsaw time."""

import datetime
from zoneinfo import ZoneInfo

from django.template import Context, Template

from wspolpraca.common.templatetags.time_tags import datetime_attr


def test_an_aware_time_in_warsaw_time_without_microseconds():
    moment = datetime.datetime(2026, 3, 2, 11, 30, 5, 123456, tzinfo=datetime.UTC)
    assert datetime_attr(moment) == "2026-03-02T12:30:05+01:00"


def test_a_summer_time_and_a_date():
    moment = datetime.datetime(2026, 7, 1, 9, 0, 0, 999999, tzinfo=ZoneInfo("Europe/Warsaw"))
    assert datetime_attr(moment) == "2026-07-01T09:00:00+02:00"
    assert datetime_attr(datetime.date(2026, 12, 7)) == "2026-12-07"
    assert datetime_attr(None) == ""


def test_in_a_template():
    moment = datetime.datetime(2026, 3, 2, 11, 30, 5, 500, tzinfo=datetime.UTC)
    html = Template('{% load time_tags %}<time datetime="{{ t|datetime_attr }}"></time>').render(Context({"t": moment}))
    assert html == '<time datetime="2026-03-02T12:30:05+01:00"></time>'
