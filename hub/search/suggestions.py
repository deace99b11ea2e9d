"""What the hub knows of words: "did you mean", and the words a word part starts.

Both ask the backend first: ours answers from the index's own word list
(``WhooshSearchBackend.did_you_mean`` and ``.known_words``). On a backend without them
(PostgreSQL full-text search, OpenSearch) the known words are those of resource titles and
summaries and of theme and partner names (``vocabulary``, remembered until the content
changes), and a misspelt word is replaced by the closest of them (``difflib``).
"""

import bisect
import difflib
import logging
from collections import Counter

from ..memos import memo
from . import get_backend
from .text import WORD_RE, fold, folded_words

logger = logging.getLogger("hub.search")

MIN_PART = 4
MAX_COMPLETIONS = 6
MAX_PREFIX_SCAN = 60
MAX_CORRECTED_WORDS = 8


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


class VocabularyWords:
    """The fallback word list (``vocabulary``), with the backend's ``known_words`` interface."""

    def __init__(self):
        self.words, self.counts = vocabulary()

    def __contains__(self, word):
        return word in self.counts

    def starting(self, prefix, scan):
        start = bisect.bisect_left(self.words, prefix)
        found = []
        for word in self.words[start : start + scan]:
            if not word.startswith(prefix):
                break
            found.append((word, self.counts[word]))
        return found


def known_words():
    """The backend's word list where it has one, else the hub's vocabulary."""
    own = getattr(get_backend(), "known_words", None)
    return own() if own is not None else VocabularyWords()


def completions(words):
    """{word: the known words it starts} for the query's words that are only word parts."""
    parts = [w for w in words if len(w) >= MIN_PART and not w.isdigit()]
    if not parts:
        return {}
    known = known_words()
    found = {}
    for word in parts:
        if word in known:
            continue
        starting = [(w, n) for w, n in known.starting(word, MAX_PREFIX_SCAN) if w != word]
        starting.sort(key=lambda pair: (-pair[1], pair[0]))
        if starting:
            found[word] = [w for w, _n in starting[:MAX_COMPLETIONS]]
    return found


def did_you_mean(query):
    """A corrected query, or None: the backend's corrector, else the closest known words."""
    own = getattr(get_backend(), "did_you_mean", None)
    if own is None:
        return in_place(query, _closest_known(query))
    try:
        return in_place(query, own(query))
    except Exception:
        logger.warning("Spelling suggestion failed", exc_info=True)
        return None


def in_place(query, corrected):
    """The visitor's own text with only the words ``corrected`` changed replaced, the others
    (their accents, apostrophes, capitals) kept, and never a word the glossary knows; None
    when nothing is left to correct. ``corrected`` is folded words, as correctors give them."""
    from .crosslang import glossary_words

    if not corrected:
        return None
    spans = [(m.start(), m.end(), fold(m.group())) for m in WORD_RE.finditer(query)]
    fixed = corrected.split()
    if len(fixed) != len(spans):
        return corrected if fold(corrected) != fold(query) else None
    known = glossary_words()
    parts, pos = [], 0
    for (start, end, word), new in zip(spans, fixed, strict=True):
        if new != word and word not in known:
            parts += [query[pos:start], new]
            pos = end
    if not parts:
        return None
    return "".join([*parts, query[pos:]])


def _closest_known(query):
    vocabulary_words, known = vocabulary()
    words = folded_words(query)
    if not words or len(words) > MAX_CORRECTED_WORDS:
        return None
    changed, corrected_words = False, []
    for word in words:
        if len(word) < 3 or word.isdigit() or word in known:
            corrected_words.append(word)
            continue
        close = difflib.get_close_matches(word, vocabulary_words, n=1, cutoff=0.75)
        corrected_words.append(close[0] if close else word)
        changed = changed or bool(close)
    return " ".join(corrected_words) if changed else None
