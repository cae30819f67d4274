"""Adversarial probes of the competitions module: what a hostile or careless user may try by
crafting requests directly (deadlines by the server clock, other people's objects, tampered
numbers and files, injection into exports and documents, immutable versions, small grants)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.competitions.factories import CallFactory, CityUnitFactory, OfferFactory, add_partner, open_call
from tests.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from tests.pdfs import make_pdf
from wspolpraca.competitions.enums import CallState, OfferState
from wspolpraca.competitions.kernel import offer_content
from wspolpraca.competitions.models import Offer, OfferAttachment, OfferVersion
from wspolpraca.competitions.offers import canonical, exports
from wspolpraca.competitions.offers import partners as partner_services
from wspolpraca.competitions.offers import services as offer_services
from wspolpraca.competitions.offers.checks import figures_for, problems_for
from wspolpraca.competitions.offers.submission import submit_offer, withdraw_offer

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = make_pdf()


@pytest.fixture
def offer(organisation, representative):
    return OfferFactory(organisation=organisation)


def pass_deadline(call):
    call.offer_deadline = timezone.now() - datetime.timedelta(minutes=1)
    call.save(update_fields=["offer_deadline"])


def other_org_offer():
    other = OrganisationFactory()
    rep = UserFactory()
    MembershipFactory(user=rep, organisation=other, role="representative")
    return OfferFactory(organisation=other), rep


# --- deadlines by the server clock ------------------------------------------------------------


def test_crafted_submit_after_deadline_is_refused_and_draft_kept(client, offer, representative):
    client.force_login(representative)
    url = reverse("offer_submission:submit", args=[offer.pk])
    assert client.get(url).status_code == 200  # the form loaded before the deadline
    pass_deadline(offer.call)
    response = client.post(url, follow=True)
    offer.refresh_from_db()
    assert offer.state == OfferState.DRAFT and offer.number == "" and not offer.versions.exists()
    assert "deadline for offers passed" in response.content.decode()


def test_withdraw_after_deadline_is_refused(client, offer, representative):
    submit_offer(actor=representative, offer=offer)
    pass_deadline(offer.call)
    client.force_login(representative)
    response = client.post(reverse("offer_submission:withdraw", args=[offer.pk]), {"confirm": "on", "reason": "x"})
    assert response.status_code in (403, 404, 302)
    offer.refresh_from_db()
    assert offer.state == OfferState.SUBMITTED
    with pytest.raises((ValidationError, PermissionDenied)):
        withdraw_offer(actor=representative, offer=offer)


@pytest.mark.parametrize("state", [CallState.CLOSED, CallState.DRAFT, CallState.CANCELLED])
def test_start_offer_on_a_call_not_accepting_offers_creates_nothing(client, representative, organisation, state):
    call = open_call(state=state)
    client.force_login(representative)
    url = reverse("offers:start") + f"?task={call.tasks.first().pk}"
    response = client.post(url, {"task": call.tasks.first().pk, "organisation": organisation.pk})
    assert response.status_code in (200, 404)
    assert not Offer.objects.filter(call=call).exists()


def test_start_offer_after_deadline_of_an_open_call_creates_nothing(client, representative, organisation):
    call = open_call(offer_deadline=timezone.now() - datetime.timedelta(seconds=1))
    client.force_login(representative)
    client.post(reverse("offers:start") + f"?task={call.tasks.first().pk}", {"organisation": organisation.pk})
    assert not Offer.objects.filter(call=call).exists()


def test_sections_of_a_withdrawn_offer_cannot_be_saved(client, offer, editor, representative):
    submit_offer(actor=representative, offer=offer)
    withdraw_offer(actor=representative, offer=offer)
    client.force_login(editor)
    response = client.post(
        reverse("offers:edit", args=[offer.pk, "IV"]), {"IV-experience": "changed", "base_revision": 0}
    )
    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.content["IV"]["experience"] != "changed"


def test_submitted_offer_cannot_be_edited_after_deadline_and_version_stays(client, offer, editor, representative):
    version = submit_offer(actor=representative, offer=offer)
    pass_deadline(offer.call)
    client.force_login(editor)
    response = client.post(reverse("offers:edit", args=[offer.pk, "IV"]), {"IV-experience": "late", "base_revision": 0})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        offer_services.save_offer_section(
            actor=editor, offer=offer, section="IV", data={"experience": "late"}, base_revision=None
        )
    offer.refresh_from_db()
    version.refresh_from_db()
    assert offer.content["IV"]["experience"] != "late" and version.is_current
    assert offer.versions.count() == 1


def test_double_submission_creates_one_version_and_one_number(client, offer, representative):
    client.force_login(representative)
    url = reverse("offer_submission:submit", args=[offer.pk])
    client.post(url)
    client.post(url)
    offer.refresh_from_db()
    assert offer.versions.count() == 1 and offer.number
    assert Offer.objects.filter(call=offer.call).exclude(number="").count() == 1


# --- permissions and direct object references --------------------------------------------------


def test_editor_of_another_organisation_cannot_touch_the_offer(client, offer, organisation):
    intruder_org = OrganisationFactory()
    intruder = UserFactory()
    MembershipFactory(user=intruder, organisation=intruder_org, role="representative")
    client.force_login(intruder)
    partner = OrganisationFactory()
    responses = [
        client.post(reverse("offers:edit", args=[offer.pk, "IV"]), {"IV-experience": "pwned"}),
        client.post(reverse("offers:autosave", args=[offer.pk, "IV"]), {"IV-experience": "pwned"}),
        client.post(
            reverse("offers:attachments", args=[offer.pk]), {"title": "x", "file": SimpleUploadedFile("a.png", PNG)}
        ),
        client.post(reverse("offers:partners", args=[offer.pk]), {"organisation": partner.pk}),
        client.post(reverse("offer_submission:submit", args=[offer.pk])),
    ]
    assert all(r.status_code == 404 for r in responses)
    offer.refresh_from_db()
    assert offer.content["IV"]["experience"] != "pwned"
    assert not offer.attachments.exists() and not offer.partners.exists() and offer.state == OfferState.DRAFT


def test_attachment_of_another_offer_cannot_be_downloaded_or_removed_by_guessing_ids(client, offer, editor):
    attachment = offer_services.add_attachment(
        actor=editor, offer=offer, uploaded=SimpleUploadedFile("statut.png", PNG), title="Statut"
    )
    mine = OfferFactory(organisation=OrganisationFactory())
    own_editor = UserFactory()
    MembershipFactory(user=own_editor, organisation=mine.organisation, role="editor")
    client.force_login(own_editor)
    # my offer's pk with their attachment's pk
    assert client.get(reverse("offers:attachment_download", args=[mine.pk, attachment.pk])).status_code == 404
    assert client.post(reverse("offers:attachment_remove", args=[mine.pk, attachment.pk])).status_code == 404
    assert client.get(reverse("offers:attachment_download", args=[offer.pk, attachment.pk])).status_code == 404
    assert OfferAttachment.objects.filter(pk=attachment.pk).exists()


def test_partner_member_may_read_but_not_submit_or_withdraw(client, offer, representative):
    partner_org = add_partner(offer)
    partner_rep = UserFactory()
    MembershipFactory(user=partner_rep, organisation=partner_org, role="representative")
    client.force_login(partner_rep)
    assert client.get(reverse("offers:detail", args=[offer.pk])).status_code == 200
    client.post(reverse("offer_submission:submit", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.state == OfferState.DRAFT
    with pytest.raises(PermissionDenied):
        submit_offer(actor=partner_rep, offer=offer)


def test_officer_of_another_unit_cannot_act_on_the_call(client, officer):
    unit_x, unit_y = CityUnitFactory(), CityUnitFactory()
    unit_x.officers.add(officer)
    draft = CallFactory(unit=unit_y)
    published = open_call(unit=unit_y)
    client.force_login(officer)
    task = draft.tasks.first()
    urls = [
        ("post", reverse("competitions_panel:call_edit", args=[draft.pk]), {"title": "hijacked"}),
        ("post", reverse("competitions_panel:task_edit", args=[draft.pk, task.pk]), {"title": "hijacked"}),
        ("post", reverse("competitions_panel:publish", args=[draft.pk]), {}),
        ("post", reverse("competitions_panel:cancel", args=[published.pk]), {"reason": "x", "confirm": "on"}),
        ("get", reverse("offers_panel:export_csv", args=[published.pk]), {}),
        ("get", reverse("offers_panel:export_xlsx", args=[published.pk]), {}),
        ("get", reverse("offers_panel:list", args=[published.pk]), {}),
        ("get", reverse("competitions_panel:notice_pdf", args=[published.pk]), {}),
    ]
    for method, url, data in urls:
        response = getattr(client, method)(url, data)
        assert response.status_code in (403, 404), url
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.state == CallState.DRAFT and draft.title != "hijacked"
    assert published.state == CallState.OPEN


def test_executive_cannot_edit_a_call(client, executive):
    draft = CallFactory()
    client.force_login(executive)
    response = client.post(reverse("competitions_panel:call_edit", args=[draft.pk]), {"title": "by executive"})
    assert response.status_code in (403, 404)
    draft.refresh_from_db()
    assert draft.title != "by executive"


def test_anonymous_posts_to_panel_endpoints_change_nothing(client):
    draft = CallFactory()
    published = open_call()
    for url in (
        reverse("competitions_panel:call_edit", args=[draft.pk]),
        reverse("competitions_panel:publish", args=[draft.pk]),
        reverse("competitions_panel:cancel", args=[published.pk]),
        reverse("competitions_panel:call_add"),
    ):
        response = client.post(url, {"title": "anon", "confirm": "on", "reason": "x"})
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert (
                "login" in response["Location"]
                or "logowanie" in response["Location"]
                or "/konto/" in response["Location"]
            ), response["Location"]
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.state == CallState.DRAFT and published.state == CallState.OPEN


# --- tampering --------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["-100", "NaN", "Infinity", "-Infinity", "sNaN", "abc", "1e400", "9" * 60])
def test_absurd_money_is_a_problem_never_a_crash(offer, editor, representative, typed):
    fifth = dict(offer.content["V"])
    fifth["sources"] = {**fifth["sources"], "grant": typed}
    offer = offer_services.save_offer_section(actor=editor, offer=offer, section="V", data=fifth, base_revision=None)
    problems = problems_for(offer, figures_for(offer))
    assert any(p.section == "V" for p in problems)
    with pytest.raises(ValidationError):
        submit_offer(actor=representative, offer=offer)


@pytest.mark.parametrize(
    "unit_cost,units",
    [("1e20", "4"), ("99999999999999999999", "4"), ("1e30", "4"), ("999999999999", "999999999999")],
)
def test_huge_unit_costs_are_saved_without_a_crash_and_refused_at_submission(
    client, offer, editor, representative, unit_cost, units
):
    """Found: 1e20 was stored in the 14-digit total column and every later read of the offer
    crashed (decimal.InvalidOperation); 1e30 crashed the save itself."""
    fifth = dict(offer.content["V"])
    line = {**fifth["actions"][0]["lines"][0], "unit_cost": unit_cost, "units": units}
    fifth["actions"] = [{**fifth["actions"][0], "lines": [line, *fifth["actions"][0]["lines"][1:]]}]
    offer = offer_services.save_offer_section(actor=editor, offer=offer, section="V", data=fifth, base_revision=None)
    offer.refresh_from_db()
    assert any(p.section == "V" for p in problems_for(offer, figures_for(offer)))
    with pytest.raises(ValidationError):
        submit_offer(actor=representative, offer=offer)
    assert offer.state == OfferState.DRAFT
    client.force_login(editor)
    assert client.get(reverse("offers:edit", args=[offer.pk, "V"])).status_code == 200
    assert client.get(reverse("offers:mine")).status_code == 200


def test_huge_amount_through_the_editor_form_is_no_server_error(client, offer, editor):
    client.force_login(editor)
    response = client.post(
        reverse("offers:edit", args=[offer.pk, "V"]),
        {
            "V-sources-grant": "1e30",
            "V-actions-0-name": "A",
            "V-actions-0-lines-0-unit_cost": "9" * 40,
            "V-actions-0-lines-0-units": "9" * 40,
            "base_revision": 0,
        },
    )
    assert response.status_code in (200, 302)


def test_unicode_digits_in_money_are_read_as_their_value_or_refused():
    value = offer_content.money("\u0661\u0662\u0663")  # Arabic-Indic 123
    assert value in (None, Decimal("123.00"))


def test_period_longer_than_five_years_or_reversed_is_a_problem(offer):
    offer.content["III"]["start"], offer.content["III"]["end"] = "2027-03-01", "2033-10-31"
    assert any(p.section == "III" for p in problems_for(offer, figures_for(offer)))
    offer.content["III"]["start"], offer.content["III"]["end"] = "2027-10-31", "2027-03-01"
    assert any(p.section == "III" for p in problems_for(offer, figures_for(offer)))


def test_per_year_values_for_years_outside_the_task_do_not_count(client, offer, editor):
    """Values typed for years outside III's dates are kept as typed (dates may change back)
    but never enter the figures."""
    client.force_login(editor)
    client.post(
        reverse("offers:edit", args=[offer.pk, "V"]),
        {
            "V-actions-0-name": "A",
            "V-actions-0-lines-0-kind": "x",
            "V-actions-0-lines-0-unit_cost": "10",
            "V-actions-0-lines-0-units": "1",
            "V-actions-0-lines-0-years-2027": "10",
            "V-actions-0-lines-0-years-1999": "5",
            "base_revision": 0,
        },
    )
    offer.refresh_from_db()
    figures = figures_for(offer)
    assert figures.years == [2027] and 1999 not in figures.total_by_year
    assert figures.total_cost == Decimal("10.00")


def test_unverified_organisation_and_the_lead_itself_cannot_be_partners(offer, editor, organisation):
    unverified = OrganisationFactory(verification_status="pending")
    with pytest.raises(ValidationError):
        partner_services.invite_partner(actor=editor, offer=offer, organisation=unverified)
    with pytest.raises(ValidationError):
        partner_services.invite_partner(actor=editor, offer=offer, organisation=organisation)
    assert not offer.partners.exists()


@pytest.mark.parametrize(
    "name,body",
    [
        ("empty.pdf", b""),
        ("evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("page.png", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_bad_uploads_are_refused(offer, editor, name, body):
    with pytest.raises(ValidationError):
        offer_services.add_attachment(actor=editor, offer=offer, uploaded=SimpleUploadedFile(name, body), title="")
    assert not offer.attachments.exists()


def test_pdf_over_the_size_limit_is_refused(offer, editor):
    from wspolpraca.competitions.models import CompetitionSettings

    limit = CompetitionSettings.load().attachment_max_mb
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (limit * 1024 * 1024))
    with pytest.raises(ValidationError):
        offer_services.add_attachment(actor=editor, offer=offer, uploaded=big, title="")
    assert not offer.attachments.exists()


def test_very_long_text_in_a_section_is_stored_without_error(client, offer, editor):
    client.force_login(editor)
    long_text = "ż" * 100_000
    response = client.post(
        reverse("offers:edit", args=[offer.pk, "IV"]),
        {"IV-experience": long_text, "IV-resources": "x", "base_revision": 0},
    )
    assert response.status_code in (200, 302)


# --- injection --------------------------------------------------------------------------------

EVIL = '<script>alert("x")</script>'


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_export_neutralises_formulas_in_csv_and_xlsx(client, officer, organisation, representative, start):
    from openpyxl import load_workbook

    unit = CityUnitFactory()
    unit.officers.add(officer)
    offer = OfferFactory(organisation=organisation, call=open_call(unit=unit))
    offer.content["III"]["title"] = f'{start}HYPERLINK("http://evil.example","x")'
    offer.save()
    submit_offer(actor=representative, offer=offer)
    client.force_login(officer)
    body = client.get(reverse("offers_panel:export_csv", args=[offer.call.pk])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    title = rows[1][4]
    assert title.startswith("'")
    response = client.get(reverse("offers_panel:export_xlsx", args=[offer.call.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=5)
    assert cell.data_type != "f" and not str(cell.value).startswith(start)


def test_html_in_titles_is_escaped_on_pages_and_feeds(client, offer, representative, officer):
    call = offer.call
    call.title = f"Konkurs {EVIL}"
    call.save(update_fields=["title"])
    offer.content["III"]["title"] = f"Oferta {EVIL}"
    offer.save()
    submit_offer(actor=representative, offer=offer)
    call.unit.officers.add(officer)
    pages = [
        reverse("competitions:call_list"),
        reverse("competitions:call_detail", args=[call.slug]),
        reverse("competitions:feed_atom"),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert "<script>alert" not in body, url
    ics = client.get(reverse("competitions:deadlines_ics"))
    assert ics["Content-Type"].startswith("text/calendar")  # plain text, never rendered as HTML
    client.force_login(representative)
    for url in (reverse("offers:mine"), reverse("offers:detail", args=[offer.pk])):
        assert "<script>alert" not in client.get(url).content.decode(), url
    client.force_login(officer)
    for url in (reverse("offers_panel:list", args=[call.pk]), reverse("offers_panel:detail", args=[call.pk, offer.pk])):
        assert "<script>alert" not in client.get(url).content.decode(), url


def test_offer_pdf_context_escapes_html(offer, representative):
    from django.template.loader import render_to_string

    from wspolpraca.competitions.offers.documents import version_context

    offer.content["III"]["title"] = f"Oferta {EVIL}"
    offer.content["IV"]["experience"] = EVIL
    offer.save()
    version = submit_offer(actor=representative, offer=offer)
    for template in ("competitions/pdf/offer.html", "competitions/pdf/receipt.html"):
        html = render_to_string(template, version_context(version))
        assert "<script>alert" not in html, template


def test_content_disposition_file_names_are_plain(offer, representative):
    from wspolpraca.competitions.offers.documents import offer_filename, receipt_filename

    version = submit_offer(actor=representative, offer=offer)
    for name in (offer_filename(version), receipt_filename(version)):
        assert all(c.isalnum() or c in "-._" for c in name), name


# --- immutability -----------------------------------------------------------------------------


def test_version_cannot_be_changed_through_the_orm(offer, representative):
    version = submit_offer(actor=representative, offer=offer)
    """Found: the attachments list, number and submission time of a version could be changed."""
    changes = [
        ("canonical", "{}"),
        ("checksum", "0" * 64),
        ("content", {}),
        ("attachments", [{"x": 1}]),
        ("number", 99),
        ("submitted_at", timezone.now() - datetime.timedelta(days=1)),
    ]
    for field, value in changes:
        fresh = OfferVersion.objects.get(pk=version.pk)
        setattr(fresh, field, value)
        with pytest.raises(ValueError):
            fresh.save()
    fresh = OfferVersion.objects.get(pk=version.pk)
    fresh.is_current = False
    fresh.save()  # the one flag that may change


def test_checksum_matches_the_stored_canonical_text_and_attachments_change_it(offer, editor, representative):
    import hashlib

    version = submit_offer(actor=representative, offer=offer)
    assert hashlib.sha256(version.canonical.encode("utf-8")).hexdigest() == version.checksum
    before = canonical.for_offer(offer)[1]
    offer_services.add_attachment(actor=editor, offer=offer, uploaded=SimpleUploadedFile("s.png", PNG), title="Statut")
    offer.refresh_from_db()
    assert canonical.for_offer(offer)[1] != before


# --- small grants -----------------------------------------------------------------------------


@pytest.fixture
def sg_unit(officer):
    unit = CityUnitFactory()
    unit.officers.add(officer)
    return unit


@pytest.fixture
def sg_review(sg_unit):
    from tests.competitions.test_small_grants_factories import sg_call, submitted_offer
    from wspolpraca.competitions.small_grants import services as small_grants

    offer = submitted_offer(sg_call(unit=sg_unit))
    return small_grants.register_small_grant_offer(offer=offer, actor=None)


def _publish(review, officer, days_ago=0):
    from wspolpraca.competitions.small_grants import services as small_grants

    today = timezone.localdate()
    review = small_grants.publish_small_grant_offer(
        actor=officer, review=review, bip_published_on=today, notice_board_published_on=today
    )[0]
    if days_ago:
        delta = datetime.timedelta(days=days_ago)
        review.published_on -= delta
        review.bip_published_on -= delta
        review.notice_board_published_on -= delta
        review.comments_until -= delta
        review.save()
    return review


DECISION = {"funded": "yes", "amount": "1000.00", "reason": "Celowe.", "confirm": "on"}


def test_small_grant_decision_posted_before_the_window_ends_is_refused(client, sg_review, officer):
    from tests.competitions.test_small_grants_factories import planned
    from wspolpraca.competitions.enums import SmallGrantStage

    planned()
    review = _publish(sg_review, officer)
    client.force_login(officer)
    client.post(reverse("small_grants_panel:decide", args=[review.pk]), DECISION)
    review.refresh_from_db()
    assert review.stage == SmallGrantStage.UNDER_COMMENT and review.decision_amount is None


@pytest.mark.parametrize("who", ["other_officer", "representative", "resident", "anonymous"])
def test_small_grant_publication_and_decision_by_the_wrong_people_change_nothing(
    client, sg_review, officer, representative, resident, who
):
    from tests.competitions.test_small_grants_factories import planned
    from wspolpraca.competitions.enums import SmallGrantStage
    from wspolpraca.competitions.small_grants import services as small_grants

    planned()
    if who == "other_officer":
        from tests.conftest import TEST_TOTP_SECRET
        from wspolpraca.accounts.services import enrol_totp

        user = UserFactory(is_officer=True)
        enrol_totp(user=user, secret=TEST_TOTP_SECRET)
        CityUnitFactory().officers.add(user)
    else:
        user = {"representative": representative, "resident": resident, "anonymous": None}[who]
    if user:
        client.force_login(user)
    today = timezone.localdate().isoformat()
    client.post(
        reverse("small_grants_panel:publish", args=[sg_review.pk]),
        {"bip_published_on": today, "notice_board_published_on": today, "confirm": "on"},
    )
    sg_review.refresh_from_db()
    assert sg_review.stage == SmallGrantStage.RECEIVED
    review = _publish(sg_review, officer)
    comment = small_grants.add_comment(review=review, author_name="Ewa", author_email="e@example.org", text="x")
    for name in ("published_on", "bip_published_on", "notice_board_published_on", "comments_until"):
        setattr(review, name, getattr(review, name) - datetime.timedelta(days=8))
    review.save()
    client.post(reverse("small_grants_panel:comment", args=[comment.pk]), {"decision": "publish"})
    comment.refresh_from_db()
    assert comment.status == "pending"
    small_grants.moderate_comment(actor=officer, comment=comment, publish=False, reason="spam")
    client.post(reverse("small_grants_panel:decide", args=[review.pk]), DECISION)
    review.refresh_from_db()
    assert review.stage != SmallGrantStage.FUNDED


def test_public_comment_on_an_unpublished_or_closed_offer_is_not_kept(client, sg_review, officer):
    from wspolpraca.competitions.models import SmallGrantComment

    data = {"author_name": "Ewa", "author_email": "e@example.org", "text": "Uwaga", "consent": "on"}
    assert client.post(reverse("small_grants:offer", args=[sg_review.pk]), data).status_code == 404
    review = _publish(sg_review, officer, days_ago=8)
    client.post(reverse("small_grants:offer", args=[review.pk]), data)
    assert not SmallGrantComment.objects.exists()


def test_comment_rate_limit_is_per_address_not_per_forwarded_header(client, sg_review, officer):
    from django.core.cache import cache

    from wspolpraca.competitions.models import SmallGrantComment
    from wspolpraca.competitions.small_grants.services import COMMENT_RATE_LIMIT

    cache.clear()
    review = _publish(sg_review, officer)
    url = reverse("small_grants:offer", args=[review.pk])
    for n in range(COMMENT_RATE_LIMIT + 2):
        client.post(
            url,
            {"author_name": "Ewa", "author_email": "e@example.org", "text": f"Uwaga {n}", "consent": "on"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    assert SmallGrantComment.objects.count() == COMMENT_RATE_LIMIT
    cache.clear()


@pytest.mark.parametrize(
    "received,publish_by",
    [
        # 24 Dec (since 2025), 25-26 Dec, the weekend and 1 Jan are not working days.
        (datetime.date(2026, 12, 21), datetime.date(2027, 1, 4)),
        # 11 November (Wednesday in 2026).
        (datetime.date(2026, 11, 9), datetime.date(2026, 11, 19)),
        # 6 January (Epiphany).
        (datetime.date(2027, 1, 4), datetime.date(2027, 1, 14)),
    ],
)
def test_publish_by_skips_polish_holidays(received, publish_by):
    from wspolpraca.common.dates import add_working_days
    from wspolpraca.competitions.models import CompetitionSettings

    assert CompetitionSettings.load().small_grant_publish_within_working_days == 7
    assert add_working_days(received, 7) == publish_by


def test_cap_with_several_funded_offers_exact_boundary_passes_one_grosz_over_fails(sg_review, officer, sg_unit):
    from tests.competitions.test_small_grants_factories import planned, submitted_offer
    from wspolpraca.competitions.enums import SmallGrantStage
    from wspolpraca.competitions.small_grants import decision, selectors
    from wspolpraca.competitions.small_grants import services as small_grants

    planned(amount=Decimal("30000.00"))  # 20% = 6,000.00
    call = sg_review.offer.call
    for amount in ("2000.00", "1500.50"):
        other = small_grants.register_small_grant_offer(offer=submitted_offer(call), actor=None)
        other = _publish(other, officer, days_ago=8)
        decision.decide_small_grant(actor=officer, review=other, funded=True, amount=Decimal(amount), reason="x")
    review = _publish(sg_review, officer, days_ago=8)
    with pytest.raises(ValidationError):
        decision.decide_small_grant(actor=officer, review=review, funded=True, amount=Decimal("2499.51"), reason="x")
    review, _warnings = decision.decide_small_grant(
        actor=officer, review=review, funded=True, amount=Decimal("2499.50"), reason="x"
    )
    assert review.stage == SmallGrantStage.FUNDED
    assert selectors.year_cap(call.year).used == Decimal("6000.00")


# --- more deadlines, permissions and injection ------------------------------------------------


def test_after_the_deadline_a_submitted_offer_takes_no_autosave_upload_or_partner(
    client, offer, editor, representative
):
    submit_offer(actor=representative, offer=offer)
    pass_deadline(offer.call)
    client.force_login(editor)
    responses = [
        client.post(reverse("offers:autosave", args=[offer.pk, "IV"]), {"IV-experience": "late", "base_revision": 0}),
        client.post(
            reverse("offers:attachments", args=[offer.pk]), {"title": "x", "file": SimpleUploadedFile("a.png", PNG)}
        ),
        client.post(reverse("offers:partners", args=[offer.pk]), {"organisation": OrganisationFactory().pk}),
    ]
    assert all(r.status_code == 403 for r in responses), [r.status_code for r in responses]
    offer.refresh_from_db()
    assert offer.content["IV"]["experience"] != "late"
    assert not offer.attachments.exists() and not offer.partners.exists()


def test_withdrawn_offer_cannot_be_submitted_again_after_the_deadline(offer, representative):
    submit_offer(actor=representative, offer=offer)
    withdraw_offer(actor=representative, offer=offer)
    pass_deadline(offer.call)
    with pytest.raises(ValidationError):
        submit_offer(actor=representative, offer=offer)
    offer.refresh_from_db()
    assert offer.state == OfferState.WITHDRAWN and offer.versions.count() == 1


def test_partner_member_cannot_edit_the_lead_offer(client, offer):
    partner_org = add_partner(offer)
    partner_editor = UserFactory()
    MembershipFactory(user=partner_editor, organisation=partner_org, role="editor")
    client.force_login(partner_editor)
    response = client.post(reverse("offers:edit", args=[offer.pk, "IV"]), {"IV-experience": "x", "base_revision": 0})
    assert response.status_code == 403


def test_starting_an_offer_for_someone_elses_organisation_is_refused(client, representative):
    call = open_call()
    foreign = OrganisationFactory()
    client.force_login(representative)
    client.post(reverse("offers:start") + f"?task={call.tasks.first().pk}", {"organisation": foreign.pk})
    assert not Offer.objects.filter(organisation=foreign).exists()


def test_officer_of_another_unit_cannot_remove_documents_or_mark_publication_dates(client, officer):
    from wspolpraca.competitions.models import CallDocument

    CityUnitFactory().officers.add(officer)
    draft = CallFactory()
    document = CallDocument.objects.create(call=draft, title="Regulamin", file="calls/documents/x.pdf")
    published = open_call()
    client.force_login(officer)
    today = timezone.localdate().isoformat()
    for url, data in (
        (reverse("competitions_panel:document_remove", args=[draft.pk, document.pk]), {"confirm": "on"}),
        (reverse("competitions_panel:criteria", args=[draft.pk]), {}),
        (
            reverse("competitions_panel:publication_dates", args=[published.pk]),
            {"bip_published_on": today, "notice_board_published_on": today, "confirm": "on"},
        ),
        (reverse("competitions_panel:bip_export", args=[published.pk]), None),
    ):
        response = client.post(url, data) if data is not None else client.get(url)
        assert response.status_code == 404, url
    assert CallDocument.objects.filter(pk=document.pk).exists()


def test_ical_feed_cannot_be_given_extra_properties_through_a_title(client):
    call = open_call()
    call.title = "Konkurs\r\nATTENDEE:mailto:evil@example.org\r\nX-EVIL:1"
    call.save(update_fields=["title"])
    body = client.get(reverse("competitions:deadlines_ics")).content.decode()
    assert "Konkurs" in body
    lines = body.split("\r\n")
    assert not any(line.startswith(("ATTENDEE", "X-EVIL")) for line in lines)


def test_public_comments_are_escaped(client, sg_review, officer):
    from wspolpraca.competitions.small_grants import services as small_grants

    review = _publish(sg_review, officer)
    comment = small_grants.add_comment(review=review, author_name=EVIL, author_email="e@example.org", text=EVIL)
    small_grants.moderate_comment(actor=officer, comment=comment, publish=True)
    body = client.get(reverse("small_grants:offer", args=[review.pk])).content.decode()
    assert "<script>alert" not in body and "&lt;script&gt;" in body
    client.force_login(officer)
    for url in (
        reverse("small_grants_panel:detail", args=[review.pk]),
        reverse("small_grants_panel:comment", args=[comment.pk]),
    ):
        assert "<script>alert" not in client.get(url).content.decode(), url


def test_editing_the_draft_of_a_submitted_offer_does_not_change_what_officers_see(offer, editor, representative):
    """Officers' list, exports and the small-grant decision read the figures copied onto the
    Offer at submission; a later unsubmitted edit must not replace them."""
    submit_offer(actor=representative, offer=offer)
    offer.refresh_from_db()
    submitted = (offer.title, offer.requested_grant, offer.total_cost)
    third = {**offer.content["III"], "title": "Changed after submission"}
    offer = offer_services.save_offer_section(actor=editor, offer=offer, section="III", data=third, base_revision=None)
    fifth = dict(offer.content["V"])
    fifth["sources"] = {**fifth["sources"], "grant": "99999"}
    offer_services.save_offer_section(actor=editor, offer=offer, section="V", data=fifth, base_revision=None)
    row = exports.offers_of_call(offer.call).get(pk=offer.pk)
    assert (row.title, row.requested_grant, row.total_cost) == submitted


def test_officers_download_only_files_of_submitted_versions(client, offer, editor, representative, officer):
    """Found: an officer could download a file the organisation uploaded after submitting
    (its working draft), by the attachment's id."""
    offer.call.unit.officers.add(officer)
    submitted_file = offer_services.add_attachment(
        actor=editor, offer=offer, uploaded=SimpleUploadedFile("statut.png", PNG), title="Statut"
    )
    submit_offer(actor=representative, offer=offer)
    draft_file = offer_services.add_attachment(
        actor=editor, offer=offer, uploaded=SimpleUploadedFile("szkic.pdf", PDF), title="Szkic"
    )
    client.force_login(officer)
    ok = client.get(reverse("offers:attachment_download", args=[offer.pk, submitted_file.pk]))
    # Read the file rather than close() the response: closing sends request_finished, which
    # closes the database connection (fatal on PostgreSQL inside a test transaction).
    assert ok.status_code == 200 and b"".join(ok.streaming_content) == PNG
    assert client.get(reverse("offers:attachment_download", args=[offer.pk, draft_file.pk])).status_code == 404
    client.force_login(editor)
    mine = client.get(reverse("offers:attachment_download", args=[offer.pk, draft_file.pk]))
    assert mine.status_code == 200 and b"".join(mine.streaming_content) == PDF


def test_version_documents_of_another_offer_are_hidden(client, offer, representative):
    submit_offer(actor=representative, offer=offer)
    other, other_rep = other_org_offer()
    client.force_login(other_rep)
    for name in ("offer_submission:pdf", "offer_submission:versions"):
        args = [offer.pk, 1] if name.endswith("pdf") else [offer.pk]
        assert client.get(reverse(name, args=args)).status_code == 404, name
    assert other.pk != offer.pk


def test_panel_offer_detail_with_another_calls_offer_is_404(client, offer, representative, officer):
    submit_offer(actor=representative, offer=offer)
    own_unit = CityUnitFactory()
    own_unit.officers.add(officer)
    own_call = open_call(unit=own_unit)
    client.force_login(officer)
    assert client.get(reverse("offers_panel:detail", args=[own_call.pk, offer.pk])).status_code == 404


@pytest.mark.parametrize("revision", ["abc", "1e5", "-1", "99999999999999999999999"])
def test_tampered_base_revision_is_no_server_error(client, offer, editor, revision):
    client.force_login(editor)
    for name in ("offers:edit", "offers:autosave"):
        response = client.post(
            reverse(name, args=[offer.pk, "IV"]), {"IV-experience": "x", "IV-resources": "y", "base_revision": revision}
        )
        assert response.status_code < 500, name


def test_small_grant_offer_published_for_comments_takes_no_new_version(client, sg_review, officer):
    review = _publish(sg_review, officer)
    offer = review.offer
    rep = UserFactory()
    MembershipFactory(user=rep, organisation=offer.organisation, role="representative")
    offer.content["IV"]["experience"] = "Changed after publication"
    offer.save()
    client.force_login(rep)
    client.post(reverse("offer_submission:submit", args=[offer.pk]))
    assert offer.versions.count() == 1
    assert offer.versions.get().content["IV"]["experience"] != "Changed after publication"


JUNK = "?page=abc&task=x%00&state=<b>&q=%27%22%3C&year=99999999999&unit=-1&area=abc&organisation=abc&stage=x&tab=x"


def test_junk_query_strings_are_no_server_error(client, offer, representative, officer):
    submit_offer(actor=representative, offer=offer)
    offer.call.unit.officers.add(officer)
    public = [
        reverse("competitions:call_list"),
        reverse("competitions:deadlines_ics"),
        reverse("competitions:feed_atom"),
        reverse("competitions:plan"),
        reverse("small_grants:index"),
        reverse("competitions:call_detail", args=[offer.call.slug]),
    ]
    for url in public:
        assert client.get(url + JUNK).status_code < 500, url
    client.force_login(representative)
    assert client.get(reverse("offers:mine") + JUNK).status_code < 500
    assert client.get(reverse("offers:start") + "?task=1%20OR%201=1").status_code == 404
    client.force_login(officer)
    for url in (
        reverse("competitions_panel:list"),
        reverse("offers_panel:list", args=[offer.call.pk]),
        reverse("offers_panel:export_csv", args=[offer.call.pk]),
        reverse("offers_panel:export_xlsx", args=[offer.call.pk]),
        reverse("small_grants_panel:list"),
    ):
        assert client.get(url + JUNK).status_code < 500, url


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "1e20", "-5", "0", "abc", "9" * 30])
def test_absurd_small_grant_amounts_are_refused_without_error(client, sg_review, officer, amount):
    from tests.competitions.test_small_grants_factories import planned
    from wspolpraca.competitions.enums import SmallGrantStage

    planned()
    review = _publish(sg_review, officer, days_ago=8)
    client.force_login(officer)
    response = client.post(reverse("small_grants_panel:decide", args=[review.pk]), {**DECISION, "amount": amount})
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.stage != SmallGrantStage.FUNDED


@pytest.mark.parametrize("amount", ["NaN", "1e20", "-5", "abc"])
def test_absurd_task_budgets_are_refused_without_error(client, officer, amount):
    unit = CityUnitFactory()
    unit.officers.add(officer)
    draft = CallFactory(unit=unit)
    task = draft.tasks.first()
    client.force_login(officer)
    response = client.post(
        reverse("competitions_panel:task_edit", args=[draft.pk, task.pk]),
        {
            "title": "Zadanie",
            "area": task.area_id,
            "description": "",
            "budget-TOTAL_FORMS": "1",
            "budget-INITIAL_FORMS": "0",
            "budget-0-year": "2027",
            "budget-0-amount": amount,
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert "budget-0-amount" in response.content.decode()
    assert sorted(task.budgets.values_list("amount", flat=True)) == [Decimal("50000.00"), Decimal("100000.00")]


def test_call_notice_and_bip_export_escape_html(client, officer):
    from django.template.loader import render_to_string

    from wspolpraca.competitions.calls import documents

    unit = CityUnitFactory()
    unit.officers.add(officer)
    call = open_call(unit=unit, title=f"Konkurs {EVIL}", summary=EVIL, award_rules=EVIL)
    task = call.tasks.first()
    task.description = EVIL
    task.save()
    client.force_login(officer)
    bip = client.get(reverse("competitions_panel:bip_export", args=[call.pk])).content.decode()
    assert "<script>alert" not in bip and "&lt;script&gt;" in bip
    notice = render_to_string("competitions/pdf/call_notice.html", documents.notice_context(call))
    assert "<script>alert" not in notice


def test_call_documents_must_really_be_pdfs(officer):
    from wspolpraca.competitions.calls import drafting

    unit = CityUnitFactory()
    unit.officers.add(officer)
    draft = CallFactory(unit=unit)
    for name, body in (("regulamin.pdf", b"<html><script>alert(1)</script></html>"), ("pusty.pdf", b"")):
        with pytest.raises(ValidationError):
            drafting.add_document(actor=officer, call=draft, title="R", file=SimpleUploadedFile(name, body))
    assert not draft.documents.exists()


def test_only_the_leads_representative_submits_and_withdraws(client, offer, editor, representative):
    client.force_login(editor)
    client.post(reverse("offer_submission:submit", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.state == OfferState.DRAFT
    submit_offer(actor=representative, offer=offer)
    client.post(reverse("offer_submission:withdraw", args=[offer.pk]), {"confirm": "on", "reason": "x"})
    offer.refresh_from_db()
    assert offer.state == OfferState.SUBMITTED
    with pytest.raises(PermissionDenied):
        withdraw_offer(actor=editor, offer=offer)
