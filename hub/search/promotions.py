"""Resources moderators promote for a query (Wagtail's search promotions, in the admin under
Settings > Promoted search results), matched on the folded, stemmed query: a promotion for
"Apprenticeships" also answers "apprenticeship" and "APPRENTICESHIPS", in either language.

Promotions are read once per content generation (``hub.caching.memo``); saving one replaces the
generation, so it shows on the next search.
"""

from django.apps import apps

from ..caching import memo
from .text import stems

LANGUAGES = ("en", "fr")


def keys(query):
    """The forms under which ``query`` matches: its stemmed words in each language."""
    found = set()
    for language in LANGUAGES:
        words = stems(query, language)
        if words:
            found.add((language, " ".join(words)))
    return found


def _promotions():
    """[(keys of a promoted query, [page ids in the moderators' order])]."""
    if not apps.is_installed("wagtail.contrib.search_promotions"):
        return []
    from wagtail.contrib.search_promotions.models import SearchPromotion

    by_query = {}
    rows = (
        SearchPromotion.objects.filter(page__isnull=False)
        .order_by("sort_order", "pk")
        .values_list("query__query_string", "page_id")
    )
    for query_string, page_id in rows:
        by_query.setdefault(query_string, []).append(page_id)
    return [(keys(query_string), pages) for query_string, pages in by_query.items()]


def promoted_ids(query):
    """Keys of the pages promoted for ``query``, in order (none when nothing matches)."""
    promotions = memo("hub-search-promotions", _promotions)
    if not promotions:
        return []
    wanted = keys(query)
    found = []
    for promoted_keys, pages in promotions:
        if promoted_keys & wanted:
            found.extend(pages)
    return list(dict.fromkeys(found))
