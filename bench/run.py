"""`make bench` / `make bench-smoke`: seed (if needed), serve with gunicorn, load, verify, report.

    python bench/run.py [--size plock|city] [--smoke] [--duration 20] [--users 50] [--rush 200]

Full mode: PostgreSQL at $PGHOST:$PGPORT (default 127.0.0.1:5432, user postgres, trust auth),
a dedicated database `bench_wspolpraca` (created when missing; the scale data are built once
and reused); gunicorn with the production settings (DEBUG off) plus bench/settings.py's query
counter and baseline views (bench/wsgi.py); throughput and latency of every page with wrk
(bench/wrk.py, `--wrk-duration` seconds each, `--users` connections), then the flows that need
logic with the Python driver (bench/load.py): the deadline rush with staff at work during it, and
staff alone. Results go to bench/results/<UTC time>-<size>.json and .md, and bench/results/latest.md.

wrk is a system package (Debian `wrk`): installed with apt-get when missing (as root, or with
passwordless sudo); if it cannot be, the Python driver measures the pages as before and the
report says so.

Smoke mode (CI, seconds): a throw-away SQLite database with the `tiny` size, 1 s per page with
wrk and 2 s per scenario, results into a temporary folder; fails when any request fails or a
submission is lost.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PY = sys.executable
BENCH_PASSWORD = None  # sessions are minted by bench/prepare.py: nobody signs in with a password
WORKER_NICE = 10  # the task worker's niceness, as in the deployment's unit (docs/deploy/README.md)
TARGETS = {
    "public p95 ms (50 users)": 150,
    "public throughput vs baseline": 0.35,
    "rush p95 ms": 1000,
    "commission overview ms": 300,
    "offer PDF ms": 1500,
    # issue 17
    "baseline vs no middleware": 0.70,
    "public rendered vs baseline": 0.20,
    "grants register with filters rendered vs baseline": 0.15,
    "signed-in NGO pages vs baseline": 0.15,
    "signed-in NGO p95 ms (50 users)": 200,
    "staff p95 ms during the rush": 300,
    "staff max ms during the rush": 1000,
    "queries per page": 15,
}


def ensure_wrk():
    """wrk's path, installing the Debian package when it is missing (None if that is not possible)."""
    found = shutil.which("wrk")
    if found or not shutil.which("apt-get"):
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    print("installing wrk (Debian package)", file=sys.stderr)
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"],
    ):
        done = subprocess.run(
            [*sudo, *command], env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), capture_output=True, text=True
        )
        if done.returncode:
            print(f"could not install wrk: {done.stderr.strip()[-500:]}", file=sys.stderr)
            return None
    return shutil.which("wrk")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)


def psql(sql, pg):
    return subprocess.run(
        ["psql", "-h", pg["host"], "-p", pg["port"], "-U", pg["user"], "-d", "postgres", "-tAX", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def machine():
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": mem,
        "python": platform.python_version(),
        "system": platform.platform(),
        "load_average_at_start": os.getloadavg(),
    }


def redis_reachable(url):
    """True if Redis answers at `url`; its database is emptied for a clean run."""
    try:
        import redis

        connection = redis.Redis.from_url(url, socket_connect_timeout=2)
        connection.flushdb()
        return True
    except Exception:  # any failure means "no Redis"
        return False


def wait_for(url, proc, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer {url} within {seconds} s")


def _queries(row):
    q = row.get("queries")
    return "" if not q else (str(q["min"]) if q["min"] == q["max"] else f"{q['min']}–{q['max']}")


def wrk_table(report):
    rows = report.get("wrk") or []
    if not rows:
        return []
    lines = [
        "## Throughput and latency (wrk)",
        "",
        f"wrk {report.get('wrk_version', '')}: 2 threads, {report['users']} connections "
        f"({report.get('staff_connections')} for staff pages; the section save: one connection per "
        f"representative), {report.get('wrk_duration')} s per page, keep-alive, closed loop, on the same machine "
        "as the server. `vs baseline`: the page's requests/s ÷ the baseline view's (through the site's "
        "middleware) in this run. `rendered`: the public page cache is consulted but never serves "
        "(`X-Bench-Render`), so every request is rendered and stored again, as after any write. "
        "Queries and `stored`: one probe request after each page (`stored`: served from the page cache; "
        "a page that did not opt in to it is rendered in both rows).",
        "",
        "| page | kind | req/s | vs baseline | p50 ms | p90 ms | p95 ms | p99 ms | max ms | errors | queries | stored |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        probe = row.get("probe") or {}
        ratio = f"{row['vs_baseline']:.1%}"
        if "vs_no_middleware" in row:
            ratio += f" ({row['vs_no_middleware']:.1%} of no middleware)"
        queries = "" if probe.get("queries") is None else str(probe["queries"])
        stored = "" if not probe else ("yes" if probe.get("stored") else "no")
        lines.append(
            f"| {row['name']} | {row['kind']} | {row['throughput_rps']} | {ratio} | {row['p50_ms']} | "
            f"{row['p90_ms']} | {row['p95_ms']} | {row['p99_ms']} | {row['max_ms']} | {row['errors']} | "
            f"{queries} | {stored} |"
        )
    return [*lines, ""]


def markdown(report):
    lines = [
        f"# Benchmark {report['started_at']} — size `{report['size']}` on {report['database']}",
        "",
        f"Machine: {report['machine']['cpus']} CPUs ({report['machine']['cpu']}), {report['machine']['memory']}, "
        f"Python {report['machine']['python']}; load average at start {report['machine']['load_average_at_start']}. "
        f"{report['note']}",
        "",
        f"Server: gunicorn, {report['workers']} sync workers, DEBUG off (bench/wsgi.py, bench/settings.py); "
        "the task worker (`manage.py db_worker`) beside it.",
        "",
        *wrk_table(report),
        "## Flows (Python driver)",
        "",
        f"bench/load.py (httpx, closed loop) on the same machine. Scenarios ran {report['duration']} s each with "
        f"{report['users']} users (staff scenarios: {max(1, report['users'] // 5)}); `staff-rush`: the staff "
        "pages while the rush runs, for as long as it runs.",
        "",
        "| scenario | page | requests | errors | p50 ms | p95 ms | p99 ms | max ms | req/s | vs baseline | queries | cached |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    results = report["results"]
    base = results.get("baseline", {}).get("pages", {}).get("baseline", {}).get("throughput_rps") or 0
    for scenario, result in results.items():
        pages = result["pages"]
        mix_size = len([p for p in pages if not p.endswith("(refused)")]) or 1
        for page, row in pages.items():
            ratio = ""
            if base and scenario in ("baseline", "public", "public-uncached"):
                # each page gets 1/n of the mix: compare the mix's total throughput with the baseline
                ratio = f"{row['throughput_rps'] * (1 if scenario == 'baseline' else mix_size) / base:.0%}"
            cached = f"{row.get('cache_hits', 0) / row['requests']:.0%}" if scenario.startswith("public") else ""
            lines.append(
                f"| {scenario} | {page} | {row['requests']} | {row['errors']} | {row['p50_ms']} | {row['p95_ms']} "
                f"| {row['p99_ms']} | {row.get('max_ms', '')} | {row['throughput_rps']} | {ratio} | {_queries(row)} "
                f"| {cached} |"
            )
    rush = results["rush"]
    lines += [
        "",
        f"Deadline rush: {rush['representatives']} representatives, {rush['acknowledged']} submissions acknowledged; "
        f"verification: {json.dumps(report['rush_verification'])}. Receipts and offer PDFs are made by the task "
        f"worker (`manage.py db_worker`) beside the server; what it had not made when the load ended took "
        f"{report.get('tasks_drain_seconds', '?')} s more.",
        "",
        "Not applicable: the annual report (the programme module does not exist yet).",
        "",
    ]
    if report.get("profile"):
        lines += [
            f"Where the time of the slowest pages goes (queries, templates, Python; cProfile): `{report['profile']}`.",
            "",
        ]
    if not report.get("wrk"):
        lines += [
            "wrk was not available: the public pages and the baseline were measured by the Python driver "
            "(`public`: served stored pages when they can; `public-uncached`: a unique query parameter on every "
            "request). Its ceiling is the driver's, not the server's (issue 17).",
            "",
        ]
    lines += ["## Targets", "", "| target | measured | verdict |", "| --- | --- | --- |"]
    for target, measured, met in verdicts(report):
        lines.append(f"| {target} | {measured} | {'met' if met else '**missed**'} |")
    return "\n".join(lines) + "\n"


def verdicts(report):
    """(target, measured, met) for each target of issues 5 and 17 that this run measured."""
    results = report["results"]
    wrk = report.get("wrk") or []
    out = []
    counts = [
        ((row["queries"] or {}).get("max", 0), page)
        for scenario, result in results.items()
        if scenario != "baseline"
        for page, row in result["pages"].items()
    ]
    counts += [(row["probe"]["queries"] or 0, row["name"]) for row in wrk if row.get("probe")]
    worst = max(counts, default=(0, ""))
    out.append(("queries per page ≤ 15 (issue 17; issue 5: ≤ 20)", f"at most {worst[0]} ({worst[1]})", worst[0] <= 15))
    if wrk:
        base, bare = wrk[1], wrk[0]
        out.append(
            (
                "baseline view ≥ 70% of a view with no middleware",
                f"{base['vs_no_middleware']:.0%} ({base['throughput_rps']} / {bare['throughput_rps']} req/s)",
                base["vs_no_middleware"] >= 0.70,
            )
        )
        rendered = [r for r in wrk if r["kind"] == "public, rendered"]
        register = [r for r in rendered if r["name"].startswith(("results register", "API"))]
        others = [r for r in rendered if r not in register]
        if others:
            low = min(others, key=lambda r: r["vs_baseline"])
            out.append(
                (
                    "every public page rendered ≥ 20% of the baseline",
                    f"lowest {low['vs_baseline']:.1%} ({low['name']})",
                    low["vs_baseline"] >= 0.20,
                )
            )
        if register:
            low = min(register, key=lambda r: r["vs_baseline"])
            out.append(
                (
                    "grants register with filters rendered ≥ 15%",
                    f"lowest {low['vs_baseline']:.1%} ({low['name']})",
                    low["vs_baseline"] >= 0.15,
                )
            )
        cached = [r for r in wrk if r["kind"] == "public, cached" and (r.get("probe") or {}).get("stored")]
        if cached:
            low = min(cached, key=lambda r: r["vs_baseline"])
            out.append(
                (
                    "public pages from the cache ≥ 35% of the baseline (issue 5)",
                    f"lowest {low['vs_baseline']:.1%} ({low['name']})",
                    low["vs_baseline"] >= 0.35,
                )
            )
        ngo = [r for r in wrk if r["kind"] == "signed-in NGO"]
        if ngo:
            low = min(ngo, key=lambda r: r["vs_baseline"])
            slow = max(ngo, key=lambda r: r["p95_ms"])
            out.append(
                (
                    "signed-in NGO pages ≥ 15% of the baseline",
                    f"lowest {low['vs_baseline']:.1%} ({low['name']})",
                    low["vs_baseline"] >= 0.15,
                )
            )
            out.append(
                (
                    f"signed-in NGO pages p95 ≤ 200 ms at {report['users']} connections",
                    f"worst {slow['p95_ms']} ms ({slow['name']})",
                    slow["p95_ms"] <= 200,
                )
            )
        errors = sum(r["errors"] for r in wrk)
        out.append(("no errors under wrk", f"{errors}", not errors))
    base = results.get("baseline", {}).get("pages", {}).get("baseline", {}).get("throughput_rps") or 0
    public = results.get("public", {}).get("pages", {})
    if public and base:
        p95 = max((row["p95_ms"], page) for page, row in public.items())
        out.append((f"public p95 ≤ 150 ms at {report['users']} users", f"worst {p95[0]} ms ({p95[1]})", p95[0] <= 150))
        share = sum(row["throughput_rps"] for row in public.values()) / base
        out.append(("public throughput ≥ 35% of the baseline", f"{share:.0%}", share >= 0.35))
    rush = results.get("rush")
    if rush:
        errors = sum(row["errors"] for row in rush["pages"].values())
        verification = report["rush_verification"]
        lost = rush["representatives"] - rush["acknowledged"]
        p95 = max(row["p95_ms"] for row in rush["pages"].values())
        out.append(
            (
                f"rush of {rush['representatives']}: no errors, nothing lost, p95 ≤ 1 s",
                f"{errors} errors, {lost} not acknowledged, problems {len(verification.get('problems', [1]))}, "
                f"worst p95 {p95} ms",
                not errors
                and not lost
                and not verification.get("problems")
                and "error" not in verification
                and p95 <= 1000,
            )
        )
    during = results.get("staff-rush", {}).get("pages", {})
    if during:
        pages = {p: r for p, r in during.items() if not p.startswith("offer PDF")}
        if pages:
            p95 = max((row["p95_ms"], page) for page, row in pages.items())
            slowest = max((row.get("max_ms", 0), page) for page, row in pages.items())
            out.append(
                (
                    "staff pages during the rush: p95 ≤ 300 ms, none over 1 s",
                    f"worst p95 {p95[0]} ms ({p95[1]}), slowest {slowest[0]} ms ({slowest[1]})",
                    p95[0] <= 300 and slowest[0] <= 1000,
                )
            )
    alone = results.get("staff-alone", {}).get("pages", {})
    for prefix, limit, label in (
        ("commission overview", 300, "score overview ≤ 300 ms"),
        ("offer PDF", 1500, "offer PDF ≤ 1.5 s"),
    ):
        for page, row in alone.items():
            if page.startswith(prefix):
                out.append(
                    (f"{label} (p95, one user)", f"{row['p95_ms']} ms (p50 {row['p50_ms']})", row["p95_ms"] <= limit)
                )
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default=os.environ.get("BENCH_SIZE", "plock"))
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rush", type=int, default=200)
    parser.add_argument("--window", type=float, default=60)
    parser.add_argument("--workers", type=int, default=max(2, 2 * (os.cpu_count() or 1)))
    parser.add_argument("--wrk-duration", type=float, default=10, help="seconds per page under wrk")
    parser.add_argument("--staff-connections", type=int, default=10, help="wrk connections on staff pages")
    parser.add_argument("--editors", type=int, default=None, help="representatives saving sections under wrk")
    parser.add_argument(
        "--profile-requests", type=int, default=None, help="cProfile of the slowest pages (200; smoke: none); 0: none"
    )
    parser.add_argument("--note", default="Measured on a shared machine: other processes were using the CPUs.")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="wspolpraca-bench-"))
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "REDIS_URL", "EMAIL_URL", "MEDIA_ROOT")
    }
    env.update(
        {
            "SECRET_KEY": "bench-" + os.urandom(24).hex(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "EMAIL_URL": "dummy://",
            "AXES_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
            # every virtual user comes from 127.0.0.1: the API's per-address limit would refuse them
            "API_THROTTLE_RATE": "off",
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "PYTHONPATH": str(ROOT),
            # as in production: receipts and offer PDFs are made by the task worker, not the request
            "TASKS_BACKEND": "database",
        }
    )
    if args.smoke:
        args.size, args.duration, args.users, args.rush, args.window = "tiny", 2, 4, 4, 1
        args.wrk_duration, args.staff_connections, args.editors = 1, 2, 4
        args.profile_requests = args.profile_requests or 0
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
        out_dir = tmp
    else:
        pg = {
            "host": os.environ.get("PGHOST", "127.0.0.1"),
            "port": os.environ.get("PGPORT", "5432"),
            "user": os.environ.get("PGUSER", "postgres"),
        }
        name = f"bench_wspolpraca{'' if args.size == 'plock' else '_' + args.size}"
        if not psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'", pg):
            psql(f'CREATE DATABASE "{name}"', pg)
        env["DATABASE_URL"] = f"postgres://{pg['user']}@{pg['host']}:{pg['port']}/{name}"
        env["DB_CONN_MAX_AGE"] = "60"
        # The production setup has Redis (cache, sessions, the public page cache shared by workers).
        redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
        if redis_reachable(redis_url):
            env["REDIS_URL"] = redis_url
        else:
            print(f"Redis at {redis_url} does not answer: each worker caches on its own", file=sys.stderr)
        out_dir = RESULTS
    out_dir.mkdir(parents=True, exist_ok=True)
    if args.profile_requests is None:
        args.profile_requests = 200

    # Setup commands run with DEBUG on only where needed; the server runs with DEBUG off.
    setup_env = dict(env, DJANGO_SETTINGS_MODULE="bench.settings", DEBUG="false")
    manage(setup_env, "migrate", "--noinput", "-v0")
    seeded = (
        subprocess.run(
            [
                PY,
                "manage.py",
                "shell",
                "-c",
                "from wspolpraca.demo.scale import scale_data_present as p; print(p())",
            ],
            cwd=ROOT,
            env=setup_env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .endswith("True")
    )
    seed_report = None
    if not seeded:
        seed_json = out_dir / f"seed-{args.size}.json"
        manage(setup_env, "seed_scale", "--size", args.size, "--json", str(seed_json))
        seed_report = json.loads(seed_json.read_text())
    manage(setup_env, "collectstatic", "--noinput", "-v0")
    fixtures = tmp / "fixtures.json"
    subprocess.run(
        [PY, "-m", "bench.prepare", "fixtures", str(fixtures), "--rush", str(args.rush)]
        + ([] if args.editors is None else ["--editors", str(args.editors)]),
        cwd=ROOT,
        env=setup_env,
        check=True,
    )

    port = free_port()
    server_env = dict(env, DJANGO_SETTINGS_MODULE="bench.settings", DEBUG="false")
    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "bench.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
            "--env",
            "DJANGO_SETTINGS_MODULE=bench.settings",
        ],
        cwd=ROOT,
        env=server_env,
        stdout=open(tmp / "gunicorn.log", "w"),  # noqa: SIM115 - lives as long as the server
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    # As deployed (docs/deploy/README.md, the worker's unit has Nice=10): the receipts' PDFs yield the
    # CPU to the people waiting for a page.
    worker = subprocess.Popen(
        ["nice", "-n", str(WORKER_NICE), PY, "manage.py", "db_worker", "--no-reload", "--interval", "0.5", "-v", "0"],
        cwd=ROOT,
        env=server_env,
        stdout=open(tmp / "worker.log", "w"),  # noqa: SIM115 - lives as long as the worker
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    started_at = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H%M%SZ")
    wrk = ensure_wrk()
    wrk_rows, wrk_version = None, None
    try:
        wait_for(f"http://127.0.0.1:{port}/__bench__/baseline/", server)
        wait_for(f"http://127.0.0.1:{port}/__bench__/bare/", server)
        load_out, acks, wrk_out = tmp / "load.json", tmp / "acks.json", tmp / "wrk.json"
        if wrk:
            wrk_version = subprocess.run([wrk, "--version"], capture_output=True, text=True).stdout.split(" [")[0]
            subprocess.run(
                [
                    PY,
                    "-m",
                    "bench.wrk",
                    "--base",
                    f"http://127.0.0.1:{port}",
                    "--fixtures",
                    str(fixtures),
                    "--out",
                    str(wrk_out),
                    "--duration",
                    str(args.wrk_duration),
                    "--connections",
                    str(args.users),
                    "--staff-connections",
                    str(args.staff_connections),
                    "--warmup",
                    "0" if args.smoke else "2",
                ],
                cwd=ROOT,
                env=dict(env, PYTHONPATH=str(ROOT)),
                check=True,
            )
            wrk_rows = json.loads(wrk_out.read_text())
        subprocess.run(
            [
                PY,
                "-m",
                "bench.load",
                "--base",
                f"http://127.0.0.1:{port}",
                "--fixtures",
                str(fixtures),
                "--out",
                str(load_out),
                "--acks",
                str(acks),
                "--duration",
                str(args.duration),
                "--users",
                str(args.users),
                "--rush",
                str(args.rush),
                "--window",
                str(args.window),
                # with wrk, the Python driver keeps the flows that need logic
                *(["--only", "rush,staff-rush,staff-alone"] if wrk else []),
            ],
            cwd=ROOT,
            env=dict(env, PYTHONPATH=str(ROOT)),
            check=True,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
    # What the worker had not made yet when the load ended (the rush's receipts and PDFs).
    drain_started = time.monotonic()
    manage(setup_env, "db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v", "0")
    tasks_drain_seconds = round(time.monotonic() - drain_started, 1)
    verification = subprocess.run(
        [PY, "-m", "bench.prepare", "verify", str(fixtures), str(acks)],
        cwd=ROOT,
        env=setup_env,
        capture_output=True,
        text=True,
    )
    rush_verification = (
        json.loads(verification.stdout.strip().splitlines()[-1])
        if verification.stdout.strip()
        else {"error": verification.stderr[-2000:]}
    )
    profile = None
    if args.profile_requests:
        # in-process, with the server stopped: where the time of the slowest pages goes
        profile = out_dir / f"profile-{started_at}-{args.size}.md"
        done = subprocess.run(
            [PY, "-m", "bench.profile", "--fixtures", str(fixtures), "--requests", str(args.profile_requests)]
            + ["--out", str(profile)],
            cwd=ROOT,
            env=dict(setup_env, PYTHONPATH=str(ROOT)),
            stdout=subprocess.DEVNULL,
        )
        if done.returncode:  # the measurements above stand without it
            print(f"the profile failed (exit {done.returncode}); no profile in this report", file=sys.stderr)
            profile = None
    vendor = "SQLite" if args.smoke else "PostgreSQL"
    report = {
        "started_at": started_at,
        "size": args.size,
        "database": vendor,
        "smoke": args.smoke,
        "workers": args.workers,
        "duration": args.duration,
        "users": args.users,
        "machine": machine(),
        "note": args.note,
        "seed": seed_report,
        "results": json.loads(load_out.read_text()),
        "wrk": wrk_rows,
        "wrk_version": wrk_version,
        "wrk_duration": args.wrk_duration,
        "staff_connections": args.staff_connections,
        "profile": profile.name if profile else None,
        "rush_verification": rush_verification,
        "tasks_drain_seconds": tasks_drain_seconds,
        "targets": TARGETS,
    }
    stem = out_dir / f"{started_at}-{args.size}"
    stem.with_suffix(".json").write_text(json.dumps(report, indent=1))
    table = markdown(report)
    stem.with_suffix(".md").write_text(table)
    if not args.smoke:
        (RESULTS / "latest.md").write_text(table)
    print(table)
    errors = sum(row["errors"] for r in report["results"].values() for row in r["pages"].values())
    errors += sum(row["errors"] for row in wrk_rows or [])
    failed = errors or rush_verification.get("problems") or "error" in rush_verification
    if args.smoke:
        if failed:
            raise SystemExit(f"bench smoke failed: {errors} errors, verification {rush_verification}; files in {tmp}")
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print(f"results: {stem}.json / .md (temporary files in {tmp})")


if __name__ == "__main__":
    main()
