""" "Did you mean": spelling suggestions from the words actually in the Whoosh index.

The index keeps the folded, unstemmed words of every object's own text fields (``ms_spell``);
a query word missing from it is replaced by the closest indexed word (edit distance up to 2,
same first letter). Other backends have no such word list: the function returns None there.
"""

import logging

from .analysis import query_words

logger = logging.getLogger("hub.search")

MAX_WORDS = 8


def did_you_mean(query, backend="default"):
    """A corrected query string, or None when every word is known (or nothing better exists)."""
    from modelsearch.backends import get_search_backend

    from . import store as st

    search_backend = get_search_backend(backend)
    store = getattr(search_backend, "store", None)
    words = query_words((query or "")[:255])
    if store is None or not words or len(words) > MAX_WORDS:
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
