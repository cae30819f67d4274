"""A submitted offer changed afterwards (the banner, the list's label) and the list of offers'
"to do" column and awarded amount, with a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.competitions.factories import OfferFactory
from tests.competitions.factories_agreements import award
from tests.competitions.factories_reports import agreement_factory, partial_report
from tests.factories import UserFactory
from wspolpraca.competitions.enums import AgreementState, FormalStatus
from wspolpraca.competitions.models import FormalCheck, Offer
from wspolpraca.competitions.offers import selectors, services
from wspolpraca.competitions.offers.submission import submit_offer

pytestmark = pytest.mark.django_db

BANNER = "Changes not submitted — submit a new version"
LABEL = "Submitted, changes not submitted"


def submitted(organisation, representative, **kwargs):
    offer = OfferFactory(organisation=organisation, **kwargs)
    submit_offer(actor=representative, offer=offer)
    offer.refresh_from_db()
    return offer


def change(offer, actor, title="Nowy tytuł po złożeniu"):
    offer.refresh_from_db()
    data = dict(offer.content["III"], title=title)
    return services.save_offer_section(
        actor=actor, offer=offer, section="III", data=data, base_revision=offer.section_revisions.get("III", 0)
    )


def offer_pages(offer):
    return [
        reverse("offers:detail", args=[offer.pk]),
        reverse("offers:edit", args=[offer.pk, "III"]),
        reverse("offers:edit", args=[offer.pk, "V"]),
        reverse("offers:attachments", args=[offer.pk]),
        reverse("offers:partners", args=[offer.pk]),
        reverse("offer_submission:versions", args=[offer.pk]),
    ]


def test_has_unsubmitted_changes_compares_with_the_current_version(organisation, representative, editor):
    offer = submitted(organisation, representative)
    assert not selectors.has_unsubmitted_changes(offer)
    change(offer, editor)
    offer.refresh_from_db()
    assert selectors.has_unsubmitted_changes(offer)
    annotated = selectors.with_submitted_checksum(Offer.objects.filter(pk=offer.pk)).get()
    assert selectors.has_unsubmitted_changes(annotated)
    change(offer, editor, title=offer.versions.get().content["III"]["title"])  # changed back
    offer.refresh_from_db()
    assert not selectors.has_unsubmitted_changes(offer)
    draft = OfferFactory(organisation=organisation)
    assert not selectors.has_unsubmitted_changes(draft)


def _marked(offer):
    offers = list(selectors.with_submitted_checksum(Offer.objects.filter(pk=offer.pk)).select_related("call", "task"))
    selectors.mark_unsubmitted_changes(offers)
    return offers[0].unsubmitted


def test_the_lists_kept_draft_checksums_follow_every_change(organisation, representative, editor, monkeypatch):
    """The list keeps each draft's checksum in the cache: a list seen again computes no canonical
    text, and any change the canonical text depends on (the content, the offeror's name, an
    attachment) gives another key, so the answer is always `has_unsubmitted_changes`'s."""
    offer = submitted(organisation, representative)
    assert _marked(offer) is False
    computed = []
    real = selectors.canonical.for_offer
    monkeypatch.setattr(selectors.canonical, "for_offer", lambda *a, **k: computed.append(1) or real(*a, **k))
    assert _marked(offer) is False and computed == []  # from the cache
    change(offer, editor)
    assert _marked(offer) is True and computed == [1]
    change(offer, editor, title=offer.versions.get().content["III"]["title"])  # changed back
    assert _marked(offer) is False and len(computed) == 2
    organisation.name = "Fundacja Po Zmianie Nazwy"
    organisation.save()
    offer.refresh_from_db()
    assert _marked(offer) is selectors.has_unsubmitted_changes(offer) is True
    assert len(computed) == 4


def test_every_page_of_a_changed_offer_shows_the_banner_and_the_submit_button(
    client, organisation, representative, editor
):
    offer = submitted(organisation, representative)
    client.force_login(representative)
    for url in offer_pages(offer):
        assert BANNER not in client.get(url).content.decode(), url
    assert LABEL not in client.get(reverse("offers:mine")).content.decode()
    change(offer, editor)
    submit = reverse("offer_submission:submit", args=[offer.pk])
    for url in offer_pages(offer):
        html = client.get(url).content.decode()
        assert BANNER in html, url
        assert f'action="{submit}"' in html, url
    assert LABEL in client.get(reverse("offers:mine")).content.decode()
    # The banner's button submits the new version; then nothing is left unsubmitted.
    response = client.post(submit)
    assert response.status_code == 302
    assert offer.versions.count() == 2
    assert BANNER not in client.get(reverse("offers:detail", args=[offer.pk])).content.decode()
    assert LABEL not in client.get(reverse("offers:mine")).content.decode()


def test_an_editor_sees_the_banner_without_the_button(client, organisation, representative, editor):
    offer = submitted(organisation, representative)
    change(offer, editor)
    client.force_login(editor)
    html = client.get(reverse("offers:detail", args=[offer.pk])).content.decode()
    assert BANNER in html
    assert f'action="{reverse("offer_submission:submit", args=[offer.pk])}"' not in html
    assert "Only a representative of the lead offeror can submit the new version." in html


def _correction(offer):
    return FormalCheck.objects.create(
        offer=offer,
        status=FormalStatus.CORRECTION,
        checked_by=UserFactory(is_officer=True),
        checked_at=timezone.now(),
        correction_deadline=timezone.now() + datetime.timedelta(days=7),
    )


def _situations(organisation, representative, editor):
    """One offer of each kind of thing to do; returns {what: offer}."""
    draft = OfferFactory(organisation=organisation)
    changed = submitted(organisation, representative)
    change(changed, editor)
    corrected = submitted(organisation, representative)
    correction = _correction(corrected)
    reduced = submitted(organisation, representative)
    award(reduced, amount="4000.00", decided_by=UserFactory(is_executive=True))
    to_sign = submitted(organisation, representative)
    agreement_factory(offer=to_sign, state=AgreementState.SENT, final_report=False)
    reporting = submitted(organisation, representative)
    agreement = agreement_factory(offer=reporting, final_report=False)
    report = partial_report(agreement, due_date=datetime.date(2027, 9, 15))
    return {
        "draft": draft,
        "changed": changed,
        "correction": (corrected, correction),
        "reduced": reduced,
        "to_sign": to_sign,
        "report": (reporting, report),
    }


def test_the_list_says_what_is_to_be_done_for_each_offer_with_links(client, organisation, representative, editor):
    found = _situations(organisation, representative, editor)
    client.force_login(representative)
    html = client.get(reverse("offers:mine")).content.decode()
    draft, changed = found["draft"], found["changed"]
    assert f'href="{reverse("offers:detail", args=[draft.pk])}">Finish and submit the offer</a>' in html
    assert f'href="{reverse("offer_submission:submit", args=[changed.pk])}">Submit the changes</a>' in html
    corrected, correction = found["correction"]
    assert f'href="{reverse("offers:detail", args=[corrected.pk])}">Correct the offer</a>' in html
    assert f"by {timezone.localtime(correction.correction_deadline):%d.%m.%Y}" in html
    reduced = found["reduced"]
    assert f'href="{reverse("award:update", args=[reduced.pk])}">Update the offer to the amount awarded</a>' in html
    assert f'href="{reverse("award:agreement", args=[found["to_sign"].pk])}">Sign the agreement</a>' in html
    _reporting, report = found["report"]
    assert f'href="{reverse("reports:detail", args=[report.pk])}">File the report: ' in html
    assert "by 15.09.2027" in html
    # The awarded amount beside the requested one.
    assert (
        "awarded:</span><br><strong>4,000.00&nbsp;zł</strong>" in html
        and "requested:</span><br>5,500.00&nbsp;zł" in html
    )


def test_the_list_is_only_about_the_users_organisations(client, organisation, representative, editor):
    _situations(organisation, representative, editor)
    stranger = UserFactory()
    client.force_login(stranger)
    html = client.get(reverse("offers:mine")).content.decode()
    assert "Sign the agreement" not in html and "Finish and submit the offer" not in html


def test_the_list_keeps_a_constant_number_of_queries_whatever_is_to_be_done(
    client, organisation, representative, editor
):
    OfferFactory(organisation=organisation)
    client.force_login(representative)
    client.get(reverse("offers:mine"))  # warm caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("offers:mine")).status_code == 200
    _situations(organisation, representative, editor)
    _situations(organisation, representative, editor)
    with CaptureQueriesContext(connection) as many:
        html = client.get(reverse("offers:mine")).content.decode()
    assert html.count("Sign the agreement") == 2 and html.count(LABEL) == 2
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


def test_officers_reading_the_versions_never_learn_of_the_draft(client, organisation, representative, editor, officer):
    offer = submitted(organisation, representative)
    offer.call.unit.officers.add(officer)
    change(offer, editor)
    client.force_login(officer)
    response = client.get(reverse("offer_submission:versions", args=[offer.pk]))
    assert response.status_code == 200
    assert BANNER not in response.content.decode()


def test_the_print_preview_is_offered_only_for_a_draft_not_yet_filed(client, organisation, representative, editor):
    """A submitted offer unchanged since: its PDF is the filed version's; once changed, the preview
    of the working draft comes back (beside the banner)."""
    offer = submitted(organisation, representative)
    preview = reverse("offer_submission:preview_pdf", args=[offer.pk])
    client.force_login(representative)
    overview = reverse("offers:detail", args=[offer.pk])
    assert preview not in client.get(overview).content.decode()
    assert preview in client.get(reverse("offer_submission:submit", args=[offer.pk])).content.decode()
    change(offer, editor)
    assert preview in client.get(overview).content.decode()
