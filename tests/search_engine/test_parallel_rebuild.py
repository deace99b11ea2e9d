"""``update_index`` with several writer processes, each reading and building its own share.

The forked writers open their own database connections, so these tests commit their data
(a transaction of the test would be invisible to them).
"""

from io import StringIO

import pytest
from django.core.management import call_command

from hub.models import ResourcePage, Theme
from hub.search import ranked_pks
from hub.search.backends.whoosh import parallel
from hub.search.backends.whoosh import store as st
from hub.search.backends.whoosh.documents import document_id
from tests.search_page.helpers import add_resource

from .helpers import backend

pytestmark = pytest.mark.django_db(transaction=True)

RESOURCES = 12


def _processes(settings, procs):
    settings.WAGTAILSEARCH_BACKENDS = {
        name: dict(conf, REBUILD_PROCS=procs, REBUILD_MP_MIN_OBJECTS=1)
        for name, conf in settings.WAGTAILSEARCH_BACKENDS.items()
    }


def _contents():
    """(document id, digest of its fields) of every live document, duplicates kept."""
    searcher = backend().store.searcher()
    return sorted((f[st.ID_FIELD], f[st.HASH_FIELD]) for f in searcher.all_stored_fields())


def _segments():
    store = backend().store
    return store.open_index(store.current_version())._segments()


@pytest.fixture
def resources(home):
    theme = Theme.objects.order_by("pk").first()
    return [
        add_resource(
            home,
            f"ressource-{i}",
            title_en=f"Shared bikes {i}",
            title_fr=f"Vélos partagés {i}",
            summary_fr="Une flotte de vélos pour le centre-ville.",
            themes=[theme.slug],
            documents=[(f"bilan-{i}.txt", f"Bilan {i} : les vélos partagés".encode(), "fr")],
        )
        for i in range(RESOURCES)
    ]


def test_parallel_rebuild_writes_the_same_documents_as_one_process(resources, settings):
    _processes(settings, 1)
    call_command("update_index", stdout=StringIO())
    one = _contents()
    assert len(_segments()) == 1
    assert {document_id(r) for r in resources} <= {doc_id for doc_id, _ in one}

    _processes(settings, 2)
    call_command("update_index", stdout=StringIO())
    assert len(_segments()) == 2, "one segment per writer process"
    assert _contents() == one
    found = ranked_pks(ResourcePage.objects.live(), "velos partages", language="fr")
    assert sorted(found) == sorted(r.pk for r in resources)


def test_a_failed_writer_fails_the_rebuild_and_the_live_index_stays(
    resources, settings, monkeypatch
):
    _processes(settings, 2)
    call_command("update_index", stdout=StringIO())
    before, live = _contents(), (backend().store.path / st.POINTER).read_text()

    def broken(obj):
        raise ValueError("simulated failure while building a document")

    monkeypatch.setattr(parallel, "build_document", broken)  # inherited by the forked writers
    with pytest.raises(RuntimeError, match="writer process failed"):
        call_command("update_index", stdout=StringIO())
    assert (backend().store.path / st.POINTER).read_text() == live
    assert sorted(p.name for p in backend().store.path.glob("v-*")) == [live.strip()]
    assert _contents() == before


def test_an_object_edited_during_a_parallel_rebuild_is_indexed_once(resources, settings):
    _processes(settings, 2)
    search_backend = backend()
    rebuilder = search_backend.rebuilder_class(search_backend.get_index_for_model(ResourcePage))
    rebuild = rebuilder.start()
    rebuild.add_model(ResourcePage)
    keys = ResourcePage.objects.order_by("pk").values_list("pk", flat=True)
    rebuild.add_items(ResourcePage, parallel.Keys(keys))
    assert isinstance(rebuild.writer, parallel.ParallelBuildWriter)
    edited = ResourcePage.objects.get(pk=resources[0].pk)
    edited.summary_fr = "Une flotte de tandems électriques."
    edited.save_revision().publish()  # a live write, journalled
    rebuilder.finish()

    ids = [doc_id for doc_id, _ in _contents()]
    assert ids.count(document_id(edited)) == 1
    assert ranked_pks(ResourcePage.objects.live(), "tandems", language="fr") == [edited.pk]
