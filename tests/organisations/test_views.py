import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory
from tests.organisations.factories import JoinRequestFactory, MembershipFactory, OrganisationFactory
from wspolpraca.organisations import services
from wspolpraca.organisations.enums import VerificationStatus
from wspolpraca.organisations.models import District, JoinRequest, Membership, Organisation, PublicBenefitArea

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Fundacja Łąki Płockie",
    "legal_form": "foundation",
    "krs_number": "0000123456",
    "nip": "5210000003",
    "regon": "140000000",
    "street_address": "ul. Tumska 2",
    "postal_code": "09-400",
    "town": "Płock",
    "email": "biuro@laki.example.org",
    "bank_account": "",
}


def text(response):
    return response.content.decode()


# --- validation messages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nip", "5210000004", "To nie jest prawidłowy numer NIP"),
        ("regon", "140000001", "To nie jest prawidłowy numer REGON"),
        ("krs_number", "12345", "Numer KRS musi mieć dokładnie 10 cyfr"),
        ("bank_account", "PL61109010140000071219812875", "To nie jest prawidłowy numer rachunku bankowego"),
        ("postal_code", "09400", "Wpisz kod pocztowy w formacie NN-NNN"),
    ],
)
def test_wrong_numbers_get_a_polish_message_next_to_the_field(client, resident, field, value, message):
    client.force_login(resident)
    response = client.post(reverse("organisations:register"), {**FORM, field: value})
    assert response.status_code == 200
    body = text(response)
    assert message in body
    field_id = "id_" + field
    assert f'name="{field.removeprefix("id_")}"' in body
    assert f'{field_id}_error" id="{field_id}"' in body  # the input points at its error (aria-describedby)
    assert f'href="#{field_id}"' in body  # in the error summary
    assert not Organisation.objects.exists()


def test_krs_or_other_register_required(client, resident):
    client.force_login(resident)
    response = client.post(reverse("organisations:register"), {**FORM, "krs_number": ""})
    assert "Podaj numer KRS albo nazwę i numer innego rejestru" in text(response)
    response = client.post(
        reverse("organisations:register"),
        {**FORM, "krs_number": "", "register_name": "Ewidencja stowarzyszeń zwykłych", "register_number": "12/2020"},
    )
    assert response.status_code == 302
    assert Organisation.objects.get().krs_number is None


def test_register_flow(client, resident):
    client.force_login(resident)
    assert client.get(reverse("organisations:register")).status_code == 200
    area = PublicBenefitArea.objects.get(code="16")
    response = client.post(
        reverse("organisations:register"),
        {**FORM, "nip": "521-000-00-03", "areas": [area.pk], "district": District.objects.first().pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("organisations:mine")
    org = Organisation.objects.get()
    assert org.nip == "5210000003" and org.verification_status == VerificationStatus.PENDING
    assert "Oczekuje na weryfikację" in text(response) or "oczekuje na weryfikację" in text(response)
    assert Membership.objects.get(organisation=org).user == resident


def test_logo_must_be_an_image(client, resident):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(resident)
    fake = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = client.post(reverse("organisations:register"), {**FORM, "logo": fake})
    assert response.status_code == 200
    assert not Organisation.objects.exists()


# --- public directory and profile ----------------------------------------------------------


def test_directory_shows_only_verified_and_searches(client):
    OrganisationFactory(name="Fundacja Zielony Płock")
    OrganisationFactory(name="Fundacja Czerwony Płock", verification_status=VerificationStatus.PENDING)
    OrganisationFactory(name="Klub Szachowy")
    response = client.get(reverse("organisations:directory"))
    body = text(response)
    assert "Fundacja Zielony Płock" in body and "Klub Szachowy" in body
    assert "Czerwony" not in body
    response = client.get(reverse("organisations:directory"), {"q": "zielony"})
    assert list(response.context["page_obj"].object_list) == [Organisation.objects.get(name="Fundacja Zielony Płock")]
    assert "Znaleziono 1 organizację" in text(response)


def test_directory_filters_by_area_and_district(client):
    sport = PublicBenefitArea.objects.get(code="17")
    ecology = PublicBenefitArea.objects.get(code="18")
    radziwie = District.objects.get(name="Radziwie")
    a = OrganisationFactory(areas=[sport], district=radziwie)
    b = OrganisationFactory(areas=[ecology], district=radziwie)
    OrganisationFactory(areas=[sport], district=District.objects.get(name="Winiary"))
    response = client.get(reverse("organisations:directory"), {"area": sport.pk, "district": radziwie.pk})
    assert list(response.context["page_obj"].object_list) == [a]
    response = client.get(reverse("organisations:directory"), {"district": radziwie.pk})
    assert set(response.context["page_obj"].object_list) == {a, b}
    body = text(response)
    assert '<label for="id_area">' in body and '<label for="id_district">' in body


def test_a_directory_card_names_the_form_status_district_and_areas(client):
    """The cards are made in Python (selectors.directory_cards): what each one reads."""
    long_area = max(PublicBenefitArea.objects.all(), key=lambda area: len(area.name))
    assert len(long_area.name) > 48
    sport = PublicBenefitArea.objects.get(code="17")
    organisation = OrganisationFactory(
        name="Fundacja Karta",
        is_public_benefit=True,
        areas=[sport, long_area],
        district=District.objects.get(name="Radziwie"),
    )
    body = " ".join(client.get(reverse("organisations:directory")).content.decode().split())
    assert f'<h3><a href="{organisation.get_absolute_url()}">Fundacja Karta</a></h3>' in body
    assert "<p>Stowarzyszenie · Status OPP · Osiedle: Radziwie</p>" in body
    short = long_area.name[0].upper() + long_area.name[1:47] + "…"
    assert f'<li title="{long_area.name}">{short}</li>' in body
    assert f'<li title="{sport.name}">{sport.name[0].upper()}{sport.name[1:]}</li>' in body


def test_directory_paginates(client):
    for i in range(45):
        OrganisationFactory(name=f"Organizacja {i:02d}")
    response = client.get(reverse("organisations:directory"), {"q": "Organizacja"})
    assert len(response.context["page_obj"].object_list) == 20
    body = text(response)
    assert 'aria-current="page"' in body and "q=Organizacja&amp;page=2" in body
    response = client.get(reverse("organisations:directory"), {"q": "Organizacja", "page": 3})
    assert len(response.context["page_obj"].object_list) == 5


def test_public_profile_hides_private_data(client, organisation, representative):
    response = client.get(reverse("organisations:detail", kwargs={"slug": organisation.slug}))
    body = text(response)
    assert response.status_code == 200
    assert organisation.name in body and organisation.krs_number in body
    assert "PL61" not in body and "1090 1014" not in body and "10901014" not in body
    assert "ngo@example.org" not in body


def test_directory_csv_has_no_private_data(client, organisation, representative):
    OrganisationFactory(name="=HYPERLINK(1)", verification_status=VerificationStatus.VERIFIED)
    OrganisationFactory(name="Ukryta", verification_status=VerificationStatus.PENDING)
    response = client.get(reverse("organisations:directory_export"))
    content = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][0] == "Nazwa" and len(rows[0]) == len(rows[1]) > 10
    assert len(rows) == 3
    assert "PL61" not in content and "ngo@example.org" not in content and "Ukryta" not in content
    assert "'=HYPERLINK(1)" in content


@pytest.mark.parametrize("status", [VerificationStatus.PENDING, VerificationStatus.CORRECTIONS_REQUESTED])
def test_unverified_profile_is_404_to_outsiders(client, status, resident, executive):
    org = OrganisationFactory(verification_status=status)
    url = reverse("organisations:detail", kwargs={"slug": org.slug})
    assert client.get(url).status_code == 404
    client.force_login(resident)
    assert client.get(url).status_code == 404
    client.force_login(executive)
    assert client.get(url).status_code == 404
    assert client.get(reverse("organisations:join", kwargs={"slug": org.slug})).status_code == 404
    member = MembershipFactory(organisation=org, role="editor").user
    client.force_login(member)
    assert client.get(url).status_code == 200


def test_unverified_profile_visible_to_officer(client, officer):
    org = OrganisationFactory(verification_status=VerificationStatus.PENDING)
    client.force_login(officer)
    assert client.get(reverse("organisations:detail", kwargs={"slug": org.slug})).status_code == 200


# --- joining ------------------------------------------------------------------------------


def test_join_flow_approve(client, resident, representative, organisation):
    client.force_login(resident)
    url = reverse("organisations:join", kwargs={"slug": organisation.slug})
    assert client.get(url).status_code == 200
    response = client.post(url, {"message": "Chcę pomagać", "role": "editor"})
    assert response.status_code == 302
    join_request = JoinRequest.objects.get()
    assert mail.outbox[0].to == ["ngo@example.org"]
    # A second request is refused with a message, not an error page.
    response = client.post(url, {"message": "Znowu", "role": "editor"}, follow=True)
    assert JoinRequest.objects.count() == 1
    assert "Już poprosiłeś" in text(response) or "już" in text(response).lower()

    client.force_login(representative)
    decide = reverse("organisations:join_request", kwargs={"slug": organisation.slug, "pk": join_request.pk})
    assert "Chcę pomagać" in text(client.get(decide))
    response = client.post(decide, {"decision": "approve", "reason": ""})
    assert response.status_code == 302
    assert Membership.objects.filter(user=resident, organisation=organisation, role="editor").exists()
    assert mail.outbox[-1].to == ["mieszkaniec@example.org"]


def test_join_refuse_needs_reason(client, resident, representative, organisation):
    join_request = JoinRequestFactory(user=resident, organisation=organisation)
    client.force_login(representative)
    decide = reverse("organisations:join_request", kwargs={"slug": organisation.slug, "pk": join_request.pk})
    response = client.post(decide, {"decision": "refuse", "reason": ""})
    assert response.status_code == 200
    assert "Podaj powód odmowy" in text(response)
    response = client.post(decide, {"decision": "refuse", "reason": "Nie znamy."})
    assert response.status_code == 302
    assert JoinRequest.objects.get().status == "refused"
    assert "Nie znamy." in mail.outbox[-1].body


# --- members --------------------------------------------------------------------------------


def test_remove_member_asks_for_confirmation(client, representative, editor, organisation):
    client.force_login(representative)
    membership = Membership.objects.get(user=editor)
    url = reverse("organisations:member_remove", kwargs={"slug": organisation.slug, "pk": membership.pk})
    response = client.get(url)
    assert response.status_code == 200 and '<form method="post">' in text(response)
    assert Membership.objects.filter(pk=membership.pk).exists()
    client.post(url)
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_last_representative_removal_shows_message(client, representative, organisation):
    client.force_login(representative)
    membership = Membership.objects.get(user=representative)
    url = reverse("organisations:member_remove", kwargs={"slug": organisation.slug, "pk": membership.pk})
    response = client.post(url, follow=True)
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert "Nie można usunąć ostatniego przedstawiciela" in text(response)


def test_change_role_view(client, representative, editor, organisation):
    client.force_login(representative)
    membership = Membership.objects.get(user=editor)
    url = reverse("organisations:member_role", kwargs={"slug": organisation.slug, "pk": membership.pk})
    client.post(url, {f"m{membership.pk}-role": "representative"})
    assert Membership.objects.get(pk=membership.pk).role == "representative"


def test_edit_organisation_view(client, representative, organisation):
    # not yet verified: everything changes at once (a verified one: tests/organisations/test_identity_changes.py)
    Organisation.objects.filter(pk=organisation.pk).update(verification_status=VerificationStatus.PENDING)
    client.force_login(representative)
    url = reverse("organisations:edit", kwargs={"slug": organisation.slug})
    response = client.get(url)
    assert response.status_code == 200 and "PL61" in text(response)  # members see the bank account
    data = {**FORM, "name": "Nowa Nazwa", "krs_number": organisation.krs_number, "nip": organisation.nip}
    data["regon"] = organisation.regon
    response = client.post(url, data)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Nowa Nazwa"
    assert organisation.history.count() == 2


def test_resubmit_view(client, representative, organisation):
    organisation.verification_status = VerificationStatus.CORRECTIONS_REQUESTED
    organisation.corrections_reason = "Popraw"
    organisation.save()
    client.force_login(representative)
    url = reverse("organisations:resubmit", kwargs={"slug": organisation.slug})
    assert client.get(url).status_code == 200
    client.post(url)
    organisation.refresh_from_db()
    assert organisation.verification_status == VerificationStatus.PENDING


def test_my_organisations(client, representative, organisation):
    client.force_login(representative)
    response = client.get(reverse("organisations:mine"))
    assert organisation.name in text(response)
    assert "Przedstawiciel" in text(response)


# --- permissions per persona for every URL --------------------------------------------------

LOGIN = "login"


def member_urls(org, membership, join_request):
    s = org.slug
    return {
        "edit": reverse("organisations:edit", kwargs={"slug": s}),
        "members": reverse("organisations:members", kwargs={"slug": s}),
        "resubmit": reverse("organisations:resubmit", kwargs={"slug": s}),
        "member_remove": reverse("organisations:member_remove", kwargs={"slug": s, "pk": membership.pk}),
        "join_request": reverse("organisations:join_request", kwargs={"slug": s, "pk": join_request.pk}),
    }


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (None, {"edit": LOGIN, "members": LOGIN, "resubmit": LOGIN, "member_remove": LOGIN, "join_request": LOGIN}),
        ("resident", {"edit": 404, "members": 404, "resubmit": 404, "member_remove": 404, "join_request": 404}),
        ("executive", {"edit": 404, "members": 404, "resubmit": 404, "member_remove": 404, "join_request": 404}),
        ("editor", {"edit": 403, "members": 403, "resubmit": 403, "member_remove": 403, "join_request": 403}),
        ("representative", {"edit": 200, "members": 200, "resubmit": 200, "member_remove": 200, "join_request": 200}),
        ("officer", {"edit": 403, "members": 403, "resubmit": 403, "member_remove": 403, "join_request": 403}),
        # Administrators may do everything (superuser), as in the Django admin.
        ("administrator", {"edit": 200, "members": 200, "resubmit": 200, "member_remove": 200, "join_request": 200}),
    ],
)
def test_member_pages_per_persona(client, request, persona, expected, organisation, representative, editor):
    other = MembershipFactory(organisation=organisation, role="editor")
    join_request = JoinRequestFactory(organisation=organisation)
    if persona:
        client.force_login(request.getfixturevalue(persona))
    for name, url in member_urls(organisation, other, join_request).items():
        response = client.get(url)
        if expected[name] == LOGIN:
            assert response.status_code == 302 and "/konto/" in response.url, name
        else:
            assert response.status_code == expected[name], (name, response.status_code)


@pytest.mark.parametrize(
    "persona", [None, "resident", "editor", "representative", "officer", "executive", "administrator"]
)
def test_public_and_account_pages_per_persona(client, request, persona, organisation, representative, editor):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("organisations:directory")).status_code == 200
    assert client.get(reverse("organisations:directory_export")).status_code == 200
    assert client.get(reverse("organisations:detail", kwargs={"slug": organisation.slug})).status_code == 200
    for name in ["organisations:register", "organisations:mine"]:
        response = client.get(reverse(name))
        assert response.status_code == (200 if persona else 302)
    response = client.get(reverse("organisations:join", kwargs={"slug": organisation.slug}))
    if persona in ("editor", "representative"):  # already members: back to the profile, with a message
        assert response.status_code == 302 and response.url == organisation.get_absolute_url()
    else:
        assert response.status_code == (200 if persona else 302)


def test_member_may_leave_via_confirmation(client, editor, organisation):
    client.force_login(editor)
    membership = Membership.objects.get(user=editor)
    url = reverse("organisations:member_remove", kwargs={"slug": organisation.slug, "pk": membership.pk})
    assert client.get(url).status_code == 200
    client.post(url)
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_services_used_by_views_keep_outsiders_out_of_other_organisations(client, representative):
    other_org = OrganisationFactory()
    other = MembershipFactory(organisation=other_org)
    client.force_login(representative)
    url = reverse("organisations:member_remove", kwargs={"slug": other_org.slug, "pk": other.pk})
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()
    services  # noqa: B018 - imported for the module under test
    UserFactory  # noqa: B018
