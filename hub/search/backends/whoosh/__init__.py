"""A Whoosh search backend for Wagtail's search layer (modelsearch), embedded in the hub.

Configure it with ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND":
"hub.search.backends.whoosh", "PATH": "/some/dir"}}``. It knows nothing of the site's models:
what it indexes comes from each model's ``search_fields``. One module per part, as
modelsearch's own backends are laid out:

- ``backend``: ``WhooshSearchBackend``, which puts the parts together and writes;
- ``documents``: the Whoosh document of an object, and writes of changed documents only;
- ``compiler``: modelsearch queries compiled to Whoosh queries, and their execution;
- ``postings``: plain term queries scored a posting block at a time;
- ``results``: ``WhooshSearchResults``, the compiler's keys turned into the queryset's rows;
- ``pks``: primary keys between the index and SQL, and each index document's key;
- ``index`` and ``rebuild``: what modelsearch writes into, live and during ``update_index``;
- ``bulk`` and ``parallel``: the rebuild's segment writers, and its forked processes that each
  read, build and write their share of the objects;
- ``store``: the on-disk index (versions, the write lock, searchers, the rebuild swap);
- ``analysis``: the analyser of each field (on ``hub.search.text``'s folding and stemming);
- ``spelling``: the index's words, for "did you mean" and word parts.

Writes are safe: the task that indexes a saved object runs after the transaction commits
(``hub.jobs``), deletions wait for the commit too, writers serialise on a cross-process file
lock, and a failed write is logged on "hub.search" and never raised into the request.
``update_index`` builds a fresh index directory and swaps it in atomically.
"""

from .backend import WhooshSearchBackend

SearchBackend = WhooshSearchBackend

__all__ = ["SearchBackend", "WhooshSearchBackend"]
