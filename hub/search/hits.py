"""The page of results shown: each matched resource loaded with its title and excerpt.

One query when each result's summary in the visitor's language holds the words (the excerpt is
then taken from it); results whose excerpt must come from elsewhere cost two more queries in
all: their pages joined with the tables of their kinds (body, transcript...), and their
documents. Whatever their kinds.
"""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch

from ..i18n import translated
from .excerpts import best_excerpt, field_text, first_field, marked, prefix_pattern


@dataclass
class Hit:
    page: object
    title: object
    excerpt: str = ""
    excerpt_lang: str = ""
    document: object = None
    # The resource's only language when it is not the visitor's ("fr" on /en/), else "".
    only_in: str = ""
    promoted: bool = False


def _kind_accessors():
    """{kind: name of ResourcePage's link to that kind's table} (toolkit: toolkitpage, ...)."""
    from ..models import ResourcePage

    return {
        rel.related_model.resource_kind: rel.get_accessor_name()
        for rel in ResourcePage._meta.related_objects
        if rel.one_to_one and rel.parent_link
    }


def _specific(page, accessors):
    """The page as its own kind, from the row joined by select_related (no query)."""
    for name in accessors:
        try:
            return getattr(page, name)
        except ObjectDoesNotExist:
            continue
    return page


def only_language(page, lang):
    """The other language when ``page`` exists only in it (for the "In French" label)."""
    available = page.languages
    if lang in available or len(available) != 1:
        return ""
    return available[0]


def load_hits(ids, query, lang):
    """The Hits of the resources ``ids``, in that order, excerpts highlighting ``query``."""
    from ..models import ResourceDocument, ResourcePage

    if not ids:
        return []
    pattern = prefix_pattern(query)
    first = first_field(lang)
    found = {}
    rest = []
    for page in ResourcePage.objects.filter(pk__in=ids):
        html = marked(field_text(page, first), first[-2:], query, pattern)
        if html is None:
            rest.append(page)
        else:
            found[page.pk] = page, (html, first[-2:], None)
    if rest:
        by_kind = _kind_accessors()
        accessors = [by_kind[kind] for kind in {p.kind for p in rest} if kind in by_kind]
        pages = ResourcePage.objects.filter(pk__in=[p.pk for p in rest]).prefetch_related(
            Prefetch(
                "documents",
                queryset=ResourceDocument.objects.select_related("document").order_by("sort_order"),
            ),
        )
        if accessors:  # (select_related() without names would follow every foreign key)
            pages = pages.select_related(*accessors)
        for page in pages:
            specific = _specific(page, accessors)
            found[page.pk] = page, best_excerpt(page, specific, query, pattern, lang)
    hits = []
    for pk in ids:
        if pk in found:
            page, (html, excerpt_lang, document) = found[pk]
            hit = Hit(page, translated(page, "title"), html, excerpt_lang, document)
            hit.only_in = only_language(page, lang)
            hits.append(hit)
    return hits
