"""The meetings' pages: who sees what (per role), working documents 404 for non-members, the
officers' panel end to end, minutes as HTML and PDF, and the queries per list."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.bodies.factories import MembershipFactory, council_with_meeting
from tests.factories import UserFactory
from tests.pdf_layout import pdf_text
from tests.pdfs import make_pdf
from wspolpraca.bodies import meetings as services
from wspolpraca.bodies.enums import MinutesState, ResolutionState
from wspolpraca.bodies.models import Meeting, Resolution

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


@pytest.fixture
def secretary(db):
    return UserFactory(email="sekretarz@example.org")


@pytest.fixture
def body_member(db):
    return UserFactory(email="czlonek@example.org")


@pytest.fixture
def world(officer, secretary, body_member):
    """A held meeting with a public and a working paper, an adopted resolution, a draft one, and
    published minutes; a second meeting at which they were approved."""
    meeting, seats = council_with_meeting(members=4, secretary_user=secretary)
    MembershipFactory(term=meeting.term, user=body_member, name="Ewa Członkini")
    seats = services.members_at(meeting)
    item = services.add_agenda_item(actor=officer, meeting=meeting, title="Opinia o programie współpracy")
    public = services.add_document(
        actor=officer, item=item, title="Projekt programu", upload=_pdf("program.pdf"), public=True
    )
    working = services.add_document(
        actor=officer, item=item, title="Notatka robocza", upload=_pdf("notatka.pdf"), public=False
    )
    services.record_attendance(actor=officer, meeting=meeting, presence={s.pk: "present" for s in seats})
    adopted = services.create_resolution(
        actor=officer,
        meeting=meeting,
        kind="opinion",
        outcome="positive_with_remarks",
        subject="Program",
        text="Opinia.",
    )
    services.record_votes(actor=officer, resolution=adopted, votes={s.pk: "for" for s in seats})
    draft = services.create_resolution(
        actor=officer, meeting=meeting, kind="resolution", subject="Projekt tajny", text="Projekt."
    )
    services.mark_meeting_held(actor=officer, meeting=meeting)
    minutes = services.save_minutes(actor=officer, meeting=meeting, text="Zażółć gęślą jaźń: przebieg posiedzenia.")
    services.send_minutes(actor=officer, minutes=minutes)
    later = services.create_meeting(
        actor=officer, term=meeting.term, starts_at=meeting.starts_at + datetime.timedelta(days=1), place="Sala 2"
    )
    services.approve_minutes(actor=officer, minutes=minutes, at_meeting=later)
    return {
        "meeting": meeting,
        "later": later,
        "body": meeting.term.body,
        "public": public,
        "working": working,
        "adopted": adopted,
        "draft": draft,
        "minutes": minutes,
    }


def _pdf(name):
    return SimpleUploadedFile(name, make_pdf(note="Dokument"), content_type="application/pdf")


PERSONAS = [None, "resident", "representative", "body_member", "secretary", "executive", "officer", "administrator"]
# (working documents and drafts, panel meeting page, manage meetings)
EXPECTED = {
    None: (404, "login", "login"),
    "resident": (404, 403, 403),
    "representative": (404, 403, 403),
    "body_member": (200, 403, 403),
    "secretary": (200, 200, 403),
    "executive": (404, 403, 403),
    "officer": (200, 200, 200),
    "administrator": (200, 200, 200),
}


def _status(client, url, expected):
    response = client.get(url)
    if expected == "login":
        assert response.status_code == 302 and "/konto/" in response["Location"], url
    else:
        assert response.status_code == expected, url


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_per_role(client, request, world, officer, persona):
    services.publish_minutes(actor=officer, minutes=world["minutes"])
    body, meeting = world["body"], world["meeting"]
    if persona:
        client.force_login(request.getfixturevalue(persona))
    working, panel, manage = EXPECTED[persona]
    for url in (
        reverse("bodies:detail", args=[body.slug]),
        meeting.get_absolute_url(),
        world["adopted"].get_absolute_url(),
        reverse("bodies:minutes", args=[body.slug, meeting.pk]),
        reverse("bodies:minutes_pdf", args=[body.slug, meeting.pk]),
        reverse("bodies:document", args=[body.slug, world["public"].pk]),
    ):
        _status(client, url, 200)
    for url in (
        reverse("bodies:document", args=[body.slug, world["working"].pk]),
        reverse("bodies:members_area", args=[body.slug]),
        world["draft"].get_absolute_url(),
    ):
        _status(client, url, working)
    _status(client, reverse("bodies_panel:meeting", args=[meeting.pk]), panel)
    _status(client, reverse("bodies_panel:meeting_create", args=[body.pk]), manage)
    html = text(client.get(meeting.get_absolute_url()))
    assert ("Notatka robocza" in html) == (working == 200)
    assert "Projekt programu" in html
    assert ("Projekt tajny" in html) == (working == 200)
    if manage != 200:  # nor by POST
        client.post(
            reverse("bodies_panel:meeting", args=[meeting.pk]), {"action": "agenda", "agenda-title": "Wolne wnioski"}
        )
        assert not meeting.agenda_items.filter(title="Wolne wnioski").exists()


def test_a_working_document_of_another_body_is_404_for_its_members(client, world, body_member):
    other, _seats = council_with_meeting(members=1)
    client.force_login(body_member)
    assert client.get(reverse("bodies:document", args=[world["body"].slug, world["working"].pk])).status_code == 200
    assert client.get(reverse("bodies:members_area", args=[other.term.body.slug])).status_code == 404
    # the document under another body's address: 404 too
    assert client.get(reverse("bodies:document", args=[other.term.body.slug, world["working"].pk])).status_code == 404


def test_a_former_member_no_longer_sees_the_working_documents(client, world, body_member):
    seat = world["meeting"].term.memberships.get(user=body_member)
    seat.end = timezone.localdate() - datetime.timedelta(days=1)
    seat.start = seat.end - datetime.timedelta(days=10)
    seat.save()
    client.force_login(body_member)
    assert client.get(reverse("bodies:document", args=[world["body"].slug, world["working"].pk])).status_code == 404


def test_public_body_page_lists_meetings_adopted_resolutions_and_published_minutes(client, world, officer):
    body = world["body"]
    html = text(client.get(reverse("bodies:detail", args=[body.slug])))
    assert world["adopted"].get_absolute_url() in html
    assert world["draft"].get_absolute_url() not in html
    assert reverse("bodies:minutes", args=[body.slug, world["meeting"].pk]) not in html  # approved, not published
    assert client.get(reverse("bodies:minutes", args=[body.slug, world["meeting"].pk])).status_code == 404
    services.publish_minutes(actor=officer, minutes=world["minutes"])
    html = text(client.get(reverse("bodies:detail", args=[body.slug])))
    assert reverse("bodies:minutes", args=[body.slug, world["meeting"].pk]) in html


def test_published_minutes_html_and_pdf_with_polish_glyphs(client, world, officer):
    services.publish_minutes(actor=officer, minutes=world["minutes"])
    body, meeting = world["body"], world["meeting"]
    html = text(client.get(reverse("bodies:minutes", args=[body.slug, meeting.pk])))
    assert "Zażółć gęślą jaźń" in html
    response = client.get(reverse("bodies:minutes_pdf", args=[body.slug, meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    content = " ".join(pdf_text(response.content).split())
    assert "Zażółć gęślą jaźń" in content
    assert "Protokół z posiedzenia nr 1" in content
    assert "Głosowania imienne" in content and "wstrzymało się" in content
    assert f"na posiedzeniu nr {world['later'].number}" in content
    assert "Opinia pozytywna z uwagami" in content


def test_the_resolution_page_shows_the_named_votes(client, world):
    client.cookies["django_language"] = "en"
    html = text(client.get(world["adopted"].get_absolute_url()))
    assert "Named vote" in html and "Ewa Członkini" in html
    assert "Positive with remarks" in html


def test_an_officer_runs_a_meeting_through_the_panel(client, officer, django_capture_on_commit_callbacks):
    meeting, seats = council_with_meeting(members=3)
    body = meeting.term.body
    client.force_login(officer)
    when = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("bodies_panel:meeting_create", args=[body.pk]), {"starts_at": when, "place": "Sala"})
    new = Meeting.objects.get(term=meeting.term, number=2)
    assert response["Location"] == reverse("bodies_panel:meeting", args=[new.pk])
    url = reverse("bodies_panel:meeting", args=[meeting.pk])
    client.post(url, {"action": "agenda", "agenda-title": "Sprawy bieżące"})
    assert meeting.agenda_items.get().title == "Sprawy bieżące"
    client.post(
        url,
        {
            "action": "resolution",
            "resolution-kind": "resolution",
            "resolution-subject": "Plan",
            "resolution-text": "§ 1.",
        },
    )
    resolution = Resolution.objects.get(meeting=meeting)
    client.cookies["django_language"] = "en"
    client.post(url, {"action": "attendance", **{f"attendance-m{s.pk}": "excused" for s in seats}})
    response = client.get(url)
    assert 'data-quorum="missing"' in text(response) and "No quorum" in text(response)
    client.post(
        url,
        {
            "action": "attendance",
            f"attendance-m{seats[0].pk}": "present",
            f"attendance-m{seats[1].pk}": "present",
            f"attendance-m{seats[2].pk}": "absent",
        },
    )
    assert 'data-quorum="met"' in text(client.get(url))
    response = client.post(
        url,
        {
            "action": "votes",
            "resolution": resolution.pk,
            f"votes-v{seats[0].pk}": "for",
            f"votes-v{seats[1].pk}": "abstain",
        },
    )
    assert response.status_code == 302
    resolution.refresh_from_db()
    assert resolution.state == ResolutionState.ADOPTED
    client.post(url, {"action": "held"})
    client.post(url, {"action": "minutes", "minutes-text": "Przebieg.", "minutes-note": ""})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "send_minutes"})
    client.post(url, {"action": "approve", "approve-at_meeting": new.pk})
    client.post(url, {"action": "publish"})
    meeting.minutes.refresh_from_db()
    assert meeting.minutes.state == MinutesState.PUBLISHED
    assert new.agenda_items.count() == 1


def test_the_officer_reorders_the_agenda_and_is_told_to_invite_again(client, officer, secretary):
    meeting, seats = council_with_meeting(members=3, secretary_user=secretary)
    meeting.starts_at = timezone.now() + datetime.timedelta(days=5)
    meeting.save()
    first = services.add_agenda_item(actor=officer, meeting=meeting, title="Otwarcie")
    second = services.add_agenda_item(actor=officer, meeting=meeting, title="Opinia o programie")
    services.send_invitations(actor=officer, meeting=meeting)
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    url = reverse("bodies_panel:meeting", args=[meeting.pk])
    html = text(client.get(url))
    assert "send them the invitation by post" in html and seats[1].name in html  # no account, no e-mail
    response = client.post(url, {"action": "item_up", "item": second.pk}, follow=True)
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Opinia o programie", "Otwarcie"]
    assert "send them again with the new agenda" in text(response)
    client.post(url, {"action": "item_change", "item": first.pk, "edit-title": "Otwarcie posiedzenia"})
    client.post(url, {"action": "item_remove", "item": second.pk})
    assert list(meeting.agenda_items.values_list("title", "position")) == [("Otwarcie posiedzenia", 1)]
    client.force_login(secretary)  # records the meeting, does not set its agenda
    client.post(url, {"action": "item_remove", "item": first.pk})
    assert meeting.agenda_items.count() == 1
    assert "item_remove" not in text(client.get(url))


def test_a_vote_without_quorum_is_refused_on_the_page(client, officer):
    meeting, seats = council_with_meeting(members=4)
    resolution = services.create_resolution(actor=officer, meeting=meeting, kind="resolution", subject="A", text="x")
    services.record_attendance(actor=officer, meeting=meeting, presence={seats[0].pk: "present"})
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("bodies_panel:meeting", args=[meeting.pk]),
        {"action": "votes", "resolution": resolution.pk, f"votes-v{seats[0].pk}": "for"},
    )
    assert response.status_code == 200
    assert "there is no quorum" in text(response)
    resolution.refresh_from_db()
    assert resolution.state == ResolutionState.DRAFT


def _more(world, officer, count):
    meeting = world["meeting"]
    for index in range(count):
        extra = services.create_meeting(
            actor=officer,
            term=meeting.term,
            starts_at=meeting.starts_at + datetime.timedelta(days=2 + index),
            place="Sala",
        )
        item = services.add_agenda_item(actor=officer, meeting=extra, title=f"Punkt {index}")
        services.add_document(
            actor=officer, item=item, title=f"Dok {index}", upload=_pdf("d.pdf"), public=index % 2 == 0
        )
        services.record_attendance(
            actor=officer, meeting=extra, presence={s.pk: "present" for s in services.members_at(extra)}
        )
        resolution = services.create_resolution(actor=officer, meeting=extra, kind="resolution", subject="S", text="T")
        services.record_votes(
            actor=officer, resolution=resolution, votes={s.pk: "for" for s in services.members_at(extra)}
        )


@pytest.mark.parametrize("page", ["detail", "members_area"])
def test_list_pages_queries_do_not_grow(client, world, officer, body_member, django_assert_max_num_queries, page):
    client.force_login(body_member)
    url = reverse(f"bodies:{page}", args=[world["body"].slug])
    client.get(url)
    with django_assert_max_num_queries(30) as one:
        client.get(url)
    _more(world, officer, 4)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_meeting_and_minutes_pages_queries_do_not_grow(client, world, officer, django_assert_max_num_queries):
    services.publish_minutes(actor=officer, minutes=world["minutes"])
    client.force_login(officer)
    meeting = world["meeting"]
    urls = [
        meeting.get_absolute_url(),
        reverse("bodies:minutes", args=[world["body"].slug, meeting.pk]),
        reverse("bodies_panel:meeting", args=[meeting.pk]),
        world["adopted"].get_absolute_url(),
    ]
    counts = []
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(40) as context:
            client.get(url)
        counts.append(len(context.captured_queries))
    for index in range(5):  # more members, items and papers
        MembershipFactory(term=meeting.term, start=meeting.term.start)
        item = meeting.agenda_items.create(position=10 + index, title=f"Punkt {index}")
        item.documents.create(title="Dok", file="bodies/documents/x.pdf", public=True)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200, url
