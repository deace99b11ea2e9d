"""/healthz and /readyz: up, ready, 503 naming what failed; never cached, never an error log."""

import logging

import pytest
from django.core.cache import caches


def test_healthz_says_the_process_is_up(client, db, monkeypatch):
    from hub import health

    for name in health.CHECKS:  # it checks none of what /readyz checks
        monkeypatch.setitem(health.CHECKS, name, _fail)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_checks_everything(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok" and body["failed"] == []
    assert set(body["checks"]) == {"database", "cache", "search", "queue"}
    assert all(value.startswith("ok") for value in body["checks"].values())
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_checks_the_queue_table_with_the_database_backend(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["queue"].startswith("ok")


def _fail(*args, **kwargs):
    raise ConnectionError("refused")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["cache", "search", "queue", "database"])
def test_readyz_names_what_failed_and_logs_no_error(client, monkeypatch, caplog, name):
    from hub import health

    monkeypatch.setitem(health.CHECKS, name, _fail)
    with caplog.at_level(logging.INFO):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == [name]
    assert body["checks"][name] == "failed: ConnectionError"
    assert "no-store" in response["Cache-Control"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(r.name == "hub.health" and r.levelno == logging.WARNING for r in caplog.records)


@pytest.mark.django_db
def test_readyz_with_a_cache_server_that_is_down(client, settings):
    settings.CACHES = dict(
        settings.CACHES,
        default={
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        },
    )
    try:
        response = client.get("/readyz")
    finally:
        caches["default"].close()
    assert response.status_code == 503
    assert "cache" in response.json()["failed"]


def test_readyz_is_never_page_cached(client, settings, db):
    settings.PAGE_CACHE_SECONDS = 300
    from hub import caching

    client.get("/readyz")
    assert caching.CACHED_HEADER not in client.get("/readyz")
