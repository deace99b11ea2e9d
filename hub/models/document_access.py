"""Who may learn of a document: Wagtail's collection view restrictions, applied wherever a
document's text, title or existence could reach a visitor.

The rule, in one place: a document whose collection (or one of its ancestors) has a view
restriction is *restricted*. Wagtail's document view already asks for the login, group or
password before serving its file; the hub must not tell anyone else what is in it either.

* What is published for everyone (the search index and therefore search results and their
  excerpts, the JSON-LD, the pages API, feeds) holds public documents only: ``is_public()``.
  A signed-in participant allowed to open the file does not find it through the site search
  either; the index is the same for every visitor, and it never holds restricted text.
* The documents shown on a page (its table, "also available", links in its body) are those
  the visitor's request may open, as Wagtail's document view would decide: ``can_open()``.
  Such a page is never kept in the page cache for others (hub.caching caches only requests
  without a session, which cannot pass any restriction).

Which collections are restricted is read once per content generation (hub.caching): saving or
deleting a restriction or a collection starts a new generation, and the save triggers of
hub/models/document_signals.py re-index the documents and pages it concerns, so a restriction
added after indexing takes the text out of the index, and removing it puts the text back.
"""

from django.db.models import Q
from wagtail.models import Collection, CollectionViewRestriction

from ..memos import memo


def _restrictions_by_collection():
    """{collection id: ids of the restrictions that apply to it}, for restricted ones only."""
    restrictions = list(CollectionViewRestriction.objects.values_list("pk", "collection__path"))
    if not restrictions:
        return {}
    under_any = Q()
    for _pk, path in restrictions:
        under_any |= Q(path__startswith=path)
    return {
        collection_id: tuple(pk for pk, path in restrictions if collection_path.startswith(path))
        for collection_id, collection_path in Collection.objects.filter(under_any).values_list(
            "pk", "path"
        )
    }


def restrictions_by_collection():
    return memo(("collection-view-restrictions",), _restrictions_by_collection)


def is_public(document):
    """True when no view restriction applies to the document's collection."""
    return document is not None and document.collection_id not in restrictions_by_collection()


def can_open(document, request):
    """True when ``request`` may open the document, as Wagtail's document view decides."""
    if document is None:
        return False
    restriction_ids = restrictions_by_collection().get(document.collection_id)
    if not restriction_ids:
        return True
    if request is None or not hasattr(request, "session") or not hasattr(request, "user"):
        return False
    passed = request.session.get(CollectionViewRestriction.passed_view_restrictions_session_key)
    if not request.user.is_authenticated and not passed:
        return False  # an anonymous visitor passes no login or group restriction: no query
    restrictions = CollectionViewRestriction.objects.filter(pk__in=restriction_ids)
    return all(restriction.accept_request(request) for restriction in restrictions)


def public_links(links):
    """The document links (rows with a ``document``) whose documents are public."""
    return [link for link in links if is_public(link.document)]


def visible_links(links, request):
    """The document links whose documents ``request`` may open (public ones need no query)."""
    return [link for link in links if is_public(link.document) or can_open(link.document, request)]
