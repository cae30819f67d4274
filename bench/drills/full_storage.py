"""The full-disk drill's fallback where a tmpfs cannot be mounted (no CAP_SYS_ADMIN): the site's
storage, made to fail with ENOSPC while the file named by $DRILL_DISK_FULL_FLAG exists.
Used by bench/drills/full_disk.py only (FILE_STORAGE=bench.drills.full_storage.FullDiskStorage)."""

import errno
import os

from wspolpraca.common.storage import AtomicFileSystemStorage


class FullDiskStorage(AtomicFileSystemStorage):
    def _save(self, name, content):
        flag = os.environ.get("DRILL_DISK_FULL_FLAG")
        if flag and os.path.exists(flag):
            raise OSError(errno.ENOSPC, "No space left on device (simulated by the drill)", name)
        return super()._save(name, content)
