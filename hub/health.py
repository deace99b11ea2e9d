"""Machine endpoints for load balancers and orchestrators: ``/healthz`` and ``/readyz``.

``/healthz`` says the process answers (it checks nothing else): a failure means restart it.
``/readyz`` checks what a request needs (the database, the cache, the search backend and the
job queue) and answers 503 naming what failed: a failure means send no traffic here for now.
Neither is ever cached, and a 503 is logged as a warning by this module, not as a server error
by Django (a node out of rotation is an operational state, not a bug).
"""

import logging
import time
import uuid

from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

log = logging.getLogger("hub.health")


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    cache = caches["default"]
    key, value = f"hub:readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not keep a value")
    finally:
        cache.delete(key)


def _search():
    from modelsearch.backends import get_search_backend
    from wagtail.models import Page

    list(get_search_backend().search("readyz", Page)[:1])


def _queue():
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    if isinstance(task_backends["default"], DatabaseBackend):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.ready().exists()


CHECKS = {"database": _database, "cache": _cache, "search": _search, "queue": _queue}


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    results, failed = {}, []
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
        except Exception as exc:  # every failure is reported, none stops the other checks
            results[name] = f"failed: {type(exc).__name__}"
            failed.append(name)
            log.warning("readyz: %s failed: %r", name, exc)
        else:
            results[name] = f"ok ({(time.monotonic() - started) * 1000:.0f} ms)"
    if "database" in failed:
        connection.close()  # a broken connection must not be reused by the next request
    body = {"status": "failed" if failed else "ok", "failed": failed, "checks": results}
    response = JsonResponse(body, status=503 if failed else 200)
    # Django logs every 5xx as an error; this one is already logged above, as a warning.
    response._has_been_logged = True
    return response
