"""Start gunicorn processes of the site on 127.0.0.1 against the test database.

The test that uses them must commit its rows (``transactional_db``) for the servers to see them.
Each server gets production settings (tests/servers/production_settings.py) and the folder
``var`` as HUB_VAR_DIR, so processes started with the same folder share its default cache.
"""

import contextlib
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url():
    """The URL of the database pytest-django made for this test run."""
    conf = connection.settings_dict
    if conf["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{conf['NAME']}"
    user = conf.get("USER") or "postgres"
    password = f":{conf['PASSWORD']}" if conf.get("PASSWORD") else ""
    host = conf.get("HOST") or "127.0.0.1"
    port = conf.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{conf['NAME']}"


def server_env(var_dir, **extra):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.servers.production_settings",
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


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url, proc, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/robots.txt", timeout=5):  # noqa: S310
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {timeout}s:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def gunicorns(var_dir, count=2, workers=1, threads=4, **env):
    """``count`` gunicorn processes (``workers`` workers each); yields their base URLs."""
    var_dir = Path(var_dir)
    var_dir.mkdir(parents=True, exist_ok=True)
    started = []
    try:
        for n in range(count):
            port = _free_port()
            log = var_dir / f"server-{n}.log"
            with open(log, "w") as out:
                proc = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "hub.wsgi:application",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        str(workers),
                        "--threads",
                        str(threads),
                        "--timeout",
                        "60",
                    ],
                    cwd=ROOT,
                    env=server_env(var_dir, **env),
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            started.append((f"http://127.0.0.1:{port}", proc, log))
        for url, proc, log in started:
            _wait_until_up(url, proc, log)
        yield [url for url, _proc, _log in started]
    finally:
        for _url, proc, _log in started:
            proc.terminate()
        for _url, proc, _log in started:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


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
