"""Pages of the decision, the results, requests for reasons and the cancel flow."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.competitions.factories_results import closed_call, evaluated_call, submitted
from tests.conftest import TEST_TOTP_SECRET
from tests.factories import UserFactory
from wspolpraca.accounts.services import enrol_totp
from wspolpraca.competitions.enums import CallState, CancellationGround, DecisionOutcome
from wspolpraca.competitions.evaluation import reasons, results
from wspolpraca.competitions.models import Call, Decision, ReasonsRequest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def setup(officer):
    call, good, bad, members = evaluated_call(offers=2, rejected=1)
    call.unit.officers.add(officer)
    return call, good, bad


def decision_url(call):
    return reverse("results_panel:decision", kwargs={"call_pk": call.pk})


def post_data(good, **overrides):
    data = {}
    for offer in good:
        p = f"o{offer.pk}"
        data.update(
            {f"{p}-outcome": "funded", f"{p}-amount": "10000.00", f"{p}-reasons": "", f"{p}-departure_reason": ""}
        )
    data.update(overrides)
    return data


def publish(executive, call, good):
    return results.publish_results(
        actor=executive,
        call=call,
        choices={o.pk: {"outcome": DecisionOutcome.FUNDED, "amount": Decimal("10000.00")} for o in good},
    )


# --- the decision page ---------------------------------------------------------------------------


def test_executive_sees_the_opinion_and_the_forms(client, executive, setup):
    call, (a, b), (bad,) = setup
    client.force_login(executive)
    page = client.get(decision_url(call))
    assert page.status_code == 200
    text = page.text
    assert a.organisation.name in text and bad.organisation.name in text
    assert f'name="o{a.pk}-outcome"' in text and f'name="o{bad.pk}-outcome"' not in text
    assert "Brak statutu organizacji." in text  # the formal reason of the rejected one
    assert "Review before publishing" in text
    assert 'value="10000' in text  # the commission's proposal preselected


def test_officers_read_only(client, officer, setup):
    call, (a, b), _bad = setup
    client.force_login(officer)
    page = client.get(decision_url(call))
    assert page.status_code == 200
    assert a.organisation.name in page.text
    assert "outcome" not in page.text and "Review before publishing" not in page.text
    assert "read-only" in page.text
    response = client.post(decision_url(call), {**post_data([a, b]), "action": "publish", "confirm": "on"})
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_officer_of_another_unit_gets_404(client, setup):
    call, _good, _bad = setup
    stranger = UserFactory(is_officer=True)
    enrol_totp(user=stranger, secret=TEST_TOTP_SECRET)
    client.force_login(stranger)
    assert client.get(decision_url(call)).status_code == 404


def test_review_confirm_and_publish(client, executive, setup, mailoutbox):
    call, (a, b), (bad,) = setup
    call.tasks.first().budgets.filter(year=call.year).update(amount=Decimal("15000.00"))
    client.force_login(executive)
    review = client.post(decision_url(call), {**post_data([a, b]), "action": "review"})
    assert review.status_code == 200
    assert "Confirm the results" in review.text
    assert "exceed the task" in review.text and "15\u00a0000,00" in review.text  # the budget warning
    assert f'name="o{a.pk}-amount"' in review.text and 'type="hidden"' in review.text
    not_confirmed = client.post(decision_url(call), {**post_data([a, b]), "action": "publish"})
    assert not_confirmed.status_code == 200 and "Confirm the results" in not_confirmed.text
    call.refresh_from_db()
    assert call.state == CallState.EVALUATED
    back = client.post(decision_url(call), {**post_data([a, b], **{f"o{a.pk}-reasons": "Tekst"}), "action": "edit"})
    assert "Tekst" in back.text and "Review before publishing" in back.text
    done = client.post(decision_url(call), {**post_data([a, b]), "action": "publish", "confirm": "on"})
    assert done.status_code == 302
    call.refresh_from_db()
    assert call.state == CallState.RESOLVED
    assert Decision.objects.count() == 3
    page = client.get(decision_url(call))
    assert "Results published" in page.text


def test_departure_without_reason_keeps_what_was_typed(client, executive, setup):
    call, (a, b), _bad = setup
    client.force_login(executive)
    data = post_data([a, b], **{f"o{a.pk}-amount": "12345.67", f"o{b.pk}-reasons": "Uwagi dla oferenta"})
    page = client.post(decision_url(call), {**data, "action": "review"})
    assert page.status_code == 200
    assert "departs from the commission" in page.text
    assert "12345" in page.text and "Uwagi dla oferenta" in page.text
    assert "Confirm the results" not in page.text


def test_amount_above_the_request_is_refused_on_the_page(client, executive, setup):
    call, (a, b), _bad = setup
    client.force_login(executive)
    data = post_data([a, b], **{f"o{a.pk}-amount": "25000.00", f"o{a.pk}-departure_reason": "więcej"})
    page = client.post(decision_url(call), {**data, "action": "review"})
    assert "cannot exceed the grant requested" in page.text


def test_call_that_must_be_cancelled_cannot_be_decided(client, executive, officer):
    call = closed_call(state=CallState.EVALUATED)
    call.unit.officers.add(officer)
    client.force_login(executive)
    page = client.get(decision_url(call))
    assert "The only end of this call is cancellation" in page.text
    assert "Review before publishing" not in page.text
    response = client.post(decision_url(call), {"action": "publish", "confirm": "on"})
    assert response.status_code == 200
    call.refresh_from_db()
    assert call.state == CallState.EVALUATED
    client.force_login(officer)
    detail = client.get(reverse("competitions_panel:call_detail", args=[call.pk]))
    assert "The only end of this call is cancellation" in detail.text


def test_decision_page_query_count_does_not_grow(client, executive, django_assert_max_num_queries):
    small, _g, _b, _m = evaluated_call(offers=1, rejected=1)
    large, _g, _b, _m = evaluated_call(offers=6, rejected=3)
    client.force_login(executive)
    client.get(decision_url(small))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(decision_url(small)).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(decision_url(large)).status_code == 200


# --- public results and the publication marks ------------------------------------------------------


def test_public_page_shows_results_and_publication_marks(client, executive, officer, setup):
    call, (a, b), (bad,) = setup
    results.publish_results(
        actor=executive,
        call=call,
        choices={
            a.pk: {"outcome": DecisionOutcome.FUNDED, "amount": Decimal("10000.00")},
            b.pk: {"outcome": DecisionOutcome.NOT_FUNDED, "reasons": "Słaba", "departure_reason": "Budżet"},
        },
    )
    page = client.get(call.get_absolute_url())
    text = page.text
    assert "Grants awarded" in text and a.organisation.name in text and "10,000.00" in text
    assert b.organisation.name not in text.split("Grants awarded")[1].split("</table>")[0]
    assert "1 offer was not funded" in text and "1 offer was rejected on formal grounds" in text
    assert "Ask for the reasons" in text
    client.force_login(officer)
    url = reverse("results_panel:publication", kwargs={"call_pk": call.pk})
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    today = timezone.localdate()
    wrong = client.post(url, {"bip_published_on": future, "notice_board_published_on": today.isoformat()})
    assert wrong.status_code == 200 and "cannot be in the future" in wrong.text
    ok = client.post(
        url,
        {
            "bip_published_on": today.isoformat(),
            "notice_board_published_on": today.isoformat(),
            "bip_url": "https://bip.example.org/wyniki",
        },
    )
    assert ok.status_code == 302
    client.logout()
    text = client.get(call.get_absolute_url()).text
    assert "https://bip.example.org/wyniki" in text and today.strftime("%d.%m.%Y") in text


# --- requests for reasons ---------------------------------------------------------------------------


def reasons_url(call):
    return reverse("competitions:reasons_request", args=[call.slug])


def form_data(**extra):
    return {"name": "Jan", "email": "jan@example.org", "text": "Dlaczego?", "consent": "on", **extra}


def test_reasons_form_open_then_closed(client, executive, setup):
    call, good, _bad = setup
    publish(executive, call, good)
    page = client.get(reasons_url(call))
    assert page.status_code == 200 and 'name="text"' in page.text
    response = client.post(reasons_url(call), form_data(offer=good[0].pk))
    assert response.status_code == 302
    assert ReasonsRequest.objects.get().offer == good[0]
    Call.objects.filter(pk=call.pk).update(results_published_at=timezone.now() - datetime.timedelta(days=32))
    closed = client.get(reasons_url(call))
    assert 'name="text"' not in closed.text and "The window is over" in closed.text
    late = client.post(reasons_url(call), form_data())
    assert late.status_code == 200 and "were accepted until" in late.text
    assert ReasonsRequest.objects.count() == 1


def test_reasons_form_honeypot_and_rate_limit(client, executive, setup):
    call, good, _bad = setup
    publish(executive, call, good)
    assert client.post(reasons_url(call), form_data(website="http://spam")).status_code == 302
    assert not ReasonsRequest.objects.exists()
    for _n in range(reasons.REASONS_RATE_LIMIT):
        client.post(reasons_url(call), form_data())
    limited = client.post(reasons_url(call), form_data())
    assert limited.status_code == 429


def test_reasons_limit_counts_each_client_behind_the_proxy(client, settings, executive, setup):
    settings.TRUSTED_PROXY_COUNT = 1
    call, good, _bad = setup
    publish(executive, call, good)

    def post(forwarded):
        return client.post(reasons_url(call), form_data(), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    for _n in range(reasons.REASONS_RATE_LIMIT):
        post("203.0.113.1")
    assert post("198.51.100.1, 203.0.113.1").status_code == 429
    assert post("203.0.113.2").status_code == 302


def test_reasons_form_only_for_resolved_calls(client, setup):
    call, _good, _bad = setup
    assert client.get(reasons_url(call)).status_code == 404


def test_officer_lists_and_replies(client, executive, officer, setup, django_assert_max_num_queries):
    call, good, _bad = setup
    publish(executive, call, good)
    for n in range(3):
        reasons.request_reasons(call=call, name=f"Osoba {n}", email=f"o{n}@example.org", text="Pytanie", offer=good[0])
    client.force_login(officer)
    url = reverse("results_panel:reasons", kwargs={"call_pk": call.pk})
    page = client.get(url)
    assert page.status_code == 200 and "Osoba 2" in page.text and "awaiting a reply" in page.text
    request = ReasonsRequest.objects.get(name="Osoba 1")
    reply_url = reverse("results_panel:reasons_reply", kwargs={"call_pk": call.pk, "pk": request.pk})
    empty = client.post(reply_url, {"reply": ""})
    assert empty.status_code == 200
    assert client.post(reply_url, {"reply": "Oto uzasadnienie."}).status_code == 302
    request.refresh_from_db()
    assert request.reply == "Oto uzasadnienie."
    assert "Oto uzasadnienie." in client.get(reply_url).text
    only_open = client.get(url + "?show=open")
    assert "Osoba 1" not in only_open.text and "Osoba 2" in only_open.text
    detail = client.get(reverse("competitions_panel:call_detail", args=[call.pk]))
    assert "2 awaiting a reply" in detail.text


def test_reasons_list_query_count(client, executive, officer, setup, django_assert_max_num_queries):
    call, good, _bad = setup
    publish(executive, call, good)
    reasons.request_reasons(call=call, name="A", email="a@example.org", text="?", offer=good[0])
    client.force_login(officer)
    url = reverse("results_panel:reasons", kwargs={"call_pk": call.pk})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(8):
        request = reasons.request_reasons(
            call=call, name=f"B{n}", email="b@example.org", text="?", offer=good[n % 2], ip=f"10.1.0.{n}"
        )
        if n % 2:
            reasons.reply_to_reasons_request(actor=officer, request=request, reply="Odp.")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


# --- the cancel flow ---------------------------------------------------------------------------------


def test_cancel_page_offers_only_the_statutory_ground(client, officer):
    call = closed_call()
    call.unit.officers.add(officer)
    client.force_login(officer)
    url = reverse("competitions_panel:cancel", args=[call.pk])
    page = client.get(url)
    assert "The call must be cancelled" in page.text
    assert 'value="no_offers"' in page.text and 'value="other"' not in page.text
    response = client.post(url, {"ground": "no_offers", "reason": "", "confirm": "on"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.state == CallState.CANCELLED and call.cancellation_ground == CancellationGround.NO_OFFERS
    public = client.get(call.get_absolute_url())
    assert "This call has been cancelled" in public.text and "No offer was filed" in public.text
    assert "art. 18a" in public.text
    dates = reverse("results_panel:cancellation_publication", kwargs={"call_pk": call.pk})
    today = timezone.localdate().isoformat()
    assert client.post(dates, {"bip_published_on": today, "notice_board_published_on": today}).status_code == 302
    call.refresh_from_db()
    assert call.cancellation_notice_board_published_on == timezone.localdate()


def test_cancel_for_another_reason_needs_the_reason(client, officer):
    call = closed_call()
    submitted(call)  # an offer not yet checked: no statutory ground
    call.unit.officers.add(officer)
    client.force_login(officer)
    url = reverse("competitions_panel:cancel", args=[call.pk])
    page = client.get(url)
    assert 'value="other"' in page.text and "The call must be cancelled" not in page.text
    refused = client.post(url, {"ground": "other", "reason": "", "confirm": "on"})
    assert refused.status_code == 200
    forged = client.post(url, {"ground": "no_offers", "reason": "", "confirm": "on"})
    assert forged.status_code == 200
    call.refresh_from_db()
    assert call.state == CallState.CLOSED
    assert client.post(url, {"ground": "other", "reason": "Zmiana przepisów", "confirm": "on"}).status_code == 302


# --- after the executive publishes: one message, no stale warnings, every column shown ---------


def test_after_publishing_one_success_message_and_no_stale_warnings(client, executive, setup):
    call, (a, b), (bad,) = setup
    # The commission proposed 20,000 against a budget of 15,000; the executive's decision fits it.
    call.tasks.first().budgets.filter(year=call.year).update(amount=Decimal("15000.00"))
    client.force_login(executive)
    choices = post_data([a, b], **{f"o{b.pk}-amount": "5000.00", f"o{b.pk}-departure_reason": "Budżet zadania"})
    assert "above the budget" in client.get(decision_url(call)).text  # before: the proposals are over
    response = client.post(decision_url(call), {**choices, "action": "publish", "confirm": "on"}, follow=True)
    call.refresh_from_db()
    assert call.state == CallState.RESOLVED
    sent = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert sent == [("success", "The results have been published and every offeror is being e-mailed.")]
    text = response.text
    assert "cannot be selected" not in text
    assert "already been published" not in text
    assert "above the budget" not in text
    assert "Results published" in text
    assert "Awarded</th>" in text and "<strong>15,000.00&nbsp;zł</strong>" in text  # the awarded column, its total
    assert "competitions/css/results.css" in text  # the table's narrower layout


def test_grants_above_the_budget_are_still_named_after_publishing(client, executive, setup):
    call, (a, b), _bad = setup
    call.tasks.first().budgets.filter(year=call.year).update(amount=Decimal("15000.00"))
    client.force_login(executive)
    response = client.post(decision_url(call), {**post_data([a, b]), "action": "publish", "confirm": "on"}, follow=True)
    levels = [m.level_tag for m in response.context["messages"]]
    assert levels == ["success", "warning"]  # the one real warning: 20,000 awarded against 15,000
    assert "the grants awarded are above the budget" in response.text


def test_public_results_hide_channels_not_yet_recorded(client, executive, setup):
    call, good, _bad = setup
    publish(executive, call, good)
    text = client.get(call.get_absolute_url()).text
    section = text[text.index('id="results-heading"') :].split("</section>", 1)[0]
    assert "City website" in section
    assert "Public Information Bulletin (BIP)" not in section
    assert "Notice board of the city hall" not in section
    assert "not yet" not in text
