"""Text analysis for the Whoosh index: which analyser a field gets, chosen by its name.

- fields whose name ends in ``_fr`` are French: lowercase, accents folded, French stop words,
  French Snowball stemmer;
- ``_en`` fields are English: the same chain with English stop words and stemmer;
- any other field is neutral: lowercase and accents folded, no stemming, no stop words (its
  language is unknown, so nothing language-specific is safe);
- autocomplete fields store edge n-grams of folded words, so a prefix typed in the admin
  ("appren", "numeri") matches whole words.

Accents are folded BEFORE stop words and stemming, so "numerique" and "numérique" reach the
stemmer as the same string; the stop word lists are folded too so they still match.
"""

from functools import cache

from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    NgramFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang import stopwords_for_language
from whoosh.support.charset import accent_map

LANGUAGES = ("fr", "en")
# Longest prefix stored for autocomplete; longer query words are cut to it.
AUTOCOMPLETE_MAX = 24
# Whoosh's French list lacks a few very common determiners.
EXTRA_STOPWORDS = {"fr": {"les", "cette", "cet", "ceux", "celle", "celles", "dont"}}


def _fold(word):
    return word.translate(accent_map)


def folded_stopwords(lang):
    """The language's stop words, lowercased and accent-folded like the indexed text."""
    words = set(stopwords_for_language(lang)) | EXTRA_STOPWORDS.get(lang, set())
    return frozenset(_fold(w.lower()) for w in words)


# Words are runs of letters/digits, keeping "1.11"-style numbers whole; punctuation and query
# syntax ("AND", "*", quotes) never reach Whoosh's query language because queries are built
# term by term, not parsed.
WORD_PATTERN = r"\w+(?:\.\w+)*"


def _base():
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


@cache
def neutral_analyzer():
    return _base()


@cache
def language_analyzer(lang):
    # minsize=1 keeps one-letter words ("a", "y") unless they are stop words.
    return (
        _base()
        | StopFilter(stoplist=folded_stopwords(lang), minsize=1)
        | StemFilter(lang=lang, cachesize=50000)
    )


@cache
def autocomplete_analyzer():
    return _base() | NgramFilter(minsize=1, maxsize=AUTOCOMPLETE_MAX, at="start")


def field_language(name):
    """ "fr", "en" or None for an index or model field name (the suffix decides)."""
    for lang in LANGUAGES:
        if name.endswith("_" + lang):
            return lang
    return None


def analyzer_for(name):
    """The analyser used to index (and to analyse queries for) a full-text field."""
    lang = field_language(name)
    return language_analyzer(lang) if lang else neutral_analyzer()


def tokens(analyzer, text):
    """The analysed terms of ``text``, in order."""
    return [t.text for t in analyzer(text)]


def query_words(text):
    """Split a user's query into folded words (no stemming): the unit of AND/OR logic."""
    return tokens(neutral_analyzer(), text)
