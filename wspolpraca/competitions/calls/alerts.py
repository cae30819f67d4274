"""E-mail alerts about new calls: each user chooses public benefit areas (CallAlert).

`notify_call_published(call=…)` is called when a call is published (services.calls.publish_call);
it sends one individual e-mail to each user whose chosen areas meet the areas of the call's tasks.
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string

from wspolpraca.common.mail import in_site_language
from wspolpraca.common.models import SiteSettings
from wspolpraca.common.services import log_action
from wspolpraca.competitions.models import Call, CallAlert


@transaction.atomic
def save_call_alert(*, user, areas, include_small_grants):
    """Create or replace the user's alert. With no areas chosen the alert is removed."""
    areas = list(areas)
    if not areas:
        delete_call_alert(user=user)
        return None
    alert, created = CallAlert.objects.update_or_create(
        user=user, defaults={"include_small_grants": bool(include_small_grants)}
    )
    alert.areas.set(areas)
    log_action(
        actor=user,
        action="call_alert.saved",
        obj=alert,
        data={"areas": sorted(a.code for a in areas), "include_small_grants": alert.include_small_grants},
    )
    return alert


@transaction.atomic
def delete_call_alert(*, user):
    """Remove the user's alert, if any. Returns whether one existed."""
    alert = CallAlert.objects.filter(user=user).first()
    if alert is None:
        return False
    log_action(actor=user, action="call_alert.deleted", obj=alert, data={})
    alert.delete()
    return True


def recipients_for(call):
    """Active users with an e-mail whose alert areas meet the call's task areas (each once)."""
    area_ids = set(call.tasks.values_list("area_id", flat=True))
    alerts = CallAlert.objects.filter(user__is_active=True).exclude(user__email="").select_related("user")
    if call.is_small_grant:
        alerts = alerts.filter(include_small_grants=True)
        # A small-grant intake without tasks covers every area: all who asked for small grants.
        if area_ids:
            alerts = alerts.filter(areas__in=area_ids)
    else:
        alerts = alerts.filter(areas__in=area_ids)
    users = {}
    for alert in alerts.order_by("user_id"):
        users.setdefault(alert.user_id, alert.user)
    return list(users.values())


@in_site_language
def _send_alerts(call_pk):
    call = Call.objects.select_related("unit").get(pk=call_pk)
    users = recipients_for(call)
    if not users:
        return 0
    context = {
        "call": call,
        "site": SiteSettings.load(),
        "site_url": settings.SITE_URL,
        "areas": sorted({task.area for task in call.tasks.select_related("area")}, key=lambda a: a.position),
    }
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(
        render_to_string("competitions/email/call_alert_subject.txt", context).split()
    )
    body = render_to_string("competitions/email/call_alert_body.txt", context)
    # One message per person: addresses of others are never disclosed (no shared To/BCC).
    messages = [EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]) for user in users]
    return get_connection().send_messages(messages)


def notify_call_published(*, call):
    """E-mail the users whose alerts match the call, once the current transaction commits."""
    transaction.on_commit(lambda: _send_alerts(call.pk))
