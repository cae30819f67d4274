"""Age limits where the statute sets them (a youth council): the year of birth is asked, the
limits are enforced when a seat is given, and kept for no other body."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.bodies.factories import BodyFactory, TermFactory
from wspolpraca.bodies import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def youth_council():
    return BodyFactory(name="Młodzieżowa Rada Miasta Płocka", slug="mrm", kind="other_council", min_age=13, max_age=21)


def seat(officer, term, birth_year, **data):
    return services.add_member(
        actor=officer,
        term=term,
        name="Ola Młoda",
        role="member",
        nominated_by="executive",
        start=datetime.date(2026, 9, 1),
        birth_year=birth_year,
        **data,
    )


def test_a_seat_within_the_limits_keeps_the_year_and_outside_them_is_refused(officer, youth_council):
    term = TermFactory(body=youth_council, start=datetime.date(2026, 1, 1), end=datetime.date(2027, 12, 31))
    assert seat(officer, term, 2008).birth_year == 2008  # 18 in 2026
    for year in (2004, 2014, None):  # 22, 12, unknown
        with pytest.raises(ValidationError) as error:
            seat(officer, term, year)
        assert "birth_year" in error.value.message_dict


def test_no_limits_no_year_asked_or_kept(client, officer):
    body = BodyFactory()
    term = TermFactory(body=body, start=datetime.date(2026, 1, 1), end=datetime.date(2027, 12, 31))
    assert seat(officer, term, 1950).birth_year is None
    client.force_login(officer)
    form = client.get(reverse("bodies_panel:member_create", args=[body.pk, term.pk])).context["form"]
    assert "birth_year" not in form.fields


def test_the_form_asks_for_the_year_and_the_public_page_shows_the_limits(client, officer, youth_council):
    term = TermFactory(body=youth_council)
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("bodies_panel:member_create", args=[youth_council.pk, term.pk])
    response = client.post(
        url, {"name": "Jan Stary", "role": "member", "nominated_by": "executive", "birth_year": 1960}
    )
    assert response.status_code == 200 and "13–21 years old" in response.content.decode()
    assert "Jan Stary" in response.content.decode()
    assert "13–21 years" in client.get(reverse("bodies:detail", args=[youth_council.slug])).content.decode()


def test_the_highest_age_cannot_be_below_the_lowest(officer, youth_council):
    with pytest.raises(ValidationError) as error:
        services.save_body(actor=officer, body=youth_council, data={"min_age": 20, "max_age": 15})
    assert "max_age" in error.value.message_dict
