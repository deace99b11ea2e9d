"""How the hub reads a query and a text: the one normaliser of the engine and the search page.

Everything that compares a visitor's words with indexed words folds them here, so the index
(``hub.search.backends.whoosh.analysis``), "did you mean", word parts, titles first, the
glossary, promotions, excerpts and the search log agree on what a word is:

- ``clean_query``: what a visitor typed, made a query (control characters out, spaces
  collapsed, at most ``MAX_QUERY_LENGTH`` characters, cut between words);
- ``fold``: lowercase and accents folded with Whoosh's accent map, plus the typographic
  ligatures text extracted from PDFs is full of ("ﬁ" is "fi"); ``folded_words``: its words;
- ``stems``: the words of a text as the index analyses it in one language (folded, the
  language's stop words out, Snowball-stemmed).
"""

import re
import unicodedata
from functools import cache, lru_cache

from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.support.charset import accent_map

LANGUAGES = ("fr", "en")
# The longest query a visitor's search keeps (the form, the search log).
MAX_QUERY_LENGTH = 200
# The longest text any query analysis reads, whoever asks (the admin's search too): a pasted
# page is cut, never an error.
MAX_ANALYSED_CHARS = 255

# Words are runs of letters/digits, keeping "1.11"-style numbers whole; punctuation and query
# syntax ("AND", "*", quotes) never reach Whoosh's query language because queries are built
# term by term, not parsed.
WORD_PATTERN = r"\w+(?:\.\w+)*"
WORD_RE = re.compile(WORD_PATTERN)

LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
FOLD_MAP = {**accent_map, **{ord(char): text for char, text in LIGATURES.items()}}

# Whoosh's French list lacks a few very common determiners.
EXTRA_STOPWORDS = {"fr": {"les", "cette", "cet", "ceux", "celle", "celles", "dont"}}

_WHITESPACE = re.compile(r"\s+")


def fold(text):
    """``text`` lowercased and accent-folded, as the index stores words."""
    return (text or "").lower().translate(FOLD_MAP)


def folded_words(text):
    """The folded words of ``text``, unstemmed: the unit of a query's AND/OR logic."""
    return WORD_RE.findall(fold(text))


@cache
def folded_stopwords(lang):
    """The language's stop words, folded like the indexed text."""
    words = set(stopwords_for_language(lang)) | EXTRA_STOPWORDS.get(lang, set())
    return frozenset(fold(w) for w in words)


@lru_cache(maxsize=200_000)
def stem(lang, word):
    return stemmer_for_language(lang)(word)


def stem_pairs(text, lang):
    """[(stem, folded word)] of ``text``'s words in ``lang``, stop words left out."""
    stops = folded_stopwords(lang)
    return [(stem(lang, w), w) for w in WORD_RE.findall(fold(text)) if w not in stops]


def stems(text, lang):
    """The stems of ``text``'s words in ``lang``, in order, stop words left out."""
    return [term for term, _word in stem_pairs(text, lang)]


def field_language(name):
    """ "fr", "en" or None for an index or model field name (the suffix decides)."""
    for lang in LANGUAGES:
        if name.endswith("_" + lang):
            return lang
    return None


def clean_query(raw):
    """Control and format characters removed, spaces collapsed, cut at MAX_QUERY_LENGTH."""
    text = (raw or "")[: MAX_QUERY_LENGTH * 10]
    text = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") else char
        for char in text
    )
    text = _WHITESPACE.sub(" ", text).strip()
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
    return text


def is_truncated(raw):
    """Whether ``clean_query`` cut ``raw`` to its length limit."""
    return len((raw or "").strip()) > MAX_QUERY_LENGTH
