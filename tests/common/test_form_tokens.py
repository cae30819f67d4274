"""One-time form tokens: a creation form sent twice (double click) creates one object."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from tests.competitions.factories import open_call
from tests.competitions.test_small_grants_factories import sg_call
from tests.competitions.test_small_grants_pages import publish, received
from tests.factories import UserFactory
from wspolpraca.common import form_tokens
from wspolpraca.common.models import ActivityLog, FormToken
from wspolpraca.competitions.models import Offer, SmallGrantComment

TOKEN = "double-click-token-0123456789"


def make_log(name="x"):
    return ActivityLog.objects.create(action=name)


@pytest.mark.django_db
def test_the_same_token_creates_once_and_returns_the_first_object():
    user = UserFactory()
    first, created = form_tokens.create_once(token=TOKEN, user=user, purpose="p", create=make_log)
    again, created_again = form_tokens.create_once(token=TOKEN, user=user, purpose="p", create=make_log)
    assert created and not created_again and again == first
    assert ActivityLog.objects.count() == 1 and FormToken.objects.get().target == first


@pytest.mark.django_db
def test_a_failed_creation_does_not_use_the_token_up():
    def refuse():
        make_log()
        raise ValidationError("no")

    with pytest.raises(ValidationError):
        form_tokens.create_once(token=TOKEN, user=None, purpose="p", create=refuse)
    assert not FormToken.objects.exists() and not ActivityLog.objects.exists()
    _obj, created = form_tokens.create_once(token=TOKEN, user=None, purpose="p", create=make_log)
    assert created


@pytest.mark.django_db
def test_a_token_of_another_user_or_purpose_is_refused_and_no_token_is_unguarded():
    form_tokens.create_once(token=TOKEN, user=UserFactory(), purpose="p", create=make_log)
    with pytest.raises(ValidationError):
        form_tokens.create_once(token=TOKEN, user=UserFactory(), purpose="p", create=make_log)
    with pytest.raises(ValidationError):
        form_tokens.create_once(token=TOKEN, user=None, purpose="q", create=make_log)
    form_tokens.create_once(token=None, user=None, purpose="p", create=make_log)
    form_tokens.create_once(token=None, user=None, purpose="p", create=make_log)
    assert ActivityLog.objects.count() == 3


@pytest.mark.django_db
def test_old_tokens_are_purged():
    form_tokens.create_once(token=TOKEN, user=None, purpose="p", create=make_log)
    later = timezone.now() + datetime.timedelta(days=form_tokens.FORM_TOKEN_DAYS + 1)
    assert form_tokens.purge_form_tokens(later) == 1 and not FormToken.objects.exists()


@pytest.mark.django_db
def test_starting_an_offer_twice_with_one_token_makes_one_draft(client, editor, organisation):
    task = open_call().tasks.first()
    client.force_login(editor)
    url = reverse("offers:start") + f"?task={task.pk}"
    page = client.get(url).content.decode()
    token = page.split('name="form_token" value="', 1)[1].split('"', 1)[0]
    data = {"task": task.pk, "organisation": organisation.pk, "form_token": token}
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    offer = Offer.objects.get()
    assert first.url == second.redirect_chain[-1][0] == reverse("offers:edit", args=[offer.pk, "II"])
    assert second.status_code == 200 and "error-summary" not in second.content.decode()
    # A new form (a new token) is the explicit request for another draft.
    client.post(url, {**data, "form_token": form_tokens.new_token()})
    assert Offer.objects.count() == 2


@pytest.mark.django_db
def test_a_public_comment_sent_twice_with_one_token_is_kept_once(client, officer):
    from tests.competitions.factories import CityUnitFactory

    unit = CityUnitFactory()
    unit.officers.add(officer)
    review = publish(received(sg_call(unit=unit)), officer)
    url = reverse("small_grants:offer", args=[review.pk])
    assert 'name="form_token"' in client.get(url).content.decode()
    data = {"author_name": "Jan", "author_email": "jan@example.org", "text": "Popieram.", "consent": "on"}
    data["form_token"] = TOKEN
    assert client.post(url, data).status_code == 302
    second = client.post(url, data)
    assert second.status_code == 302 and second.url == url
    assert SmallGrantComment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions: PostgreSQL")
def test_simultaneous_sendings_create_one_object_on_postgresql():
    """Three requests at once (the probe's triple POST): the unique token makes one row."""
    barrier = threading.Barrier(3)
    results, errors = [], []

    def slow_create():
        time.sleep(0.2)  # the others reach the insert of the token meanwhile
        return make_log("concurrent")

    def send():
        try:
            barrier.wait()
            results.append(form_tokens.create_once(token=TOKEN, user=None, purpose="p", create=slow_create))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert ActivityLog.objects.filter(action="concurrent").count() == 1
    assert sorted(created for _obj, created in results) == [False, False, True]
    assert len({obj.pk for obj, _created in results}) == 1
