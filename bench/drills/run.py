"""`make drills`: the failure drills of issue 5.

    python bench/drills/run.py [--only kill_worker,postgres_restart,full_disk,bad_input,api_fuzz] [--smoke]

Never touches the system PostgreSQL: the drills that need PostgreSQL start their own instance
(initdb into a temporary folder, run as the `postgres` system user when started by root, on a
free port) and remove it at the end. Without initdb/pg_ctl those drills are reported as not run.

Drills (the site on the tiny scale data, gunicorn with the production settings, 2 workers):

- kill_worker: the deadline rush (12 representatives: editor, five autosaves, submit) while a
  gunicorn worker is killed with SIGKILL mid-rush; then every acknowledged submission must be
  present, no submitted offer partial (one current version, checksum of its canonical text),
  no duplicate numbers; and each submission retried (POSTed again) must create no new version.
- postgres_restart: the same rush while PostgreSQL is stopped for a few seconds and started
  again. During the outage the app must answer 503 with Retry-After and its "temporarily
  unavailable" page (never a 500, never a hang: probes of signed-in pages are sent while it is
  down), answer again without a restart of the app, and lose nothing acknowledged.
- full_disk (bench/drills/full_disk.py, SQLite): uploads on a small tmpfs as MEDIA_ROOT: a
  message next to the field, the draft intact, no partial file, recovery once space is freed.
- bad_input: the bad-input tests (tests/drills: hostile query strings, paths, form values,
  uploads and texts; hypothesis over the offer editor) with every value
  (WSPOLPRACA_DRILLS=full), on SQLite and on the private PostgreSQL.
- api_fuzz (bench/drills/api_fuzz.py): schemathesis over the REST API, on the private PostgreSQL.

--smoke (CI, seconds): the full-disk drill only, results in a temporary folder.
Results: bench/results/drills-<UTC time>.json and .md.
"""

import argparse
import contextlib
import datetime
import importlib.util
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.drills import full_disk  # noqa: E402
from bench.run import free_port, machine, wait_for  # noqa: E402

PY = sys.executable
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def pg_tool(name):
    found = shutil.which(name)
    if found and name not in ("initdb", "postgres"):
        return found
    candidate = PG_BIN / name
    return str(candidate) if candidate.exists() else found


class PrivatePostgres:
    """A throw-away PostgreSQL instance in a temporary folder, on its own port."""

    def __init__(self, tmp):
        self.dir = Path(tmp) / "pgdata"
        self.port = str(free_port())
        self.as_user = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.log = Path(tmp) / "postgres.log"

    def run(self, *args, **kwargs):
        return subprocess.run([*self.as_user, *args], check=True, capture_output=True, text=True, **kwargs)

    def start_cluster(self):
        self.dir.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(self.dir.parent, 0o755)
        if self.as_user:
            pg = pwd.getpwnam("postgres")
            os.chown(self.dir.parent, pg.pw_uid, pg.pw_gid)
            self.log.touch()
            os.chown(self.log, pg.pw_uid, pg.pw_gid)
        self.run(pg_tool("initdb"), "-D", str(self.dir), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.ctl("start")

    def ctl(self, action, *extra):
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(pg_tool("pg_ctl"), action, "-D", str(self.dir), "-w", "-l", str(self.log), "-o", opts, *extra)

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name):
        subprocess.run(
            [pg_tool("psql"), "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "-c", f'CREATE DATABASE "{name}"'],
            check=True,
            capture_output=True,
        )

    def stop(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.ctl("stop", "-m", "immediate")


def environment(tmp, database_url):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        {
            "SECRET_KEY": "drill-" + os.urandom(24).hex(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "EMAIL_URL": "dummy://",
            "AXES_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
            "STATIC_ROOT": str(Path(tmp) / "static"),
            "MEDIA_ROOT": str(Path(tmp) / "media"),
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "false",
            "DATABASE_URL": database_url,
            "DB_CONN_MAX_AGE": "60",
        }
    )
    return env


def setup_site(env, tmp, rush):
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["seed_scale", "--size", "tiny"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    fixtures = Path(tmp) / "fixtures.json"
    subprocess.run(
        [PY, "-m", "bench.prepare", "fixtures", str(fixtures), "--rush", str(rush), "--editors", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return fixtures


def start_server(env, tmp, workers=2):
    port = free_port()
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "wspolpraca.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
        + ["--timeout", "30", "--graceful-timeout", "5", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=open(Path(tmp) / "gunicorn.log", "a"),  # noqa: SIM115 - lives as long as the server
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/__bench__/baseline/", server)
    return server, base


def workers_of(master_pid):
    children = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master_pid):
            children.append(int(status.parent.name))
    return sorted(children)


def rush(env, base, fixtures, tmp, name, window, *, into=2.0):
    """Start the rush in a second process; return once it has run `into` seconds (the moment of
    the failure) with the process, its output files and the failure's time."""
    out, acks = Path(tmp) / f"{name}-load.json", Path(tmp) / f"{name}-acks.json"
    started = Path(tmp) / f"{name}-started"
    proc = subprocess.Popen(
        [PY, "-m", "bench.load", "--base", base, "--fixtures", str(fixtures), "--out", str(out)]
        + ["--acks", str(acks), "--only", "rush", "--window", str(window), "--saves", "5"]
        + ["--started-file", str(started)],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(into)
    return proc, out, acks


def overlap(load, event_at):
    """Where the failure fell within the rush (seconds from its start; the rush's length)."""
    rush = load["rush"]
    return {
        "failure_at_s": round(event_at - rush["started_unix"], 1),
        "rush_lasted_s": rush["seconds"],
        "during_rush": rush["started_unix"] <= event_at <= rush["finished_unix"],
    }


def prepare_call(env, *args):
    done = subprocess.run([PY, "-m", "bench.prepare", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else {"error": done.stderr[-2000:]}


def retry_submissions(base, fixtures, acks_path):
    """POST every acknowledged submission again: the server must answer with a redirect and keep the version."""
    import httpx

    from bench.load import CSRF

    acked = {a["offer"] for a in json.loads(Path(acks_path).read_text())}
    sessions = {e["offer"]: e["session"] for e in json.loads(Path(fixtures).read_text())["rush"]}
    statuses = {}
    for pk in sorted(acked):
        with httpx.Client(base_url=base, cookies={"csrftoken": CSRF, "sessionid": sessions[pk]}, timeout=30) as c:
            response = c.post(f"/oferty/{pk}/zloz/", data={"csrfmiddlewaretoken": CSRF})
            statuses[pk] = response.status_code
    return statuses


def drill_kill_worker(tmp, pg):
    name = "kill_worker"
    pg.create_database(name)
    env = environment(tmp, pg.url(name))
    fixtures = setup_site(env, tmp, rush=12)
    server, base = start_server(env, tmp)
    try:
        proc, out, acks = rush(env, base, fixtures, tmp, name, window=5)
        victims = workers_of(server.pid)
        event_at = time.time()
        if victims:
            os.kill(victims[0], signal.SIGKILL)
        proc.wait(timeout=300)
        before = prepare_call(env, "versions", str(fixtures))
        retries = retry_submissions(base, fixtures, acks)
        after = prepare_call(env, "versions", str(fixtures))
        verification = prepare_call(env, "verify", str(fixtures), str(acks))
        load = json.loads(out.read_text())
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    new_versions = {pk: after[pk] - before[pk] for pk in before if after.get(pk) != before[pk]}
    timing = overlap(load, event_at)
    ok = (
        timing["during_rush"]
        and not verification.get("problems")
        and "error" not in verification
        and not new_versions
        and all(code == 302 for code in retries.values())
    )
    return {
        "drill": name,
        "passed": bool(ok),
        "killed_worker": victims[:1],
        **timing,
        "errors_during_rush": sum(p["errors"] for p in load["rush"]["pages"].values()),
        "rush": load["rush"],
        "verification": verification,
        "retried_submissions": len(retries),
        "retry_statuses": sorted(set(retries.values())),
        "versions_created_by_retries": new_versions,
    }


OUTAGE_SECONDS = 4


def probe_outage(base, fixtures, seconds):
    """While PostgreSQL is down: signed-in pages (the editor, an autosave) and a public page, one
    after the other for `seconds`. Each answer: status, Retry-After, the 503 page shown."""
    import httpx

    from bench.load import CSRF

    entry = json.loads(Path(fixtures).read_text())["rush"][0]
    pk, session = entry["offer"], entry["session"]
    cookies = {"csrftoken": CSRF, "sessionid": session, "django_language": "pl"}
    probes = []
    stop = time.monotonic() + seconds
    with (
        httpx.Client(base_url=base, cookies=cookies, timeout=10) as signed_in,
        httpx.Client(base_url=base, timeout=10) as anonymous,
    ):
        while time.monotonic() < stop:
            for name, send in (
                ("editor page", lambda: signed_in.get(f"/oferty/{pk}/sekcja/IV/")),
                (
                    "autosave",
                    lambda: signed_in.post(
                        f"/oferty/{pk}/sekcja/IV/autozapis/",
                        data={"csrfmiddlewaretoken": CSRF, "base_revision": "0", "IV-experience": "x"},
                        headers={"HX-Request": "true", "Referer": base + f"/oferty/{pk}/sekcja/IV/"},
                    ),
                ),
                ("public /organizacje/ (may come from the page cache)", lambda: anonymous.get("/organizacje/")),
            ):
                started = time.monotonic()
                try:
                    response = send()
                    probes.append(
                        {
                            "probe": name,
                            "status": response.status_code,
                            "retry_after": response.headers.get("Retry-After"),
                            "page_503": "error-page__code" in response.text and "503" in response.text,
                            "seconds": round(time.monotonic() - started, 2),
                        }
                    )
                except httpx.HTTPError as error:
                    probes.append({"probe": name, "status": type(error).__name__})
            time.sleep(0.2)
    return probes


def drill_postgres_restart(tmp, pg):
    name = "postgres_restart"
    pg.create_database(name)
    env = environment(tmp, pg.url(name))
    fixtures = setup_site(env, tmp, rush=12)
    server, base = start_server(env, tmp)
    import httpx

    try:
        proc, out, acks = rush(env, base, fixtures, tmp, name, window=5)
        event_at = time.time()
        stopped = time.monotonic()
        pg.ctl("stop", "-m", "fast")
        probes = probe_outage(base, fixtures, OUTAGE_SECONDS)
        pg.ctl("start")
        outage_seconds = round(time.monotonic() - stopped, 1)
        proc.wait(timeout=300)
        # the app recovers without a restart: the next requests are answered
        answers = []
        for _ in range(6):
            try:
                answers.append(httpx.get(base + "/konkursy/", timeout=30).status_code)
            except httpx.HTTPError as error:
                answers.append(type(error).__name__)
        verification = prepare_call(env, "verify", str(fixtures), str(acks))
        load = json.loads(out.read_text())
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    statuses = sorted({int(code) for page in load["rush"]["pages"].values() for code in page["statuses"]})
    recovered = answers[-3:] == [200, 200, 200]
    signed_in = [p for p in probes if not p["probe"].startswith("public")]
    clean = all(p["status"] == 503 and p["retry_after"] and p["page_503"] for p in signed_in)
    no_500 = all(code < 500 or code == 503 for code in statuses) and all(
        p["status"] == 503 or (isinstance(p["status"], int) and p["status"] < 500) for p in probes
    )
    timing = overlap(load, event_at)
    ok = (
        timing["during_rush"]
        and signed_in
        and clean
        and no_500
        and recovered
        and not verification.get("problems")
        and "error" not in verification
    )
    return {
        "drill": name,
        "passed": bool(ok),
        "outage_seconds": outage_seconds,
        **timing,
        "errors_during_rush": sum(p["errors"] for p in load["rush"]["pages"].values()),
        "rush": load["rush"],
        "statuses_during_rush": statuses,
        "probes_during_outage": summarise_probes(probes),
        "outage_answered_503_with_retry_after": clean,
        "no_500": no_500,
        "answers_after_restart": answers,
        "recovered_without_app_restart": recovered,
        "verification": verification,
    }


def summarise_probes(probes):
    """{probe: {status: count}} and the slowest answer."""
    summary = {}
    for probe in probes:
        counts = summary.setdefault(probe["probe"], {})
        key = str(probe["status"]) + (" +Retry-After" if probe.get("retry_after") else "")
        counts[key] = counts.get(key, 0) + 1
    summary["slowest_s"] = max((p.get("seconds", 0) for p in probes), default=None)
    return summary


def drill_full_disk(tmp, pg=None):
    return full_disk.drill(tmp, environment=environment, setup_site=setup_site, start_server=start_server)


def run_pytest(env, label, targets):
    started = time.monotonic()
    workers = ["-n", "2"] if importlib.util.find_spec("xdist") else []
    done = subprocess.run(
        [PY, "-m", "pytest", *targets, "-q", "-p", "no:cacheprovider", *workers],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    lines = done.stdout.strip().splitlines()
    failures = [line for line in lines if line.startswith(("FAILED", "ERROR"))]
    return {
        "database": label,
        "exit": done.returncode,
        "summary": lines[-1] if lines else done.stderr[-500:],
        "failures": failures[:20],
        "seconds": round(time.monotonic() - started, 1),
    }


def drill_bad_input(tmp, pg=None):
    """tests/drills with every hostile value, on SQLite and (when there) the private PostgreSQL."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG")}
    env["WSPOLPRACA_DRILLS"] = "full"
    env["PYTHONPATH"] = str(ROOT)
    targets = ["tests/drills"]
    runs = [run_pytest(env, "SQLite", targets)]
    if pg is not None:  # pytest-django creates (and drops) test_bad_input there
        runs.append(run_pytest(dict(env, DATABASE_URL=pg.url("bad_input")), "PostgreSQL", targets))
    return {
        "drill": "bad_input",
        "passed": all(run["exit"] == 0 for run in runs),
        "tests": targets,
        "runs": runs,
    }


def markdown(report):
    lines = [
        f"# Failure drills {report['started_at']}",
        "",
        f"Machine: {report['machine']['cpus']} CPUs, load average at start {report['machine']['load_average_at_start']}. "
        "Tiny scale data, gunicorn with 2 workers (DEBUG off); kill_worker, postgres_restart and backup_restore on a private "
        "PostgreSQL instance (fsync off), full_disk on SQLite, bad_input on both (pytest).",
        "",
        "| drill | result | details |",
        "| --- | --- | --- |",
    ]
    for drill in report["drills"]:
        details = {k: v for k, v in drill.items() if k not in ("drill", "passed", "rush")}
        result = "passed" if drill.get("passed") else ("not run" if drill.get("not_run") else "FAILED")
        lines.append(f"| {drill['drill']} | {result} | `{json.dumps(details, ensure_ascii=False)}` |")
    return "\n".join(lines) + "\n"


CHECKSUMS = (
    "import json; from django.conf import settings; "
    "from wspolpraca.common.backup import record_checksums, file_checksums; "
    "print(json.dumps({'records': record_checksums(), 'files': file_checksums(settings.MEDIA_ROOT)}))"
)


def checksums(env):
    out = subprocess.run(
        [PY, "manage.py", "shell", "-c", CHECKSUMS], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def drill_backup_restore(tmp, pg):
    """`manage.py backup` of a site with data and uploaded files, then `manage.py restore` into an
    empty database and an empty MEDIA_ROOT, in both formats (pg_dump and JSON). `restore` checks
    the result against the archive's manifest itself; the drill also compares the checksums of
    every model's records and every file with the source site, computed independently."""
    started = time.monotonic()
    pg.create_database("backup_source")
    env = environment(tmp, pg.url("backup_source"))
    env["PATH"] = str(Path(pg_tool("pg_dump")).parent) + os.pathsep + env.get("PATH", "")
    media = Path(tmp) / "backup-media"
    env["MEDIA_ROOT"] = str(media)
    for args in (["migrate", "--noinput", "-v0"], ["seed_scale", "--size", "tiny"]):
        subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    uploads = {
        "private/offers/1/attachments/statut organizacji – ąęłśż.pdf": b"%PDF-1.4 " + os.urandom(40_000),
        "private/agreements/1/scan.pdf": b"%PDF-1.4 " + os.urandom(1_500_000),
        "public/organisations/logo.png": b"\x89PNG\r\n\x1a\n" + os.urandom(2_000),
        "private/empty.txt": b"",
    }
    for relative, content in uploads.items():
        path = media / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    source = checksums(env)
    formats = {}
    for fmt in ("pg", "json"):
        archive = Path(tmp) / f"backup-{fmt}.tar.gz"
        subprocess.run(
            [PY, "manage.py", "backup", "--format", fmt, "--output", str(archive)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        target = f"backup_restored_{fmt}"
        pg.create_database(target)
        restored_env = dict(env, DATABASE_URL=pg.url(target), MEDIA_ROOT=str(Path(tmp) / f"restored-media-{fmt}"))
        done = subprocess.run(
            [PY, "manage.py", "restore", str(archive)], cwd=ROOT, env=restored_env, capture_output=True, text=True
        )
        result = {"restore_exit": done.returncode, "archive_bytes": archive.stat().st_size}
        if done.returncode:
            result["error"] = (done.stderr or done.stdout).strip()[-800:]
        else:
            restored = checksums(restored_env)
            result["models"] = len(source["records"])
            result["records"] = sum(r["count"] for r in source["records"].values())
            result["files"] = len(source["files"])
            result["records_equal_to_source"] = restored["records"] == source["records"]
            result["files_equal_to_source"] = restored["files"] == source["files"]
        formats[fmt] = result
    passed = all(
        r["restore_exit"] == 0 and r.get("records_equal_to_source") and r.get("files_equal_to_source")
        for r in formats.values()
    )
    return {
        "drill": "backup_restore",
        "passed": passed,
        "formats": formats,
        "seconds": round(time.monotonic() - started, 1),
    }


def drill_api_fuzz(tmp, pg):
    """Schemathesis over the API (bench/drills/api_fuzz.py, written with the API)."""
    from bench.drills import api_fuzz

    return api_fuzz.drill(tmp, pg)


PG_DRILLS = {
    "kill_worker": drill_kill_worker,
    "postgres_restart": drill_postgres_restart,
    "backup_restore": drill_backup_restore,
    "api_fuzz": drill_api_fuzz,
}
OTHER_DRILLS = {"full_disk": drill_full_disk, "bad_input": drill_bad_input}


def run_drill(report, name, tmp, pg):
    drill = PG_DRILLS.get(name) or OTHER_DRILLS[name]
    try:
        report["drills"].append(drill(tmp, pg))
    except Exception as error:  # a drill that crashes is a failed drill, reported
        report["drills"].append({"drill": name, "passed": False, "error": repr(error)})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="kill_worker,postgres_restart,full_disk,backup_restore,bad_input,api_fuzz")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--smoke", action="store_true", help="CI: the full-disk drill only, nothing kept")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="wspolpraca-drills-")
    started_at = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H%M%SZ")
    report = {"started_at": started_at, "machine": machine(), "drills": []}
    names = ["full_disk"] if args.smoke else args.only.split(",")
    unknown = set(names) - set(PG_DRILLS) - set(OTHER_DRILLS)
    if unknown:
        parser.error(f"unknown drills: {', '.join(sorted(unknown))}")
    needs_pg = [n for n in names if n in PG_DRILLS or n == "bad_input"]
    pg = None
    if needs_pg and pg_tool("initdb") and pg_tool("pg_ctl"):
        pg = PrivatePostgres(tmp)
        pg.start_cluster()
    try:
        for name in names:
            if name in PG_DRILLS and pg is None:
                report["drills"].append({"drill": name, "passed": False, "not_run": "initdb/pg_ctl not found"})
                continue
            run_drill(report, name, tmp, pg)
    finally:
        if pg is not None:
            pg.stop()
    out = Path(tmp if args.smoke else args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"drills-{started_at}.json").write_text(json.dumps(report, indent=1))
    table = markdown(report)
    (out / f"drills-{started_at}.md").write_text(table)
    print(table)
    shutil.rmtree(tmp, ignore_errors=True)
    if any(not d.get("passed") and not d.get("not_run") for d in report["drills"]):
        raise SystemExit("a drill failed")


if __name__ == "__main__":
    main()
