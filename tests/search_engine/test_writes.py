"""Safe index writes: after commit, concurrent processes, rebuild swap, failures, searchers."""

import logging
import multiprocessing
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connections, transaction
from modelsearch.backends import get_search_backend
from whoosh.index import LockError

from hub.models import Partner, Theme
from hub.search import ranked_pks, search
from hub.search.backends.whoosh import store as st
from hub.search.backends.whoosh.documents import document_id

from .helpers import backend, indexed_ids, versions


def make_theme(slug, name_fr="Mobilité douce", name_en="Soft mobility"):
    return Theme.objects.create(slug=slug, name_fr=name_fr, name_en=name_en)


def test_index_written_only_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        theme = make_theme("velo")
        assert document_id(theme) not in indexed_ids()
    assert callbacks, "the index task must wait for the commit"
    for callback in callbacks:
        callback()
    assert document_id(theme) in indexed_ids()


def test_rolled_back_save_is_never_indexed(db, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        make_theme("ghost", name_fr="Fantôme")
        raise RuntimeError("roll back")
    assert not any(i.endswith(":ghost") for i in indexed_ids())
    assert list(search(Theme.objects.all(), "fantome")) == []


def test_delete_waits_for_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        theme = make_theme("velo")
    doc_id = document_id(theme)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        theme.delete()
    assert doc_id in indexed_ids(), "a delete that may still roll back must not touch the index"
    for callback in callbacks:
        callback()
    assert doc_id not in indexed_ids()


def _index_in_child(path, pks):
    # A separate process: its own connection, its own backend, the same index PATH.
    connections.close_all()
    search_backend = get_search_backend("default", BACKEND="hub.search.backends.whoosh", PATH=path)
    for theme in Theme.objects.filter(pk__in=pks).order_by("pk"):
        search_backend.add(theme)  # one commit each: maximum contention


@pytest.mark.django_db(transaction=True)
def test_concurrent_writer_processes_lose_nothing():
    themes = Theme.objects.bulk_create(
        Theme(slug=f"c{i}", name_en=f"Concurrent theme {i}", name_fr=f"Thème concurrent {i}")
        for i in range(200)
    )
    pks = [t.pk for t in themes]
    path = str(backend().store.path)
    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_index_in_child, args=(path, pks[i::4])) for i in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    assert search(Theme.objects.all(), "concurrent").count() == 200
    assert search(Theme.objects.all(), "concurrents", language="fr").count() == 200


def test_rebuild_swaps_in_a_fresh_directory(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_theme("velo")
    search_backend = backend()
    old = versions(search_backend)
    assert len(old) == 1

    index = search_backend.get_index_for_model(Theme)
    rebuilder = search_backend.rebuilder_class(index)
    rebuild = rebuilder.start()
    rebuild.add_model(Theme)
    rebuild.add_items(Theme, list(Theme.objects.all()))
    # During the rebuild: searches still use the old version, and a live write made now
    # (after the rebuild read its data) is journalled and must survive the swap.
    assert [t.slug for t in search(Theme.objects.all(), "mobilite")] == ["velo"]
    with django_capture_on_commit_callbacks(execute=True):
        make_theme("bus", name_fr="Bus à haut niveau de service", name_en="Bus rapid transit")
    assert [t.slug for t in search(Theme.objects.all(), "bus")] == ["bus"]
    assert len(versions(search_backend)) == 2
    rebuilder.finish()

    new = versions(search_backend)
    assert len(new) == 1 and new != old, "old directory removed, new one live"
    assert (search_backend.store.path / st.POINTER).read_text().strip() == new[0]
    assert [t.slug for t in search(Theme.objects.all(), "bus")] == ["bus"]
    assert [t.slug for t in search(Theme.objects.all(), "mobilite")] == ["velo"]


def _live_ids():
    """Every document id of the live index, once per document (duplicates kept)."""
    return [fields[st.ID_FIELD] for fields in backend().store.searcher().all_stored_fields()]


def test_objects_edited_or_deleted_during_a_rebuild_are_indexed_once_or_not_at_all(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        edited = make_theme("velo")
        deleted = make_theme("tram", name_fr="Tramway", name_en="Tram")
    search_backend = backend()
    rebuilder = search_backend.rebuilder_class(search_backend.get_index_for_model(Theme))
    rebuild = rebuilder.start()
    rebuild.add_model(Theme)
    rebuild.add_items(Theme, list(Theme.objects.all()))
    # Both were read by the rebuild; the journal replays them before the swap.
    with django_capture_on_commit_callbacks(execute=True):
        edited.name_fr = "Mobilité douce partagée"
        edited.save()
        deleted_id = document_id(deleted)
        deleted.delete()
    rebuilder.finish()

    ids = _live_ids()
    assert ids.count(document_id(edited)) == 1, ids
    assert deleted_id not in ids
    assert ranked_pks(Theme.objects.all(), "mobilite") == [edited.pk]
    assert [t.slug for t in search(Theme.objects.all(), "partagee", language="fr")] == ["velo"]
    assert ranked_pks(Theme.objects.all(), "tramway") == []


def test_update_index_command_rebuilds_and_swaps(db):
    Theme.objects.bulk_create([Theme(slug="quiet", name_en="Unsignalled", name_fr="Sans signal")])
    assert list(search(Theme.objects.all(), "unsignalled")) == []  # bulk_create sends no signal
    before = versions()
    call_command("update_index", stdout=StringIO())
    after = versions()
    assert len(after) == 1 and after != before
    assert [t.slug for t in search(Theme.objects.all(), "unsignalled")] == ["quiet"]


def test_failed_write_is_logged_not_raised_and_rebuild_recovers(
    db, django_capture_on_commit_callbacks, caplog, monkeypatch
):
    def locked(ix):
        raise LockError("simulated stuck lock")

    monkeypatch.setattr(st.IndexStore, "_writer", staticmethod(locked))
    with (
        caplog.at_level(logging.ERROR, logger="hub.search"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        partner = Partner.objects.create(slug="p", country="FR", name_en="Lost", name_fr="Perdu")
    errors = [r for r in caplog.records if r.name == "hub.search" and r.levelno == logging.ERROR]
    assert errors and errors[0].exc_info, "logged loudly, with the exception"
    assert "update_index" in errors[0].getMessage()
    assert list(search(Partner.objects.all(), "perdu")) == []

    monkeypatch.undo()
    call_command("update_index", stdout=StringIO())
    assert [p.pk for p in search(Partner.objects.all(), "perdu")] == [partner.pk]


def test_searcher_is_reused_until_the_index_changes(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_theme("velo")
    store = backend().store
    assert list(search(Theme.objects.all(), "mobilite"))
    first = store.searcher()
    assert list(search(Theme.objects.all(), "douce"))
    assert store.searcher() is first, "same searcher for a second query, index unchanged"

    with django_capture_on_commit_callbacks(execute=True):
        make_theme("tram", name_fr="Tramway", name_en="Tram")
    assert [t.slug for t in search(Theme.objects.all(), "tramway")] == ["tram"]
    assert store.searcher() is not first, "refreshed after a write"


def test_each_test_has_its_own_index(settings, tmp_path):
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["PATH"].startswith(str(tmp_path))
    assert str(backend().store.path).startswith(str(tmp_path))
