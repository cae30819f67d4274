"""`manage.py backup [--output FILE] [--format auto|json|pg]`: the database and MEDIA_ROOT in one archive."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from wspolpraca.common.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one .tar.gz archive with a checksum manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=None,
            help="The archive to write (default: wspolpraca-backup-<UTC time>.tar.gz in the current folder).",
        )
        parser.add_argument(
            "--format",
            choices=["auto", "json", "pg"],
            default="auto",
            help="Database format: pg (pg_dump, PostgreSQL), json (dumpdata, any database); auto picks pg when possible.",
        )

    def handle(self, *args, output, format, **options):
        output = output or f"wspolpraca-backup-{datetime.datetime.now(datetime.UTC):%Y%m%dT%H%M%SZ}.tar.gz"
        started = time.monotonic()
        try:
            manifest = make_backup(output, fmt=format)
        except BackupError as error:
            raise CommandError(str(error)) from error
        records = sum(r["count"] for r in manifest["records"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {records} records of {len(manifest['records'])} models ({manifest['database_format']}) "
                f"and {len(manifest['files'])} files to {output} in {time.monotonic() - started:.1f} s."
            )
        )
