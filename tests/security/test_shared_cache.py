"""Production's cache is shared by every server process: a withdrawn page is gone at once.

Two gunicorn processes of the site, production settings and their default cache, serve the
same page; once it is unpublished (by a management command, as an editor's action in any
process would), neither may answer with its cached copy. Production also refuses to start with
a cache each process keeps for itself.
"""

import subprocess
import sys

import pytest

from tests.servers.live import ROOT, get, gunicorns, manage, server_env

pytestmark = pytest.mark.django_db(transaction=True)


def _published_page(home):
    from hub.models import StandardPage

    page = home.add_child(
        instance=StandardPage(
            title="Withdrawn soon", slug="withdrawn-soon", title_en="Withdrawn soon"
        )
    )
    page.save_revision().publish()
    return page


def test_an_unpublished_page_is_gone_at_once_through_every_process(home, tmp_path):
    page = _published_page(home)
    path = page.url
    with gunicorns(tmp_path / "var", count=2) as servers:
        for _round in range(2):  # the second round is served from the cache
            for server in servers:
                status, headers, body = get(server + path)
                assert status == 200 and b"Withdrawn soon" in body
        assert headers["X-Hub-Cache"] == "hit"
        manage(
            tmp_path / "var",
            "shell",
            "-c",
            f"from wagtail.models import Page; Page.objects.get(pk={page.pk}).specific.unpublish()",
        )
        for server in servers:
            status, _headers, body = get(server + path)
            assert status == 404, server
            assert b"Withdrawn soon" not in body


def test_production_defaults_to_a_file_cache_in_the_var_folder(tmp_path):
    code = "from django.conf import settings; print(settings.CACHES['default']['LOCATION'])"
    result = manage(tmp_path, "shell", "-c", code)
    assert result.stdout.strip().splitlines()[-1] == str(tmp_path / "cache")


def test_production_refuses_a_cache_kept_per_process(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=server_env(tmp_path, CACHE_URL="locmem://"),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "keeps a separate cache in each server process" in result.stderr
