"""Pages of small grants: public /male-granty/ (index, call, offer with comments) and the
officers' panel (list, procedure, publication, moderation, decision, settings)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.competitions.factories import CityUnitFactory
from tests.competitions.test_small_grants_factories import planned, sg_call, submitted_offer
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.enums import CallState, CommentStatus, SmallGrantStage
from wspolpraca.competitions.models import CompetitionSettings, PlannedGrantsBudget, SmallGrantComment
from wspolpraca.competitions.small_grants import decision
from wspolpraca.competitions.small_grants import services as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(officer):
    unit = CityUnitFactory()
    unit.officers.add(officer)
    return unit


@pytest.fixture
def call(unit):
    return sg_call(unit=unit)


def received(call, representative=None, **kwargs):
    offer = submitted_offer(call, representative=representative, **kwargs)
    return services.register_small_grant_offer(offer=offer, actor=representative)


def publish(review, officer):
    today = timezone.localdate()
    return services.publish_small_grant_offer(
        actor=officer, review=review, bip_published_on=today, notice_board_published_on=today
    )[0]


def shift(review, days):
    delta = datetime.timedelta(days=days)
    review.published_on -= delta
    review.bip_published_on -= delta
    review.notice_board_published_on -= delta
    review.comments_until -= delta
    review.save()
    return review


def queries(client, url):
    client.get(url)  # warm the caches (settings, content types) first
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


# --- public -----------------------------------------------------------------------------------


def test_index_shows_the_call_budget_cap_and_offers(client, call, officer):
    planned(amount=Decimal("1000000.00"))
    review = publish(received(call, title="Festyn na Podolszu"), officer)
    response = client.get(reverse("small_grants:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert call.title in html
    assert "200,000.00 zł" in html  # the call's budget (English page in these tests)
    assert "Festyn na Podolszu" in html
    assert reverse("small_grants:offer", args=[review.pk]) in html


def test_index_explains_the_budget_and_the_legal_cap_in_one_sentence_each(client, call):
    planned(amount=Decimal("1000000.00"))
    html = client.get(reverse("small_grants:index")).content.decode()
    box = html[html.index('class="info-box sg-cap"') :]
    box = box[: box.index("</div>")]
    assert box.count("<p>") == 2
    assert "Budget (200,000.00 zł):</strong> the money the city has set aside for small grants" in box
    assert "Limit of 20% (200,000.00 zł):</strong> a ceiling set by law, not money set aside" in box


def test_index_decisions_stack_on_phones(client, call, officer):
    review = shift(publish(received(call, title="Zdecydowana"), officer), 9)
    planned()
    decision.decide_small_grant(actor=officer, review=review, funded=True, amount=Decimal("4000.00"), reason="OK")
    html = client.get(reverse("small_grants:index")).content.decode()
    assert 'class="table table-stack"' in html
    assert "css/stack.css" in html
    assert 'data-label="Grant"' in html and 'data-label="Offeror"' in html


def test_index_links_to_the_offer_form_when_it_exists(client, call):
    from django.urls import NoReverseMatch

    try:
        start = reverse("offers:start")
    except NoReverseMatch:
        pytest.skip("the offer editor (offers:start) is not mounted")
    html = client.get(reverse("small_grants:index")).content.decode()
    assert f"{start}?task={call.tasks.first().pk}" in html


def test_index_hides_unpublished_offers_and_shows_decisions(client, call, officer):
    received(call, title="Jeszcze nieopublikowana")
    review = shift(publish(received(call, title="Zdecydowana"), officer), 9)
    planned()
    decision.decide_small_grant(actor=officer, review=review, funded=True, amount=Decimal("4000.00"), reason="OK")
    html = client.get(reverse("small_grants:index")).content.decode()
    assert "Jeszcze nieopublikowana" not in html
    assert "Zdecydowana" in html and "4,000.00" in html


def test_index_query_count_does_not_grow_with_offers(client, call, officer):
    planned()
    CompetitionSettings.load()

    def one_of_each():
        publish(received(call), officer)
        review = shift(publish(received(call), officer), 9)
        decision.decide_small_grant(actor=officer, review=review, funded=False, reason="Nie")

    one_of_each()
    one = queries(client, reverse("small_grants:index"))
    for _n in range(4):
        one_of_each()
    assert queries(client, reverse("small_grants:index")) == one


def test_index_filters_by_unit_and_year(client, call, officer):
    year = timezone.localdate().year
    other_unit = CityUnitFactory(name="Wydział Sportu")
    other_unit.officers.add(officer)
    other = sg_call(unit=other_unit, title="Małe granty sportowe", slug="male-granty-sport")
    last_year = sg_call(unit=call.unit, title="Małe granty zeszłoroczne", slug="male-granty-stare", year=year - 1)
    planned()
    publish(received(call, title="Festyn naszego wydziału"), officer)
    publish(received(other, title="Turniej innego wydziału"), officer)
    decided = shift(publish(received(other, title="Decyzja innego wydziału"), officer), 9)
    decision.decide_small_grant(actor=officer, review=decided, funded=False, reason="Nie")
    old = shift(publish(received(last_year, title="Decyzja z zeszłego roku"), officer), 9)
    decision.decide_small_grant(actor=officer, review=old, funded=False, reason="Nie")
    url = reverse("small_grants:index")

    everything = client.get(url).content.decode()
    assert "Turniej innego wydziału" in everything and "Decyzja innego wydziału" in everything
    assert "Małe granty sportowe" in everything and "Decyzja z zeszłego roku" in everything

    response = client.get(url, {"unit": call.unit.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert call.title in html and "Festyn naszego wydziału" in html and "Decyzja z zeszłego roku" in html
    assert "Małe granty sportowe" not in html
    assert "Turniej innego wydziału" not in html and "Decyzja innego wydziału" not in html
    assert f'href="{url}">Clear filters</a>' in html
    assert '<label for="id_unit">City unit</label>' in html

    html = client.get(url, {"unit": call.unit.pk, "year": year - 1}).content.decode()
    assert "Decyzja z zeszłego roku" in html and "Małe granty zeszłoroczne" in html
    assert "Festyn naszego wydziału" not in html and call.title not in html
    assert f"Small grants in {year - 1}" in html

    html = client.get(url, {"unit": other_unit.pk, "year": year - 1}).content.decode()
    assert "No small-grant call matches these filters." in html
    assert "No offer matching these filters is open for comments." in html
    assert "No decision matches these filters." in html


def test_index_query_count_with_filters_does_not_grow(client, call, officer):
    planned()
    CompetitionSettings.load()
    other = sg_call(unit=CityUnitFactory(), title="Małe granty innego wydziału", slug="male-granty-inne")
    other.unit.officers.add(officer)

    def one_of_each():
        for each in (call, other):
            publish(received(each), officer)
            review = shift(publish(received(each), officer), 9)
            decision.decide_small_grant(actor=officer, review=review, funded=False, reason="Nie")

    url = reverse("small_grants:index") + f"?unit={call.unit.pk}&year={call.year}"
    one_of_each()
    one = queries(client, url)
    for _n in range(4):
        one_of_each()
    assert queries(client, url) == one
    response = client.get(url)
    assert len(response.context["open_reviews"]) == 5 and response.context["page_obj"].paginator.count == 5


def test_call_page(client, call):
    response = client.get(call.get_absolute_url())
    assert response.status_code == 200
    assert call.title in response.content.decode()


def test_draft_call_page_is_hidden_from_the_public(client, unit, officer):
    draft = sg_call(unit=unit, state=CallState.DRAFT, slug="male-granty-szkic")
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(officer)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_unpublished_offer_is_404(client, call):
    review = received(call)
    assert client.get(reverse("small_grants:offer", args=[review.pk])).status_code == 404


def test_offer_page_shows_no_contact_person(client, call, officer):
    review = publish(received(call), officer)
    html = client.get(reverse("small_grants:offer", args=[review.pk])).content.decode()
    assert review.offer.organisation.name in html
    assert "Płock, Stary Rynek" in html
    for private in ("Anna Nowak", "anna@example.org", "600 100 200"):
        assert private not in html
    assert 'name="author_email"' in html and 'name="website"' in html


def test_comment_is_received_for_moderation_and_its_email_never_shown(client, call, officer):
    review = publish(received(call), officer)
    url = reverse("small_grants:offer", args=[review.pk])
    data = {"author_name": "Jan Kowalski", "author_email": "jan@example.org", "text": "Popieram.", "consent": "on"}
    response = client.post(url, data, follow=True)
    assert "awaits moderation" in response.content.decode()
    comment = SmallGrantComment.objects.get()
    assert comment.status == CommentStatus.PENDING
    assert "Popieram." not in response.content.decode()
    services.moderate_comment(actor=officer, comment=comment, publish=True)
    html = client.get(url).content.decode()
    assert "Popieram." in html and "Jan Kowalski" in html and "jan@example.org" not in html
    assert ActivityLog.objects.filter(action="small_grant.comment_added").exists()


def test_comment_form_errors_keep_what_was_typed(client, call, officer):
    review = publish(received(call), officer)
    url = reverse("small_grants:offer", args=[review.pk])
    response = client.post(url, {"author_name": "Jan", "author_email": "nie-email", "text": "Mój tekst"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mój tekst" in html and "error-summary" in html
    assert not SmallGrantComment.objects.exists()


def test_honeypot_keeps_nothing(client, call, officer):
    review = publish(received(call), officer)
    url = reverse("small_grants:offer", args=[review.pk])
    data = {"author_name": "Bot", "author_email": "b@example.org", "text": "Buy", "consent": "on", "website": "x"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert not SmallGrantComment.objects.exists()


def test_comments_are_rate_limited_by_address(client, call, officer):
    review = publish(received(call), officer)
    url = reverse("small_grants:offer", args=[review.pk])
    data = {"author_name": "A", "author_email": "a@example.org", "text": "t", "consent": "on"}
    for _n in range(services.COMMENT_RATE_LIMIT):
        assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 429
    assert SmallGrantComment.objects.count() == services.COMMENT_RATE_LIMIT


def test_comment_limit_counts_each_client_behind_the_proxy(client, settings, call, officer):
    """Behind nginx every request comes from 127.0.0.1: the limit counts each resident by the
    address nginx appended to X-Forwarded-For, not the whole city as one."""
    settings.TRUSTED_PROXY_COUNT = 1
    review = publish(received(call), officer)
    url = reverse("small_grants:offer", args=[review.pk])
    data = {"author_name": "A", "author_email": "a@example.org", "text": "t", "consent": "on"}

    def post(forwarded):
        return client.post(url, data, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [post("203.0.113.1") for _n in range(services.COMMENT_RATE_LIMIT + 1)][-2:] == [302, 429]
    assert post("198.51.100.2, 203.0.113.1") == 429  # a forged entry on the left changes nothing
    assert post("203.0.113.2") == 302
    assert SmallGrantComment.objects.count() == services.COMMENT_RATE_LIMIT + 1


def test_no_comment_form_after_the_window(client, call, officer):
    review = shift(publish(received(call), officer), 8)
    url = reverse("small_grants:offer", args=[review.pk])
    html = client.get(url).content.decode()
    assert 'name="author_email"' not in html
    data = {"author_name": "A", "author_email": "a@example.org", "text": "late", "consent": "on"}
    client.post(url, data)
    assert not SmallGrantComment.objects.exists()


# --- panel ------------------------------------------------------------------------------------


def test_panel_list_shows_the_units_offers_with_deadline_warnings(client, call, officer):
    review = received(call, title="Do publikacji")
    review.publish_by = timezone.localdate() - datetime.timedelta(days=3)
    review.save()
    other = received(sg_call(slug="inne-male-granty"), title="Cudza oferta")
    client.force_login(officer)
    html = client.get(reverse("small_grants_panel:list")).content.decode()
    assert "Do publikacji" in html and "Cudza oferta" not in html
    assert "overdue" in html
    assert reverse("small_grants_panel:list") in html  # the nav item
    assert client.get(reverse("small_grants_panel:detail", args=[other.pk])).status_code == 404


def test_panel_list_filters_by_stage_and_year(client, call, officer):
    received(call, title="Otrzymana")
    publish(received(call, title="Opublikowana"), officer)
    client.force_login(officer)
    html = client.get(reverse("small_grants_panel:list"), {"stage": SmallGrantStage.UNDER_COMMENT}).content.decode()
    assert "Opublikowana" in html and "Otrzymana" not in html
    older = sg_call(unit=call.unit, slug="male-granty-zeszloroczne", year=call.year - 1)
    received(older, title="Zeszłoroczna")
    html = client.get(reverse("small_grants_panel:list"), {"year": call.year - 1}).content.decode()
    assert "Zeszłoroczna" in html and "Opublikowana" not in html


def test_panel_list_query_count(client, call, officer):
    client.force_login(officer)
    received(call)
    one = queries(client, reverse("small_grants_panel:list"))
    for _n in range(5):
        publish(received(call), officer)
    assert queries(client, reverse("small_grants_panel:list")) == one


def test_the_whole_procedure_through_the_panel(client, call, officer, representative, mailoutbox):
    planned()
    review = received(call, representative=representative)
    client.force_login(officer)
    detail = reverse("small_grants_panel:detail", args=[review.pk])
    assert "publish by" in client.get(detail).content.decode()
    today = timezone.localdate().isoformat()
    publish_url = reverse("small_grants_panel:publish", args=[review.pk])
    form = client.get(publish_url).context["form"]  # the dates are entered, not prefilled with today
    assert form["bip_published_on"].value() is None and form["notice_board_published_on"].value() is None
    response = client.post(publish_url, {"bip_published_on": today, "notice_board_published_on": today})
    assert response.status_code == 200  # the confirmation box is required
    response = client.post(
        publish_url, {"bip_published_on": today, "notice_board_published_on": today, "confirm": "on"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.stage == SmallGrantStage.UNDER_COMMENT

    comment = services.add_comment(review=review, author_name="Ewa", author_email="e@example.org", text="Uwaga")
    comment_url = reverse("small_grants_panel:comment", args=[comment.pk])
    assert client.get(comment_url).status_code == 200
    assert client.post(comment_url, {"decision": "reject"}).status_code == 200  # reason missing
    assert client.post(comment_url, {"decision": "publish"}).status_code == 302
    assert client.post(comment_url, {"consideration": "Uwzględniona."}).status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED and comment.considered_at

    decide_url = reverse("small_grants_panel:decide", args=[review.pk])
    assert "Comments are accepted until" in client.get(decide_url).content.decode()
    review = shift(review, 8)
    data = {"funded": "yes", "amount": "5000.00", "reason": "Zadanie celowe.", "confirm": "on"}
    with_capture = client.post(decide_url, data)
    assert with_capture.status_code == 302
    review.refresh_from_db()
    assert review.stage == SmallGrantStage.FUNDED and review.decision_amount == Decimal("5000.00")
    html = client.get(detail).content.decode()
    assert "Zadanie celowe." in html


def test_decision_form_names_the_cap_when_over(client, call, officer):
    planned(amount=Decimal("10000.00"))  # cap 2,000
    review = shift(publish(received(call), officer), 8)
    client.force_login(officer)
    data = {"funded": "yes", "amount": "2500.00", "reason": "x", "confirm": "on"}
    response = client.post(reverse("small_grants_panel:decide", args=[review.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Over the limit" in html and "500.00" in html


def test_decision_page_without_planned_grants_links_to_settings(client, call, officer, administrator):
    review = shift(publish(received(call), officer), 8)
    client.force_login(administrator)
    html = client.get(reverse("small_grants_panel:decide", args=[review.pk])).content.decode()
    assert reverse("small_grants_panel:settings") in html


def test_settings_page_saves_rules_and_planned_grants(client, administrator):
    client.force_login(administrator)
    url = reverse("small_grants_panel:settings")
    assert client.get(url).status_code == 200
    response = client.post(url, {"save_planned": "1", "year": "2027", "amount": "2500000.00", "notes": ""})
    assert response.status_code == 302
    assert PlannedGrantsBudget.objects.get(year=2027).amount == Decimal("2500000.00")
    response = client.post(url, {"save_planned": "1", "year": "2027", "amount": "2600000.00", "notes": "korekta"})
    assert PlannedGrantsBudget.objects.get(year=2027).amount == Decimal("2600000.00")
    data = {
        "small_grant_share_cap_pct": "20.00",
        "small_grant_max_amount": "10000.00",
        "small_grant_max_days": "90",
        "small_grant_publish_within_working_days": "7",
        "small_grant_comment_days": "7",
        "small_grant_yearly_limit_per_organisation": "20000.00",
        "min_days_after_publication": "21",
        "attachment_max_mb": "10",
    }
    assert client.post(url, data).status_code == 302
    assert CompetitionSettings.load().small_grant_yearly_limit_per_organisation == Decimal("20000.00")
    assert ActivityLog.objects.filter(action="competition_settings.updated").count() == 1
    assert ActivityLog.objects.filter(action="planned_grants.saved").count() == 2


def test_settings_page_is_for_administrators_and_the_centre(client, officer, unit):
    client.force_login(officer)
    assert client.get(reverse("small_grants_panel:settings")).status_code == 403
    unit.is_centre = True
    unit.save()
    assert client.get(reverse("small_grants_panel:settings")).status_code == 200


def test_panel_home_lists_offers_due_for_publication(client, call, officer, resident):
    due = received(call, title="Pilna publikacja")
    due.publish_by = timezone.localdate()
    due.save()
    later = received(call, title="Jeszcze czas")
    later.publish_by = timezone.localdate() + datetime.timedelta(days=20)
    later.save()
    client.force_login(officer)
    html = client.get(reverse("panel:home")).content.decode()
    assert "Pilna publikacja" in html and "Jeszcze czas" not in html
    assert reverse("small_grants_panel:detail", args=[due.pk]) in html
