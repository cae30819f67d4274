"""Personal roles (accounts/roles.py): registered by the apps, answered in one query per request."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.competitions.factories import CallFactory
from wspolpraca.accounts import roles
from wspolpraca.accounts.models import User
from wspolpraca.accounts.roles import forget_personal_roles, personal_roles, registered_personal_roles, requires_mfa
from wspolpraca.competitions.enums import CommissionRole
from wspolpraca.competitions.models import CommissionMember


def test_the_apps_register_their_roles():
    roles = registered_personal_roles()
    assert set(roles) >= {"organisation_member", "commission_member"}
    assert roles["commission_member"].requires_mfa
    assert not roles["organisation_member"].requires_mfa


@pytest.mark.django_db
def test_one_query_answers_every_role_and_the_answer_is_kept(representative, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = personal_roles(representative)
        assert requires_mfa(representative) is False
        assert personal_roles(representative) is first
    assert first["organisation_member"] is True
    assert first["commission_member"] is False


@pytest.mark.django_db
def test_a_seat_on_a_commission_requires_the_second_factor(resident, officer):
    assert requires_mfa(resident) is False
    CommissionMember.objects.create(call=CallFactory(), user=resident, role=CommissionRole.NGO, appointed_by=officer)
    forget_personal_roles(resident)
    assert personal_roles(resident)["commission_member"] is True
    assert requires_mfa(resident) is True
    fresh = User.objects.get(pk=resident.pk)
    assert requires_mfa(fresh) is True


def test_nobody_signed_in_has_no_personal_roles():
    assert personal_roles(AnonymousUser()) == {}
    assert requires_mfa(AnonymousUser()) is False


@pytest.mark.django_db
def test_a_signed_in_page_asks_for_the_roles_once(client, representative):
    """The header and the second-factor middleware share one answer: exactly one roles query."""
    client.force_login(representative)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("common:home")).status_code == 200
    roles_queries = [
        q["sql"]
        for q in queries.captured_queries
        if "EXISTS" in q["sql"]
        and "organisations_membership" in q["sql"]
        and "competitions_commissionmember" in q["sql"]
    ]
    assert len(roles_queries) == 1


@pytest.mark.django_db
def test_the_authenticator_is_asked_in_the_roles_query_and_forgotten_on_enrolment(officer, django_assert_num_queries):
    from allauth.mfa.models import Authenticator

    from wspolpraca.accounts.roles import has_mfa
    from wspolpraca.accounts.services import enrol_totp

    Authenticator.objects.filter(user=officer).delete()
    forget_personal_roles(officer)
    with django_assert_num_queries(1):
        personal_roles(officer)
        assert has_mfa(officer) is False
    enrol_totp(user=officer, secret="KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU")
    assert has_mfa(officer) is True  # the same object: its kept answer was forgotten
    fresh = User.objects.get(pk=officer.pk)
    assert has_mfa(fresh) is True
    Authenticator.objects.filter(user=officer).delete()
    assert has_mfa(User.objects.get(pk=officer.pk)) is False


@pytest.mark.django_db
def test_model_permissions_are_known_from_the_roles_query_when_the_account_has_none(
    representative, django_assert_num_queries
):
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    personal_roles(representative)
    with django_assert_num_queries(0):  # the header asks on every page
        assert representative.has_perm("accounts.use_panel") is False

    permission = Permission.objects.create(
        codename="use_panel_by_grant", name="granted in the admin", content_type=ContentType.objects.get_for_model(User)
    )
    direct = User.objects.get(pk=representative.pk)
    direct.user_permissions.add(permission)
    direct = User.objects.get(pk=representative.pk)
    personal_roles(direct)
    assert direct.has_perm("accounts.use_panel_by_grant") is True

    direct.user_permissions.clear()
    group = Group.objects.create(name="panel")
    group.permissions.add(permission)
    direct.groups.add(group)
    member = User.objects.get(pk=representative.pk)
    personal_roles(member)
    assert member.has_perm("accounts.use_panel_by_grant") is True


@pytest.mark.django_db
def test_the_compiled_query_answers_as_the_queryset_would(representative, officer):
    """The roles query is compiled once (issue 17); its answer is the queryset's, for each person."""
    CommissionMember.objects.create(call=CallFactory(), user=officer, role=CommissionRole.OFFICER, appointed_by=officer)
    for user in (representative, officer):
        long_way = roles._roles_queryset(User, user.pk).first()
        compiled = roles._ask_roles_query(user)
        assert {key: bool(value) for key, value in compiled.items()} == {
            key: bool(value) for key, value in long_way.items()
        }
    assert personal_roles(officer)["commission_member"] is True
    assert personal_roles(representative)["organisation_member"] is True
    gone = User(pk=999_999)
    assert roles._ask_roles_query(gone) == {}
