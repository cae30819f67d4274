"""Backup and restore of the whole site: the database and the uploaded files (MEDIA_ROOT).

A backup is one tar archive (`.tar.gz`) holding:

- `manifest.json`: when and from what it was made, the database format, a SHA-256 of every
  model's records and the SHA-256 of every file;
- the database, in one of two formats:
  - `json` (any database, the default on SQLite): Django's `dumpdata` (times with their
    microseconds, see exact_json.py) with natural keys for
    content types and permissions (which `migrate` creates anew), restored by `loaddata`
    into a migrated, emptied database — portable between SQLite and PostgreSQL;
  - `pg` (PostgreSQL with the `pg_dump` binaries, the default there): `pg_dump --format=custom`,
    restored by `pg_restore --clean`; much faster on large databases;
- `media/…`: every file under MEDIA_ROOT.

`restore` checks what it restored against the manifest, model by model and file by file, and
fails loudly on any difference. Records are compared by their values (foreign keys to content
types and permissions by their natural keys, since those tables are rebuilt by migrations).

Uploads in S3-compatible storage (FILE_STORAGE) are not in MEDIA_ROOT: back the bucket up with
the provider's tools (docs/deploy/README.md).
"""

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.db import DatabaseError, connection

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
JSON_DUMP = "database.exactjson"  # the format is named by the extension (loaddata)
PG_DUMP = "database.pgdump"
MEDIA_DIR = "media"
# Rebuilt by migrations: dumped by natural key in the JSON format, compared by natural key.
REBUILT = ("contenttypes.contenttype", "auth.permission")


serializers.register_serializer("exactjson", "wspolpraca.common.exact_json")


class BackupError(Exception):
    pass


# -- checksums -------------------------------------------------------------------------------


def _value(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def _models():
    return sorted(
        (m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy),
        key=lambda m: m._meta.label_lower,
    )


def record_checksums():
    """{model label: {"count": n, "sha256": …}} over every record's values, in pk order."""
    content_types = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}
    permissions = {p.pk: f"{content_types.get(p.content_type_id)}.{p.codename}" for p in Permission.objects.all()}
    result = {}
    for model in _models():
        label = model._meta.label_lower
        fields = list(model._meta.concrete_fields)
        translate = {}
        for n, field in enumerate(fields):
            target = getattr(field, "related_model", None)
            if target is ContentType or (label == "contenttypes.contenttype" and field.primary_key):
                translate[n] = content_types
            elif target is Permission or (label == "auth.permission" and field.primary_key):
                translate[n] = permissions
        if model._meta.auto_created:
            # many-to-many rows: dumpdata keeps the pairs, not the rows' own ids
            fields = [f for f in fields if not f.primary_key]
            translate = {n - 1: t for n, t in translate.items()}
        names = [f.attname for f in fields]
        digest = hashlib.sha256()
        count = 0
        rows = model._base_manager.order_by("pk").values_list(*names).iterator(chunk_size=5000)
        if label in REBUILT or model._meta.auto_created:
            # compare the set of natural keys and values, whatever the row ids
            rows = sorted(
                (tuple(translate[n].get(v, v) if n in translate else v for n, v in enumerate(row)) for row in rows),
                key=repr,
            )
            translate = {}
        for row in rows:
            values = [translate[n].get(v, v) if n in translate else _value(v) for n, v in enumerate(row)]
            digest.update(json.dumps(values, sort_keys=True, default=str, ensure_ascii=False).encode())
            digest.update(b"\n")
            count += 1
        result[label] = {"count": count, "sha256": digest.hexdigest()}
    return result


def file_checksums(root):
    root = Path(root)
    result = {}
    if not root.exists():
        return result
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        result[path.relative_to(root).as_posix()] = digest.hexdigest()
    return result


# -- formats -----------------------------------------------------------------------------------


def pg_available():
    return connection.vendor == "postgresql" and shutil.which("pg_dump") and shutil.which("pg_restore")


def _pg_env_and_args():
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return env, args, str(db["NAME"])


def _dump_database(fmt, directory):
    if fmt == "pg":
        env, args, name = _pg_env_and_args()
        path = Path(directory) / PG_DUMP
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", *args, "-f", str(path), name], env=env, check=True)
        return path.name
    path = Path(directory) / JSON_DUMP
    call_command(
        "dumpdata",
        format="exactjson",
        natural_foreign=True,
        exclude=["contenttypes", "auth.permission"],
        output=str(path),
        verbosity=0,
    )
    return path.name


def _restore_database(fmt, directory):
    if fmt == "pg":
        if connection.vendor != "postgresql":
            raise BackupError("This backup was made with pg_dump: restore it into a PostgreSQL database.")
        env, args, name = _pg_env_and_args()
        connection.close()
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                "-d",
                name,
                str(Path(directory) / PG_DUMP),
            ],
            env=env,
            check=True,
        )
        return
    # A migrated, empty database: flush keeps the schema and lets post_migrate rebuild
    # content types and permissions, which the dump refers to by natural key.
    call_command("migrate", interactive=False, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(Path(directory) / JSON_DUMP), verbosity=0)


# -- commands' work ----------------------------------------------------------------------------


def make_backup(output, *, fmt="auto"):
    """Write the archive to `output` (a path); returns the manifest."""
    if fmt == "auto":
        fmt = "pg" if pg_available() else "json"
    if fmt == "pg" and not pg_available():
        raise BackupError("The pg format needs PostgreSQL and the pg_dump/pg_restore programs.")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="wspolpraca-backup-") as tmp:
        database_file = _dump_database(fmt, tmp)
        manifest = {
            "format_version": FORMAT_VERSION,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "django": django.get_version(),
            "database_vendor": connection.vendor,
            "database_format": fmt,
            "database_file": database_file,
            "records": record_checksums(),
            "files": file_checksums(media_root),
        }
        (Path(tmp) / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(Path(tmp) / MANIFEST, arcname=MANIFEST)
            tar.add(Path(tmp) / database_file, arcname=database_file)
            for relative in manifest["files"]:
                tar.add(media_root / relative, arcname=f"{MEDIA_DIR}/{relative}")
        partial.replace(output)  # never a half-written archive under the final name
    return manifest


def database_is_empty():
    try:
        return not get_user_model().objects.exists()
    except DatabaseError:  # no tables yet: empty
        return True


def restore_backup(archive, *, force=False):
    """Restore the database and MEDIA_ROOT from `archive`, then verify against the manifest.

    Returns a summary; raises BackupError on any difference."""
    media_root = Path(settings.MEDIA_ROOT)
    if not force and (not database_is_empty() or any(media_root.glob("*"))):
        raise BackupError("The database or MEDIA_ROOT is not empty: restore replaces everything, add --force.")
    with tempfile.TemporaryDirectory(prefix="wspolpraca-restore-") as tmp, tarfile.open(archive, "r:gz") as tar:
        tar.extractall(tmp, filter="data")
        manifest = json.loads((Path(tmp) / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format_version") != FORMAT_VERSION:
            raise BackupError(f"Unknown backup format {manifest.get('format_version')!r}.")
        _restore_database(manifest["database_format"], tmp)
        if media_root.exists():
            shutil.rmtree(media_root)
        source = Path(tmp) / MEDIA_DIR
        if source.exists():
            shutil.copytree(source, media_root)
        else:
            media_root.mkdir(parents=True, exist_ok=True)
    return verify(manifest)


def verify(manifest):
    records, files = record_checksums(), file_checksums(settings.MEDIA_ROOT)
    differences = []
    for label in sorted(set(records) | set(manifest["records"])):
        if records.get(label) != manifest["records"].get(label):
            differences.append(
                f"records of {label}: expected {manifest['records'].get(label)}, found {records.get(label)}"
            )
    for name in sorted(set(files) | set(manifest["files"])):
        if files.get(name) != manifest["files"].get(name):
            differences.append(f"file {name}: expected {manifest['files'].get(name)}, found {files.get(name)}")
    if differences:
        raise BackupError("The restored data differ from the backup:\n  " + "\n  ".join(differences))
    return {
        "models": len(records),
        "records": sum(r["count"] for r in records.values()),
        "files": len(files),
        "database_format": manifest["database_format"],
    }
