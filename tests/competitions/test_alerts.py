"""E-mail alerts: who gets told about a published call."""

import pytest

from tests.competitions.factories import CallFactory, area, open_call, small_grant_call
from tests.factories import UserFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.calls.alerts import delete_call_alert, notify_call_published, save_call_alert
from wspolpraca.competitions.models import CallAlert

pytestmark = pytest.mark.django_db


def _alert(email, areas, small=True, **user):
    person = UserFactory(email=email, **user)
    save_call_alert(user=person, areas=areas, include_small_grants=small)
    return person


def test_notify_sends_one_individual_message_to_each_matching_user(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    culture, sport = area("16"), area("17")
    _alert("kultura@example.org", [culture])
    _alert("oba@example.org", [culture, sport])
    _alert("sport@example.org", [sport])
    _alert("nieaktywny@example.org", [culture], is_active=False)
    call = open_call()  # one task in area 16 (culture)
    with django_capture_on_commit_callbacks(execute=True):
        notify_call_published(call=call)
    assert sorted(m.to[0] for m in mailoutbox) == ["kultura@example.org", "oba@example.org"]
    assert all(len(m.to) == 1 and not m.bcc and not m.cc for m in mailoutbox)
    body = mailoutbox[0].body
    assert call.title in body and call.unit.name in body
    assert f"{settings.SITE_URL}{call.get_absolute_url()}" in body
    assert f"{settings.SITE_URL}/konkursy/powiadomienia/" in body
    assert call.title in mailoutbox[0].subject


def test_nothing_is_sent_before_the_transaction_commits(mailoutbox, django_capture_on_commit_callbacks):
    _alert("kultura@example.org", [area("16")])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_call_published(call=open_call())
    assert mailoutbox == []
    assert len(callbacks) == 1


def test_small_grants_only_for_those_who_asked(mailoutbox, django_capture_on_commit_callbacks):
    culture = area("16")
    _alert("tak@example.org", [culture], small=True)
    _alert("nie@example.org", [culture], small=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify_call_published(call=small_grant_call())
    assert [m.to for m in mailoutbox] == [["tak@example.org"]]


def test_no_recipients_no_mail(mailoutbox, django_capture_on_commit_callbacks):
    _alert("sport@example.org", [area("17")])
    with django_capture_on_commit_callbacks(execute=True):
        notify_call_published(call=CallFactory())
    assert mailoutbox == []


def test_save_and_delete_are_logged(resident):
    culture = area("16")
    alert = save_call_alert(user=resident, areas=[culture], include_small_grants=False)
    assert list(alert.areas.all()) == [culture] and not alert.include_small_grants
    assert ActivityLog.objects.filter(action="call_alert.saved", actor=resident).count() == 1
    # Saving with no areas removes the alert.
    assert save_call_alert(user=resident, areas=[], include_small_grants=True) is None
    assert not CallAlert.objects.filter(user=resident).exists()
    assert delete_call_alert(user=resident) is False
    save_call_alert(user=resident, areas=[culture], include_small_grants=True)
    assert delete_call_alert(user=resident) is True
    assert ActivityLog.objects.filter(action="call_alert.deleted").count() == 2


def test_publishing_a_call_tells_the_followers(mailoutbox, django_capture_on_commit_callbacks, officer):
    """End to end: the officers' publish_call sends the alerts once the publication commits."""
    from django.utils import timezone

    from wspolpraca.competitions.calls.services import publish_call

    _alert("kultura@example.org", [area("16")])
    _alert("sport@example.org", [area("17")])
    call = CallFactory()
    call.unit.officers.add(officer)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        publish_call(call=call, actor=officer, bip_published_on=today, notice_board_published_on=today)
    assert [m.to for m in mailoutbox] == [["kultura@example.org"]]
