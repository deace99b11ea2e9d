"""Two web nodes that agree (issue 17): two gunicorn instances of the site on one PostgreSQL,
one Redis cache and the PostgreSQL search backend, with the job worker, behind Varnish.

* A moderator's edit published through one node is visible through the other node and through
  Varnish at once (the shared cache's content generation and Varnish's purge).
* After the worker has run the index write that edit queued, a visitor's search on the other
  node finds the new words (the database search backend, shared by both).
* 200 registrations at once for 50 places, spread over both nodes: 50 confirmed, 150 on the
  waiting list, no error, and every confirmation email sent by the worker.

The processes start once for the module, so they outlive each test's flush, which gives the
content types new ids they do not know of: the test that edits through the admin runs first,
and the registrations' test checks its own jobs (the emails) only. It needs PostgreSQL (SQLite
is one machine's file), varnishd and redis-server; without them it skips saying so, and fails
under CI=true.
"""

import http.cookiejar
import re
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from django.db import connection
from wagtail.fields import StreamField

from tests.admin_forms import read_form
from tests.missing import missing
from tests.processes import wait_for

from .conftest import REDIS_SERVER, Stack, fetch, need_varnish, register

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE, PLACES = 200, 50


@pytest.fixture(scope="module")
def nodes(tmp_path_factory, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        vendor = connection.vendor
    if vendor != "postgresql":
        pytest.skip(
            "two web nodes share a PostgreSQL database: run with DATABASE_URL=postgres://… "
            "(make test runs this in its PostgreSQL stage)"
        )
    need_varnish()
    if not REDIS_SERVER:
        missing("redis-server is not installed (Debian package 'redis-server'; .ci/system-deps)")
    stack = Stack(tmp_path_factory.mktemp("two-nodes"))
    stack.env.update(
        SEARCH_BACKEND="database",
        TASKS_BACKEND="database",
        HUB_TEST_NO_RATE_LIMITS="1",
    )
    try:
        stack.start_redis()
        stack.start_node()
        stack.start_node()
        stack.start_varnish()
        stack.start_worker()
        stack.wait()
        yield stack
    finally:
        stack.stop()


@pytest.fixture
def shared(nodes, settings, transactional_db):
    """This test process uses the nodes' Redis and purges their Varnish; both start empty."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": nodes.redis,
        }
    }
    settings.PAGE_CACHE_SECONDS = 300
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "hub.cdn.VarnishBackend", "LOCATION": nodes.varnish}
    }
    from django.core.cache import cache

    cache.clear()
    for code in ("en", "fr"):
        fetch(f"{nodes.varnish}/{code}/", method="PURGE", headers={"X-Purge-Prefix": "1"})
    return nodes


def node(stack, number):
    return stack.nodes[number][1]


def jobs_done():
    from django_tasks_db.models import DBTaskResult

    return not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()


# A moderator in the admin of one node ------------------------------------------------------


class Admin:
    """A signed-in moderator on one node (its own cookies)."""

    def __init__(self, base, username, password):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.get("/admin/login/")
        self.post("/admin/login/", {"username": username, "password": password}, page)
        assert any(c.name == "sessionid" for c in self.jar), "the moderator could not sign in"

    def get(self, path):
        with self.opener.open(self.base + path, timeout=120) as response:  # noqa: S310
            return response.read().decode()

    def post(self, path, fields, page):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = (
            [("csrfmiddlewaretoken", token), *fields.items()]
            if isinstance(fields, dict)
            else [
                ("csrfmiddlewaretoken", token),
                *fields,
            ]
        )
        request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 only
            self.base + path,
            data=urlencode(data).encode(),
            headers={"Referer": self.base + path},
        )
        with self.opener.open(request, timeout=120) as response:
            return response.status, response.geturl(), response.read().decode()

    def edit_and_publish(self, page, **changes):
        """The page's edit form sent back as it is, with ``changes``, by its Publish button."""
        path = f"/admin/pages/{page.pk}/edit/"
        screen = self.get(path)
        form = read_form(screen)
        fields = [(n, v) for n, v in form.fields if n not in changes and n != "csrfmiddlewaretoken"]
        # A stream field's inputs are drawn by the editor's script; this page's are empty.
        names = {n for n, _v in fields}
        for field in page._meta.fields:
            if isinstance(field, StreamField) and f"{field.name}-count" not in names:
                assert not getattr(page, field.name), field.name
                fields.append((f"{field.name}-count", "0"))
        fields += list(changes.items()) + [("action-publish", "action-publish")]
        status, url, body = self.post(path, fields, screen)
        assert "/edit/" not in url, f"the edit was refused:\n{_errors(body)}"
        return status


def _errors(body):
    found = re.findall(r'class="[^"]*error-message[^"]*"[^>]*>(.*?)</', body, re.S)
    return "\n".join(found) or body[:2000]


@pytest.fixture
def charter(shared, home):
    from tests.library.factories import PublicationFactory

    return PublicationFactory(
        home=home,
        title_en="Charter",
        title_fr="Charte",
        slug_en="charter",
        slug_fr="charte",
        summary_en="How partners work together.",
        summary_fr="Comment les partenaires travaillent ensemble.",
    )


@pytest.fixture
def moderator(shared):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("moderator", "moderator@example.org", "pw-mod-123")
    return Admin(node(shared, 0), "moderator", "pw-mod-123")


def test_an_edit_on_one_node_is_seen_and_found_on_the_other(shared, charter, moderator):
    from django.utils import translation

    english = charter.url
    with translation.override("fr"):
        french = charter.url
    first, second = node(shared, 0), node(shared, 1)
    search = "/en/search/?q=kittiwake"
    # Both nodes and Varnish have the page (and the empty search) in their caches.
    for base in (first, second, shared.varnish):
        for path in (english, french, search):
            fetch(base + path)
    assert fetch(shared.varnish + english).headers["X-Cache"] == "HIT"
    assert "Kittiwake charter" not in fetch(second + search).text

    moderator.edit_and_publish(
        charter,
        title_en="Kittiwake charter",
        title_fr="Charte kittiwake",
        summary_en="How partners work together, kittiwake edition.",
    )

    # At once, before any job has run: the other node and Varnish show the new title.
    through = fetch(shared.varnish + english)
    assert through.headers["X-Cache"] == "MISS" and "Kittiwake charter" in through.text
    assert "Charte kittiwake" in fetch(shared.varnish + french).text
    assert "Kittiwake charter" in fetch(second + english).text
    assert "Charte kittiwake" in fetch(second + french).text

    # The worker writes the index entry; then a visitor's search on the other node finds it.
    wait_for(jobs_done, timeout=120, what="the worker to run the index write")
    found = wait_for(
        lambda: "Kittiwake charter" in fetch(second + search).text,
        timeout=30,
        what="node 2's search to find the edited page",
    )
    assert found
    assert "Kittiwake charter" in fetch(shared.varnish + search).text


def test_200_registrations_for_50_places_over_two_nodes(shared, home):
    from tests.workshops.factories import make_index, make_workshop
    from workshops.models import Registration

    workshop = make_workshop(make_index(home), capacity=PLACES)
    path = workshop.url
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda n: register(node(shared, n % 2), path, n), range(PEOPLE)))
    assert statuses.count(302) == PEOPLE, sorted(set(statuses))
    rows = Registration.objects.filter(workshop=workshop)
    assert rows.count() == PEOPLE
    assert rows.filter(status="confirmed").count() == PLACES
    assert rows.filter(status="waiting").count() == PEOPLE - PLACES
    # The worker sent every confirmation, once each, and nothing failed.
    wait_for(jobs_done, timeout=300, what="the worker to send the emails")
    sent = "".join(path.read_text() for path in shared.mail_dir.glob("*.log"))
    recipients = re.findall(r"^To: (visitor\d+@example\.org)$", sent, re.M)
    assert sorted(recipients) == sorted(f"visitor{n}@example.org" for n in range(PEOPLE))
    from django_tasks_db.models import DBTaskResult

    emails = DBTaskResult.objects.filter(task_path="workshops.tasks.send_participant_email")
    assert emails.filter(status="SUCCESSFUL").count() == PEOPLE
    assert not emails.exclude(status="SUCCESSFUL").exists()
    # Either node now says the workshop is full (the places left are read fresh).
    for number in (0, 1):
        assert "The workshop is full" in fetch(node(shared, number) + path).text
