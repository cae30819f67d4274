"""`make bench` / `make bench-smoke`: seed (if needed), serve with gunicorn, load, verify, report.

    python bench/run.py [--size plock|city] [--smoke] [--duration 20] [--users 50] [--rush 200]

Full mode: PostgreSQL at $PGHOST:$PGPORT (default 127.0.0.1:5432, user postgres, trust auth),
a dedicated database `bench_wspolpraca` (created when missing; the scale data are built once
and reused); gunicorn with the production settings (DEBUG off) plus bench/settings.py's query
counter and baseline view; the driver (bench/load.py) in a second process. Results go to
bench/results/<UTC time>-<size>.json and .md, and bench/results/latest.md.

Smoke mode (CI, seconds): a throw-away SQLite database with the `tiny` size, 2 s per scenario,
results into a temporary folder; fails when any request fails or a submission is lost.
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
TARGETS = {
    "public p95 ms (50 users)": 150,
    "public throughput vs baseline": 0.35,
    "rush p95 ms": 1000,
    "commission overview ms": 300,
    "offer PDF ms": 1500,
}


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


def markdown(report):
    lines = [
        f"# Benchmark {report['started_at']} — size `{report['size']}` on {report['database']}",
        "",
        f"Machine: {report['machine']['cpus']} CPUs ({report['machine']['cpu']}), {report['machine']['memory']}, "
        f"Python {report['machine']['python']}; load average at start {report['machine']['load_average_at_start']}. "
        f"{report['note']}",
        "",
        f"Server: gunicorn, {report['workers']} sync workers, DEBUG off; driver: bench/load.py (httpx, closed loop) "
        f"on the same machine. Scenarios ran {report['duration']} s each with {report['users']} users "
        f"(staff scenario: {max(1, report['users'] // 5)}).",
        "",
        "| scenario | page | requests | errors | p50 ms | p95 ms | p99 ms | req/s | vs baseline | queries | cached |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    base = report["results"]["baseline"]["pages"]["baseline"]["throughput_rps"] or 1
    per_page_share = {}
    for scenario, result in report["results"].items():
        pages = result["pages"]
        mix_size = len([p for p in pages if not p.endswith("(refused)")]) or 1
        for page, row in pages.items():
            ratio = ""
            if scenario in ("baseline", "public", "public-uncached"):
                # each page gets 1/n of the mix: compare the mix's total throughput with the baseline
                ratio = f"{row['throughput_rps'] * (1 if scenario == 'baseline' else mix_size) / base:.0%}"
                per_page_share[page] = ratio
            q = row["queries"]
            queries = "" if not q else (str(q["min"]) if q["min"] == q["max"] else f"{q['min']}–{q['max']}")
            cached = f"{row.get('cache_hits', 0) / row['requests']:.0%}" if scenario.startswith("public") else ""
            lines.append(
                f"| {scenario} | {page} | {row['requests']} | {row['errors']} | {row['p50_ms']} | {row['p95_ms']} "
                f"| {row['p99_ms']} | {row['throughput_rps']} | {ratio} | {queries} | {cached} |"
            )
    rush = report["results"]["rush"]
    api = any(page.startswith("API") for page in report["results"].get("public", {}).get("pages", {}))
    lines += [
        "",
        f"Deadline rush: {rush['representatives']} representatives, {rush['acknowledged']} submissions acknowledged; "
        f"verification: {json.dumps(report['rush_verification'])}. Receipts and offer PDFs are made by the task "
        f"worker (`manage.py db_worker`) beside the server; what it had not made when the load ended took "
        f"{report.get('tasks_drain_seconds', '?')} s more.",
        "",
        ("" if api else "Not applicable: the REST API list (no `/api/` yet). ")
        + "Not applicable: the annual report (the programme module does not exist yet).",
        "",
        "`public`: anonymous visitors, served stored pages when they can (common/public_cache.py; `cached` = the "
        "share of responses that were); `public-uncached`: the same mix with a unique query parameter on every "
        "request, so every page is rendered. `staff`: "
        f"{max(1, report['users'] // 5)} staff users at once; `staff-alone`: one at a time (the latency targets).",
        "",
        "`vs baseline` in the public mixes: the page's throughput × the number of pages in the mix ÷ the "
        "baseline's throughput at the same concurrency (each page gets an equal share of the mix).",
        "",
        "## Targets",
        "",
        "| target | measured | verdict |",
        "| --- | --- | --- |",
    ]
    for target, measured, met in verdicts(report):
        lines.append(f"| {target} | {measured} | {'met' if met else '**missed**'} |")
    return "\n".join(lines) + "\n"


def verdicts(report):
    """(target, measured, met) for each target of issue 5 that this run measured."""
    results = report["results"]
    out = []
    pages = [
        (scenario, page, row)
        for scenario, result in results.items()
        if scenario != "baseline"
        for page, row in result["pages"].items()
    ]
    worst = max(((row["queries"] or {}).get("max", 0), page) for _, page, row in pages)
    out.append(("queries per page ≤ 20", f"at most {worst[0]} ({worst[1]})", worst[0] <= 20))
    base = results["baseline"]["pages"]["baseline"]["throughput_rps"] or 1
    public = results.get("public", {}).get("pages", {})
    if public:
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
        [PY, "-m", "bench.prepare", "fixtures", str(fixtures), "--rush", str(args.rush)],
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
            "wspolpraca.wsgi",
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
    worker = subprocess.Popen(
        [PY, "manage.py", "db_worker", "--no-reload", "--interval", "0.5", "-v", "0"],
        cwd=ROOT,
        env=server_env,
        stdout=open(tmp / "worker.log", "w"),  # noqa: SIM115 - lives as long as the worker
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    started_at = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H%M%SZ")
    try:
        wait_for(f"http://127.0.0.1:{port}/__bench__/baseline/", server)
        load_out, acks = tmp / "load.json", tmp / "acks.json"
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
    failed = errors or rush_verification.get("problems") or "error" in rush_verification
    if args.smoke:
        if failed:
            raise SystemExit(f"bench smoke failed: {errors} errors, verification {rush_verification}; files in {tmp}")
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print(f"results: {stem}.json / .md (temporary files in {tmp})")


if __name__ == "__main__":
    main()
