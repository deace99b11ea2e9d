"""Small helpers for the search engine tests: the backend under test and raw index views."""

from modelsearch.backends import get_search_backend

from hub.search.backends.whoosh import store as st


def backend():
    return get_search_backend("default")


def indexed_ids(search_backend=None):
    """Every document id in the live index (bypasses the ORM)."""
    searcher = (search_backend or backend()).store.searcher()
    return {fields[st.ID_FIELD] for fields in searcher.all_stored_fields()}


def versions(search_backend=None):
    path = (search_backend or backend()).store.path
    return sorted(p.name for p in path.glob("v-*") if p.is_dir())
