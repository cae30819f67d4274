"""The full-disk drill (issue 5): uploads while the media root is full.

A small tmpfs (1 MiB) is mounted as MEDIA_ROOT when this process may mount (root with
CAP_SYS_ADMIN); otherwise the storage is made to fail with ENOSPC on demand
(bench/drills/full_storage.py) and the result says so. The site runs as in production
(gunicorn, DEBUG off) on a throw-away SQLite database with the tiny scale data: the drill is
about the files, not the database.

A representative of an offer in an open call, through HTTP:
1. attaches a small PDF (stored);
2. autosaves section IV of the draft;
3. attaches a PDF larger than the space left: the page comes back with the message next to the
   file field and the title typed still in the form; no file is left behind (no partial file,
   the free space as before) and the draft is as it was saved;
4. with the disk filled to the last byte, attaches a 1 KB PDF: the same message;
5. the disk freed (no restart of anything), the same 1 KB PDF is stored.
"""

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
from pathlib import Path

from tests.pdfs import make_pdf

TMPFS_SIZE = "1m"  # 1 MiB
MESSAGES = ("no space left on the server", "zabrakło miejsca", "brak miejsca")  # en, pl


def pdf(size):
    """A valid one-page PDF of about `size` bytes (uploads are parsed and checked for active
    content, so a file that only looks like a PDF is refused before it reaches the disk)."""
    base = len(make_pdf())
    return make_pdf(padding=max(0, size - base))


def mount_tmpfs(path):
    """Mount a small tmpfs at `path`; None when it worked, else why not."""
    if os.environ.get("DRILL_SIMULATE_FULL_DISK"):
        return "DRILL_SIMULATE_FULL_DISK is set"
    if os.geteuid() != 0:
        return "not root"
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE},mode=0755", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    return None if done.returncode == 0 else (done.stderr.strip() or f"mount exited {done.returncode}")


def unmount(path):
    if subprocess.run(["umount", str(path)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def free_bytes(path):
    stat = os.statvfs(path)
    return stat.f_bavail * stat.f_frsize


def files_in(root):
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


def fill(root):
    """Write one file until the disk is full to the last byte; returns its path."""
    filler = Path(root) / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 16, 1 << 12, 1):
            block = b"\0" * size
            with contextlib.suppress(OSError):
                while os.write(fd, block):
                    pass
    finally:
        os.close(fd)
    return filler


def drill(tmp, *, environment, setup_site, start_server):
    import httpx

    from bench.load import CSRF

    media = Path(tmp) / "media-full"
    media.mkdir(parents=True, exist_ok=True)
    why_not = mount_tmpfs(media)
    flag = Path(tmp) / "disk-full.flag"
    env = environment(tmp, f"sqlite:///{Path(tmp) / 'full_disk.sqlite3'}")
    env["MEDIA_ROOT"] = str(media)
    if why_not:
        env["FILE_STORAGE"] = "bench.drills.full_storage.FullDiskStorage"
        env["DRILL_DISK_FULL_FLAG"] = str(flag)
    fixtures = setup_site(env, tmp, rush=1)
    entry = json.loads(Path(fixtures).read_text())["rush"][0]
    pk = entry["offer"]
    server, base = start_server(env, tmp)
    steps, problems, leftovers = {}, [], []
    try:
        cookies = {"csrftoken": CSRF, "sessionid": entry["session"], "django_language": "pl"}
        with httpx.Client(base_url=base, cookies=cookies, timeout=60) as client:
            attachments_url = f"/oferty/{pk}/zalaczniki/"

            def attach(title, body):
                return client.post(
                    attachments_url,
                    data={"csrfmiddlewaretoken": CSRF, "title": title},
                    files={"file": ("plik.pdf", body, "application/pdf")},
                    headers={"Referer": base + attachments_url},
                )

            def refused(response, title):
                html = response.text
                message = re.search(r'<p class="field__error" id="id_file_error">(.*?)</p>', html, re.S)
                return {
                    "status": response.status_code,
                    "message_next_to_the_field": bool(message and any(m in message.group(1) for m in MESSAGES)),
                    "title_kept": f'value="{title}"' in html,
                }

            first = attach("Statut", pdf(20_000))
            steps["1_small_pdf"] = first.status_code
            if first.status_code != 302:
                problems.append(f"the first upload answered {first.status_code}")
            draft = f"Doświadczenie zapisane przed pełnym dyskiem {secrets.token_hex(4)}"
            saved = client.post(
                f"/oferty/{pk}/sekcja/IV/autozapis/",
                data={
                    "csrfmiddlewaretoken": CSRF,
                    "base_revision": str(entry["revision"]),
                    "IV-experience": draft,
                    "IV-resources": "Zespół",
                },
                headers={"HX-Request": "true", "Referer": base + f"/oferty/{pk}/sekcja/IV/"},
            )
            steps["2_autosave"] = saved.status_code
            stored_before = files_in(media)
            free_before = free_bytes(media)
            if why_not:
                flag.touch()
                big = attach("Sprawozdanie finansowe 2025", pdf(300_000))
                flag.unlink()
            else:
                big = attach("Sprawozdanie finansowe 2025", pdf(free_before + 256 * 1024))
            steps["3_larger_than_the_space_left"] = refused(big, "Sprawozdanie finansowe 2025")
            steps["3_files_after"] = files_in(media) == stored_before
            steps["3_free_space_after"] = free_bytes(media) >= free_before - 8192
            page = client.get(f"/oferty/{pk}/sekcja/IV/")
            steps["3_draft_intact"] = page.status_code == 200 and draft in page.text
            if why_not:
                flag.touch()
            else:
                filler = fill(media)
                steps["4_free_bytes_when_full"] = free_bytes(media)
            small = attach("Oświadczenie", pdf(1024))
            steps["4_full_to_the_last_byte"] = refused(small, "Oświadczenie")
            if why_not:
                flag.unlink()
            else:
                filler.unlink()
            again = attach("Oświadczenie", pdf(1024))
            steps["5_after_freeing_the_disk"] = again.status_code
            steps["5_stored_files"] = len(files_in(media))
            leftovers = [name for name in files_in(media) if ".upload-" in name]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        if not why_not:
            unmount(media)
        shutil.rmtree(media, ignore_errors=True)
    for key in ("3_larger_than_the_space_left", "4_full_to_the_last_byte"):
        step = steps[key]
        if step["status"] != 200 or not step["message_next_to_the_field"] or not step["title_kept"]:
            problems.append(f"{key}: {step}")
    for key in ("3_files_after", "3_free_space_after", "3_draft_intact"):
        if not steps[key]:
            problems.append(f"{key} failed")
    if steps["2_autosave"] != 200:
        problems.append(f"the autosave answered {steps['2_autosave']}")
    if steps["5_after_freeing_the_disk"] != 302 or steps["5_stored_files"] != 2:
        problems.append(f"after freeing the disk: {steps['5_after_freeing_the_disk']}, {steps['5_stored_files']} files")
    if leftovers:
        problems.append(f"partial files left: {leftovers}")
    return {
        "drill": "full_disk",
        "passed": not problems,
        "disk": "a tmpfs of 1 MiB as MEDIA_ROOT"
        if not why_not
        else f"SIMULATED: tmpfs could not be mounted ({why_not}); the storage raised ENOSPC on demand",
        "steps": steps,
        "problems": problems,
    }
