"""The real worker (``manage.py db_worker``) in a subprocess, on the test's own database.

The tests are transactional, so the worker sees what they commit; the test process enqueues
through the database backend (django-tasks-db) like the web server does in production.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import database_url

ROOT = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class Workers:
    """Starts and stops workers; every one started is stopped when the test ends."""

    def __init__(self, settings, tmp_path):
        self.mail_dir = tmp_path / "mail"
        self.mail_dir.mkdir()
        self.log = tmp_path / "worker.log"
        self.env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="tests.jobs.worker_settings",
            DATABASE_URL=database_url(),
            TASKS_BACKEND="database",
            TASKS_MAX_ATTEMPTS="3",
            TASKS_BACKOFF_SECONDS="0.2",
            TASKS_BEAT_SECONDS="0.5",
            HUB_TEST_MAIL_DIR=str(self.mail_dir),
            HUB_TEST_MEDIA_DIR=str(settings.MEDIA_ROOT),
            HUB_TEST_INDEX_DIR=str(settings.WAGTAILSEARCH_BACKENDS["default"].get("PATH", "")),
        )
        self.procs = []

    def command(self, *extra):
        return [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.1",
            "--no-startup-delay",
            "--no-reload",
            "--schedules",
            "0",
            *extra,
        ]

    def start(self, **env):
        with self.log.open("ab") as log:
            proc = subprocess.Popen(
                self.command(),
                cwd=ROOT,
                env=dict(self.env, **env),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.procs.append(proc)
        return proc

    def run_batch(self, **env):
        """Run every job due, then exit (``--batch``)."""
        result = subprocess.run(
            self.command("--batch", "--verbosity", "2"),
            cwd=ROOT,
            env=dict(self.env, **env),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    def stop(self, proc, sig=signal.SIGTERM):
        if proc.poll() is None:
            proc.send_signal(sig)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def stop_all(self):
        for proc in self.procs:
            self.stop(proc)

    def emails(self):
        return [path.read_text() for path in sorted(self.mail_dir.glob("*.log"))]

    def output(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@pytest.fixture
def workers(settings, tmp_path, transactional_db):
    settings.TASKS = DATABASE_TASKS
    pool = Workers(settings, tmp_path)
    yield pool
    pool.stop_all()


# The root page, locale and collection that migrations made, put back after a flush.
from tests.workshops.conftest import _wagtail_base  # noqa: E402, F401
