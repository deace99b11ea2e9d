"""What the search page finds for a query: the ranked resources, above the search backend.

Everything here builds modelsearch queries (PlainText, And, Or) and reorders keys, so it works
the same whichever backend SEARCH_BACKEND selects (Whoosh, PostgreSQL full-text search,
OpenSearch). In order:

1. **Word parts**: a query word of at least ``MIN_PART`` letters that is not a known word but
   starts known words ("apprenti") is searched as any of them (apprentissage, apprenticeship).
   Known words are the index's own word list on Whoosh, else the words of resource titles,
   summaries and taxonomy names.
2. **Tiers**: the resources matching every word in the visitor's words, then those matching
   every concept of the query translated into the other language (``hub.search.crosslang``),
   and only when both find nothing, those matching any word, then any translated concept. A
   match in the visitor's language thus ranks above an equally good one in the other language.
3. **Titles**: among the first ``TITLE_WINDOW``, a resource whose title in either language is
   the query comes first, then those whose title holds the whole query as a phrase (same words
   in the same order, after stemming), each group in the backend's order.
"""

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.db.models.query import BaseIterable
from modelsearch.query import And, Or, PlainText

from ..caching import memo
from . import get_backend
from . import search as backend_search
from . import store as st
from .analysis import WORD_PATTERN, language_analyzer, tokens

# Facets and pages are computed over the most relevant matches only; beyond this many, a
# visitor refines the query rather than pages through.
MAX_MATCHES = 1000
MIN_PART = 4
MAX_COMPLETIONS = 6
MAX_PREFIX_SCAN = 60
TITLE_WINDOW = 100
MAX_WORDS = 12

_WORD_RE = re.compile(WORD_PATTERN)


def fold(text):
    decomposed = unicodedata.normalize("NFKD", (text or "").lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def folded_words(text):
    return _WORD_RE.findall(fold(text))


@dataclass
class Matches:
    """The ranked keys of the resources a query finds, and how they were found."""

    ids: list
    # The other language's terms also searched, [(term, language)], for "Also searched: …".
    also_searched: list = field(default_factory=list)
    # Words the query stood for (its own, completions, translations): what snippets highlight.
    highlight: str = ""
    promoted: frozenset = frozenset()
    completions: dict = field(default_factory=dict)


# Known words ---------------------------------------------------------------------------------


def vocabulary():
    """(sorted folded words, their frequencies) of resource titles and summaries, theme and
    partner names; remembered until the content changes."""

    def build():
        from ..models import Partner, ResourcePage, Theme

        counts = Counter()
        rows = ResourcePage.objects.live().values_list(
            "title_en", "title_fr", "summary_en", "summary_fr"
        )
        for model in (Theme, Partner):
            rows = [*rows, *model.objects.values_list("name_en", "name_fr")]
        for row in rows:
            for text in row:
                counts.update(w for w in folded_words(text) if len(w) >= 3)
        return sorted(counts), counts

    return memo("hub-search-vocabulary", build)


class KnownWords:
    """Whether a folded word is known, and the known words it starts."""

    def __init__(self):
        store = getattr(get_backend(), "store", None)
        self.reader = store.searcher().reader() if store is not None else None
        if self.reader is None:
            self.words, self.counts = vocabulary()

    def __contains__(self, word):
        if self.reader is not None:
            return (st.SPELL_FIELD, word) in self.reader
        return word in self.counts

    def starting(self, prefix):
        if self.reader is not None:
            found = []
            for term in self.reader.expand_prefix(st.SPELL_FIELD, prefix):
                found.append(term.decode() if isinstance(term, bytes) else term)
                if len(found) >= MAX_PREFIX_SCAN:
                    break
            frequency = lambda w: self.reader.doc_frequency(st.SPELL_FIELD, w)  # noqa: E731
        else:
            start = bisect.bisect_left(self.words, prefix)
            found = []
            for word in self.words[start : start + MAX_PREFIX_SCAN]:
                if not word.startswith(prefix):
                    break
                found.append(word)
            frequency = self.counts.get
        found = [w for w in found if w != prefix]
        return sorted(found, key=lambda w: (-frequency(w), w))[:MAX_COMPLETIONS]


def completions(words):
    """{word: the known words it starts} for the query's words that are only word parts."""
    parts = [w for w in words if len(w) >= MIN_PART and not w.isdigit()]
    if not parts:
        return {}
    known = KnownWords()
    found = {}
    for word in parts:
        if word in known:
            continue
        starting = known.starting(word)
        if starting:
            found[word] = starting
    return found


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


class _Match:
    """A search result reduced to its primary key."""

    __slots__ = ("pk",)

    def __init__(self, pk):
        self.pk = pk


class _MatchIterable(BaseIterable):
    """A queryset's rows as bare primary keys: search backends return model instances, and
    building a thousand pages (about 25 ms) only to read their keys is wasted."""

    def __iter__(self):
        for pk in self.queryset.values_list("pk", flat=True):
            yield _Match(pk)


def pk_queryset(model):
    """Every indexed row of ``model``, yielding bare keys. What is live and public is decided
    afterwards by the facet index (SearchListing), so the engine need not ask the database."""
    queryset = model.objects.all()
    # What QuerySet.values() does to yield dicts: clones (filter, order_by, slices) keep it.
    queryset._iterable_class = _MatchIterable
    return queryset


def ranked_ids(query, language=None):
    """Keys of the indexed resources matching a modelsearch query, most relevant first."""
    from ..models import ResourcePage

    results = backend_search(pk_queryset(ResourcePage), query, language=language)[:MAX_MATCHES]
    if hasattr(results, "ranked_pks"):  # ours: the keys without a query to load them
        return results.ranked_pks()
    return [match.pk for match in results]


# Titles --------------------------------------------------------------------------------------


def _stems(text, language):
    return tokens(language_analyzer(language), text or "")


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
    stems = {lang: _stems(query, lang) for lang in ("en", "fr")}
    exact, phrase = set(), set()
    rows = ResourcePage.objects.filter(pk__in=head).values_list("pk", "title_en", "title_fr")
    for pk, title_en, title_fr in rows:
        if flat in (" ".join(folded_words(title_en)), " ".join(folded_words(title_fr))):
            exact.add(pk)
        elif len(words) > 1 and any(
            stems[lang] and _holds(_stems(title, lang), stems[lang])
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
    completed = completions(words)
    own = text_query(words, "and", completed)
    found = ranked_ids(own if completed else query)
    translation = crosslang.translate(query, language)
    other = translation.language if translation else None
    crossed = ranked_ids(translation.query("and"), other) if translation else []
    ids = _merge(found, crossed)
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
        completions=completed,
    )
