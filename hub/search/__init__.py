"""Search: the Whoosh backend for Wagtail's search layer, and the site's search page.

``search()`` below is the one entry point the site uses: it passes a language limit to
backends that support it (ours) and quietly searches everything on the others, so the search
page works unchanged whichever backend ``SEARCH_BACKEND`` selects.
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

    Returns modelsearch search results (sliceable, ``count()``, ``facet(field)``).
    """
    search_backend = get_backend(backend)
    kwargs = {"fields": fields, "operator": operator, "order_by_relevance": order_by_relevance}
    if language and getattr(search_backend, "supports_language", False):
        kwargs["language"] = language
    return search_backend.search(query, queryset, **kwargs)


def language_fields(model, language):
    """Names of ``model``'s own SearchFields in ``language`` (suffix ``_fr`` / ``_en``)."""
    suffix = "_" + language
    return [
        field.field_name
        for field in model.get_searchable_search_fields()
        if field.field_name.endswith(suffix)
    ]
