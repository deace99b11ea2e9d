"""What the index holds: a document's extracted text once per indexed object, in its language."""

import pytest
from modelsearch.index import insert_or_update_object

from hub.models import HubDocument
from hub.search import search
from hub.search.backends.whoosh import store as st
from hub.search.backends.whoosh.documents import build_document

from .helpers import backend


@pytest.fixture
def document(db, django_capture_on_commit_callbacks):
    # No after-commit extraction (there is no file): the text is set as extraction would.
    with django_capture_on_commit_callbacks(execute=False):
        document = HubDocument.objects.create(
            title="Bilan", file="documents/bilan.pdf", language="fr"
        )
    HubDocument.objects.filter(pk=document.pk).update(
        extracted_text="Les vélos partagés", extraction_status="done"
    )
    document.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        insert_or_update_object(document)
    return document


def test_document_text_is_indexed_once_in_its_language(document):
    fields = build_document(document)
    texts = [name for name, value in fields.items() if "vélos" in value and name != st.SPELL_FIELD]
    assert texts == ["s__search_text_fr"]


def test_long_texts_are_indexed_without_positions_and_phrases_find_their_words(document):
    from modelsearch.query import Phrase

    store = backend().store
    schema = store.open_index(store.current_version()).schema
    for name in ("s__search_text_fr", "s__documents__document__public_text_fr"):
        assert not schema[name].format.supports("positions"), name
    assert schema["s__title"].format.supports("positions")
    assert schema["s__summary_fr"].format.supports("positions")
    # A quoted phrase in such a field finds the documents that hold all of its words.
    assert [d.pk for d in HubDocument.objects.search(Phrase("vélos partagés"))] == [document.pk]
    assert list(HubDocument.objects.search(Phrase("vélos électriques"))) == []


def test_admin_document_search_finds_text_and_title(document):
    assert [d.pk for d in HubDocument.objects.search("partage")] == [document.pk]
    assert [d.pk for d in HubDocument.objects.search("bilan")] == [document.pk]


def _generation():
    store = backend().store
    return store.open_index(store.current_version()).latest_generation()


def test_saving_unchanged_content_writes_nothing(document, django_capture_on_commit_callbacks):
    before = _generation()
    with django_capture_on_commit_callbacks(execute=True):
        document.save()  # nothing indexed changed
    assert _generation() == before
    with django_capture_on_commit_callbacks(execute=True):
        document.title = "Bilan annuel"
        document.save()
    assert _generation() == before + 1
    assert [d.pk for d in HubDocument.objects.search("annuel")] == [document.pk]


def test_live_writes_fold_small_segments_only(db, django_capture_on_commit_callbacks):
    from hub.models import Theme

    for i in range(st.MAX_SMALL_SEGMENTS + 3):
        with django_capture_on_commit_callbacks(execute=True):
            Theme.objects.create(slug=f"pli{i}", name_en=f"Fold {i}", name_fr=f"Pli {i}")
    store = backend().store
    segments = store.open_index(store.current_version())._segments()
    assert len(segments) < st.MAX_SMALL_SEGMENTS
    found = {t.slug for t in search(Theme.objects.all(), "pli", language="fr")}
    assert found == {f"pli{i}" for i in range(st.MAX_SMALL_SEGMENTS + 3)}


def test_documents_of_many_resources_are_read_in_a_fixed_number_of_queries(
    home, django_assert_max_num_queries
):
    from hub.models import ResourcePage
    from hub.search.backends.whoosh.documents import prefetch_related
    from tests.search_page.helpers import add_resource

    for i in range(6):
        add_resource(
            home, f"r{i}", title_en=f"Resource {i}", documents=[(f"d{i}.txt", b"texte", "fr")]
        )
    pages = list(ResourcePage.get_indexed_objects().order_by("pk"))
    HubDocument.objects.update(extracted_text="Les vélos partagés")
    with django_assert_max_num_queries(16):  # per relation, not per page
        prefetch_related(ResourcePage, pages)
        docs = [build_document(page) for page in pages]
    assert all(
        doc["s__documents__document__public_text_fr"] == "Les vélos partagés" for doc in docs
    )
