"""Helpers of the tests that start real processes (workers, gunicorn, varnishd) beside pytest."""

import socket
import subprocess
import time
import urllib.error
import urllib.request

from django.db import connection


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    """The address of the test database, for a subprocess to use the very same one."""
    conf = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{conf['NAME']}"
    user = conf.get("USER") or "postgres"
    password = f":{conf['PASSWORD']}" if conf.get("PASSWORD") else ""
    host = conf.get("HOST") or "127.0.0.1"
    port = conf.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{conf['NAME']}"


def wait_for(condition, timeout=120, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"Timed out waiting for {what}")


def _tail(log):
    return log.read_text(errors="replace")[-3000:] if log and log.exists() else ""


def wait_until_up(url, procs, log, timeout=120):
    """Until ``url`` answers (any HTTP status is an answer); fails if a process of ``procs``
    stops first, with the end of ``log``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in procs:
            if proc.poll() is not None:
                raise RuntimeError(f"a server stopped:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - 127.0.0.1 only
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout}s:\n{_tail(log)}")


def stop(procs, timeout=20):
    """SIGTERM to every process still running, then SIGKILL to any that outlives ``timeout``."""
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
