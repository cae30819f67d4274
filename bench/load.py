"""The load driver: a bounded async client (httpx) that runs the scenarios of issue 5 against a
running server and reports latency percentiles, throughput, errors and queries per page.

    python -m bench.load --base http://127.0.0.1:8765 --fixtures F.json --out results.json
                         [--duration 20] [--users 50] [--rush 200] [--smoke]

Each scenario runs for a fixed time with a fixed number of concurrent virtual users, each
sending its next request as soon as the previous one is answered (closed loop). Stdlib and
httpx only; no Django here (the driver is a separate process from the server).
"""

import argparse
import asyncio
import json
import random
import secrets
import statistics
import time
from collections import defaultdict

import httpx

CSRF = secrets.token_hex(16)  # 32 characters: a CSRF secret Django accepts as cookie and as token


class Stats:
    def __init__(self):
        self.latencies = defaultdict(list)
        self.errors = defaultdict(int)
        self.queries = defaultdict(list)
        self.statuses = defaultdict(lambda: defaultdict(int))
        self.cache_hits = defaultdict(int)
        self.started = time.monotonic()
        self.started_unix = time.time()
        self.finished = None

    def record(self, name, seconds, response, ok):
        self.latencies[name].append(seconds)
        if response is not None:
            self.statuses[name][response.status_code] += 1
            if response.headers.get("X-Public-Cache") == "hit":
                self.cache_hits[name] += 1
            queries = response.headers.get("X-Bench-Queries")
            if queries is not None:
                self.queries[name].append(int(queries))
        if not ok:
            self.errors[name] += 1

    def summary(self):
        elapsed = (self.finished or time.monotonic()) - self.started
        pages = {}
        for name, values in sorted(self.latencies.items()):
            ordered = sorted(values)

            def pct(p, ordered=ordered):
                return round(1000 * ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 1)

            queries = self.queries.get(name) or []
            pages[name] = {
                "requests": len(values),
                "errors": self.errors.get(name, 0),
                "statuses": dict(self.statuses[name]),
                "p50_ms": pct(50),
                "p95_ms": pct(95),
                "p99_ms": pct(99),
                "max_ms": round(1000 * ordered[-1], 1),
                "mean_ms": round(1000 * statistics.fmean(values), 1),
                "throughput_rps": round(len(values) / elapsed, 1) if elapsed else None,
                "queries": {"min": min(queries), "max": max(queries)} if queries else None,
                "cache_hits": self.cache_hits.get(name, 0),
            }
        return {
            "seconds": round(elapsed, 1),
            "started_unix": round(self.started_unix, 3),
            "finished_unix": round(self.started_unix + elapsed, 3),
            "pages": pages,
        }


async def timed(stats, name, client, method, url, *, ok_statuses=(200,), **kwargs):
    start = time.monotonic()
    response = None
    try:
        response = await client.request(method, url, **kwargs)
        ok = response.status_code in ok_statuses
        await response.aread()
    except httpx.HTTPError:
        ok = False
    stats.record(name, time.monotonic() - start, response, ok)
    return response if ok else None


async def closed_loop(users, duration, make_request, until=None):
    """`users` concurrent loops, each sending its next request when the previous is answered;
    for `duration` seconds, or until the task `until` is done."""
    stop = time.monotonic() + duration

    async def user(n):
        rng = random.Random(n)
        while time.monotonic() < stop and not (until is not None and until.done()):
            await make_request(rng)

    await asyncio.gather(*(user(n) for n in range(users)))


def client(base, session=None, users=50):
    cookies = {"csrftoken": CSRF, "django_language": "pl"}
    if session:
        cookies["sessionid"] = session
    return httpx.AsyncClient(
        base_url=base,
        cookies=cookies,
        headers={"X-Bench-Queries": "1"},  # bench/middleware.py counts the queries of this request
        timeout=60,
        follow_redirects=False,
        limits=httpx.Limits(max_connections=users, max_keepalive_connections=users),
    )


async def scenario_baseline(base, duration, users):
    stats = Stats()
    async with client(base, users=users) as c:
        await closed_loop(users, duration, lambda rng: timed(stats, "baseline", c, "GET", "/__bench__/baseline/"))
    stats.finished = time.monotonic()
    return stats.summary()


async def scenario_public(base, fixtures, duration, users, cold=False):
    """The public mix: home, calls list and detail, results register with filters, directory, the
    API's lists. Anonymous visitors get stored pages (common/public_cache.py); `cold` adds a
    unique query parameter to every request, so each one misses the cache and is rendered."""
    stats = Stats()
    public = fixtures["public"]
    mix = [
        ("home /", lambda rng: "/"),
        ("calls /konkursy/", lambda rng: "/konkursy/"),
        ("call detail", lambda rng: rng.choice(public["call_urls"])),
        ("results register /wyniki/ (filters)", lambda rng: rng.choice(public["register_urls"])),
        ("directory /organizacje/", lambda rng: "/organizacje/"),
    ]
    if public.get("api_urls"):
        mix.append(("API lists /api/v1/", lambda rng: rng.choice(public["api_urls"])))
    counter = iter(range(10**9))
    async with client(base, users=users) as c:

        async def one(rng):
            name, url = rng.choice(mix)
            url = url(rng)
            if cold:
                url += f"{'&' if '?' in url else '?'}cold={next(counter)}"
            await timed(stats, name, c, "GET", url)

        await closed_loop(users, duration, one)
    stats.finished = time.monotonic()
    return stats.summary()


async def scenario_rush(base, fixtures, saves, acks, window, started_file=None):
    """Deadline rush: every representative opens the editor, autosaves section IV `saves` times and
    submits, all starting within `window` seconds. Acknowledged submissions are kept for verify."""
    stats = Stats()
    rush = fixtures["rush"]
    if started_file:
        with open(started_file, "w") as fh:  # the drills time their failure from here
            fh.write(str(time.time()))

    async def representative(n, entry):
        await asyncio.sleep(random.Random(n).uniform(0, window))
        async with client(base, entry["session"], users=2) as c:
            pk, revision = entry["offer"], entry["revision"]
            await timed(stats, "rush: editor page", c, "GET", f"/oferty/{pk}/sekcja/IV/")
            for k in range(saves):
                data = {
                    "csrfmiddlewaretoken": CSRF,
                    "base_revision": str(revision),
                    "IV-experience": f"Doświadczenie, wersja {k + 1}: {secrets.token_hex(8)}",
                    "IV-resources": "Zespół i sprzęt.",
                }
                response = await timed(
                    stats,
                    "rush: autosave",
                    c,
                    "POST",
                    f"/oferty/{pk}/sekcja/IV/autozapis/",
                    data=data,
                    headers={"HX-Request": "true", "Referer": base + f"/oferty/{pk}/sekcja/IV/"},
                )
                if response is not None:
                    text = response.text
                    if "offer-status--warning" in text:  # a conflict: the save was not applied
                        stats.errors["rush: autosave"] += 1
                    if "base_revision" in text:
                        marker = text.split('name="base_revision"', 1)[1]
                        value = marker.split('value="', 1)[1].split('"', 1)[0]
                        revision = int(value) if value.isdigit() else revision + 1
                    else:
                        revision += 1
            response = await timed(
                stats,
                "rush: submit",
                c,
                "POST",
                f"/oferty/{pk}/zloz/",
                ok_statuses=(302,),
                data={"csrfmiddlewaretoken": CSRF},
                headers={"Referer": base + f"/oferty/{pk}/zloz/"},
            )
            if response is not None and "/wersje/" in response.headers.get("location", ""):
                acks.append({"offer": pk})
            elif response is not None:
                stats.errors["rush: submit (refused)"] += 1

    await asyncio.gather(*(representative(n, entry) for n, entry in enumerate(rush)))
    stats.finished = time.monotonic()
    return stats.summary()


async def scenario_staff(base, fixtures, duration, users, until=None):
    """Officer work lists and the commission's overview of the large call; offer PDFs. With `until`
    (the rush): until the rush is over."""
    stats = Stats()
    officer, commission, pdf = fixtures["officer"], fixtures["commission"], fixtures["pdf"]
    async with (
        client(base, officer["session"], users) as oc,
        client(base, commission["session"], users) as cc,
        client(base, pdf["session"], users) as pc,
    ):
        mix = [(f"officer {url}", oc, url) for url in officer["urls"]]
        mix.append((f"commission overview ({fixtures['big_call_offers']} offers)", cc, commission["overview"]))
        mix.append(("offer PDF", pc, pdf["url"]))

        async def one(rng):
            name, c, url = rng.choice(mix)
            await timed(stats, name, c, "GET", url)

        await closed_loop(users, duration, one, until)
    stats.finished = time.monotonic()
    return stats.summary()


async def main(args):
    with open(args.fixtures, encoding="utf-8") as fh:
        fixtures = json.load(fh)
    results = {}
    only = (
        set(args.only.split(","))
        if args.only
        else {"baseline", "public", "public-uncached", "rush", "staff-rush", "staff", "staff-alone"}
    )
    if "baseline" in only:
        results["baseline"] = await scenario_baseline(args.base, args.duration, args.users)
    if "public" in only:
        results["public"] = await scenario_public(args.base, fixtures, args.duration, args.users)
    if "public-uncached" in only:
        results["public-uncached"] = await scenario_public(args.base, fixtures, args.duration, args.users, cold=True)
    acks = []
    if "rush" in only:
        fixtures["rush"] = fixtures["rush"][: args.rush]
        rush = asyncio.create_task(scenario_rush(args.base, fixtures, args.saves, acks, args.window, args.started_file))
        staff = None
        if "staff-rush" in only:  # staff at work while the rush (and the task worker) run
            staff = asyncio.create_task(
                scenario_staff(args.base, fixtures, args.window + 3600, max(1, args.users // 5), until=rush)
            )
        results["rush"] = await rush
        if staff is not None:
            results["staff-rush"] = await staff
        results["rush"]["representatives"] = len(fixtures["rush"])
        results["rush"]["acknowledged"] = len(acks)
    if "staff" in only:
        results["staff"] = await scenario_staff(args.base, fixtures, args.duration, max(1, args.users // 5))
    if "staff-alone" in only:  # one person at a time: the latency targets of the overview and the PDF
        results["staff-alone"] = await scenario_staff(args.base, fixtures, args.duration, 1)
    with open(args.acks, "w", encoding="utf-8") as fh:
        json.dump(acks, fh)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(results, fh, indent=1)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--acks", required=True)
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rush", type=int, default=200)
    parser.add_argument("--saves", type=int, default=3)
    parser.add_argument("--window", type=float, default=60, help="seconds over which the rush starts")
    parser.add_argument("--only", default="", help="comma-separated scenarios (default: all)")
    parser.add_argument("--started-file", default=None, help="written when the rush starts (drills)")
    asyncio.run(main(parser.parse_args()))
