"""Copying an earlier offer into a new draft for another call: the service (what is copied, what
is dropped, the log) and the page (from the list, from the start page, who may use it)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.competitions.factories import OfferFactory, add_partner, open_call
from tests.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.enums import CallState, OfferState
from wspolpraca.competitions.models import Offer
from wspolpraca.competitions.offers.copying import copy_offer
from wspolpraca.competitions.offers.submission import submit_offer

pytestmark = pytest.mark.django_db

COPY = reverse("offers:copy")


def select(html, name):
    """The options of the <select name=…> of the page."""
    start = html.index(f'name="{name}"')
    return html[start : html.index("</select>", start)]


@pytest.fixture
def earlier(organisation, representative):
    """A submitted offer of the organisation in a call now closed, with an attachment and a partner."""
    offer = OfferFactory(organisation=organisation)
    submit_offer(actor=representative, offer=offer)
    offer.call.offer_deadline = timezone.now() - datetime.timedelta(days=1)
    offer.call.state = CallState.CLOSED
    offer.call.save()
    offer.refresh_from_db()
    return offer


def test_the_copy_is_a_new_draft_with_the_content_and_without_declarations_or_attachments(earlier, editor):
    call = open_call()
    task = call.tasks.get()
    offer, notes = copy_offer(actor=editor, source=earlier, task=task)
    assert offer.pk != earlier.pk and offer.state == OfferState.DRAFT and not offer.number
    assert (offer.call, offer.task, offer.organisation) == (call, task, earlier.organisation)
    for section in ("II", "III", "IV", "V", "VI"):
        assert offer.content[section] == earlier.content[section], section
    assert "VII" not in offer.content  # declarations are made again
    assert offer.content["I"]["task_type"] == call.task_type
    assert not offer.attachments.exists() and not offer.versions.exists() and not offer.partners.exists()
    assert offer.title == earlier.title and offer.requested_grant == earlier.requested_grant
    assert any("declarations" in note for note in notes)
    log = ActivityLog.objects.get(action="offer.copied", object_id=str(offer.pk))
    assert log.actor == editor and log.data["source"] == earlier.pk and log.data["dropped"] == []


def test_dates_outside_the_new_calls_period_are_dropped_with_the_years(earlier, editor):
    call = open_call(performance_start=datetime.date(2029, 1, 1), performance_end=datetime.date(2029, 12, 31))
    offer, notes = copy_offer(actor=editor, source=earlier, task=call.tasks.get())
    assert offer.content["III"]["start"] == "" and offer.content["III"]["end"] == ""
    assert all(activity["year"] == "" for activity in offer.content["III"]["activities"])
    assert all(line["years"] == {} for action in offer.content["V"]["actions"] for line in action["lines"])
    assert offer.content["III"]["needs"] == earlier.content["III"]["needs"]
    assert any("period of performance" in note for note in notes)
    assert ActivityLog.objects.get(action="offer.copied").data["dropped"] == ["dates"]


def test_partners_are_not_copied(organisation, representative, editor):
    source = OfferFactory(organisation=organisation)
    partner = add_partner(source)
    offer, notes = copy_offer(actor=editor, source=source, task=open_call().tasks.get())
    assert [o["organisation_id"] for o in offer.content["II"]["offerors"]] == [organisation.pk]
    assert offer.content["V"]["split"] == [] and not offer.partners.exists()
    assert partner.pk not in {int(a["partner"]) for a in offer.content["III"]["activities"]}
    assert any("partners" in note for note in notes)


def test_only_an_editor_or_representative_copies_and_only_into_an_open_call(earlier, editor):
    task = open_call().tasks.get()
    for stranger in (UserFactory(), MembershipFactory(organisation=OrganisationFactory(), role="editor").user):
        with pytest.raises(PermissionDenied):
            copy_offer(actor=stranger, source=earlier, task=task)
    with pytest.raises(ValidationError):
        copy_offer(actor=editor, source=earlier, task=earlier.task)  # the earlier call is closed
    assert Offer.objects.count() == 1 and not ActivityLog.objects.filter(action="offer.copied").exists()


def test_the_page_copies_from_the_list_and_tells_what_to_check(client, earlier, editor):
    call = open_call()
    task = call.tasks.get()
    client.force_login(editor)
    mine = client.get(reverse("offers:mine")).content.decode()
    assert f'href="{COPY}?source={earlier.pk}"' in mine
    page = client.get(COPY, {"source": earlier.pk})
    html = page.content.decode()
    assert page.status_code == 200
    sources, tasks = select(html, "source"), select(html, "task")
    assert f'<option value="{earlier.pk}" selected>' in sources and f'<option value="{task.pk}">' in tasks
    assert f'<option value="{earlier.task_id}"' not in tasks  # closed calls are not offered
    response = client.post(COPY, {"source": earlier.pk, "task": task.pk}, follow=True)
    offer = Offer.objects.exclude(pk=earlier.pk).get()
    assert response.redirect_chain[-1][0] == reverse("offers:detail", args=[offer.pk])
    html = response.content.decode()
    assert "The offer has been copied into a new draft." in html and "declarations (section VII)" in html


def test_the_start_page_links_the_copy_for_its_task(client, editor, organisation):
    task = open_call().tasks.get()
    client.force_login(editor)
    html = client.get(reverse("offers:start"), {"task": task.pk}).content.decode()
    assert f'href="{COPY}?task={task.pk}"' in html
    OfferFactory(organisation=organisation)
    tasks = select(client.get(COPY, {"task": task.pk}).content.decode(), "task")
    assert f'<option value="{task.pk}" selected>' in tasks


def test_an_offer_of_another_organisation_cannot_be_chosen(client, earlier):
    other = MembershipFactory(organisation=OrganisationFactory(), role="representative").user
    client.force_login(other)
    task = open_call().tasks.get()
    response = client.post(COPY, {"source": earlier.pk, "task": task.pk})
    assert response.status_code == 200
    assert Offer.objects.count() == 1
    # Had they an offer of their own, the form would refuse the other organisation's one.
    OfferFactory(organisation=other.memberships.get().organisation)
    response = client.post(COPY, {"source": earlier.pk, "task": task.pk})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert Offer.objects.filter(task=task).count() == 0


@pytest.mark.parametrize(
    ("who", "status", "copies"),
    [
        ("anonymous", 302, False),
        ("resident", 200, False),
        ("other_member", 200, False),
        ("officer", 200, False),
        ("editor", 302, True),
        ("representative", 302, True),
    ],
)
def test_who_may_copy(client, earlier, editor, representative, officer, who, status, copies):
    task = open_call().tasks.get()
    users = {
        "resident": UserFactory,
        "other_member": lambda: MembershipFactory(organisation=OrganisationFactory(), role="representative").user,
        "officer": lambda: officer,
        "editor": lambda: editor,
        "representative": lambda: representative,
    }
    if who != "anonymous":
        client.force_login(users[who]())
        assert client.get(COPY).status_code == 200
    response = client.post(COPY, {"source": earlier.pk, "task": task.pk})
    assert response.status_code == status
    assert Offer.objects.filter(task=task).exists() is copies
    if who == "anonymous":
        assert reverse("account_login") in response["Location"]
