"""The public and officers' pages: who sees what, the forms end to end, the queries per list."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.bodies.factories import BodyFactory, MembershipFactory, TermFactory, full_term
from tests.organisations.factories import OrganisationFactory
from tests.pdfs import make_pdf
from wspolpraca.bodies import services
from wspolpraca.bodies.enums import MembershipState
from wspolpraca.bodies.models import Body, Membership, Term
from wspolpraca.common.models import ActivityLog

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        (None, "login", "login"),
        ("resident", 403, 403),
        ("representative", 403, 403),
        ("commission_member", 403, 403),
        ("council_member", 403, 403),
        ("executive", 200, 403),
        ("officer", 200, 200),
        ("administrator", 200, 200),
    ],
)
def test_panel_pages_per_persona(client, request, persona, read, write):
    member = MembershipFactory()
    body, term = member.term.body, member.term
    if persona:
        client.force_login(request.getfixturevalue(persona))
    reads = [reverse("bodies_panel:list"), reverse("bodies_panel:detail", args=[body.pk])]
    writes = [
        reverse("bodies_panel:create"),
        reverse("bodies_panel:edit", args=[body.pk]),
        reverse("bodies_panel:term_create", args=[body.pk]),
        reverse("bodies_panel:member_create", args=[body.pk, term.pk]),
        reverse("bodies_panel:membership_end", args=[member.pk]),
    ]
    for urls, expected in ((reads, read), (writes, write)):
        for url in urls:
            response = client.get(url)
            if expected == "login":
                assert response.status_code == 302 and "/konto/" in response["Location"], url
            else:
                assert response.status_code == expected, url
    if write != 200:  # nor by POST
        response = client.post(
            reverse("bodies_panel:membership_end", args=[member.pk]), {"reason": "x", "confirm": "on"}
        )
        assert response.status_code in (302, 403)
        assert Membership.objects.get(pk=member.pk).state == MembershipState.ACTIVE


def test_the_executive_sees_no_edit_links(client, executive):
    member = MembershipFactory()
    client.force_login(executive)
    html = text(client.get(reverse("bodies_panel:detail", args=[member.term.body_id])))
    assert member.name in html
    assert reverse("bodies_panel:edit", args=[member.term.body_id]) not in html
    assert reverse("bodies_panel:membership_end", args=[member.pk]) not in html


def test_public_pages_show_the_current_composition_and_past_terms(client):
    term = full_term()
    chair = term.memberships.get(role="chair")
    past = TermFactory(
        body=term.body, start=term.start - datetime.timedelta(days=1100), end=term.start - datetime.timedelta(days=1)
    )
    old = MembershipFactory(term=past, name="Dawny Członek")
    html = text(client.get(reverse("bodies:list")))
    assert reverse("bodies:detail", args=[term.body.slug]) in html
    client.cookies["django_language"] = "en"
    html = text(client.get(reverse("bodies:detail", args=[term.body.slug])))
    assert chair.name in html and "Chair" in html
    assert "Past terms" in html and old.name in html
    assert "End early" not in html


def test_the_legal_basis_pdf_is_404_without_a_file(client):
    body = BodyFactory()
    assert client.get(reverse("bodies:legal_basis", args=[body.slug])).status_code == 404


def test_an_officer_creates_a_body_with_its_act_then_a_term_and_a_member(client, officer):
    client.force_login(officer)
    pdf = _pdf()
    data = {
        "kind": "public_benefit_council",
        "name": "Płocka Rada Działalności Pożytku Publicznego",
        "slug": "rada-pozytku",
        "act_number": "Zarządzenie nr 1/2024",
        "act_date": "2024-01-10",
        "seats_ngo": "9",
        "seats_city_council": "3",
        "seats_executive": "3",
        "min_ngo_share": "50",
        "term_years": "3",
        "contact_email": "rada@plock.example.org",
        "name_genitive": "Płockiej Rady Działalności Pożytku Publicznego",
        "quorum_percent": "50",
        "work_plan": "",
        "act_pdf": pdf,
    }
    response = client.post(reverse("bodies_panel:create"), data)
    body = Body.objects.get(slug="rada-pozytku")
    assert response["Location"] == reverse("bodies_panel:detail", args=[body.pk])
    assert body.seats_total == 15
    download = client.get(reverse("bodies:legal_basis", args=[body.slug]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    start = timezone.localdate() - datetime.timedelta(days=10)
    client.post(reverse("bodies_panel:term_create", args=[body.pk]), {"start": start.isoformat(), "end": ""})
    term = Term.objects.get(body=body)
    response = client.post(
        reverse("bodies_panel:member_create", args=[body.pk, term.pk]),
        {
            "name": "Anna Nowak",
            "email": "",
            "contact_email": "anna.nowak@example.org",
            "role": "chair",
            "nominated_by": "executive",
            "start": "",
        },
    )
    assert response.status_code == 302
    member = Membership.objects.get(term=term)
    assert (member.name, member.user, member.email) == ("Anna Nowak", None, "anna.nowak@example.org")
    assert "anna.nowak@example.org" not in client.get(reverse("bodies:detail", args=[body.slug])).content.decode()


def test_a_member_form_with_errors_keeps_what_was_typed(client, officer):
    term = TermFactory()
    client.force_login(officer)
    url = reverse("bodies_panel:member_create", args=[term.body_id, term.pk])
    client.cookies["django_language"] = "en"
    response = client.post(
        url, {"name": "Anna Nowak-Kowalska", "email": "", "role": "member", "nominated_by": "organisation", "start": ""}
    )
    assert response.status_code == 200
    html = text(response)
    assert 'value="Anna Nowak-Kowalska"' in html
    assert "Choose the organisation that nominated the member." in html
    assert not Membership.objects.exists()


def test_ending_a_membership_asks_for_confirmation_and_a_reason(client, officer):
    member = MembershipFactory()
    client.force_login(officer)
    url = reverse("bodies_panel:membership_end", args=[member.pk])
    assert member.name in text(client.get(url))
    today = timezone.localdate().isoformat()
    response = client.post(url, {"end": today, "reason": "Rezygnacja"})  # not confirmed
    assert response.status_code == 200 and "Rezygnacja" in text(response)
    assert Membership.objects.get(pk=member.pk).state == MembershipState.ACTIVE
    response = client.post(url, {"end": today, "reason": "Rezygnacja", "confirm": "on"})
    assert response["Location"] == reverse("bodies_panel:detail", args=[member.term.body_id])
    member.refresh_from_db()
    assert (member.state, member.end_reason) == (MembershipState.ENDED, "Rezygnacja")


def test_the_panel_list_shows_the_warnings(client, officer):
    body = BodyFactory(name="Zespół bez kadencji")
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    html = text(client.get(reverse("bodies_panel:list")))
    assert body.name in html and "No term is running" in html


def _bodies(count):
    for _ in range(count):
        full_term()


@pytest.mark.parametrize("url_name", ["bodies:list", "bodies_panel:list"])
def test_list_queries_do_not_grow_with_the_rows(client, officer, django_assert_max_num_queries, url_name):
    client.force_login(officer)
    _bodies(1)
    client.get(reverse(url_name))
    with django_assert_max_num_queries(12) as one:
        client.get(reverse(url_name))
    _bodies(6)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_the_body_page_queries_do_not_grow_with_the_members(client, officer, django_assert_max_num_queries):
    client.force_login(officer)
    term = full_term()
    urls = [reverse("bodies:detail", args=[term.body.slug]), reverse("bodies_panel:detail", args=[term.body_id])]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(20) as context:
            client.get(url)
        counts.append(len(context.captured_queries))
    for _ in range(6):
        MembershipFactory(term=term)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            client.get(url)


def _pdf():
    return SimpleUploadedFile("uchwala.pdf", make_pdf(note="Uchwala"), content_type="application/pdf")


def _body_data(body, **changes):
    data = {
        "kind": body.kind,
        "name": body.name,
        "slug": body.slug,
        "act_number": "Uchwała nr 7/2026",
        "act_date": "",
        "unit": "",
        "seats_ngo": "9",
        "seats_city_council": "3",
        "seats_executive": "3",
        "min_ngo_share": "50",
        "term_years": "3",
        "contact_email": "",
        "name_genitive": "",
        "quorum_percent": "50",
        "work_plan": "Plan pracy na 2027 r.",
    }
    return {**data, **changes}


def test_editing_a_body_with_errors_keeps_what_was_typed(client, officer):
    body = BodyFactory()
    client.force_login(officer)
    url = reverse("bodies_panel:edit", args=[body.pk])
    response = client.post(url, _body_data(body, name="Rada Seniorów", min_ngo_share="150"))
    assert response.status_code == 200
    html = text(response)
    assert 'value="Rada Seniorów"' in html and "Plan pracy na 2027 r." in html
    assert Body.objects.get(pk=body.pk).name != "Rada Seniorów"
    response = client.post(url, _body_data(body, name="Rada Seniorów"))
    assert response.status_code == 302
    body.refresh_from_db()
    assert (body.name, body.seats_total, body.act_number) == ("Rada Seniorów", 15, "Uchwała nr 7/2026")


def test_a_pdf_with_active_content_is_refused_next_to_its_field(client, officer):
    body = BodyFactory()
    client.force_login(officer)
    bad = SimpleUploadedFile(
        "uchwala.pdf",
        make_pdf(catalog_extra=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        content_type="application/pdf",
    )
    response = client.post(reverse("bodies_panel:edit", args=[body.pk]), {**_body_data(body), "act_pdf": bad})
    assert response.status_code == 200
    assert "act_pdf" in response.context["form"].errors
    body.refresh_from_db()
    assert not body.act_pdf


def test_an_officer_changes_a_members_role_and_e_mail_for_invitations(client, officer, council_member):
    term = full_term()
    named = term.memberships.get(role="member", nominated_by="city_council")
    with_account = MembershipFactory(term=term, user=council_member)
    client.force_login(officer)
    url = reverse("bodies_panel:membership_change", args=[named.pk])
    assert url in text(client.get(reverse("bodies_panel:detail", args=[term.body_id])))
    response = client.post(url, {"role": "secretary", "email": "radny@example.org"})
    assert response["Location"] == reverse("bodies_panel:detail", args=[term.body_id])
    named.refresh_from_db()
    assert (named.role, named.email) == ("secretary", "radny@example.org")
    assert ActivityLog.objects.get(action="body.membership_changed").data["from"] == {"role": "member", "email": ""}
    form = client.get(reverse("bodies_panel:membership_change", args=[with_account.pk])).context["form"]
    assert "email" not in form.fields  # their account's address is used
    client.post(reverse("bodies_panel:membership_change", args=[with_account.pk]), {"role": "chair"})
    with_account.refresh_from_db()
    assert (with_account.role, with_account.email) == ("chair", "")
    services.end_membership(actor=officer, membership=named, reason="Rezygnacja")
    with pytest.raises(ValidationError):
        services.change_membership(actor=officer, membership=named, role="member")


FORM_PAGES = ["edit", "term_create", "member_create", "membership_change", "membership_end", "delegate", "meeting"]


@pytest.mark.parametrize("page", FORM_PAGES)
def test_the_panels_form_pages_cost_the_same_queries_for_many_rows(
    client, officer, page, django_assert_max_num_queries
):
    term = full_term()
    seat = term.memberships.order_by("pk").first()
    urls = {
        "edit": reverse("bodies_panel:edit", args=[term.body_id]),
        "term_create": reverse("bodies_panel:term_create", args=[term.body_id]),
        "member_create": reverse("bodies_panel:member_create", args=[term.body_id, term.pk]),
        "membership_change": reverse("bodies_panel:membership_change", args=[seat.pk]),
        "membership_end": reverse("bodies_panel:membership_end", args=[seat.pk]),
        "delegate": reverse("bodies_panel:delegate", args=[seat.pk]),
        "meeting": reverse("bodies_panel:meeting_create", args=[term.body_id]),
    }
    client.force_login(officer)
    client.get(urls[page])
    with django_assert_max_num_queries(20) as one:
        assert client.get(urls[page]).status_code == 200
    for _ in range(6):  # more members, organisations to choose from, terms
        MembershipFactory(term=term)
        OrganisationFactory()
    TermFactory(body=term.body, start=term.start - datetime.timedelta(days=800), end=term.start)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(urls[page]).status_code == 200
