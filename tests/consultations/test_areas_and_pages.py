"""The public benefit areas a draft concerns and the e-mail alerts by area; the consultation's
pages read a constant number of queries whatever the number of comments and meetings; an
announced consultation is public but takes no comment before its start; the order's PDF."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.consultations import participation, services
from wspolpraca.consultations.enums import ActKind, ConsultationState
from wspolpraca.consultations.models import Comment, Consultation, ConsultationAlert
from wspolpraca.demo.consultations import _placeholder_scan
from wspolpraca.organisations.models import PublicBenefitArea

from .factories import DRAFT_TEXT, draft_consultation, meeting, open_consultation, paper_comment
from .test_views import form_data

pytestmark = pytest.mark.django_db


def area(code):
    return PublicBenefitArea.objects.current().get(code=code)


def opened_alerts(officer, **overrides):
    """Announce a consultation starting tomorrow, run the clock past its start; the e-mails sent."""
    now = timezone.now()
    consultation = draft_consultation(
        officer, starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=15), **overrides
    )
    services.announce_consultation(actor=officer, consultation=consultation)
    mail.outbox.clear()
    opened = now + timedelta(days=1, minutes=1)
    services.scheduled_step(opened)
    participation.alerts_step(opened)
    return sorted(message.to[0] for message in mail.outbox)


def test_alerts_by_area_and_kind(officer):
    sport, culture = area("17"), area("16")
    participation.save_alert(user=UserFactory(email="wszystko@example.org"))
    participation.save_alert(user=UserFactory(email="sport@example.org"), areas=[sport])
    participation.save_alert(user=UserFactory(email="kultura@example.org"), areas=[culture])
    participation.save_alert(
        user=UserFactory(email="strategie-kultura@example.org"), act_kind=ActKind.STRATEGY, areas=[culture]
    )
    assert opened_alerts(officer, act_kind=ActKind.STRATEGY, areas=[sport]) == [
        "sport@example.org",
        "wszystko@example.org",
    ]
    # A draft of every area (no area chosen) reaches everyone who asked for its kind of act.
    assert opened_alerts(officer, act_kind=ActKind.STRATEGY) == [
        "kultura@example.org",
        "sport@example.org",
        "strategie-kultura@example.org",
        "wszystko@example.org",
    ]
    assert opened_alerts(officer, act_kind=ActKind.MAYOR_ORDER, areas=[culture, sport]) == [
        "kultura@example.org",
        "sport@example.org",
        "wszystko@example.org",
    ]


def test_alerts_page_saves_areas_and_shows_them(client, resident):
    client.force_login(resident)
    url = reverse("consultations:alerts")
    response = client.post(url, {"act_kind": "", "areas": [area("17").pk, area("16").pk]})
    assert response.status_code == 302
    alert = ConsultationAlert.objects.get(user=resident)
    assert set(alert.areas.values_list("code", flat=True)) == {"16", "17"}
    client.post(url, {"act_kind": "", "areas": [area("17").pk]})  # the same kind again: its areas replaced
    assert list(ConsultationAlert.objects.get(user=resident).areas.values_list("code", flat=True)) == ["17"]
    assert area("17").name in client.get(url).content.decode()


def test_officer_chooses_the_areas_shown_on_the_public_page(client, officer):
    client.force_login(officer)
    response = client.post(reverse("consultations_panel:add"), form_data(areas=[area("17").pk]))
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and list(consultation.areas.all()) == [area("17")]
    edit = reverse("consultations_panel:edit", args=[consultation.pk])
    assert client.get(edit).context["form"].initial["areas"] == [area("17")]
    client.post(edit, form_data(areas=[area("16").pk, area("17").pk]))
    assert set(consultation.areas.values_list("code", flat=True)) == {"16", "17"}
    assert "areas" in ActivityLog.objects.filter(action="consultation.updated").latest("pk").data["fields"]
    services.announce_consultation(actor=officer, consultation=consultation)
    client.logout()
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert area("16").name in page and area("17").name in page
    api = client.get(f"/api/v1/consultations/{consultation.pk}/").json()
    assert sorted(a["code"] for a in api["areas"]) == ["16", "17"]


def test_the_order_pdf_is_kept_and_public(client, officer):
    client.force_login(officer)
    order = SimpleUploadedFile("zarzadzenie.pdf", _placeholder_scan(), content_type="application/pdf")
    client.post(reverse("consultations_panel:add"), {**form_data(), "order_file": order})
    consultation = Consultation.objects.get()
    assert consultation.order_file.name.endswith(".pdf")
    services.announce_consultation(actor=officer, consultation=consultation)
    client.logout()
    assert consultation.order_file.url in client.get(consultation.get_absolute_url()).content.decode()


def test_announced_is_public_but_takes_no_comment_before_its_start(client, officer, representative, organisation):
    now = timezone.now()
    consultation = draft_consultation(officer, starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=12))
    url = consultation.get_absolute_url()
    assert client.get(url).status_code == 404  # a draft is the office's own
    services.announce_consultation(actor=officer, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.ANNOUNCED
    assert client.get(url).status_code == 200
    assert consultation.title in client.get(reverse("consultations:list"), {"tab": "announced"}).content.decode()
    client.force_login(representative)
    response = client.post(
        reverse("consultations:comment_add", args=[consultation.pk]),
        {"organisation": organisation.pk, "justification": "Za wcześnie", "send": "1"},
    )
    assert response.status_code == 200 and "Za wcześnie" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("url_name", ["consultations:detail", "consultations_panel:detail"])
def test_the_consultation_pages_read_the_same_queries_for_one_and_many_comments(client, officer, url_name):
    def build(count):
        consultation = open_consultation(officer, text=DRAFT_TEXT)
        consultation.areas.set([area("17")])
        for number in range(count):
            organisation = OrganisationFactory(name=f"Fundacja nr {number} {count}", slug=f"f-{count}-{number}")
            user = MembershipFactory(organisation=organisation, role="representative").user
            services.save_comment(
                actor=user,
                consultation=consultation,
                data={"organisation": organisation, "justification": f"Uwaga {number}"},
                send=True,
            )
            paper_comment(officer, consultation, scan=True, sender_name=f"Nadawca {number}")
            meeting(officer, consultation, registrations=1)
        return reverse(url_name, args=[consultation.pk])

    client.force_login(officer)
    one = build(1)
    client.get(one)
    with CaptureQueriesContext(connection) as few:
        client.get(one)
    many = build(5)
    client.get(many)
    with CaptureQueriesContext(connection) as lots:
        response = client.get(many)
    assert response.status_code == 200 and len(response.context["comments"]) == 10
    assert len(lots.captured_queries) == len(few.captured_queries), [q["sql"] for q in lots.captured_queries]
