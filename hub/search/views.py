"""The site's search page: every kind of resource, with facets, excerpts and "did you mean".

The search backend (whatever SEARCH_BACKEND selects) only finds and ranks the matching
resources (``matching``). Facet counts and the visitor's filters come from the library's own
``ResourceListing`` over those ids (its in-memory index, no query), so both pages count alike;
the one page of results shown is then loaded in one query (three when an excerpt must come
from a body or a document), whatever their kinds (``hits``).
"""

import logging
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import translation
from django.utils.functional import cached_property

from ..browse.listing import ResourceListing, page_range
from ..i18n import current_language
from . import log
from .forms import SearchForm
from .hits import load_hits
from .matching import MAX_MATCHES, recent_matches, remembered_matches
from .suggestions import did_you_mean
from .text import MAX_QUERY_LENGTH

logger = logging.getLogger("hub.search")

PER_PAGE = 10


class SearchListing(ResourceListing):
    """The library's filters and facet counts, over the resources that match the query."""

    def __init__(self, request, matched_ids):
        super().__init__(request)
        self.matched_ids = matched_ids
        self.restrict = self.index.bits_of(matched_ids)

    @cached_property
    def base(self):
        from ..models import ResourcePage

        return ResourcePage.objects.live().public().filter(pk__in=self.matched_ids)


def page_of_hits(ids, matches, query, lang):
    """The Hits of ``ids`` (a page of results), promoted ones marked; shared once made."""
    hits = load_hits(list(ids), matches.highlight or query, lang)
    for hit in hits:
        hit.promoted = hit.page.pk in matches.promoted
    return hits


def recommendations(matches):
    """[(title, address, description, external)] of what moderators recommend above the
    results: promoted pages that are not resources (live and public only), external links."""
    from wagtail.models import Page

    wanted = [entry.page_id for entry in matches.recommended if entry.page_id]
    pages = (
        Page.objects.live().public().filter(pk__in=wanted).specific().in_bulk() if wanted else {}
    )
    shown = []
    for entry in matches.recommended:
        if entry.page_id in pages:
            page = pages[entry.page_id]
            shown.append((page.title, page.url, entry.description, False))
        elif entry.url:
            shown.append((entry.text or entry.url, entry.url, entry.description, True))
    return shown


def search_view(request):
    lang = current_language()
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
    shown = tuple(page.object_list)
    # Remembered with the query's matches (per content generation, forgotten with them).
    hits = recent_matches.memo(
        ("hits", query, lang, shown), lambda: page_of_hits(shown, matches, query, lang)
    )
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
            "recommended": recent_matches.memo(
                ("recommended", query, lang), lambda: recommendations(matches)
            )
            if matches.recommended
            else [],
        }
    )
    if len(ids) < 3:
        suggestion = did_you_mean(query)
        if suggestion:
            context["suggestion"] = suggestion
            context["suggestion_query"] = urlencode({"q": suggestion})
    response = render(request, "hub/search.html", context)
    # For the search log (hub.search.log), which takes them off the response.
    response[log.RESULTS_HEADER] = str(len(ordered))
    response[log.LANGUAGE_HEADER] = lang
    return response
