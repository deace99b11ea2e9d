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

import re
from functools import cache, lru_cache

from whoosh.analysis import NgramFilter, Token, Tokenizer
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.support.charset import accent_map

LANGUAGES = ("fr", "en")
# Longest prefix stored for autocomplete; longer query words are cut to it.
AUTOCOMPLETE_MAX = 24
# Whoosh's French list lacks a few very common determiners.
EXTRA_STOPWORDS = {"fr": {"les", "cette", "cet", "ceux", "celle", "celles", "dont"}}


def _fold(word):
    return word.translate(accent_map)


@cache
def folded_stopwords(lang):
    """The language's stop words, lowercased and accent-folded like the indexed text."""
    words = set(stopwords_for_language(lang)) | EXTRA_STOPWORDS.get(lang, set())
    return frozenset(_fold(w.lower()) for w in words)


# Words are runs of letters/digits, keeping "1.11"-style numbers whole; punctuation and query
# syntax ("AND", "*", quotes) never reach Whoosh's query language because queries are built
# term by term, not parsed.
WORD_PATTERN = r"\w+(?:\.\w+)*"


class FoldingTokenizer(Tokenizer):
    """Words of the lowercased, accent-folded text, optionally without stop words and stemmed.

    One pass instead of Whoosh's chain of per-token filters (tokenizer | lowercase | charset |
    stop | stem): the whole text is folded once with ``str.translate``, which makes indexing
    several times faster. Positions skip removed stop words, as Whoosh's StopFilter does.
    Character offsets refer to the folded text (the site highlights with its own code).
    """

    def __init__(self, lang=None):
        self.lang = lang

    def __eq__(self, other):
        return type(other) is type(self) and other.lang == self.lang

    def __hash__(self):
        return hash((type(self), self.lang))

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        text = value.lower().translate(accent_map)
        if not tokenize:
            token.original = token.text = text
            token.boost = 1.0
            token.pos = start_pos
            token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        lang = self.lang
        stops = folded_stopwords(lang) if lang else ()
        pos = start_pos
        for match in _WORD_RE.finditer(text):
            word = match.group()
            token.stopped = False
            token.boost = 1.0
            if lang:
                if word in stops:
                    if removestops:
                        continue
                    token.stopped = True
                else:
                    word = stem(lang, word)
            token.text = word
            if keeporiginal:
                token.original = match.group()
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            pos += 1
            yield token


_WORD_RE = re.compile(WORD_PATTERN)


@lru_cache(maxsize=200_000)
def stem(lang, word):
    return stemmer_for_language(lang)(word)


@cache
def neutral_analyzer():
    return FoldingTokenizer()


@cache
def language_analyzer(lang):
    return FoldingTokenizer(lang)


@cache
def autocomplete_analyzer():
    return FoldingTokenizer() | NgramFilter(minsize=1, maxsize=AUTOCOMPLETE_MAX, at="start")


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
