"""`make test` on a fresh clone: skip reasons are collected, exit code 5 is handled, CI is strict,
and no temporary folder outlives the run (tests/runner.py, tests/missing.py, hub/settings/test.py).
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests import runner

ROOT = Path(__file__).resolve().parents[2]
JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="5">
  <testcase classname="tests.library.test_pages" name="test_a" time="0.1"/>
  <testcase classname="tests.library.test_pages" name="test_b" time="0.1">
    <failure message="boom">trace</failure></testcase>
  <testcase classname="tests.browser.test_smoke" name="test_c[desktop]" time="0">
    <skipped type="pytest.skip" message="Chromium is not installed at /usr/bin/chromium">
      tests/missing.py:1: Chromium is not installed at /usr/bin/chromium</skipped></testcase>
  <testcase classname="tests.browser.test_smoke" name="test_c[phone]" time="0">
    <skipped type="pytest.skip" message="Chromium is not installed at /usr/bin/chromium">
      tests/missing.py:1: Chromium is not installed at /usr/bin/chromium</skipped></testcase>
  <testcase classname="" name="tests.conformance.test_whoosh_conformance" time="0">
    <skipped message="collection skipped">('tests/missing.py', 24, 'Skipped: no fixture')</skipped>
  </testcase>
</testsuite></testsuites>
"""


def test_the_junit_report_gives_counts_and_reasons_grouped_by_area(tmp_path):
    report = tmp_path / "report.xml"
    report.write_text(JUNIT)
    result = runner.read_junit(report, runner.Result("suite (SQLite)"))
    assert (result.passed, result.failed, result.skipped) == (1, 1, 3)
    assert result.skips == {
        ("browser", "Chromium is not installed at /usr/bin/chromium"): 2,
        ("conformance", "no fixture"): 1,
    }
    block = runner.closing_block([result])
    assert (
        "  - browser, suite (SQLite): 2 tests skipped, "
        "Chromium is not installed at /usr/bin/chromium"
    ) in block
    assert block[-1] == "total: 1 passed, 1 failed, 3 skipped"


def test_the_closing_block_says_what_each_stage_cost():
    result = runner.Result("suite (SQLite)")
    result.took = [runner.Took(300.4, 500.6, (0.5, 2.0)), runner.Took(20, 30, (2.0, 1.5))]
    block = runner.closing_block([result, runner.Result("lint")])
    assert "suite (SQLite): 320 s wall, 531 s CPU, load average 0.5 -> 1.5" in block
    assert not [line for line in block if line.startswith("lint:")]  # it ran nothing
    assert block[-1].startswith("total: ")


def _suite_that_collects_nothing(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_nothing.py").write_text(
        textwrap.dedent(
            """
            from tests.missing import missing

            missing("the fixture is not beside the project", allow_module_level=True)
            """
        )
    )
    return ["-c", str(tmp_path / "pytest.ini"), "-p", "no:django", "-p", "no:xdist", str(tmp_path)]


@pytest.mark.parametrize("ci", ["", "true"])
def test_a_run_that_collects_nothing_is_a_reason_outside_ci_and_a_failure_in_it(
    tmp_path, monkeypatch, ci
):
    monkeypatch.setenv("CI", ci)
    args = _suite_that_collects_nothing(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = runner.pytest_stage("conformance (SQLite)", args, env, tmp_path)
    if ci:
        assert not result.ok
    else:
        assert result.ok
        assert result.not_run == [
            "conformance (SQLite): skipped, the fixture is not beside the project"
        ]


def test_an_unreachable_postgresql_is_said_outside_ci_and_fails_in_it(tmp_path, monkeypatch):
    env = {"TEST_DATABASE_URL": "postgres://postgres@127.0.0.1:1/hub"}
    monkeypatch.setenv("CI", "")
    [result] = runner.postgres(env, tmp_path)
    assert result.ok
    assert result.not_run[0].startswith("PostgreSQL: not run, no server answers at 127.0.0.1:1")
    monkeypatch.setenv("CI", "true")
    [result] = runner.postgres(env, tmp_path)
    assert not result.ok


def test_the_test_settings_remove_their_temporary_folder_at_exit(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.MEDIA_ROOT.parent)"
    )
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="hub.settings.test", TMPDIR=str(tmp_path))
    env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    folder = Path(out.strip().splitlines()[-1])
    assert folder.name.startswith("hub-test-")
    assert folder.parent == tmp_path
    assert not folder.exists()
