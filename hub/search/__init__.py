"""Search: the hub's search page above whichever backend ``SEARCH_BACKEND`` selects.

Layout (imports go downwards):

- views: ``views`` (the search page);
- the page's parts: ``forms``, ``matching`` (what a query finds, ranked), ``crosslang`` (the
  query in the other language), ``promotions``, ``suggestions`` ("did you mean", word parts),
  ``hits`` (loading the page of results), ``excerpts`` (highlighted excerpts), ``log`` and
  ``reports`` (what visitors search for), ``hooks`` (the admin's reports);
- this module: the few calls the page makes to a backend, with a generic fallback where a
  backend offers less than ours;
- ``backends.whoosh``: the embedded Whoosh engine (a modelsearch backend);
- ``text``: the one normaliser of queries and words, used by the engine and the page alike.
"""


def get_backend(name="default"):
    from modelsearch.backends import get_search_backend

    return get_search_backend(name)


def search(
    queryset,
    query,
    *,
    language=None,
    fields=None,
    operator=None,
    order_by_relevance=True,
    backend="default",
):
    """Search ``queryset`` for ``query``; ``language`` ("fr"/"en") limits to that language's fields.

    The limit reaches backends that support it (ours) through modelsearch's own
    ``_search(**kwargs)``, which hands its keyword arguments to the query compiler; the others
    search every field. Returns modelsearch search results (sliceable, ``count()``,
    ``facet(field)``).
    """
    search_backend = get_backend(backend)
    kwargs = {"fields": fields, "operator": operator, "order_by_relevance": order_by_relevance}
    if language and getattr(search_backend, "supports_language", False):
        return search_backend._search(
            search_backend.query_compiler_class, query, queryset, language=language, **kwargs
        )
    return search_backend.search(query, queryset, **kwargs)


def ranked_pks(queryset, query, *, language=None, limit=None, backend="default"):
    """The primary keys of the best ``limit`` matches of ``query`` in ``queryset``, best first.

    A backend with its own ``ranked_pks`` (ours) answers from the index without loading a row;
    on the others the matches are loaded with nothing but their key.
    """
    search_backend = get_backend(backend)
    own = getattr(search_backend, "ranked_pks", None)
    if own is not None:
        return own(query, queryset, limit=limit, **({"language": language} if language else {}))
    results = search(queryset.only("pk"), query, language=language, backend=backend)
    return [match.pk for match in results[:limit]]


def language_fields(model, language):
    """Names of ``model``'s own SearchFields in ``language`` (suffix ``_fr`` / ``_en``)."""
    suffix = "_" + language
    return [
        field.field_name
        for field in model.get_searchable_search_fields()
        if field.field_name.endswith(suffix)
    ]
