"""The Whoosh search backend: modelsearch's named classes put together, and index writes.

Division of work: Whoosh matches and scores and returns primary keys with scores; the ORM then
applies the queryset's filters, ordering, slicing and facets, so every Django lookup works and
results can never include rows the queryset excludes.

Besides modelsearch's API, the backend offers what the search page asks of a backend that can
(``hub.search`` falls back to generic code on the others): ``ranked_pks`` (keys without loading
rows), ``did_you_mean`` and ``known_words`` (from the index's own word list). A search may be
limited to one language's fields (``supports_language``): ``hub.search.search`` passes
``language`` through modelsearch's ``_search(**kwargs)`` to the compiler.
"""

import logging
import os

from django.conf import settings
from django.db import transaction
from modelsearch.backends.base import BaseSearchBackend

from . import spelling
from . import store as st
from .compiler import WhooshAutocompleteQueryCompiler, WhooshSearchQueryCompiler
from .documents import document_id, journal_line, phrase_free_fields
from .index import WhooshIndex
from .rebuild import WhooshRebuilder
from .results import WhooshSearchResults

logger = logging.getLogger("hub.search")

MP_REBUILD_MIN_OBJECTS = 5000


class WhooshSearchBackend(BaseSearchBackend):
    query_compiler_class = WhooshSearchQueryCompiler
    autocomplete_query_compiler_class = WhooshAutocompleteQueryCompiler
    results_class = WhooshSearchResults
    index_class = WhooshIndex
    rebuilder_class = WhooshRebuilder
    supports_language = True
    # update_index may hand the rebuild primary keys instead of objects (parallel.Keys).
    rebuild_reads_objects = True

    @property
    def catch_indexing_errors(self):
        # In a request, an index failure is logged and never breaks a save; in the worker it
        # raises, so that the job is retried (a locked index is a transient failure).
        from hub.jobs import running_in_worker

        return not running_in_worker()

    def __init__(self, params):
        super().__init__(params)
        path = params.get("PATH") or str(getattr(settings, "SEARCH_INDEX_DIR", "search-index"))
        self.store = st.get_store(path)
        self.store.phrase_free = phrase_free_fields
        # Processes used by update_index (default: the CPUs, at most 4).
        self.rebuild_procs = int(params.get("REBUILD_PROCS") or min(4, os.cpu_count() or 1))
        self.rebuild_mp_min_objects = int(
            params.get("REBUILD_MP_MIN_OBJECTS") or MP_REBUILD_MIN_OBJECTS
        )

    def get_index_for_model(self, model):
        return self.index_class(self)

    # What the search page asks of a backend that can answer ------------------------------
    def ranked_pks(self, query, queryset, limit=None, **kwargs):
        """The keys of the best ``limit`` matches, most relevant first, no row loaded."""
        results = self._search(self.query_compiler_class, query, queryset, **kwargs)[:limit]
        if isinstance(results, WhooshSearchResults):
            return results.ranked_pks()
        return [obj.pk for obj in results]  # modelsearch's empty results

    def did_you_mean(self, query):
        """``query`` with its unknown words replaced by the closest indexed ones, or None."""
        return spelling.did_you_mean(self.store, query)

    def known_words(self):
        """The index's words now: ``word in words``, ``words.starting(prefix, scan)``."""
        return spelling.IndexWords(self.store)

    # Writing ---------------------------------------------------------------------------------
    def write(self, apply, journal_lines=(), what="write"):
        try:
            self.store.write(apply, journal_lines)
        except Exception:
            logger.error(
                "Search index %s failed at %s; search may be stale until "
                "`manage.py update_index` rebuilds it.",
                what,
                self.store.path,
                exc_info=True,
            )
            return False
        return True

    def delete_now(self, obj):
        doc_id = document_id(obj)
        self.write(
            lambda writer: writer.delete_by_term(st.ID_FIELD, doc_id),
            journal_lines=[journal_line(obj)],
            what=f"delete {doc_id}",
        )

    def delete(self, obj):
        # post_delete fires inside the transaction; if it rolls back the object still exists,
        # so the index entry must only go once the deletion is committed. The id is taken now:
        # Django clears obj.pk after deleting.
        doc_id = document_id(obj)
        line = journal_line(obj)

        def _delete():
            self.write(
                lambda writer: writer.delete_by_term(st.ID_FIELD, doc_id),
                journal_lines=[line],
                what=f"delete {doc_id}",
            )

        transaction.on_commit(_delete)
