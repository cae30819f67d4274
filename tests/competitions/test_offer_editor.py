"""The offer editor end to end with the test client: start, sections, rows, figures,
conflicts, autosave, partners, who sees what."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.competitions.factories import OfferFactory, add_partner, join_partner, open_call, valid_content
from tests.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.enums import CallState, OfferState
from wspolpraca.competitions.kernel import offer_checks, offer_content
from wspolpraca.competitions.models import Offer, OfferPartner
from wspolpraca.competitions.offers import services as services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    """Texts are asserted in English (the source language); Polish translations come later."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


SECTION_IDS = re.compile(r'<(?:input|textarea|select)[^>]*\bid="([^"]+)"')


def ids_on(response):
    return set(SECTION_IDS.findall(response.content.decode()))


def form_data(response):
    """The values the section form would post, as a browser would (text as shown)."""
    html = response.content.decode()
    form = html[html.index('id="offer-form"') :]
    form = form[: form.index("</form>")]
    data = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        kind = kind.group(1) if kind else "text"
        value = re.search(r'value="([^"]*)"', tag)
        value = value.group(1) if value else ""
        if kind in ("checkbox", "radio"):
            if " checked" in tag:
                data[name.group(1)] = value or "on"
        elif kind != "submit":
            data[name.group(1)] = _unescape(value)
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[name] = _unescape(value)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        selected = re.search(r'<option value="([^"]*)" selected', body)
        data[name] = selected.group(1) if selected else ""
    return data


def _unescape(text):
    import html

    return html.unescape(text)


@pytest.fixture
def call():
    return open_call()


@pytest.fixture
def task(call):
    return call.tasks.first()


@pytest.fixture
def offer(organisation, editor, task):
    return services.create_offer(actor=editor, task=task, organisation=organisation)


def edit_url(offer, section):
    return reverse("offers:edit", args=[offer.pk, section])


def test_start_offer_prefills_sections_i_and_ii(client, editor, organisation, task):
    client.force_login(editor)
    url = reverse("offers:start") + f"?task={task.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert organisation.name in page.content.decode()
    response = client.post(url, {"task": task.pk, "organisation": organisation.pk})
    offer = Offer.objects.get()
    assert response.status_code == 302
    assert response.url == edit_url(offer, "II")
    assert offer.state == OfferState.DRAFT and offer.created_by == editor
    assert offer.content["I"]["authority"] == "Prezydent Miasta Płocka"
    assert offer.content["I"]["task_type"] == task.call.task_type
    lead = offer.content["II"]["offerors"][0]
    assert lead["organisation_id"] == organisation.pk and lead["name"] == organisation.name
    assert lead["email"] == organisation.email
    assert offer.content["III"]["title"] == ""
    assert ActivityLog.objects.filter(action="offer.created", object_id=str(offer.pk)).exists()


def test_start_refused_when_call_does_not_accept_offers(client, editor, organisation):
    call = open_call(offer_deadline=timezone.now() - datetime.timedelta(minutes=1))
    task = call.tasks.first()
    client.force_login(editor)
    url = reverse("offers:start") + f"?task={task.pk}"
    assert "does not accept offers" in client.get(url).content.decode()
    client.post(url, {"task": task.pk, "organisation": organisation.pk})
    assert not Offer.objects.exists()


def test_start_offers_only_organisations_the_user_prepares_for(client, resident, task):
    member_org = OrganisationFactory()
    MembershipFactory(user=resident, organisation=member_org, role="member")
    client.force_login(resident)
    url = reverse("offers:start") + f"?task={task.pk}"
    assert "must be an editor or representative" in client.get(url).content.decode()
    client.post(url, {"task": task.pk, "organisation": member_org.pk})
    assert not Offer.objects.exists()


def test_start_of_a_draft_call_is_404(client, editor):
    from tests.competitions.factories import CallFactory

    call = CallFactory()
    client.force_login(editor)
    assert client.get(reverse("offers:start") + f"?task={call.tasks.first().pk}").status_code == 404
    assert client.get(reverse("offers:start") + "?task=abc").status_code == 404


def test_every_section_saves_and_inputs_carry_the_ids_check_reports(client, editor, organisation, offer):
    """Fill each section from a valid document: after saving all, nothing blocks submission."""
    client.force_login(editor)
    target = valid_content(organisations=[organisation])
    for section in offer_content.SECTIONS:
        page = client.get(edit_url(offer, section))
        assert page.status_code == 200
        offer.refresh_from_db()
        offer.content[section] = target[section]
    # Render every section from the full document and post back what the browser would send.
    Offer.objects.filter(pk=offer.pk).update(content=target)
    for section in offer_content.SECTIONS:
        page = client.get(edit_url(offer, section))
        data = form_data(page)
        response = client.post(edit_url(offer, section), data)
        assert response.status_code == 302, section
    offer.refresh_from_db()
    assert offer.revision >= 1
    from wspolpraca.competitions.offers.checks import problems_for

    assert problems_for(offer) == []
    assert offer.title == "Płockie Lato z Kulturą"
    assert offer.total_cost == Decimal("6500.00") and offer.requested_grant == Decimal("5500.00")
    # The inputs carry the ids of the problems an empty document has.
    empty = offer_checks.check({}, rules=offer_checks.CallRules(), offerors=[])
    Offer.objects.filter(pk=offer.pk).update(content=target)
    rendered = set()
    for section in offer_content.SECTIONS:
        html = client.get(edit_url(offer, section)).content.decode()
        rendered |= set(re.findall(r'\bid="([^"]+)"', html))
    missing = {p.field for p in empty} - rendered
    assert not missing, missing


def test_saving_keeps_text_as_typed_and_shows_problems_without_blocking(client, editor, offer):
    client.force_login(editor)
    data = form_data(client.get(edit_url(offer, "V")))
    data.update({"add_row": "V-actions"})
    page = client.post(edit_url(offer, "V"), data)
    assert page.status_code == 200
    data = form_data(page)
    data.update(
        {
            "V-actions-0-name": "Koncerty",
            "V-actions-0-lines-0-kind": "Honoraria",
            "V-actions-0-lines-0-unit_cost": "12,5O",
            "V-actions-0-lines-0-units": "2",
        }
    )
    response = client.post(edit_url(offer, "V"), data, follow=True)
    offer.refresh_from_db()
    assert offer.content["V"]["actions"][0]["lines"][0]["unit_cost"] == "12,5O"
    html = response.content.decode()
    assert 'value="12,5O"' in html
    assert "give the unit cost in PLN" in html
    assert 'href="#V-actions-0-lines-0-unit_cost"' in html


def test_rows_are_added_and_removed_without_js_keeping_input(client, editor, offer):
    client.force_login(editor)
    offer.content["III"] = {"title": "Lato", "start": "2027-03-01", "end": "2028-02-28"}
    offer.save()
    page = client.get(edit_url(offer, "III"))
    html = page.content.decode()
    assert "Activities in 2027" in html and "Activities in 2028" in html
    data = form_data(page)
    data["III-place"] = "Płock, typed but not saved"
    page = client.post(edit_url(offer, "III"), {**data, "add_row": "III-activities-2028"})
    assert 'value="Płock, typed but not saved"' in page.content.decode()
    assert "III-activities-0-name" in ids_on(page)
    data = form_data(page)
    assert data["III-activities-0-year"] == "2028"
    data["III-activities-0-name"] = "Warsztaty"
    page = client.post(edit_url(offer, "III"), {**data, "add_row": "III-activities-2027"})
    data = form_data(page)
    data["III-activities-1-name"] = "Koncert"
    page = client.post(edit_url(offer, "III"), {**data, "remove_row": "III-activities-0"})
    data = form_data(page)
    assert data["III-activities-0-name"] == "Koncert" and "III-activities-1-name" not in data
    page = client.post(edit_url(offer, "III"), {**data, "add_row": "III-results"})
    assert "III-results-0-target" in ids_on(page)
    offer.refresh_from_db()
    assert "activities" not in offer.content["III"]  # row operations alone do not save
    client.post(edit_url(offer, "III"), form_data(page))
    offer.refresh_from_db()
    assert [a["name"] for a in offer.content["III"]["activities"]] == ["Koncert"]
    assert offer.content["III"]["place"] == "Płock, typed but not saved"


def test_cost_rows_add_and_remove(client, editor, offer):
    client.force_login(editor)
    page = client.post(edit_url(offer, "V"), {**form_data(client.get(edit_url(offer, "V"))), "add_row": "V-actions"})
    page = client.post(edit_url(offer, "V"), {**form_data(page), "add_row": "V-actions-0-lines"})
    page = client.post(edit_url(offer, "V"), {**form_data(page), "add_row": "V-admin_lines"})
    ids = ids_on(page)
    assert {"V-actions-0-lines-1-units", "V-admin_lines-0-kind", "V-sources-grant"} <= ids
    page = client.post(edit_url(offer, "V"), {**form_data(page), "remove_row": "V-actions-0-lines-0"})
    ids = ids_on(page)
    assert "V-actions-0-lines-0-units" in ids and "V-actions-0-lines-1-units" not in ids
    page = client.post(edit_url(offer, "V"), {**form_data(page), "remove_row": "V-actions-0"})
    assert "V-actions-0-name" not in ids_on(page)


def test_row_buttons_name_their_rows(client, editor, organisation, offer):
    client.force_login(editor)
    Offer.objects.filter(pk=offer.pk).update(content=valid_content(organisations=[organisation]))
    html = client.get(edit_url(offer, "V")).content.decode()
    values = set(re.findall(r'<button type="submit" name="(?:add|remove)_row" value="([^"]*)"', html))
    assert values == {
        "V-actions",
        "V-actions-0",
        "V-actions-0-lines",
        "V-actions-0-lines-0",
        "V-actions-0-lines-1",
        "V-admin_lines",
        "V-admin_lines-0",
    }
    assert 'id="V-actions-0-value"' in html
    html = client.get(edit_url(offer, "III")).content.decode()
    values = set(re.findall(r'<button type="submit" name="(?:add|remove)_row" value="([^"]*)"', html))
    assert values == {"III-activities-2027", "III-activities-0", "III-results", "III-results-0"}


def test_multi_year_task_has_year_columns(client, editor, organisation, offer):
    client.force_login(editor)
    content = valid_content(organisations=[organisation], end=datetime.date(2028, 6, 30))
    Offer.objects.filter(pk=offer.pk).update(content=content)
    ids = ids_on(client.get(edit_url(offer, "V")))
    assert {"V-actions-0-lines-1-years-2027", "V-actions-0-lines-1-years-2028"} <= ids


def test_figures_endpoint_computes_totals_and_shares(client, editor, organisation, offer):
    client.force_login(editor)
    Offer.objects.filter(pk=offer.pk).update(content=valid_content(organisations=[organisation]))
    data = form_data(client.get(edit_url(offer, "V")))
    data["V-actions-0-lines-0-units"] = "5"  # 1000 × 5: costs become 7,500
    data["V-sources-grant"] = "6500"
    response = client.post(reverse("offers:figures", args=[offer.pk, "V"]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="V-actions-0-lines-0-value"[^>]*>5[\s\xa0.,]?000[.,]00<', html)
    assert "7" in html and re.search(r"7[\s\xa0.,]?500[.,]00 zł", html)
    assert re.search(r'id="V-sources-grant-share"[^>]*>86[.,]67%', html)
    assert "Nothing: this section is complete." in html
    data["V-sources-grant"] = "1"
    html = client.post(reverse("offers:figures", args=[offer.pk, "V"]), data).content.decode()
    assert "The sources add up to" in html
    offer.refresh_from_db()
    assert offer.content["V"]["actions"][0]["lines"][0]["units"] == "4"  # figures never save


def test_conflict_between_two_members_overwrites_nothing(client, editor, representative, offer):
    client.force_login(editor)
    mine = form_data(client.get(edit_url(offer, "IV")))
    other = services.save_offer_section(
        actor=representative,
        offer=offer,
        section="IV",
        data={"experience": "Their text", "resources": ""},
        base_revision=0,
    )
    mine["IV-experience"] = "My text"
    response = client.post(edit_url(offer, "IV"), mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "My text" in html and "Their text" in html
    assert "Earlier activity of the offeror(s)" in html[html.index("theirs-title") :]
    other.refresh_from_db()
    assert other.content["IV"]["experience"] == "Their text"
    # Keep mine: the page now carries the new base revision.
    kept = form_data(response)
    assert kept["IV-experience"] == "My text"
    assert client.post(edit_url(offer, "IV"), kept).status_code == 302
    other.refresh_from_db()
    assert other.content["IV"]["experience"] == "My text"
    assert other.section_revisions["IV"] == 2


def test_service_conflict_and_no_conflict_cases(editor, representative, offer):
    services.save_offer_section(actor=editor, offer=offer, section="IV", data={"experience": "A"}, base_revision=0)
    # Same data from a stale form: nothing to protect, no conflict.
    services.save_offer_section(
        actor=representative, offer=offer, section="IV", data={"experience": "A"}, base_revision=0
    )
    with pytest.raises(services.SectionConflict) as raised:
        services.save_offer_section(
            actor=representative, offer=offer, section="IV", data={"experience": "B"}, base_revision=0
        )
    assert raised.value.theirs == {"experience": "A"} and raised.value.revision == 1
    # Another section is independent.
    services.save_offer_section(
        actor=representative, offer=offer, section="VI", data={"paid": "unpaid"}, base_revision=0
    )


def test_autosave_saves_and_returns_status_with_new_revision(client, editor, offer):
    client.force_login(editor)
    data = form_data(client.get(edit_url(offer, "IV")))
    data["IV-experience"] = "Autosaved text"
    response = client.post(reverse("offers:autosave", args=[offer.pk, "IV"]), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saved" in html and 'id="base_revision"' in html and 'value="1"' in html and "hx-swap-oob" in html
    offer.refresh_from_db()
    assert offer.content["IV"]["experience"] == "Autosaved text"
    # Typing on: the next autosave starts from revision 1 and logs no second "offer.saved".
    data.update({"IV-experience": "More text", "base_revision": "1"})
    client.post(reverse("offers:autosave", args=[offer.pk, "IV"]), data)
    offer.refresh_from_db()
    assert offer.content["IV"]["experience"] == "More text"
    assert ActivityLog.objects.filter(action="offer.saved", object_id=str(offer.pk)).count() == 1


def test_autosave_with_expired_session_answers_401(client, offer):
    response = client.post(reverse("offers:autosave", args=[offer.pk, "IV"]), {"IV-experience": "x"})
    assert response.status_code == 401


def test_expired_session_on_save_returns_to_the_section_after_login(client, offer):
    response = client.post(edit_url(offer, "IV"), {"IV-experience": "x"})
    assert response.status_code == 302
    assert "next=" in response.url
    assert edit_url(offer, "IV") in response.url or edit_url(offer, "IV").replace("/", "%2F") in response.url


def test_draft_saves_after_the_deadline_with_a_notice(client, editor, offer):
    offer.call.offer_deadline = timezone.now() - datetime.timedelta(minutes=5)
    offer.call.save()
    client.force_login(editor)
    data = form_data(client.get(edit_url(offer, "IV")))
    data["IV-experience"] = "Typed while the deadline passed"
    response = client.post(edit_url(offer, "IV"), data, follow=True)
    offer.refresh_from_db()
    assert offer.content["IV"]["experience"] == "Typed while the deadline passed"
    assert "no longer accepts offers" in response.content.decode()


def test_partner_added_sees_the_offer_read_only(client, editor, offer):
    partner_org = OrganisationFactory(name="Fundacja Partnerska")
    partner_member = UserFactory()
    MembershipFactory(user=partner_member, organisation=partner_org, role="representative")
    client.force_login(partner_member)
    assert client.get(reverse("offers:detail", args=[offer.pk])).status_code == 404
    client.force_login(editor)
    search = client.get(reverse("offers:partners", args=[offer.pk]), {"q": "Partnerska"})
    assert "Fundacja Partnerska" in search.content.decode()
    client.post(reverse("offers:partners", args=[offer.pk]), {"organisation": partner_org.pk})
    # Only invited: the organisation sees nothing of the offer until its representative accepts.
    assert not OfferPartner.objects.filter(offer=offer, organisation=partner_org).exists()
    invitation = offer.partner_invitations.get(organisation=partner_org)
    client.force_login(partner_member)
    assert client.get(reverse("offers:detail", args=[offer.pk])).status_code == 404
    client.post(reverse("offers:invitation", args=[invitation.pk]), {"decision": "accept"})
    assert OfferPartner.objects.filter(offer=offer, organisation=partner_org).exists()
    client.force_login(editor)
    offer.refresh_from_db()
    assert [o["organisation_id"] for o in offer.content["II"]["offerors"]] == [offer.organisation_id, partner_org.pk]
    # Duplicates and the lead itself are refused.
    client.post(reverse("offers:partners", args=[offer.pk]), {"organisation": partner_org.pk})
    client.post(reverse("offers:partners", args=[offer.pk]), {"organisation": offer.organisation_id})
    assert offer.partners.count() == 1
    # Joint offers get the V.C split and the responsible-partner column.
    assert any(i.startswith("V-split-1-years-") for i in ids_on(client.get(edit_url(offer, "V"))))
    client.force_login(partner_member)
    page = client.get(edit_url(offer, "III"))
    html = page.content.decode()
    assert page.status_code == 200 and 'data-readonly="1"' in html
    assert re.search(r'<input id="III-title" name="III-title" value="[^"]*" disabled', html)
    assert client.post(edit_url(offer, "III"), {"III-title": "x"}).status_code == 403
    assert client.get(reverse("offers:partners", args=[offer.pk])).status_code == 200
    assert client.get(reverse("offers:mine")).status_code == 200


def test_partner_removal_needs_confirmation(client, editor, offer):
    join_partner(actor=editor, offer=offer, organisation=OrganisationFactory())
    partner = offer.partners.get()
    client.force_login(editor)
    url = reverse("offers:partner_remove", args=[offer.pk, partner.pk])
    assert client.get(url).status_code == 200
    client.post(url, {})
    assert offer.partners.exists()
    client.post(url, {"confirm": "on"})
    assert not offer.partners.exists()
    offer.refresh_from_db()
    assert len(offer.content["II"]["offerors"]) == 1


def test_officers_never_see_the_working_draft_and_are_sent_to_the_submitted_version(
    client, officer, resident, representative, offer
):
    from wspolpraca.competitions.offers.submission import submit_offer

    url = reverse("offers:detail", args=[offer.pk])
    client.force_login(resident)
    assert client.get(url).status_code == 404
    assert client.get(edit_url(offer, "III")).status_code == 404
    client.force_login(officer)
    assert client.get(url).status_code == 404
    offer.call.unit.officers.add(officer)
    # A draft is the organisation's own: not even the call's officers read it.
    assert client.get(url).status_code == 404
    assert client.get(edit_url(offer, "V")).status_code == 404
    assert client.post(edit_url(offer, "IV"), {"IV-experience": "x"}).status_code == 404
    # Once submitted, the editor's pages send officers to the submitted version in the panel.
    offer.content = valid_content(organisations=[offer.organisation])
    offer.save()
    submit_offer(actor=representative, offer=offer)
    panel = reverse("offers_panel:detail", args=[offer.call_id, offer.pk])
    assert client.get(url)["Location"] == panel
    assert client.get(edit_url(offer, "V"))["Location"] == panel
    assert client.get(panel).status_code == 200


def test_overview_lists_problems_linked_to_fields(client, editor, offer):
    client.force_login(editor)
    html = client.get(reverse("offers:detail", args=[offer.pk])).content.decode()
    assert f'href="{edit_url(offer, "III")}#III-title"' in html
    assert f'href="{edit_url(offer, "VII")}#VII-truthful"' in html


def test_unknown_section_is_404(client, editor, offer):
    client.force_login(editor)
    assert client.get(edit_url(offer, "VIII")).status_code == 404


def test_submitted_offer_after_deadline_is_read_only(client, representative, organisation):
    offer = OfferFactory(organisation=organisation, state=OfferState.SUBMITTED)
    Offer.objects.filter(pk=offer.pk)
    offer.call.offer_deadline = timezone.now() - datetime.timedelta(hours=1)
    offer.call.state = CallState.CLOSED
    offer.call.save()
    client.force_login(representative)
    page = client.get(edit_url(offer, "IV"))
    assert "disabled" in page.content.decode()


def test_my_offers_lists_lead_and_partner_offers_with_constant_queries(client, editor, organisation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    OfferFactory(organisation=organisation)
    client.force_login(editor)
    client.get(reverse("offers:mine"))  # warm caches (site settings, content types)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("offers:mine")).status_code == 200
    other = OrganisationFactory()
    for _ in range(3):
        OfferFactory(organisation=organisation)
    partnered = OfferFactory(organisation=other, title="Oferta partnera")
    add_partner(partnered, organisation)
    OfferFactory(title="Cudza oferta")
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("offers:mine"))
    html = response.content.decode()
    assert "Oferta partnera" in html and "you are a partner" in html and "Cudza oferta" not in html
    assert len(many) == len(one)
    filtered = client.get(reverse("offers:mine"), {"q": "partnera"}).content.decode()
    assert "Oferta partnera" in filtered and html.count("Płockie Lato") > filtered.count("Płockie Lato")


def test_small_grant_offer_has_a_grant_column_and_computed_grant(client, editor, organisation):
    from tests.competitions.factories import small_grant_call

    call = small_grant_call()
    task = call.tasks.first() or call.tasks.create(number=1, title="Mały grant")
    offer = services.create_offer(actor=editor, task=task, organisation=organisation)
    content = valid_content(organisations=[organisation], simplified=True)
    Offer.objects.filter(pk=offer.pk).update(content=content)
    client.force_login(editor)
    page = client.get(edit_url(offer, "V"))
    ids = ids_on(page)
    assert "V-actions-0-lines-0-grant" in ids
    assert "V-sources-grant" not in ids  # computed from the lines, not typed
    data = form_data(page)
    data["V-actions-0-lines-0-grant"] = "3000"
    client.post(edit_url(offer, "V"), data)
    offer.refresh_from_db()
    assert offer.requested_grant == Decimal("5000.00")
