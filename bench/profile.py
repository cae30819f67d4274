"""Where the time of the slowest pages goes (issue 17): queries, templates, the rest of Python.

    python -m bench.profile --fixtures F.json [--requests 200] [--slowest 5] [--out FILE]

Run with DJANGO_SETTINGS_MODULE=bench.settings and the bench database (after `bench.prepare
fixtures`, whose sessions it uses). In-process, through Django's WSGI handler with the site's
middleware (no network, no gunicorn): every page of the bench's mixes is first timed with a few
requests; the slowest are then requested `--requests` times each, once with the split below and
once under cProfile.

The split: SQL = time inside the database cursor (an execute wrapper), templates = time inside
the top-level `render` of Django templates minus the SQL run while rendering (querysets evaluated
by the template count as SQL), Python = the rest (middleware, views, forms, serialisation).
Public pages are rendered (`X-Bench-Render`), never served from the page cache.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.backends import django as django_backend  # noqa: E402


class Split:
    def __init__(self):
        self.sql = self.template = self.template_sql = 0.0
        self.queries = 0
        self.depth = 0
        self.statements = {}

    def execute(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - start
            self.sql += spent
            self.queries += 1
            key = " ".join(sql.split())[:240]
            self.statements[key] = self.statements.get(key, 0) + spent
            if self.depth:
                self.template_sql += spent


SPLIT = Split()
_render = django_backend.Template.render


def _timed_render(self, context=None, request=None):
    SPLIT.depth += 1
    start = time.perf_counter()
    try:
        return _render(self, context, request)
    finally:
        SPLIT.depth -= 1
        if not SPLIT.depth:
            SPLIT.template += time.perf_counter() - start


def environ(path, cookie, render):
    path, _, query = path.partition("?")
    env = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": cookie,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
    }
    if render:
        env["HTTP_X_BENCH_RENDER"] = "1"
    return env


def pages(fixtures):
    """(name, paths, cookie, render) of every GET page of the bench's mixes."""

    def cookie(session=None):
        base = "csrftoken=" + "b" * 32 + "; django_language=pl"
        return base + (f"; {settings.SESSION_COOKIE_NAME}={session}" if session else "")

    public = fixtures["public"]
    out = [
        ("home / (rendered)", ["/"], cookie(), True),
        ("calls /konkursy/ (rendered)", ["/konkursy/"], cookie(), True),
        ("call detail (rendered)", public["call_urls"], cookie(), True),
        ("results register /wyniki/ with filters (rendered)", public["register_urls"], cookie(), True),
        ("directory /organizacje/ (rendered)", ["/organizacje/"], cookie(), True),
    ]
    if public.get("organisation_urls"):
        out.append(("organisation page", public["organisation_urls"], cookie(), True))
    if public.get("api_urls"):
        out.append(("API lists /api/v1/ (rendered)", public["api_urls"], cookie(), True))
    ngo = fixtures.get("ngo")
    if ngo:
        out.append(("NGO: my offers /oferty/", [ngo["offers"]], cookie(ngo["session"]), False))
        out.append(("NGO: call page, signed in", [ngo["call"]], cookie(ngo["session"]), False))
        editor = fixtures["editors"][0]
        out.append(("NGO: offer editor (section IV)", [editor["editor"]], cookie(editor["session"]), False))
    officer = fixtures["officer"]
    for url in officer["urls"]:
        out.append((f"officer {url}", [url], cookie(officer["session"]), False))
    commission = fixtures["commission"]
    out.append(
        (
            f"commission overview ({fixtures['big_call_offers']} offers)",
            [commission["overview"]],
            cookie(commission["session"]),
            False,
        )
    )
    return out


def _start_response(status, headers, exc_info=None):
    if not status.startswith("200"):
        raise SystemExit(f"answered {status}")


def run(handler, paths, cookie, render, requests):
    for n in range(requests):
        response = handler(environ(paths[n % len(paths)], cookie, render), _start_response)
        b"".join(response)
        response.close()


def measure(handler, page, requests):
    name, paths, cookie, render = page
    global SPLIT
    SPLIT = Split()
    start = time.perf_counter()
    with connection.execute_wrapper(SPLIT.execute):
        run(handler, paths, cookie, render, requests)
    total = time.perf_counter() - start
    per = 1000 / requests
    template = SPLIT.template - SPLIT.template_sql
    return {
        "page": name,
        "requests": requests,
        "ms": round(total * per, 1),
        "queries": round(SPLIT.queries / requests, 1),
        "sql_ms": round(SPLIT.sql * per, 1),
        "templates_ms": round(template * per, 1),
        "python_ms": round((total - SPLIT.sql - template) * per, 1),
        "slowest_queries": [
            {"ms": round(spent * per, 1), "sql": sql}
            for sql, spent in sorted(SPLIT.statements.items(), key=lambda item: -item[1])[:3]
        ],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--slowest", type=int, default=5)
    parser.add_argument("--top", type=int, default=35, help="functions listed per profile")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    with open(args.fixtures, encoding="utf-8") as fh:
        fixtures = json.load(fh)
    django_backend.Template.render = _timed_render
    handler = WSGIHandler()
    every = pages(fixtures)
    for page in every:  # warm up: templates compiled, connections open
        run(handler, page[1], page[2], page[3], 3)
    survey = sorted((measure(handler, page, 10) for page in every), key=lambda row: -row["ms"])
    slowest = [next(p for p in every if p[0] == row["page"]) for row in survey[: args.slowest]]
    detailed = [measure(handler, page, args.requests) for page in slowest]

    out = io.StringIO()
    out.write(f"# Profile of the slowest pages ({settings.DATABASES['default']['NAME']})\n\n")
    out.write("Survey (10 requests each, in-process, ms per request):\n\n")
    out.write(_table(survey))
    out.write(f"\nThe {len(slowest)} slowest, {args.requests} requests each:\n\n")
    out.write(_table(detailed))
    for row in detailed:
        out.write(f"\nSlowest queries of {row['page']} (ms per request):\n\n")
        for query in row["slowest_queries"]:
            out.write(f"- {query['ms']} ms: `{query['sql']}`\n")
    for page in slowest:
        profiler = cProfile.Profile()
        profiler.enable()
        run(handler, page[1], page[2], page[3], args.requests)
        profiler.disable()
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.strip_dirs().sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top // 2)
        out.write(f"\n## {page[0]} — cProfile of {args.requests} requests\n\n```\n{text.getvalue().strip()}\n```\n")
    report = out.getvalue()
    print(report)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(report)
        with open(os.path.splitext(args.out)[0] + ".json", "w", encoding="utf-8") as fh:
            json.dump({"survey": survey, "slowest": detailed}, fh, indent=1)


def _table(rows):
    lines = [
        "| page | ms | queries | SQL ms | templates ms | Python ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['page']} | {r['ms']} | {r['queries']} | {r['sql_ms']} | {r['templates_ms']} | {r['python_ms']} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
