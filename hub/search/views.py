"""The site's search page: every kind of resource, with facets, highlights and "did you mean".

The search backend (whatever SEARCH_BACKEND selects) only finds and ranks the matching
resources. Facet counts and the visitor's filters come from the library's own
``ResourceListing`` over those ids (its in-memory index, no query), so both pages count alike;
the one page of results shown is then loaded in one query (three when a snippet must come
from a body or a document), whatever their kinds. Snippets come from the text that matched:
the page's own fields first, then the text of its documents (named in the result).
"""

import difflib
import functools
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from modelsearch.index import RelatedFields, SearchField

from ..browse.listing import ResourceListing, page_range
from ..caching import memos
from ..i18n import translated
from . import log, matching
from .forms import MAX_QUERY_LENGTH, SearchForm
from .highlight import snippet

logger = logging.getLogger("hub.search")

PER_PAGE = 10
MAX_MATCHES = matching.MAX_MATCHES
SNIPPET_CHARS = 240
# Only a window of a long text around its first match is highlighted, never the whole text.
WINDOW_BEFORE, WINDOW_AFTER = 400, 1600
SKIPPED_PAGE_FIELDS = ("title", "slug", "seo_title", "search_description", "url_path")


fold = matching.fold


def query_words(query):
    return [word for word in re.findall(r"\w+", fold(query)) if len(word) >= 3][:12]


# Snippets ---------------------------------------------------------------------------------

_ACCENTED = {
    "a": "aàâäáãå",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîïíì",
    "o": "oôöóòõ",
    "u": "uûüùú",
    "y": "yÿ",
    "n": "nñ",
}


def _prefix_pattern(words):
    """A regex finding the start of any query word in unfolded text, accents or not."""
    alternatives = []
    for word in words:
        stem = word[: max(3, min(len(word) - 1, 5))]
        alternatives.append(
            "".join(
                f"[{_ACCENTED[c]}{_ACCENTED[c].upper()}]" if c in _ACCENTED else re.escape(c)
                for c in stem
            )
        )
    if not alternatives:
        return None
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def _window(text, pattern):
    """The part of a (possibly 2 MB) text around the first likely match, or None."""
    if not text or pattern is None:
        return None
    match = pattern.search(text)
    if not match:
        return None
    start = max(0, match.start() - WINDOW_BEFORE)
    return text[start : match.start() + WINDOW_AFTER]


def _stream_text(value):
    """The plain text inside a StreamField's raw data (no rendering, no query)."""
    pieces = []
    stack = [getattr(value, "raw_data", value)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            pieces.append(item)
        elif isinstance(item, dict):
            stack.extend(v for k, v in item.items() if k not in ("type", "id"))
        elif isinstance(item, list | tuple) or hasattr(item, "__iter__"):
            try:
                stack.extend(reversed(list(item)))
            except TypeError:
                continue
    return strip_tags(" ".join(pieces))


@functools.cache
def _page_text_fields(model):
    """Names of the page's own translated text fields that are indexed (body, transcript...)."""
    names = []
    for field in model.get_search_fields():
        if isinstance(field, RelatedFields) or not isinstance(field, SearchField):
            continue
        name = field.field_name
        if name[-3:] in ("_en", "_fr") and not name.startswith(SKIPPED_PAGE_FIELDS):
            names.append(name)
    return list(dict.fromkeys(names))


def _field_text(page, name):
    value = getattr(page, name, None)
    if callable(value):
        value = value()
    if value is None:
        return ""
    if isinstance(value, str):
        return strip_tags(value)
    return _stream_text(value)


@dataclass
class Hit:
    page: object
    title: object
    snippet: str = ""
    snippet_lang: str = ""
    document: object = None
    # The resource's only language when it is not the visitor's ("fr" on /en/), else "".
    only_in: str = ""
    promoted: bool = False


def _marked(text, text_lang, query, pattern):
    """The snippet of ``text`` around the query's words, or None when they are not in it."""
    window = _window(text, pattern)
    if window is None:
        return None
    html = snippet(window, query, language=text_lang, max_chars=SNIPPET_CHARS)
    if "<mark>" not in html:
        return None
    if window is not text and not text.startswith(window) and not html.startswith("…"):
        html = "…" + html
    return html


def _first_field(lang):
    """The field best_snippet() looks at first: the summary in the visitor's language."""
    return "summary_fr" if lang == "fr" else "summary_en"


def best_snippet(page, specific, query, pattern, lang):
    """(snippet, its language, the document it comes from or None) for one result."""
    from ..models.document_access import public_links

    names = ["summary_en", "summary_fr"] + [
        n for n in _page_text_fields(type(specific)) if not n.startswith("summary")
    ]
    names.sort(key=lambda n: n[-2:] != lang)  # the visitor's language first, order kept

    def candidates():
        # Lazily: a long body is turned into text only when no earlier field matched.
        for name in names:
            yield _field_text(specific, name), name[-2:], None
        # Never a restricted document's text (hub.models.document_access), even if an index
        # built before its restriction still matched it.
        for link in public_links(page.documents.all()):
            document = link.document
            yield document.extracted_text, document.language, document

    for text, text_lang, document in candidates():
        html = _marked(text, text_lang, query, pattern)
        if html is not None:
            return html, text_lang, document
    summary = translated(page, "summary")
    if summary.value:
        return snippet(str(summary), query, language=summary.lang), summary.lang, None
    return "", lang, None


# Did you mean ---------------------------------------------------------------------------------


def suggest(query):
    """A corrected query: the index's spelling corrector, else the closest known words."""
    from .suggest import did_you_mean

    try:
        corrected = did_you_mean(query)
    except Exception:
        logger.warning("Spelling suggestion failed", exc_info=True)
        corrected = None
    if corrected:
        return corrected if fold(corrected) != fold(query) else None
    if getattr(backend_search_backend(), "store", None) is not None:
        return None  # the index knew every word: nothing to correct
    vocabulary, counts = matching.vocabulary()
    known = counts
    words = re.findall(r"\w+", fold(query))
    if not words or len(words) > 8:
        return None
    changed, corrected_words = False, []
    for word in words:
        if len(word) < 3 or word.isdigit() or word in known:
            corrected_words.append(word)
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
        corrected_words.append(close[0] if close else word)
        changed = changed or bool(close)
    return " ".join(corrected_words) if changed else None


def backend_search_backend():
    from . import get_backend

    return get_backend()


# The view ---------------------------------------------------------------------------------


class SearchListing(ResourceListing):
    """The library's filters and facet counts, over the resources that match the query."""

    def __init__(self, request, matched_ids):
        super().__init__(request)
        self.matched_ids = matched_ids
        self.restrict = self.index.bits_of(matched_ids)

    @cached_property
    def base(self):
        from ..models import ResourcePage
        from ..models.base import public

        return public(ResourcePage.objects.live()).filter(pk__in=self.matched_ids)


# The matches of recent queries, until the content changes. Visitors page through results and
# tick facets, and each click asks the same question again: only the first one searches.
_recent_matches = memos(500)


def remembered_matches(query, lang):
    return _recent_matches.memo((query, lang), lambda: matching.site_matches(query, lang))


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
    """The results ``ids`` with their snippets, in one query when each result's summary in
    the visitor's language holds the words (the snippet is then taken from it); results whose
    snippet must come from elsewhere cost two more queries in all: their pages joined with the
    tables of their kinds (body, transcript...), and their documents."""
    from ..models import ResourceDocument, ResourcePage

    if not ids:
        return []
    pattern = _prefix_pattern(query_words(query))
    first = _first_field(lang)
    found = {}
    rest = []
    for page in ResourcePage.objects.filter(pk__in=ids):
        html = _marked(_field_text(page, first), first[-2:], query, pattern)
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
            found[page.pk] = page, best_snippet(page, specific, query, pattern, lang)
    hits = []
    for pk in ids:
        if pk in found:
            page, (html, snippet_lang, document) = found[pk]
            hit = Hit(page, translated(page, "title"), html, snippet_lang, document)
            hit.only_in = only_language(page, lang)
            hits.append(hit)
    return hits


def search_view(request):
    lang = (translation.get_language() or "en")[:2]
    form = SearchForm(request.GET)
    query = form.query
    context = {
        "form": form,
        "search_query": query,
        "query": query,
        "truncated": form.was_truncated,
        "max_query_length": MAX_QUERY_LENGTH,
        "hits": [],
        "facets": [],
        "error": False,
        "suggestion": None,
        "breadcrumb_title": translation.gettext("Search"),
    }
    if not query:
        return render(request, "hub/search.html", context)

    try:
        matches = remembered_matches(query, lang)
    except Exception:
        logger.exception("Search failed for %r", query)
        context["error"] = True
        return render(request, "hub/search.html", context)

    ids = matches.ids
    listing = SearchListing(request, ids)
    facets = listing.facets()
    ordered = listing.keep(ids)
    page = Paginator(ordered, PER_PAGE).get_page(request.GET.get("page"))
    hits = load_hits(list(page.object_list), matches.highlight or query, lang)
    for hit in hits:
        hit.promoted = hit.page.pk in matches.promoted
    base_query = urlencode({"q": query})
    context.update(
        {
            "listing": listing,
            "facets": [facet for facet in facets if facet.values],
            "active_filters": listing.active_filters(facets),
            "hits": hits,
            "page_obj": page,
            "page_range": page_range(page),
            "total": len(ordered),
            "capped": len(ids) >= MAX_MATCHES,
            "base_query": base_query,
            "also_searched": matches.also_searched,
        }
    )
    if len(ids) < 3:
        suggestion = suggest(query)
        if suggestion:
            context["suggestion"] = suggestion
            context["suggestion_query"] = urlencode({"q": suggestion})
    response = render(request, "hub/search.html", context)
    # For the search log (hub.search.log), which takes them off the response.
    response[log.RESULTS_HEADER] = str(len(ordered))
    response[log.LANGUAGE_HEADER] = lang
    return response
