"""Counting what visitors search for, once per search, with no personal data.

The search page says what it searched in two response headers (``RESULTS_HEADER``: the number
of results, ``LANGUAGE_HEADER``: its language). ``SearchLogMiddleware`` sits outside the page
cache, so a search answered from the cache counts too, reads them, counts the search and
removes the headers. It also says ``Cache-Control: no-cache`` on every search it could count,
so that no shared cache (Varnish, a CDN: README, "Several machines") answers a search the hub
would then never count; the hub's own page cache still keeps them. A request counts when it is a
new search: a GET of the search page's
first page with nothing but ``q`` (ticking a facet or paging adds parameters), and not a step
back from the same search's own filters or pages (its Referer is that search page with the
same ``q``; the Referer is compared, never stored).

Counted: the folded query (at most ``text.MAX_QUERY_LENGTH`` characters), the language, the
day and the number of results, in ``hub.models.SearchRecord``, by one upsert per search. Never
an IP address, a cookie, a user or a time of day. A failure to count is logged and never
breaks the search.
"""

import logging
from urllib.parse import parse_qs, urlsplit

from django.db import DatabaseError, connection
from django.utils import timezone

from .text import MAX_QUERY_LENGTH, clean_query, folded_words

logger = logging.getLogger("hub.search")

RESULTS_HEADER = "X-Hub-Search-Results"
LANGUAGE_HEADER = "X-Hub-Search-Language"


def normalised(query):
    """The form a query is counted under: folded words, single spaces."""
    return " ".join(folded_words(query))[:MAX_QUERY_LENGTH].strip()


def record(query, language, results, day=None):
    """Count one search of ``query``: one upsert, exact under concurrent requests."""
    from ..models import SearchRecord

    text = normalised(query)
    if not text:
        return
    day = day or timezone.localdate()
    table = connection.ops.quote_name(SearchRecord._meta.db_table)
    # INSERT ... ON CONFLICT DO UPDATE (SQLite 3.24+, PostgreSQL): one statement, no model
    # signal, and two workers counting the same search at once both count. (The table name is
    # the model's; every value is a parameter.)
    sql = (
        f"INSERT INTO {table} (day, language, query, searches, results) "  # noqa: S608
        "VALUES (%s, %s, %s, 1, %s) ON CONFLICT (day, language, query) "
        f"DO UPDATE SET searches = {table}.searches + 1, results = excluded.results"
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, [day, language[:2], text, int(results)])
    except DatabaseError:
        logger.warning("A search could not be counted", exc_info=True)


def is_new_search(request):
    if request.method != "GET" or set(request.GET) != {"q"}:
        return False
    referer = request.headers.get("Referer") or ""
    if referer:
        parts = urlsplit(referer)
        if parts.path == request.path and parts.netloc in ("", request.get_host()):
            previous = parse_qs(parts.query).get("q", [""])[0]
            if clean_query(previous) == clean_query(request.GET.get("q")):
                return False
    return True


class SearchLogMiddleware:
    """Counts the searches the search page answered (see the module docstring). Place it
    before (outside) ``hub.caching.PageCacheMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        results, language = response.get(RESULTS_HEADER), response.get(LANGUAGE_HEADER)
        for header in (RESULTS_HEADER, LANGUAGE_HEADER):
            if header in response:
                del response[header]
        if results is not None:
            # Every search must reach the hub to be counted, even one a shared cache has seen.
            response["Cache-Control"] = "no-cache"
        if results is not None and response.status_code == 200 and is_new_search(request):
            try:
                count = int(results)
            except ValueError:
                count = 0
            record(clean_query(request.GET.get("q")), language or "en", count)
        return response
