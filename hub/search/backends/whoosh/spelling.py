"""The index's own words, for "did you mean" and word parts.

The index keeps the folded, unstemmed words of every object's own short text fields
(``store.SPELL_FIELD``; ``documents.build_document``). ``did_you_mean`` replaces a query word
missing from them by the closest indexed word (edit distance up to 2, same first letter);
``IndexWords`` says whether a word is known and which known words a prefix starts. The search
page reaches both through the backend's methods (``WhooshSearchBackend.did_you_mean`` and
``.known_words``), never through the store.
"""

import logging

from ...text import MAX_ANALYSED_CHARS
from . import store as st
from .analysis import query_words

logger = logging.getLogger("hub.search")

MAX_WORDS = 8


def did_you_mean(store, query):
    """A corrected query string, or None when every word is known (or nothing better exists)."""
    words = query_words((query or "")[:MAX_ANALYSED_CHARS])
    if not words or len(words) > MAX_WORDS:
        return None
    try:
        searcher = store.searcher()
        reader = searcher.reader()
        corrector = searcher.corrector(st.SPELL_FIELD)
        changed = False
        corrected = []
        for word in words:
            if len(word) < 3 or word.isdigit() or (st.SPELL_FIELD, word) in reader:
                corrected.append(word)
                continue
            suggestions = corrector.suggest(word, limit=1, maxdist=2, prefix=1)
            if suggestions:
                corrected.append(suggestions[0])
                changed = True
            else:
                corrected.append(word)
        return " ".join(corrected) if changed else None
    except Exception:
        logger.warning("Spelling suggestion failed for %r", query, exc_info=True)
        return None


class IndexWords:
    """The folded words of the index as it is now (one reader, for one request)."""

    def __init__(self, store):
        self.reader = store.searcher().reader()

    def __contains__(self, word):
        return (st.SPELL_FIELD, word) in self.reader

    def starting(self, prefix, scan):
        """[(word, number of documents)] of up to ``scan`` known words starting ``prefix``."""
        found = []
        for term in self.reader.expand_prefix(st.SPELL_FIELD, prefix):
            found.append(term.decode() if isinstance(term, bytes) else term)
            if len(found) >= scan:
                break
        return [(word, self.reader.doc_frequency(st.SPELL_FIELD, word)) for word in found]
