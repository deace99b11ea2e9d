"""The one live-server harness: gunicorn serving the site on 127.0.0.1, for tests across processes.

One way to start a server (``start_gunicorn``), two kinds of site:

* ``demo_site(tmp_path_factory)``, the seeded demo site of the browser journeys (the session
  fixture ``live_site`` of tests/browser/conftest.py). Its database is migrated and filled once
  per run (``load_demo`` with the partners' groups, and the journeys' accounts of
  tests/browser/seed.py) by whichever xdist worker needs it first; every worker then serves a
  copy of its own (a file copy on SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL), so
  the seeding is paid once a run, not once a worker. ``LiveSite.reset()`` puts a worker's copy
  back as it was seeded (database, media, search index, page cache, emails): the cheap reset
  for a test that must not see what earlier tests changed (the fixture ``fresh_live_site``).
  ``LiveSite.manage`` runs management commands through one warm process (tests/servers/
  commands.py) instead of starting Django again for each.
* ``gunicorns(var_dir)``, servers with production settings on pytest-django's own test
  database, for tests that commit their rows (``transactional_db``). Processes started with the
  same ``var_dir`` share its default cache.
"""

import contextlib
import fcntl
import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.processes import database_url, free_port, stop, wait_until_up

ROOT = Path(__file__).resolve().parents[2]
DEMO_SETTINGS = "tests.browser.server_settings"
PRODUCTION_SETTINGS = "tests.servers.production_settings"


def start_gunicorn(env, log, port=None, workers=1, threads=4, timeout=60, access_log=False):
    """gunicorn serving ``hub.wsgi`` on ``port`` (a free one by default) of 127.0.0.1, its
    output appended to ``log``; returns (base URL, process). Wait for it with
    ``tests.processes.wait_until_up``."""
    port = port or free_port()
    command = [sys.executable, "-m", "gunicorn", "hub.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--threads", str(threads), "--timeout", str(timeout)]
    if access_log:
        command += ["--access-logfile", "-"]
    with open(log, "ab") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    return f"http://127.0.0.1:{port}", proc


# Production servers on the test database -----------------------------------------------------


def server_env(var_dir, **extra):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE=PRODUCTION_SETTINGS,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        HUB_VAR_DIR=str(var_dir),
        DATABASE_URL=database_url(),
        # Each test process has a database of its own: no connection may outlive the test.
        DATABASE_CONN_MAX_AGE="0",
        MEDIA_ROOT=str(Path(var_dir) / "media"),
        SEARCH_INDEX_DIR=str(Path(var_dir) / "index"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PYTHONPATH=str(ROOT),
    )
    env.pop("CACHE_URL", None)
    env.update(extra)
    return env


@contextlib.contextmanager
def gunicorns(var_dir, count=2, workers=1, threads=4, **env):
    """``count`` gunicorn processes (``workers`` workers each); yields their base URLs."""
    var_dir = Path(var_dir)
    var_dir.mkdir(parents=True, exist_ok=True)
    started = []
    try:
        for n in range(count):
            log = var_dir / f"server-{n}.log"
            url, proc = start_gunicorn(server_env(var_dir, **env), log, None, workers, threads)
            started.append((url, proc, log))
        for url, proc, log in started:
            wait_until_up(url + "/robots.txt", [proc], log)
        yield [url for url, _proc, _log in started]
    finally:
        stop([proc for _url, proc, _log in started], timeout=10)


def manage(var_dir, *args, **env):
    """``manage.py`` with the servers' settings (and so their shared cache)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=server_env(var_dir, **env),
        capture_output=True,
        text=True,
        check=True,
    )


def get(url, headers=None):
    """(status, headers, body) of a GET; error statuses are answers, not exceptions."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - 127.0.0.1
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def post(url, data, headers=None):
    """(status, headers, body) of a form POST (redirects are not followed)."""
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, headers=headers or {}, method="POST")  # noqa: S310
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def csrf_for(url):
    """Headers and form token that let POSTs through Django's CSRF check, from a GET of ``url``."""
    status, headers, body = get(url)
    assert status == 200, (url, status)
    cookies = [c.split(";", 1)[0] for c in headers.get_all("Set-Cookie") or []]
    csrf_cookie = next(c for c in cookies if "csrftoken" in c.split("=", 1)[0])
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    return {"Cookie": csrf_cookie}, token


# Management commands through one warm process ------------------------------------------------


class Commands:
    """``manage.py`` commands in forks of one set-up Django process (tests/servers/commands.py),
    answered as ``subprocess.run(..., capture_output=True, text=True)`` answers."""

    def __init__(self, env, folder):
        self.env, self.folder = env, Path(folder)
        self.proc = None
        self.lock = threading.Lock()

    def run(self, *args, check=True):
        with self.lock:
            if self.proc is None or self.proc.poll() is not None:
                self.proc = subprocess.Popen(  # noqa: S603
                    [sys.executable, "-m", "tests.servers.commands"],
                    cwd=ROOT,
                    env=self.env,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                )
            out, err = (self.folder / "command.out", self.folder / "command.err")
            request = {"args": [str(a) for a in args], "stdout": str(out), "stderr": str(err)}
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
            reply = self.proc.stdout.readline()
            if not reply:
                raise RuntimeError(f"the command runner stopped during manage.py {args}")
            result = subprocess.CompletedProcess(
                ["manage.py", *args],
                json.loads(reply)["returncode"],
                out.read_text(errors="replace"),
                err.read_text(errors="replace"),
            )
        if check:
            result.check_returncode()
        return result

    def close(self):
        if self.proc is not None:
            self.proc.stdin.close()
            stop([self.proc], timeout=10)
            self.proc = None


# The seeded demo site -------------------------------------------------------------------------

# load_demo also makes the partners' editor groups and the moderation workflow.
SEED = (
    ("migrate", "--noinput"),
    ("load_demo", "--no-admin"),
    ("shell", "-c", "from tests.browser import seed; seed.main()"),
)


def _is_postgres(url):
    return url.startswith(("postgres://", "postgresql://"))


def _postgres(url, *statements):
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _name(url):
    """The database's name in a PostgreSQL ``url``."""
    return urlsplit(url).path.lstrip("/")


def _named(url, suffix):
    """``url`` with its database's name followed by ``_suffix`` (``hub`` when it has none)."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{_name(url) or 'hub'}_{suffix}"))


def _recreate(url, template=None):
    """The PostgreSQL database of ``url`` dropped (its connections closed) and made anew."""
    copy = f' TEMPLATE "{_name(template)}"' if template else ""
    _postgres(
        url,
        f'DROP DATABASE IF EXISTS "{_name(url)}" WITH (FORCE)',
        f'CREATE DATABASE "{_name(url)}"{copy}',
    )


def _copy_database(seed_url, url):
    """The seeded database copied to ``url`` (replacing it): on SQLite through the backup API,
    which reads a WAL database whole and writes into a file servers may have open."""
    if _is_postgres(url):
        _recreate(url, template=seed_url)
        return
    source = sqlite3.connect(urlsplit(seed_url).path)
    target = sqlite3.connect(urlsplit(url).path, timeout=30)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def _point_site_at(url, base_url):
    """The default Site's port follows the server's (what sync_default_site does on migrate)."""
    port = urlsplit(base_url).port
    statement = (
        "UPDATE wagtailcore_site SET hostname = '127.0.0.1', port = {} WHERE is_default_site"
    )
    if _is_postgres(url):
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(statement.format("%s"), (port,))
        return
    with contextlib.closing(sqlite3.connect(urlsplit(url).path, timeout=30)) as conn, conn:
        conn.execute(statement.format("?"), (port,))


def _refill(folder, source=None):
    """``folder`` made a copy of ``source``, or empty. The old one is moved aside first, so a
    server still writing into it (a rendition, an index segment) cannot get in the way."""
    if folder.exists():
        aside = folder.with_name(f"{folder.name}.old-{secrets.token_hex(4)}")
        folder.rename(aside)
        shutil.rmtree(aside, ignore_errors=True)
    if source is not None and source.exists():
        shutil.copytree(source, folder)
    else:
        folder.mkdir(parents=True)


def _site_env(database, var_dir, base_url="http://127.0.0.1"):
    var_dir = Path(var_dir)
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE=DEMO_SETTINGS,
        DATABASE_URL=database,
        DATABASE_CONN_MAX_AGE="0",  # a reset may replace the database under the servers
        HUB_VAR_DIR=str(var_dir),
        HUB_TEST_MAIL_DIR=str(var_dir / "mail"),
        HUB_TEST_MEDIA_DIR=str(var_dir / "media"),
        HUB_TEST_INDEX_DIR=str(var_dir / "index"),
        HUB_TEST_BASE_URL=base_url,
        PYTHONPATH=str(ROOT),
    )


@dataclass
class Seed:
    """The seeded demo: its database, the media and index folders beside it, and the lock the
    xdist workers take to build it or copy it (PostgreSQL copies a template one at a time)."""

    folder: Path
    database: str

    @contextlib.contextmanager
    def locked(self):
        with open(self.folder.parent / f"{self.folder.name}.lock", "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def build(self):
        if _is_postgres(self.database):
            _recreate(self.database)
        (self.folder / "mail").mkdir(parents=True, exist_ok=True)
        commands = Commands(_site_env(self.database, self.folder), self.folder)
        try:
            for args in SEED:
                result = commands.run(*args, check=False)
                if result.returncode:
                    raise RuntimeError(
                        f"manage.py {' '.join(args)} failed:\n{result.stderr[-4000:]}"
                    )
        finally:
            commands.close()
        (self.folder / "ready").write_text(self.database)

    def copy_to(self, url):
        with self.locked():
            _copy_database(self.database, url)


@contextlib.contextmanager
def _shared_seed(tmp_path_factory, database_base):
    """The run's seed, built by the first xdist worker that asks and used by every worker; on
    PostgreSQL the last one to let it go drops it."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    seed = Seed(shared / "live-seed", _seed_database(database_base, shared / "live-seed"))
    users = shared / "live-seed.users"

    def count(change):
        with seed.locked():
            users.write_text(str(int(users.read_text() or 0) + change))
            if change > 0 and not (seed.folder / "ready").exists():
                shutil.rmtree(seed.folder, ignore_errors=True)
                seed.build()
            if change < 0 and users.read_text() == "0" and _is_postgres(seed.database):
                _drop(seed.database)
                (seed.folder / "ready").unlink(missing_ok=True)

    if not users.exists():
        users.touch()
    count(+1)
    try:
        yield seed
    finally:
        count(-1)


def _drop(url):
    if _is_postgres(url):
        _postgres(url, f'DROP DATABASE IF EXISTS "{_name(url)}" WITH (FORCE)')


def _seed_database(database_base, folder):
    if _is_postgres(database_base):
        return _named(database_base, "live_seed")
    return f"sqlite:///{folder / 'db.sqlite3'}"


@dataclass
class LiveSite:
    """A worker's copy of the seeded demo, served by gunicorn at ``url``."""

    url: str
    mail_dir: Path
    media_dir: Path
    env: dict
    seed: Seed = field(repr=False)
    var_dir: Path = field(repr=False)
    commands: Commands = field(repr=False)

    def __call__(self, path):
        return self.url + path

    def manage(self, *args, check=True):
        """Run a management command against the served database (a CompletedProcess)."""
        return self.commands.run(*args, check=check)

    def emails(self):
        """Every email the site sent so far, as raw text, oldest first."""
        files = sorted(self.mail_dir.glob("*.log"), key=lambda f: f.stat().st_mtime)
        return [f.read_text(encoding="utf-8", errors="replace") for f in files]

    def reset(self):
        """Back to the seeded demo: database, media, search index; no cached page, no email."""
        self.seed.copy_to(self.env["DATABASE_URL"])
        _point_site_at(self.env["DATABASE_URL"], self.url)
        _refill(self.media_dir, self.seed.folder / "media")
        _refill(self.var_dir / "index", self.seed.folder / "index")
        _refill(self.var_dir / "page-cache")
        _refill(self.mail_dir)


@contextlib.contextmanager
def demo_site(tmp_path_factory):
    """This worker's copy of the seeded demo, served by gunicorn (2 workers, 2 threads)."""
    tmp = Path(tempfile.mkdtemp(prefix="live-site-", dir=tmp_path_factory.getbasetemp()))
    base = os.environ.get("DATABASE_URL", "")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    if _is_postgres(base):
        database = _named(base, f"live_{worker}")
    else:
        database = f"sqlite:///{tmp / 'live.sqlite3'}"
    with _shared_seed(tmp_path_factory, base) as seed:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = _site_env(database, tmp, url)
        site = LiveSite(
            url=url,
            mail_dir=tmp / "mail",
            media_dir=tmp / "media",
            env=env,
            seed=seed,
            var_dir=tmp,
            commands=Commands(env, tmp),
        )
        site.reset()
        log = tmp / "server.log"
        proc = None
        try:
            _url, proc = start_gunicorn(env, log, port, workers=2, threads=2, access_log=True)
            wait_until_up(url + "/en/", [proc], log)
            yield site
        finally:
            site.commands.close()
            if proc is not None:
                stop([proc], timeout=10)
            _drop(database)
