"""Throughput and latency with wrk (issue 17): a compiled load generator instead of a Python loop.

    python -m bench.wrk --base http://127.0.0.1:8765 --fixtures F.json --out wrk.json
                        [--duration 10] [--connections 50] [--staff-connections 10] [--threads 2]

Every page is measured on its own for `--duration` seconds with `--connections` connections shared
by `--threads` threads (closed loop, keep-alive), in this order: the baseline view with no
middleware (`/__bench__/bare/`, bench/wsgi.py), the baseline view through the site's middleware,
each public page served from the page cache and rendered (`X-Bench-Render: 1`, bench/middleware.py),
the signed-in pages of an NGO representative (offers list, the offer editor, a call page, a section
save), and the staff pages (officer's work list, calls, a call's offers; the commission's overview).

A Lua script per page gives wrk the requests (one or a rotation of paths, with the session and
CSRF cookies of the person) and prints the results as JSON from wrk's `done` hook: requests,
seconds, errors (connect, read, write, timeouts, statuses ≥ 400), latency percentiles. The section
save runs one connection per wrk thread, each thread a representative with an offer of their own:
its `response` hook reads the new base revision from the answer (as the editor's htmx does), so every
save is a real save, never a conflict (a conflict is counted as an error). Before each page one
request warms it up (a page that may be stored is stored then); one after it, with
`X-Bench-Queries: 1`, gives its status, query count and whether it was served stored.
"""

import argparse
import json
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

CSRF = "b" * 32  # a CSRF secret Django accepts as the cookie and as the token

DONE = r"""
threads = {}
local counter = 0
setup = function(thread)
  counter = counter + 1
  thread:set("n", counter)
  table.insert(threads, thread)
end
done = function(summary, latency, requests)
  local conflicts = 0
  for _, t in ipairs(threads) do conflicts = conflicts + (t:get("conflicts") or 0) end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, "write": %d, '
    .. '"status": %d, "timeout": %d, "conflicts": %d, "p50_us": %d, "p90_us": %d, "p95_us": %d, '
    .. '"p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    conflicts, latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean))
end
"""

ROTATION = r"""
local requests = {}
init = function(args)
  for i, r in ipairs(REQUESTS) do
    requests[i] = wrk.format(r[1], r[2], r[3], r[4])
  end
  idx = n or 0
end
request = function()
  idx = idx % #requests + 1
  return requests[idx]
end
"""

# One connection per thread; thread n is editor n: its own session, offer and revision.
SAVES = r"""
init = function(args)
  local e = EDITORS[(n - 1) % #EDITORS + 1]
  path, cookie, revision, k, conflicts = e[1], e[2], e[3], 0, 0
end
request = function()
  k = k + 1
  local body = "csrfmiddlewaretoken=" .. CSRF .. "&base_revision=" .. revision
    .. "&IV-experience=Do%C5%9Bwiadczenie+zespo%C5%82u%2C+wersja+" .. n .. "-" .. k
    .. "&IV-resources=Zesp%C3%B3%C5%82+i+sprz%C4%99t."
  return wrk.format("POST", path, {
    ["Cookie"] = cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["HX-Request"] = "true",
    ["X-CSRFToken"] = CSRF,
  }, body)
end
response = function(status, headers, body)
  local r = body:match('name="base_revision" value="(%d+)"')
  if r then revision = r else conflicts = conflicts + 1 end
end
"""


def lua_string(value):
    return json.dumps(value, ensure_ascii=False)  # a JSON string literal is a valid Lua one here


def lua_table(rows):
    def cell(value):
        if value is None:
            return "nil"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, dict):
            return "{" + ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in value.items()) + "}"
        return lua_string(value)

    return "{\n" + ",\n".join("  {" + ", ".join(cell(v) for v in row) + "}" for row in rows) + "\n}"


def cookie_header(session=None):
    cookies = [f"csrftoken={CSRF}", "django_language=pl"]
    if session:
        cookies.append(f"sessionid={session}")
    return "; ".join(cookies)


def executable():
    return shutil.which("wrk")


def probe(base, path, headers):
    """One request as a visitor of this kind would send it: status, queries, served stored or not."""
    request = urllib.request.Request(base + path, headers={**headers, "X-Bench-Queries": "1"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            status, got = response.status, response.headers
    except urllib.error.HTTPError as error:
        status, got = error.code, error.headers
    queries = got.get("X-Bench-Queries")
    return {
        "status": status,
        "queries": int(queries) if queries is not None else None,
        "stored": got.get("X-Public-Cache") == "hit",
    }


def run_wrk(base, script, *, duration, connections, threads, timeout=10):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
    try:
        completed = subprocess.run(
            [
                executable(),
                "-t",
                str(threads),
                "-c",
                str(connections),
                "-d",
                f"{max(1, round(duration))}s",
                "--timeout",
                f"{timeout}s",
                "-s",
                fh.name,
                base + "/",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        Path(fh.name).unlink()
    line = next((li for li in completed.stdout.splitlines() if li.startswith("WRK_JSON ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result:\n{completed.stdout}\n{completed.stderr}")
    raw = json.loads(line.removeprefix("WRK_JSON "))
    seconds = raw["duration_us"] / 1e6
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["status"] + raw["timeout"] + raw["conflicts"]
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 2),
        "throughput_rps": round(raw["requests"] / seconds, 1) if seconds else 0,
        "errors": errors,
        "error_detail": {k: raw[k] for k in ("connect", "read", "write", "status", "timeout", "conflicts") if raw[k]},
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p90_ms": round(raw["p90_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "max_ms": round(raw["max_us"] / 1000, 1),
        "connections": connections,
    }


WARMUP = {"seconds": 0}  # seconds of unrecorded load before each page (every worker renders it once)


def get_page(base, name, kind, paths, *, session=None, extra=None, connections, duration, threads):
    headers = {"Cookie": cookie_header(session), **(extra or {})}
    requests = [("GET", path, headers, None) for path in paths]
    return measured(base, name, kind, requests, connections=connections, duration=duration, threads=threads)


def measured(base, name, kind, requests, *, connections, duration, threads):
    probe(base, requests[0][1], requests[0][2])  # the first visit: a stored page is stored now
    script = f"REQUESTS = {lua_table(requests)}\n" + DONE + ROTATION
    if WARMUP["seconds"]:
        run_wrk(base, script, duration=WARMUP["seconds"], connections=connections, threads=threads)
    row = run_wrk(base, script, duration=duration, connections=connections, threads=threads)
    # what a visit like those measured costs: its queries, and whether it was served stored
    row.update(name=name, kind=kind, probe=probe(base, requests[0][1], requests[0][2]))
    return row


def section_saves(base, editors, *, connections, duration):
    rows = [(e["url"], cookie_header(e["session"]), e["revision"]) for e in editors[:connections]]
    script = f"CSRF = {lua_string(CSRF)}\nEDITORS = {lua_table(rows)}\n" + DONE + SAVES
    # one connection per thread: each thread saves its own offer, one save after the other
    n = len(rows)
    row = run_wrk(base, script, duration=duration, connections=n, threads=n)
    row.update(name="section save (autosave, POST)", kind="signed-in NGO", probe=None)
    return row


def measure(base, fixtures, *, duration, connections, staff_connections, threads=2):
    rows = []

    def page(name, kind, paths, **kwargs):
        kwargs.setdefault("connections", connections)
        rows.append(get_page(base, name, kind, paths, duration=duration, threads=threads, **kwargs))

    page("Django view, no middleware", "reference", ["/__bench__/bare/"])
    page("baseline view (site middleware)", "reference", ["/__bench__/baseline/"])
    public = fixtures["public"]
    pages = [
        ("home /", ["/"]),
        ("calls /konkursy/", ["/konkursy/"]),
        ("call detail", public["call_urls"]),
        ("results register /wyniki/ (filters)", public["register_urls"]),
        ("directory /organizacje/", ["/organizacje/"]),
    ]
    if public.get("organisation_urls"):
        pages.append(("organisation page", public["organisation_urls"]))
    if public.get("api_urls"):
        pages.append(("API lists /api/v1/", public["api_urls"]))
    for name, paths in pages:
        page(name, "public, cached", paths)
        page(name, "public, rendered", paths, extra={"X-Bench-Render": "1"})
    ngo = fixtures.get("ngo")
    if ngo:
        page("NGO: my offers /oferty/", "signed-in NGO", [ngo["offers"]], session=ngo["session"])
        rows.append(editor_pages(base, fixtures["editors"], duration, connections, threads))
        page("NGO: call page, signed in", "signed-in NGO", [ngo["call"]], session=ngo["session"])
        rows.append(section_saves(base, fixtures["editors"], connections=connections, duration=duration))
    officer, commission = fixtures["officer"], fixtures["commission"]
    for url in officer["urls"]:
        page(f"officer {url}", "staff", [url], session=officer["session"], connections=staff_connections)
    page(
        f"commission overview ({fixtures['big_call_offers']} offers)",
        "staff",
        [commission["overview"]],
        session=commission["session"],
        connections=staff_connections,
    )
    base_rps = rows[1]["throughput_rps"] or 1
    for row in rows:
        row["vs_baseline"] = round(row["throughput_rps"] / base_rps, 3)
    rows[1]["vs_no_middleware"] = round(base_rps / (rows[0]["throughput_rps"] or 1), 3)
    return rows


def editor_pages(base, editors, duration, connections, threads):
    """The editor of section IV, each request by the representative whose offer it is."""
    requests = [("GET", e["editor"], {"Cookie": cookie_header(e["session"])}, None) for e in editors]
    return measured(
        base,
        "NGO: offer editor (section IV)",
        "signed-in NGO",
        requests,
        connections=connections,
        duration=duration,
        threads=threads,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--staff-connections", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=float, default=2, help="unrecorded seconds of load before each page")
    args = parser.parse_args()
    if not executable():
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    with open(args.fixtures, encoding="utf-8") as fh:
        fixtures = json.load(fh)
    WARMUP["seconds"] = args.warmup
    rows = measure(
        args.base.rstrip("/"),
        fixtures,
        duration=args.duration,
        connections=args.connections,
        staff_connections=args.staff_connections,
        threads=args.threads,
    )
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(rows, fh, indent=1)


if __name__ == "__main__":
    main()
