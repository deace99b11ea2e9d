"""Text analysis for the Whoosh index: which analyser a field gets, chosen by its name.

- fields whose name ends in ``_fr`` are French: folded (``hub.search.text.fold``), French stop
  words, French Snowball stemmer;
- ``_en`` fields are English: the same chain with English stop words and stemmer;
- any other field is neutral: folded, no stemming, no stop words (its language is unknown, so
  nothing language-specific is safe);
- autocomplete fields store edge n-grams of folded words, so a prefix typed in the admin
  ("appren", "numeri") matches whole words.

Accents are folded BEFORE stop words and stemming, so "numerique" and "numérique" reach the
stemmer as the same string; the stop word lists are folded too so they still match. The
folding, the stop words and the stemmers are ``hub.search.text``'s, which the search page uses
too: the page and the index always agree on a word.
"""

import sys
from functools import cache

from whoosh.analysis import NgramFilter, Token, Tokenizer

from ...text import WORD_RE, field_language, fold, folded_stopwords, folded_words, stem

# An index pickles its schema, analysers included, under their module's path: one built before
# the engine moved here names ``hub.search.analysis``, and opens again through this alias
# (``update_index`` writes the new path).
sys.modules.setdefault("hub.search.analysis", sys.modules[__name__])

# Longest prefix stored for autocomplete; longer query words are cut to it.
AUTOCOMPLETE_MAX = 24


class FoldingTokenizer(Tokenizer):
    """Words of the folded text, optionally without stop words and stemmed.

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
        text = fold(value)
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
        for match in WORD_RE.finditer(text):
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


@cache
def neutral_analyzer():
    return FoldingTokenizer()


@cache
def language_analyzer(lang):
    return FoldingTokenizer(lang)


@cache
def autocomplete_analyzer():
    return FoldingTokenizer() | NgramFilter(minsize=1, maxsize=AUTOCOMPLETE_MAX, at="start")


def analyzer_for(name):
    """The analyser used to index (and to analyse queries for) a full-text field."""
    lang = field_language(name)
    return language_analyzer(lang) if lang else neutral_analyzer()


def tokens(analyzer, text):
    """The analysed terms of ``text``, in order."""
    return [t.text for t in analyzer(text)]


# A user's query split into folded words (no stemming): the unit of AND/OR logic.
query_words = folded_words
