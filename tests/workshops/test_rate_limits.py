"""Rate limits hold exactly under concurrency, across processes, and see through trusted proxies.

Bursts are sent at once by many threads to two gunicorn processes of the site (production
settings, their shared default cache, the test database): each limit lets exactly its number
through, however the attempts are spread. The client's address comes from X-Forwarded-For only
when the request arrives from a proxy named in TRUSTED_PROXIES.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ImproperlyConfigured

from hub.settings.env import env_networks
from tests.servers.live import csrf_for, gunicorns, post

from .factories import form_data

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = "/en/workshops/food-workshop/"
RESEND = "/en/workshop/resend-link/"


def _burst(servers, path, forms, client_address):
    """POST every form at once, alternating between the servers; the statuses."""
    headers, token = csrf_for(servers[0] + path)
    headers = dict(headers, **{"X-Forwarded-For": f"198.51.100.77, {client_address}"})
    start = threading.Barrier(len(forms))

    def send(n):
        start.wait()
        data = dict(forms[n], csrfmiddlewaretoken=token)
        return post(servers[n % len(servers)] + path, data, headers)[0]

    with ThreadPoolExecutor(len(forms)) as pool:
        return list(pool.map(send, range(len(forms))))


def _through(statuses):
    assert set(statuses) <= {302, 429}, statuses
    return sum(status != 429 for status in statuses)


def test_bursts_let_exactly_each_limit_through(workshop, tmp_path):
    # The servers sit behind a "proxy" at 127.0.0.1 (the test), which names each burst's client.
    with gunicorns(tmp_path / "var", count=2, TRUSTED_PROXIES="127.0.0.1") as servers:
        # Registrations: 20 an hour per client address, 5 per email address.
        many = [form_data(email=f"burst{n}@example.org") for n in range(40)]
        assert _through(_burst(servers, PAGE, many, "203.0.113.1")) == 20
        same = [form_data(email="same@example.org") for _n in range(15)]
        assert _through(_burst(servers, PAGE, same, "203.0.113.2")) == 5
        # "Resend my link": 10 an hour per client address, 3 per email address.
        many = [{"email": f"link{n}@example.org"} for n in range(25)]
        assert _through(_burst(servers, RESEND, many, "203.0.113.3")) == 10
        same = [{"email": "link-same@example.org"} for _n in range(10)]
        assert _through(_burst(servers, RESEND, same, "203.0.113.4")) == 3


def _limits(settings):
    settings.WORKSHOP_RATE_LIMITS = {"link": {"ip": 2, "email": 100, "window": 60}}


def _resend(client, n, forwarded, remote="10.9.0.1"):
    return client.post(
        RESEND,
        {"email": f"x{n}@example.org"},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    ).status_code


def test_forwarded_for_is_ignored_without_trusted_proxies(client, settings):
    _limits(settings)
    settings.TRUSTED_PROXIES = []
    # Every request names another client, but they all come from one address.
    statuses = [_resend(client, n, f"203.0.113.{n}") for n in range(3)]
    assert statuses == [302, 302, 429]


def test_forwarded_for_is_honoured_from_a_trusted_proxy(client, settings):
    _limits(settings)
    settings.TRUSTED_PROXIES = ["10.9.0.0/24"]
    # Behind the proxy, each visitor counts apart...
    assert [_resend(client, n, f"203.0.113.{n}, 10.9.0.2") for n in range(3)] == [302] * 3
    # ...and what a visitor writes to the left of the proxies' own entries changes nothing.
    spoofed = [_resend(client, n, f"192.0.2.{n}, 203.0.113.50") for n in range(3, 6)]
    assert spoofed == [302, 302, 429]
    # A request from elsewhere cannot borrow the header.
    direct = [_resend(client, n, "203.0.113.99", remote="192.0.2.200") for n in range(6, 9)]
    assert direct == [302, 302, 429]


def test_trusted_proxies_must_be_addresses(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.1, proxy.internal")
    with pytest.raises(ImproperlyConfigured, match="proxy.internal"):
        env_networks("TRUSTED_PROXIES")
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.1, 10.1.0.0/16, ::1")
    assert env_networks("TRUSTED_PROXIES") == ["10.0.0.1", "10.1.0.0/16", "::1"]
