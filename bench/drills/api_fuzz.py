"""Bad input over the API (issue 5's drills): schemathesis with many generated requests per
operation, valid and invalid, against the app and a real database; no answer may be a server
error, every answer must match the OpenAPI schema, and every invalid request must be refused.

It runs the test that `make test` runs with a few examples (tests/api/test_schemathesis.py), in a
pytest subprocess on a test database that pytest-django creates and drops, at random:

    python -m bench.drills.api_fuzz --examples 500 [--database-url postgres://…/api_fuzz] [--seed N]

From bench/drills/run.py: `run(examples, database_url=…)` returns the drill's result (a dict with
"drill", "passed", …), or `drill(tmp, pg)` with the private PostgreSQL instance there.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST = "tests/api/test_schemathesis.py"
DEFAULT_EXAMPLES = 300
# Variables of the caller that must not reach the test settings.
DROPPED = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG", "REDIS_URL", "API_THROTTLE_RATE")


def _failures(junit):
    """(operations run, [{"operation", "summary"}]) from pytest's JUnit XML."""
    if not junit.exists():
        return 0, []
    cases = ET.parse(junit).getroot().iter("testcase")
    operations, failed = 0, []
    for case in cases:
        operations += 1
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        if problem is None:
            continue
        text = (problem.text or problem.get("message") or "").splitlines()
        wanted = [
            line.strip(" |")
            for line in text
            if line.strip(" |").startswith(("- ST", "curl ", "Received", "Documented", "Invalid"))
        ]
        failed.append({"operation": case.get("name", "?"), "summary": wanted[:20] or text[-20:]})
    return operations, failed


def run(examples=DEFAULT_EXAMPLES, *, database_url=None, seed=None, timeout=3600):
    """Run the fuzzing test with `examples` per operation; the drill's result as a dict."""
    env = {key: value for key, value in os.environ.items() if key not in DROPPED}
    env.update(API_FUZZ_EXAMPLES=str(examples), API_FUZZ_RANDOM="1", PYTHONPATH=str(ROOT))
    if database_url:
        env["DATABASE_URL"] = database_url
    with tempfile.TemporaryDirectory(prefix="wspolpraca-api-fuzz-") as tmp:
        junit = Path(tmp) / "junit.xml"
        command = [
            sys.executable,
            "-m",
            "pytest",
            TEST,
            "-q",
            "-p",
            "no:cacheprovider",
            "--create-db",
            "--show-capture=no",
            f"--junitxml={junit}",
        ]
        if seed is not None:
            command.append(f"--hypothesis-seed={seed}")
        started = time.monotonic()
        try:
            done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
            returncode, output = done.returncode, done.stdout
        except subprocess.TimeoutExpired as expired:
            returncode, output = None, f"timed out after {timeout} s\n{expired.stdout or ''}"
        seconds = round(time.monotonic() - started, 1)
        operations, failures = _failures(junit)
    database = "postgresql" if (database_url or "").startswith(("postgres", "postgresql")) else "sqlite"
    return {
        "drill": "api_fuzz",
        "passed": returncode == 0,
        "examples_per_operation": examples,
        "operations": operations,
        "failures": failures,
        "database": database,
        "seed": seed,
        "seconds": seconds,
        **({} if returncode == 0 else {"pytest_tail": output.splitlines()[-15:]}),
    }


def drill(tmp, pg, *, examples=DEFAULT_EXAMPLES):
    """The drill on bench/drills/run.py's private PostgreSQL (pytest-django creates test_api_fuzz)."""
    return run(examples, database_url=pg.url("api_fuzz"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=DEFAULT_EXAMPLES, help="generated requests per operation")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), help="default: SQLite")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed, to replay a run")
    parser.add_argument("--json", default=None, help="also write the result to this file")
    args = parser.parse_args(argv)
    if args.examples < 1:
        parser.error("--examples must be at least 1")
    result = run(args.examples, database_url=args.database_url, seed=args.seed)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(json.dumps(result, indent=1, ensure_ascii=False))
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
