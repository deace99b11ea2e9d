"""Resources moderators promote for a query (Wagtail's search promotions, in the admin under
Settings > Promoted search results), matched on the folded, stemmed query: a promotion for
"Apprenticeships" also answers "apprenticeship" and "APPRENTICESHIPS", in either language.

A promoted resource comes first among the results, marked as promoted. What the results list
cannot hold (another page, such as the about page, or an external link, which Wagtail's form
offers as well) is recommended above them, with the promotion's description.

Promotions are read once per content generation (``hub.memos.memo``); saving one replaces the
generation, so it shows on the next search.
"""

from dataclasses import dataclass

from django.apps import apps

from ..memos import memo
from .text import stems

LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class Recommendation:
    """A promoted page that is not a resource (``page_id``), or an external link."""

    description: str
    page_id: int | None = None
    url: str = ""
    text: str = ""


@dataclass
class Promotion:
    keys: set
    resource_ids: list
    recommended: list


def keys(query):
    """The forms under which ``query`` matches: its stemmed words in each language."""
    found = set()
    for language in LANGUAGES:
        words = stems(query, language)
        if words:
            found.add((language, " ".join(words)))
    return found


def _promotions():
    """Every promoted query's Promotion, its entries in the moderators' order."""
    if not apps.is_installed("wagtail.contrib.search_promotions"):
        return []
    from wagtail.contrib.search_promotions.models import SearchPromotion

    from ..models import ResourcePage

    rows = list(
        SearchPromotion.objects.order_by("sort_order", "pk").values_list(
            "query__query_string",
            "page_id",
            "external_link_url",
            "external_link_text",
            "description",
        )
    )
    resources = set(
        ResourcePage.objects.filter(pk__in={row[1] for row in rows if row[1]}).values_list(
            "pk", flat=True
        )
    )
    by_query = {}
    for query_string, page_id, url, text, description in rows:
        promotion = by_query.setdefault(query_string, Promotion(keys(query_string), [], []))
        if page_id in resources:
            promotion.resource_ids.append(page_id)
        elif page_id or url:
            recommendation = Recommendation(description or "", page_id, url or "", text or "")
            promotion.recommended.append(recommendation)
    return list(by_query.values())


def _matching(query):
    promotions = memo("hub-search-promotions", _promotions)
    if not promotions:
        return []
    wanted = keys(query)
    return [promotion for promotion in promotions if promotion.keys & wanted]


def promoted_ids(query):
    """Keys of the resources promoted for ``query``, in order (none when nothing matches)."""
    found = [pk for promotion in _matching(query) for pk in promotion.resource_ids]
    return list(dict.fromkeys(found))


def recommended(query):
    """The Recommendations of ``query`` (other pages and external links), in order."""
    found = [entry for promotion in _matching(query) for entry in promotion.recommended]
    return list(dict.fromkeys(found))
