"""Uploads on a full disk: a message next to the file field, never a server error, no partial file.

- `AtomicFileSystemStorage` (the default storage, settings.STORAGES) writes each file under a
  hidden temporary name in its folder and gives it its name only when it is complete. Django's
  own FileSystemStorage leaves the part written so far under the file's name when the disk
  fills up: an orphan that no record points to and that keeps the disk full.
- `refuse_when_disk_full(field)` wraps the line of a service that stores a file: running out of
  space (ENOSPC, a quota, a file too large for the file system) becomes a ValidationError on
  that field, so the view shows the message next to it; the service's transaction is rolled back
  and nothing else changes.

Drilled by bench/drills/run.py (full_disk) on a small tmpfs as MEDIA_ROOT.
"""

import contextlib
import errno
import logging
import os
import tempfile

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def is_disk_full(error):
    return isinstance(error, OSError) and error.errno in NO_SPACE


@contextlib.contextmanager
def refuse_when_disk_full(field, *, draft=False):
    """Turn a full disk while storing a file into a ValidationError on `field`.

    `draft`: the file belongs to a draft that is saved separately (the offer), and the message
    says the draft is safe; otherwise it says nothing has been changed.
    """
    try:
        yield
    except OSError as error:
        if not is_disk_full(error):
            raise
        logger.error("No space left to store an upload (%s): %s", field, error)
        if draft:
            message = _(
                "The file could not be saved: there is no space left on the server. Your draft is saved — "
                "please try again later."
            )
        else:
            message = _(
                "The file could not be saved: there is no space left on the server. Nothing has been changed — "
                "please try again later."
            )
        raise ValidationError({field: message}, code="disk_full") from error


# file systems without hard links answer so
NO_HARD_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK})


def _give_name(partial, full_path):
    """Give the complete file its name; FileExistsError if the name is taken (never overwrites)."""
    try:
        os.link(partial, full_path)
    except OSError as error:
        if isinstance(error, FileExistsError) or error.errno not in NO_HARD_LINKS:
            raise
        os.close(os.open(full_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # claim the name
        os.replace(partial, full_path)


class AtomicFileSystemStorage(FileSystemStorage):
    """FileSystemStorage that never leaves a partly written file under a file's name."""

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            old_umask = os.umask(0o777 & ~self.directory_permissions_mode)
            try:
                os.makedirs(directory, self.directory_permissions_mode, exist_ok=True)
            finally:
                os.umask(old_umask)
        else:
            os.makedirs(directory, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk.encode() if isinstance(chunk, str) else chunk)
            os.chmod(partial, self.file_permissions_mode if self.file_permissions_mode is not None else 0o644)
            while True:
                try:
                    _give_name(partial, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
        self._ensure_location_group_id(full_path)
        return os.path.relpath(full_path, self.location).replace("\\", "/")
