"""A ``kill -9`` of ``manage.py update_index`` leaves no writer running and nothing behind.

The rebuild writes with several forked Whoosh processes. Killed in the middle, the command's
writers die with it (they used to wait on their job queue for ever), and the next process that
opens the index removes the unfinished version folder and the rebuild journal (which live
writes would otherwise keep growing), while search keeps answering from the live version.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import transaction

from hub.models import StandardPage
from tests.servers.live import ROOT, server_env

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = 260  # whoosh hands documents to its writers a hundred at a time


def _children(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def _alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _manage(env, *args):
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc (Linux)")
def test_a_killed_rebuild_leaves_no_writer_and_no_leftovers(home, settings, tmp_path):
    settings.WAGTAILSEARCH_BACKENDS = {
        name: dict(conf, AUTO_UPDATE=False)
        for name, conf in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    with transaction.atomic():
        for n in range(PAGES):
            home.add_child(
                instance=StandardPage(title=f"Page {n}", title_en=f"Page {n}", slug=f"page-{n}")
            )
    index = tmp_path / "var" / "index"
    env = server_env(tmp_path / "var", DJANGO_SETTINGS_MODULE="tests.servers.rebuild_settings")
    assert _manage(env, "update_index").wait(timeout=600) == 0
    live = (index / "CURRENT").read_text().strip()

    writers = []
    try:
        for _attempt in range(5):
            command = _manage(env, "update_index")
            while command.poll() is None and not writers:
                writers = _children(command.pid)
                time.sleep(0.002)
            if writers:
                break
        assert writers, "update_index never forked its writers"
        os.kill(command.pid, signal.SIGKILL)
        command.wait()
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in writers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in writers), "writers outlived update_index"
    finally:
        for pid in writers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)

    versions = {p.name for p in index.glob("v-*")}
    assert live in versions and len(versions) > 1, versions  # the killed rebuild's folder
    assert (index / "rebuild.journal").exists()

    # The next process to open the index (a web worker, a command) clears what was left.
    search = "from wagtail.search.backends import get_search_backend as g; g()"
    assert _manage(env, "shell", "-c", search).wait(timeout=120) == 0
    assert {p.name for p in index.glob("v-*")} == {live}
    assert not (index / "rebuild.journal").exists()
    assert (index / "CURRENT").read_text().strip() == live
