import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def datetime_attr(value):
    """A date or time for the `datetime` attribute of <time>: ISO 8601 as HTML accepts it.

    Dates as YYYY-MM-DD; times in Warsaw time with their offset and whole seconds (Django's
    `date:'c'` keeps microseconds, and HTML allows at most three digits of a fraction).
    """
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
