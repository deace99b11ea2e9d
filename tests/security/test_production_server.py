"""What production's gunicorn sends: "__Host-" cookies and no server software name."""

import pytest

from tests.servers.live import get, gunicorns, manage

pytestmark = pytest.mark.django_db(transaction=True)


def _cookie(headers, name):
    for value in headers.get_all("Set-Cookie") or []:
        if value.split("=", 1)[0] == name:
            return {part.strip().split("=", 1)[0].lower() for part in value.split(";")}, value
    raise AssertionError(f"no {name} cookie in {headers.get_all('Set-Cookie')}")


def test_cookies_are_host_only_and_the_server_is_not_named(tmp_path):
    with gunicorns(tmp_path / "var", count=1) as (server,):
        status, headers, _body = get(server + "/admin/login/")
    assert status == 200
    assert headers["Server"] == "hub"
    attributes, raw = _cookie(headers, "__Host-csrftoken")
    assert {"secure", "path"} <= attributes, raw
    assert "path=/" in raw.lower().replace(" ", "")
    assert "domain" not in attributes, raw


def test_the_session_cookie_is_host_only_too(tmp_path):
    code = (
        "from django.conf import settings as s; print(s.SESSION_COOKIE_NAME, "
        "s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_DOMAIN, s.SESSION_COOKIE_PATH)"
    )
    result = manage(tmp_path, "shell", "-c", code)
    assert result.stdout.strip().splitlines()[-1] == "__Host-sessionid True None /"
