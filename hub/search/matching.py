"""What the search page finds for a query: the ranked resources, above the search backend.

Everything here builds modelsearch queries (PlainText, And, Or) and reorders keys, so it works
the same whichever backend SEARCH_BACKEND selects (Whoosh, PostgreSQL full-text search,
OpenSearch). In order:

1. **Word parts**: a query word of at least ``suggestions.MIN_PART`` letters that is not a
   known word but starts known words ("apprenti") is searched as any of them (apprentissage,
   apprenticeship). Known words are the backend's own word list where it has one (Whoosh),
   else the words of resource titles, summaries and taxonomy names.
2. **Tiers**: the resources matching every word in the visitor's words, then those matching
   every concept of the query translated into the other language (``hub.search.crosslang``),
   and only when both find nothing, those matching any word, then any translated concept. A
   match in the visitor's language thus ranks above an equally good one in the other language.
   At most ``MAX_MATCHES`` in all: when the visitor's words alone find that many, the other
   language is not searched (its matches would all rank below the last one counted).
3. **Titles**: among the first ``TITLE_WINDOW``, a resource whose title in either language is
   the query comes first, then those whose title holds the whole query as a phrase (same words
   in the same order, after stemming), each group in the backend's order.
"""

from dataclasses import dataclass, field

from modelsearch.query import And, Or, PlainText

from ..memos import memos
from . import ranked_pks
from .suggestions import completions
from .text import folded_words, stems

# Facets and pages are computed over the most relevant matches only; beyond this many, a
# visitor refines the query rather than pages through.
MAX_MATCHES = 1000
TITLE_WINDOW = 100
MAX_WORDS = 12


@dataclass
class Matches:
    """The ranked keys of the resources a query finds, and how they were found."""

    ids: list
    # The other language's terms also searched, [(term, language)], for "Also searched: …".
    also_searched: list = field(default_factory=list)
    # Words the query stood for (its own, completions, translations): what excerpts highlight.
    highlight: str = ""
    promoted: frozenset = frozenset()
    # Promoted pages that are not resources, and external links (promotions.Recommendation).
    recommended: tuple = ()
    completions: dict = field(default_factory=dict)


# Queries -------------------------------------------------------------------------------------


def text_query(words, operator, completed=None):
    """A modelsearch query for ``words``: one PlainText of the plain words (the backend's own
    AND/OR, stop words and stemming) and, for each word part, any of the words it starts."""
    completed = completed or {}
    plain = [w for w in words if w not in completed]
    parts = [PlainText(" ".join(plain), operator=operator)] if plain else []
    for word, starting in completed.items():
        parts.append(Or([PlainText(w) for w in [word, *starting]]))
    if len(parts) == 1:
        return parts[0]
    return And(parts) if operator == "and" else Or(parts)


def ranked_ids(query, language=None):
    """Keys of the indexed resources matching a modelsearch query, most relevant first. What
    is live and public is decided afterwards by the facet index (SearchListing), so the engine
    need not ask the database."""
    from ..models import ResourcePage

    return ranked_pks(ResourcePage.objects.all(), query, language=language, limit=MAX_MATCHES)


# Titles --------------------------------------------------------------------------------------


def _holds(title_stems, query_stems):
    n = len(query_stems)
    return any(title_stems[i : i + n] == query_stems for i in range(len(title_stems) - n + 1))


def titles_first(ids, query):
    """``ids`` with, among the first TITLE_WINDOW, exact titles first, then title phrases."""
    from ..models import ResourcePage

    words = folded_words(query)
    if not ids or not words:
        return ids
    head = ids[:TITLE_WINDOW]
    flat = " ".join(words)
    query_stems = {lang: stems(query, lang) for lang in ("en", "fr")}
    exact, phrase = set(), set()
    rows = ResourcePage.objects.filter(pk__in=head).values_list("pk", "title_en", "title_fr")
    for pk, title_en, title_fr in rows:
        if flat in (" ".join(folded_words(title_en)), " ".join(folded_words(title_fr))):
            exact.add(pk)
        elif len(words) > 1 and any(
            query_stems[lang] and _holds(stems(title, lang), query_stems[lang])
            for lang, title in (("en", title_en), ("fr", title_fr))
        ):
            phrase.add(pk)
    if not exact and not phrase:
        return ids
    ordered = sorted(head, key=lambda pk: 0 if pk in exact else 1 if pk in phrase else 2)
    return ordered + ids[TITLE_WINDOW:]


# The search ----------------------------------------------------------------------------------


def _merge(*lists):
    return list(dict.fromkeys(pk for ids in lists for pk in ids))


def site_matches(query, language):
    """The Matches of ``query`` for a visitor reading in ``language`` ("en" or "fr")."""
    from . import crosslang, promotions

    words = folded_words(query)[:MAX_WORDS]
    if not words:
        return Matches([])
    recommended = tuple(promotions.recommended(query))
    completed = completions(words)
    own = text_query(words, "and", completed)
    found = ranked_ids(own if completed else query)
    translation = crosslang.translate(query, language)
    if len(found) >= MAX_MATCHES:
        # The other language's matches rank below the visitor's own: when those fill the
        # MAX_MATCHES a search counts, a second search could add nothing, and is not run.
        translation = None
    other = translation.language if translation else None
    crossed = ranked_ids(translation.query("and"), other) if translation else []
    ids = _merge(found, crossed)[:MAX_MATCHES]
    if not ids and len(words) > 1:
        ids = _merge(
            ranked_ids(text_query(words, "or", completed)),
            ranked_ids(translation.query("or"), other) if translation else [],
        )
    ids = titles_first(ids, query)
    promoted = promotions.promoted_ids(query)
    if promoted:
        ids = _merge(promoted, ids)
    highlight = [query, *(w for starting in completed.values() for w in starting)]
    if translation:
        highlight.extend(term for term, _lang in translation.searched)
    return Matches(
        ids=ids,
        also_searched=translation.also_searched if translation else [],
        highlight=" ".join(highlight),
        promoted=frozenset(promoted),
        recommended=recommended,
        completions=completed,
    )


# The matches of recent queries, until the content changes. Visitors page through results and
# tick facets, and each click asks the same question again: only the first one searches.
recent_matches = memos(500)


def remembered_matches(query, language):
    return recent_matches.memo((query, language), lambda: site_matches(query, language))
