"""`manage.py restore ARCHIVE [--force]`: replace the database and MEDIA_ROOT by a backup, then verify it."""

import time

from django.core.management.base import BaseCommand, CommandError

from wspolpraca.common.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: the database and MEDIA_ROOT are replaced, then every "
        "record and file is compared with the backup's checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true", help="Replace a database or MEDIA_ROOT that is not empty.")

    def handle(self, *args, archive, force, **options):
        started = time.monotonic()
        try:
            summary = restore_backup(archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored and verified {summary['records']} records of {summary['models']} models "
                f"({summary['database_format']}) and {summary['files']} files in {time.monotonic() - started:.1f} s."
            )
        )
