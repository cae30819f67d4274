"""The W3C Nu HTML checker (vnu.jar) over the page sources a browser test collected.

The jar comes from npm (`.ci/node`: `npm ci --ignore-scripts --prefix .ci/node`, which .ci/run
does) or from ``VNU_JAR``; it needs Java (``JAVA``, default ``java`` on the PATH). One JVM
checks every collected page at once (its start-up costs seconds, a page milliseconds).
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_JAR = ROOT / ".ci" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def find_checker():
    """(java, jar), or (None, reason) when the checker cannot run here."""
    jar = Path(os.environ.get("VNU_JAR") or DEFAULT_JAR)
    java = shutil.which(os.environ.get("JAVA", "java"))
    if not jar.is_file():
        return None, (
            f"the Nu HTML checker is not at {jar}: run `npm ci --ignore-scripts --prefix .ci/node` "
            "(or set VNU_JAR to a vnu.jar)"
        )
    if not java:
        return None, "Java is not installed (the Nu HTML checker needs it): apt-get install default-jre-headless"
    return (java, jar), None


class HtmlPages:
    """Page sources (the HTTP response bodies, before any script ran) kept for one check."""

    def __init__(self, checker):
        self.checker = checker
        self.folder = Path(tempfile.mkdtemp(prefix="vnu-"))
        self.labels = {}  # file name → "label: url"

    def add(self, label, url, source):
        path = self.folder / f"page-{len(self.labels):04d}.html"
        path.write_text(source, encoding="utf-8")
        self.labels[path.name] = f"{label}: {url}"

    def errors(self):
        """Every error the checker reports, as readable lines (none: an empty list)."""
        if not self.labels:
            return []
        java, jar = self.checker
        files = sorted(str(self.folder / name) for name in self.labels)
        result = subprocess.run(
            [java, "-jar", str(jar), "--errors-only", "--format", "json", "--stdout", *files],
            capture_output=True,
            text=True,
            timeout=600,
        )
        try:
            messages = json.loads(result.stdout)["messages"]
        except (ValueError, KeyError):
            return [f"the Nu HTML checker failed (exit {result.returncode}): {result.stderr or result.stdout}"]
        lines = []
        for message in messages:
            name = message.get("url", "").rsplit("/", 1)[-1]
            where = self.labels.get(name, name or "?")
            extract = " ".join(message.get("extract", "").split())
            lines.append(f"[{where}] line {message.get('lastLine', '?')}: {message['message']}\n      {extract}")
        return lines

    def close(self):
        shutil.rmtree(self.folder, ignore_errors=True)
