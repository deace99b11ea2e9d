"""Varnish (Debian's varnishd) on 127.0.0.1 in front of gunicorn nodes serving the test database.

The VCL is the repository's own (deploy/varnish/hub.vcl) with the backends' ports filled in.
Without varnishd the tests skip, saying so, except under CI=true where they fail. The test
process shares the nodes' cache and purges Varnish like a node would (WAGTAILFRONTENDCACHE).
"""

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from tests.missing import missing
from tests.processes import database_url, free_port, stop, wait_until_up
from tests.servers.live import start_gunicorn

ROOT = Path(__file__).resolve().parents[2]
VARNISHD = shutil.which("varnishd", path=os.environ.get("PATH", "") + ":/usr/sbin")
REDIS_SERVER = shutil.which("redis-server", path=os.environ.get("PATH", "") + ":/usr/bin")


def need_varnish():
    if VARNISHD:
        return
    missing("varnishd is not installed (Debian package 'varnish'; .ci/system-deps installs it)")


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        import json

        return json.loads(self.body)

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to look at, not to follow


_opener = urllib.request.build_opener(_NoRedirects)


def fetch(url, method="GET", headers=None, data=None, timeout=120):
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 only
        url, method=method, headers=headers or {}, data=data
    )
    try:
        with _opener.open(request, timeout=timeout) as response:
            return Response(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read())


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def register(node, path, number):
    """A visitor's registration on ``node``: the page (for its CSRF cookie and token), then the
    form posted back; returns the answer's status (302 when received)."""
    from tests.workshops.factories import form_data

    page = fetch(node + path)
    cookie = SimpleCookie(page.headers.get("Set-Cookie", ""))
    data = form_data(name=f"Visitor {number}", email=f"visitor{number}@example.org")
    data["csrfmiddlewaretoken"] = TOKEN.search(page.text).group(1)
    answer = fetch(
        node + path,
        method="POST",
        data=urlencode(data).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie['csrftoken'].value}",
            "Referer": node + path,
        },
    )
    return answer.status


class Stack:
    """gunicorn nodes behind one varnishd, every process stopped at the end."""

    def __init__(self, tmp_path):
        self.tmp = tmp_path
        self.procs = []
        self.log = tmp_path / "servers.log"
        self.varnish_port = free_port()
        self.varnish = f"http://127.0.0.1:{self.varnish_port}"
        self.cache_dir = tmp_path / "cache"
        self.mail_dir = tmp_path / "mail"
        self.mail_dir.mkdir()
        self.env = dict(
            os.environ,
            HUB_TEST_MEDIA_DIR=str(tmp_path / "media"),
            HUB_TEST_INDEX_DIR=str(tmp_path / "index"),
            DJANGO_SETTINGS_MODULE="tests.cdn.server_settings",
            DATABASE_URL=database_url(),
            HUB_TEST_CACHE_DIR=str(self.cache_dir),
            HUB_TEST_MAIL_DIR=str(self.mail_dir),
            HUB_TEST_VARNISH=self.varnish,
        )
        self.nodes = []

    def _spawn(self, args, env=None):
        with self.log.open("ab") as log:
            proc = subprocess.Popen(
                args, cwd=ROOT, env=env or self.env, stdout=log, stderr=subprocess.STDOUT
            )
        self.procs.append(proc)
        return proc

    def start_node(self, workers=1, env=None):
        node, proc = start_gunicorn(
            dict(self.env, **(env or {})), self.log, workers=workers, threads=4, timeout=120
        )
        self.procs.append(proc)
        self.nodes.append((urlsplit(node).port, node))
        return node

    def start_redis(self):
        """A Redis of the stack's own (no disk, a free port), shared by every process."""
        port = free_port()
        self._spawn(
            [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.tmp)]
        )
        self.redis = f"redis://127.0.0.1:{port}/0"
        self.env["HUB_TEST_REDIS_URL"] = self.redis
        deadline = time.monotonic() + 30
        import redis

        while True:
            try:
                redis.Redis.from_url(self.redis).ping()
                return self.redis
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def start_worker(self):
        """``manage.py db_worker`` on the stack's database, polling every 0.1 s."""
        self._spawn(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.1"]
            + ["--no-startup-delay", "--no-reload", "--schedules", "0"]
        )

    def start_varnish(self):
        vcl = (ROOT / "deploy" / "varnish" / "hub.vcl").read_text()
        backends = "\n".join(
            f'backend node{i} {{ .host = "127.0.0.1"; .port = "{port}"; }}'
            for i, (port, _url) in enumerate(self.nodes)
        )
        vcl = re.sub(r"backend default \{.*?\n\}", backends, vcl, count=1, flags=re.S)
        if len(self.nodes) > 1:
            members = "".join(f"    nodes.add_backend(node{i});\n" for i in range(len(self.nodes)))
            vcl = vcl.replace(
                "sub vcl_recv {",
                "import directors;\n\nsub vcl_init {\n    new nodes = directors.round_robin();\n"
                + members
                + "}\n\nsub vcl_recv {\n    set req.backend_hint = nodes.backend();",
                1,
            )
        path = self.tmp / "hub.vcl"
        path.write_text(vcl)
        self._spawn(
            [
                VARNISHD,
                "-F",
                "-j",
                "none",
                "-a",
                f"127.0.0.1:{self.varnish_port}",
                "-T",
                "none",
                "-f",
                str(path),
                "-n",
                str(self.tmp / "varnish"),
                "-s",
                "malloc,64m",
                "-p",
                "ban_lurker_sleep=0.01",
            ]
        )

    def wait(self):
        for _port, node in self.nodes:
            wait_until_up(node + "/healthz", self.procs, self.log, timeout=180)
        wait_until_up(self.varnish + "/healthz", self.procs, self.log, timeout=180)

    def stop(self):
        stop(self.procs)


@pytest.fixture(scope="module")
def stack(tmp_path_factory, django_db_setup, django_db_blocker):
    """One Varnish and one node for the module's tests (starting them is the slow part)."""
    need_varnish()
    pool = Stack(tmp_path_factory.mktemp("cdn"))
    try:
        pool.start_node()
        pool.start_varnish()
        pool.wait()
        yield pool
    finally:
        pool.stop()


@pytest.fixture
def behind_varnish(stack, settings, transactional_db):
    """This test process shares the nodes' cache and purges their Varnish; both start empty."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(stack.cache_dir),
        }
    }
    settings.PAGE_CACHE_SECONDS = 300
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "hub.cdn.VarnishBackend", "LOCATION": stack.varnish}
    }
    from django.core.cache import cache

    cache.clear()
    for code in ("en", "fr"):
        fetch(f"{stack.varnish}/{code}/", method="PURGE", headers={"X-Purge-Prefix": "1"})
    return stack


# The root page, locale and collection that migrations made, put back after a flush.
from tests.workshops.conftest import _wagtail_base  # noqa: E402, F401
