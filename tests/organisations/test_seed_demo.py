import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.db.models import Count
from stdnum.pl import nip, regon

from wspolpraca.accounts.models import User
from wspolpraca.common.models import ActivityLog
from wspolpraca.organisations import krs_lookup
from wspolpraca.organisations.enums import VerificationStatus
from wspolpraca.organisations.models import IdentityChangeRequest, JoinRequest, Membership, Organisation

pytestmark = pytest.mark.django_db


def counts():
    return {
        "users": User.objects.count(),
        "organisations": Organisation.objects.count(),
        "history": Organisation.history.count(),
        "memberships": Membership.objects.count(),
        "join_requests": JoinRequest.objects.count(),
        "identity_changes": IdentityChangeRequest.objects.count(),
        "authenticators": Authenticator.objects.count(),
        "log": ActivityLog.objects.count(),
    }


def test_seed_demo_is_idempotent_and_believable(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first

    assert first["organisations"] >= 60
    by_status = dict(Organisation.objects.values_list("verification_status").annotate(n=Count("pk")))
    assert by_status[VerificationStatus.VERIFIED] >= 50
    assert by_status[VerificationStatus.PENDING] >= 3
    assert by_status[VerificationStatus.CORRECTIONS_REQUESTED] >= 2
    # pending organisations with a KRS number were registered by it: the officer sees the register's data
    from_krs = Organisation.objects.filter(verification_status="pending", krs_number__isnull=False)
    assert from_krs.exists() and not from_krs.filter(krs_fetched_at__isnull=True).exists()
    differs = {str(label): differs for label, _register, _typed, differs in krs_lookup.comparison(from_krs[0])}
    assert differs[str(Organisation._meta.get_field("street_address").verbose_name)] is True
    assert sum(differs.values()) == 1
    assert Organisation.objects.values("legal_form").distinct().count() >= 8
    assert Organisation.objects.values("district").distinct().count() >= 10
    for org in Organisation.objects.all():
        assert nip.is_valid(org.nip) and regon.is_valid(org.regon) and len(org.regon) == 9
        assert org.krs_number is None or (len(org.krs_number) == 10 and org.krs_number.isdigit())
        org.full_clean()
    assert Organisation.objects.exclude(logo="").exists() and Organisation.objects.filter(logo="").exists()

    ngo = User.objects.get(email="ngo@example.org")
    assert ngo.check_password(settings.DEMO_PASSWORD)
    flagship = Membership.objects.get(user=ngo, role="representative", organisation__verification_status="verified")
    assert Membership.objects.filter(
        user__email="redaktor@example.org", organisation=flagship.organisation, role="editor"
    )
    assert JoinRequest.objects.filter(user__email="mieszkaniec@example.org", status="pending").exists()
    # an officer has a change of identity data to decide (the flagship's new name); the name is still the old one
    rename = IdentityChangeRequest.objects.get(status="pending")
    assert rename.organisation == flagship.organisation and set(rename.after) == {"name"}
    assert rename.organisation.name == rename.before["name"] != rename.after["name"]
    assert User.objects.get(email="admin@example.org").is_superuser
    assert User.objects.get(email="urzednik@example.org").is_officer
    assert User.objects.get(email="prezydent@example.org").is_executive
    for email in ["admin@example.org", "urzednik@example.org", "prezydent@example.org", "komisja3@example.org"]:
        assert Authenticator.objects.filter(user__email=email, type="totp").exists()
    assert not Authenticator.objects.filter(user__email="mieszkaniec@example.org").exists()

    out = capsys.readouterr().out
    assert "urzednik@example.org" in out and settings.DEMO_PASSWORD in out and settings.DEMO_TOTP_SECRET in out


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()
