"""`make test`: every stage of the suite, then one closing block of what could not run and why.

    python -m tests.runner [lint] [sqlite] [postgres]

Stages, in order: lint (ruff, ``manage.py check``, ``makemigrations --check``); the pytest suite
and modelsearch's conformance suite on SQLite; both again on PostgreSQL (TEST_DATABASE_URL, the
browser journeys excepted). A stage that fails does not stop the later ones; the exit code says
whether all passed.

On a fresh clone a missing tool or fixture (Chromium, ``../shared``, a PostgreSQL server) skips
what needs it, with its reason, and the closing block repeats every reason with its count. Under
CI=true nothing may be skipped for a missing tool or fixture: those tests fail (tests/missing.py),
and so does a stage that collects nothing (pytest's exit code 5) or an unreachable PostgreSQL.

Every temporary file of the run (pytest's, the test settings', the live site's) goes into one
folder of the run's own, removed at the end.
"""

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET  # noqa: S405 - parses pytest's own report
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.missing import in_ci

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/hub"
NO_TESTS_COLLECTED = 5
# Two workers on two cores; under loadgroup the browser journeys all go to one of them (see
# pytest_xdist_make_scheduler in tests/conftest.py): one live site and one Chromium beside the
# other worker's tests, not one of each per worker.
XDIST = ["-n", "auto", "--dist", "loadgroup"]
# modelsearch's conformance suite needs settings of its own: a separate pytest run.
CONFORMANCE = ["-c", "tests/conformance/pytest.ini", "tests/conformance"]
LINT = [
    ["ruff", "check", "."],
    ["ruff", "format", "--check", "."],
    ["manage.py", "check", "--fail-level", "WARNING"],
    ["manage.py", "makemigrations", "--check", "--dry-run"],
]


@dataclass
class Result:
    """What one stage did: its counts, its skip reasons and whatever it could not run."""

    name: str
    ok: bool = True
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    skips: Counter = field(default_factory=Counter)  # (area, reason) -> tests
    not_run: list = field(default_factory=list)  # sentences
    took: list = field(default_factory=list)  # Took of each command the stage ran


def _area(case):
    """The suite's folder a test belongs to (tests.browser.test_smoke -> browser)."""
    parts = (case.get("classname") or case.get("name") or "").split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "tests" else parts[0] or "tests"


def _skip_reason(element):
    message = element.get("message") or ""
    if message == "collection skipped":  # a module skipped as a whole: the reason is in the text
        found = re.search(r"Skipped: (.*?)['\"]\)?$", (element.text or "").strip())
        message = found[1] if found else (element.text or "").strip()
    return message.removeprefix("Skipped: ").strip()


def read_junit(path, result):
    """Adds the counts and skip reasons of a pytest JUnit XML report to ``result``."""
    root = ET.parse(path).getroot()  # noqa: S314 - written by pytest a moment ago
    for case in root.iter("testcase"):
        if case.find("skipped") is not None:
            result.skipped += 1
            area = _area(case)
            result.skips[(area, _skip_reason(case.find("skipped")))] += 1
        elif case.find("failure") is not None or case.find("error") is not None:
            result.failed += 1
        else:
            result.passed += 1
    return result


@dataclass
class Took:
    """What one command cost: wall and CPU seconds (its processes', children included, user
    and system), and the machine's load average when it started and ended."""

    wall: float
    cpu: float
    load: tuple

    def __str__(self):
        return (
            f"{self.wall:.0f} s wall, {self.cpu:.0f} s CPU, "
            f"load average {self.load[0]:.1f} -> {self.load[1]:.1f}"
        )

    @classmethod
    def total(cls, took):
        if not took:
            return None
        wall, cpu = sum(t.wall for t in took), sum(t.cpu for t in took)
        return cls(wall, cpu, (took[0].load[0], took[-1].load[1]))


def _cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(command, env=None, took=None):
    print(f"\n$ {' '.join(command)}", flush=True)
    start, cpu, load = time.monotonic(), _cpu(), os.getloadavg()[0]
    code = subprocess.run(command, cwd=ROOT, env=env, check=False).returncode  # noqa: S603
    cost = Took(time.monotonic() - start, _cpu() - cpu, (load, os.getloadavg()[0]))
    print(f"  ({cost})", flush=True)
    if took is not None:
        took.append(cost)
    return code


def _python(*args):
    return [sys.executable, *args]


def lint(env):
    result = Result("lint")
    env = dict(env, DJANGO_SETTINGS_MODULE="hub.settings.test")
    for command in LINT:
        args = _python(*command) if command[0] == "manage.py" else _python("-m", *command)
        if _run(args, env, result.took):
            result.ok = False
            result.failed += 1
    return result


def pytest_stage(name, args, env, tmp):
    """One pytest run; exit code 5 (nothing collected) is a reason outside CI, a failure in it."""
    result = Result(name)
    report = Path(tmp) / f"{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}.xml"
    code = _run(_python("-m", "pytest", *args, f"--junitxml={report}"), env, result.took)
    if report.exists():
        read_junit(report, result)
    if code == NO_TESTS_COLLECTED:
        reasons = "; ".join(reason for (_area, reason) in result.skips) or "no test collected"
        if in_ci():
            result.ok = False
            result.not_run.append(f"{name}: collected no test ({reasons}), and CI needs it")
        else:
            result.not_run.append(f"{name}: skipped, {reasons}")
        result.skips.clear()
    elif code != 0:
        result.ok = False
        if not result.failed:
            result.failed = 1  # an interrupted run or a collection error
    return result


def sqlite(env, tmp):
    env = {k: v for k, v in env.items() if k != "DATABASE_URL"}
    return [
        pytest_stage("suite (SQLite)", XDIST, env, tmp),
        pytest_stage("conformance (SQLite)", CONFORMANCE, env, tmp),
    ]


def postgres_answers(url):
    try:
        import psycopg
    except ImportError:
        return False
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    try:
        psycopg.connect(admin, connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


def postgres(env, tmp):
    url = env.get("TEST_DATABASE_URL") or DEFAULT_TEST_DATABASE_URL
    if not postgres_answers(url):
        where = urlsplit(url).netloc.rpartition("@")[2]
        sentence = (
            f"PostgreSQL: not run, no server answers at {where} (TEST_DATABASE_URL={url}): "
            "start PostgreSQL or point TEST_DATABASE_URL at one"
        )
        result = Result("PostgreSQL", ok=not in_ci(), not_run=[sentence])
        if in_ci():
            result.not_run = [sentence.replace("not run", "CI needs it, but")]
        return [result]
    env = dict(env, DATABASE_URL=url)
    return [
        pytest_stage("suite (PostgreSQL)", [*XDIST, "-m", "not browser"], env, tmp),
        pytest_stage("conformance (PostgreSQL)", CONFORMANCE, env, tmp),
    ]


def closing_block(results):
    """The lines printed last: what could not run and why, then the totals."""
    lines = ["", "=" * 30 + " what make test could not run " + "=" * 30]
    not_run = [sentence for result in results for sentence in result.not_run]
    for result in results:
        for (area, reason), count in sorted(result.skips.items()):
            tests = "1 test" if count == 1 else f"{count} tests"
            not_run.append(f"{area}, {result.name}: {tests} skipped, {reason}")
    lines += [f"  - {sentence}" for sentence in not_run] or ["  nothing: every stage ran"]
    failed = [result.name for result in results if not result.ok]
    if failed:
        lines.append(f"  FAILED: {', '.join(failed)}")
    lines.append("=" * 89)
    lines += [f"{r.name}: {Took.total(r.took)}" for r in results if r.took]
    passed = sum(r.passed for r in results if r.name != "lint")
    failures = sum(r.failed for r in results)
    skipped = sum(r.skipped for r in results)
    lines.append(f"total: {passed} passed, {failures} failed, {skipped} skipped")
    return lines


STAGES = {"lint": lambda env, tmp: [lint(env)], "sqlite": sqlite, "postgres": postgres}


def main(argv):
    names = argv or list(STAGES)
    unknown = [name for name in names if name not in STAGES]
    if unknown:
        print(f"unknown stage(s): {', '.join(unknown)}; choose from {', '.join(STAGES)}")
        return 2
    tmp = tempfile.mkdtemp(prefix="hub-make-test-")
    # Every process of the run makes its temporary folders in here (tempfile reads TMPDIR).
    env = dict(os.environ, TMPDIR=tmp)
    results = []
    try:
        for name in names:
            results += STAGES[name](env, tmp)
        print("\n".join(closing_block(results)), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if all(result.ok for result in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
