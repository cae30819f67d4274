"""What each middleware costs: the baseline view called in-process through the site's stack with a
timer between every two middlewares (issue 17).

    python -m bench.middleware_cost [--requests 3000] [--rounds 3] [--session KEY] [--out FILE]

Run with DJANGO_SETTINGS_MODULE=bench.settings. The stack is the production `MIDDLEWARE` (that of
wspolpraca/settings.py, without the bench's additions); timers `T0 … Tn` sit around each middleware, each records the time spent
inside it, so a middleware's own cost is its timer's time minus the next timer's, minus one timer's
own overhead (measured with two timers and nothing between). `process_view` hooks run where Django
resolves the URL, i.e. inside the innermost timer: they are reported with the view as "view (with
URL resolution and process_view hooks)". The same view through Django with no middleware at all is
the reference. `--session` adds a session cookie (a signed-in person: the session and the user are
loaded); without it the visitor is anonymous. In-process means no network and no gunicorn: the
figures are the CPU each part costs, the ratio is an upper bound of what the server can reach.
"""

import argparse
import io
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

PATH = "/__bench__/baseline/"
_spent = {}


def _timer(n):
    class Timer:
        def __init__(self, get_response):
            self.get_response = get_response

        def __call__(self, request):
            start = time.perf_counter_ns()
            response = self.get_response(request)
            _spent[n] = _spent.get(n, 0) + time.perf_counter_ns() - start
            return response

    Timer.__name__ = Timer.__qualname__ = f"T{n}"
    setattr(sys.modules[__name__], f"T{n}", Timer)
    return f"{__name__}.T{n}"


def environ(cookie):
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": PATH,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": cookie,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
    }


def _start_response(status, headers, exc_info=None):
    if not status.startswith("200"):
        raise SystemExit(f"the baseline view answered {status}")


def loop(handler, requests, cookie):
    start = time.perf_counter_ns()
    for _ in range(requests):
        response = handler(environ(cookie), _start_response)
        b"".join(response)
        response.close()
    return (time.perf_counter_ns() - start) / requests / 1000  # µs per request


def handler_with(middleware):
    with override_settings(MIDDLEWARE=middleware):
        return WSGIHandler()


def measure(requests=3000, rounds=3, session=None):
    from wspolpraca.settings import MIDDLEWARE as stack  # the production stack, without the bench's additions

    cookie = f"{settings.SESSION_COOKIE_NAME}={session}" if session else ""
    timed = []
    for n, middleware in enumerate(stack):
        timed += [_timer(n), middleware]
    timed.append(_timer(len(stack)))
    bare, full, chain = handler_with([]), handler_with(stack), handler_with(timed)
    pair = handler_with([_timer(900), _timer(901)])
    for handler in (bare, full, chain, pair):
        loop(handler, 200, cookie)  # warm up
    bare_us, full_us, own, overhead = [], [], {m: [] for m in stack}, []
    view_us = []
    for _ in range(rounds):
        bare_us.append(loop(bare, requests, cookie))
        full_us.append(loop(full, requests, cookie))
        _spent.clear()
        loop(pair, requests, cookie)
        one_timer = (_spent[900] - _spent[901]) / requests / 1000
        overhead.append(one_timer)
        _spent.clear()
        loop(chain, requests, cookie)
        for n, middleware in enumerate(stack):
            own[middleware].append((_spent[n] - _spent[n + 1]) / requests / 1000 - one_timer)
        view_us.append(_spent[len(stack)] / requests / 1000)
    med = statistics.median
    return {
        "requests_per_round": requests,
        "rounds": rounds,
        "signed_in": bool(session),
        "no_middleware_us": round(med(bare_us), 1),
        "full_stack_us": round(med(full_us), 1),
        "ratio": round(med(bare_us) / med(full_us), 3),
        "timer_overhead_us": round(med(overhead), 1),
        "view_with_resolution_and_process_view_us": round(med(view_us), 1),
        "own_us": {m: round(med(v), 1) for m, v in own.items()},
    }


def markdown(result):
    who = "signed-in person (session cookie)" if result["signed_in"] else "anonymous visitor"
    lines = [
        f"Baseline view in-process, {who}: {result['requests_per_round']} requests × {result['rounds']} rounds "
        f"(medians). No middleware {result['no_middleware_us']} µs, the site's stack {result['full_stack_us']} µs: "
        f"**{result['ratio']:.0%}**.",
        "",
        "| middleware | own µs per request |",
        "| --- | ---: |",
    ]
    for middleware, us in result["own_us"].items():
        lines.append(f"| `{middleware}` | {us} |")
    lines.append(
        f"| view, URL resolution and `process_view` hooks | {result['view_with_resolution_and_process_view_us']} |"
    )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--session", default=None, help="a session key: measure a signed-in person")
    parser.add_argument("--out", default=None, help="also write the markdown table here")
    args = parser.parse_args()
    result = measure(args.requests, args.rounds, args.session)
    table = markdown(result)
    print(table)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(table)
    return result


if __name__ == "__main__":
    main()
