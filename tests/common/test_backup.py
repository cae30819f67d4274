"""backup / restore: a round trip reproduces every record and every file (checksums compared)."""

import json
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.conftest import seed_reference_data
from wspolpraca.common.backup import file_checksums, record_checksums
from wspolpraca.competitions.models import Offer, OfferVersion
from wspolpraca.organisations.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """The districts and public benefit areas the migrations create (the flush after any
    transactional test removes them)."""
    seed_reference_data()


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """restore rebuilds the content types with other ids, so Django's content-type cache would
    keep ids that no longer exist and the next test's activity log would point at them: forget
    it after each test."""
    yield
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture
def site(settings):
    call_command("seed_scale", "--size", "tiny", stdout=StringIO())
    media = Path(settings.MEDIA_ROOT)
    (media / "private" / "offers" / "1").mkdir(parents=True)
    (media / "private" / "offers" / "1" / "statut.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
    (media / "organisations" / "logos").mkdir(parents=True)
    (media / "organisations" / "logos" / "zażółć.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    return media


def backup(tmp_path, *args):
    archive = tmp_path / "kopia.tar.gz"
    call_command("backup", "--output", str(archive), *args, stdout=StringIO())
    return archive


def damage(media):
    Offer.objects.filter(pk__in=Offer.objects.values("pk")[:3]).update(title="zmienione")
    OfferVersion.objects.filter(pk=OfferVersion.objects.order_by("pk").values("pk")[:1]).delete()
    Organisation.objects.filter(pk=Organisation.objects.order_by("pk")[0].pk).update(name="inna")
    (media / "private" / "offers" / "1" / "statut.pdf").write_bytes(b"changed")
    (media / "extra.txt").write_text("not in the backup")


def test_json_round_trip_reproduces_every_record_and_file(site, tmp_path):
    records, files = record_checksums(), file_checksums(site)
    assert records["competitions.offer"]["count"] > 0 and len(files) == 2
    archive = backup(tmp_path, "--format", "json")
    damage(site)
    assert record_checksums() != records and file_checksums(site) != files
    out = StringIO()
    call_command("restore", str(archive), "--force", stdout=out)
    assert "verified" in out.getvalue()
    assert record_checksums() == records
    assert file_checksums(settings.MEDIA_ROOT) == files


def test_the_archive_holds_a_manifest_of_every_model_and_file(site, tmp_path):
    archive = backup(tmp_path, "--format", "json")
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))
    assert {"manifest.json", "database.exactjson", "media/private/offers/1/statut.pdf"} <= names
    assert manifest["records"]["common.activitylog"]["count"] > 0
    assert set(manifest["files"]) == {"private/offers/1/statut.pdf", "organisations/logos/zażółć.png"}


def test_restore_refuses_a_database_that_is_not_empty(site, tmp_path):
    archive = backup(tmp_path, "--format", "json")
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive), stdout=StringIO())


def test_restore_fails_loudly_when_the_data_differ_from_the_manifest(site, tmp_path):
    archive = backup(tmp_path, "--format", "json")
    tampered = tmp_path / "zmieniona.tar.gz"
    with tarfile.open(archive) as tar, tarfile.open(tampered, "w:gz") as out:
        for member in tar.getmembers():
            data = tar.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["files"]["private/offers/1/statut.pdf"] = "0" * 64
                data = json.dumps(manifest).encode()
                member.size = len(data)
            out.addfile(member, __import__("io").BytesIO(data))
    with pytest.raises(CommandError, match="statut.pdf"):
        call_command("restore", str(tampered), "--force", stdout=StringIO())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump format: PostgreSQL only")
def test_pg_dump_round_trip(site, tmp_path):
    records, files = record_checksums(), file_checksums(site)
    archive = backup(tmp_path, "--format", "pg")
    damage(site)
    call_command("restore", str(archive), "--force", stdout=StringIO())
    assert record_checksums() == records
    assert file_checksums(settings.MEDIA_ROOT) == files
