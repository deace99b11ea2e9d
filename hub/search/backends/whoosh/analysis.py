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

from whoosh import fields as wf
from whoosh import formats
from whoosh.analysis import NgramFilter, Token, Tokenizer
from whoosh.compat import dumps
from whoosh.system import pack_uint

from ...text import WORD_RE, field_language, fold, folded_stopwords, folded_words, stem, stems

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

    def words(self, value):
        """The indexed words of ``value`` in order, as ``__call__`` yields them (no stop
        words, stemmed in the field's language), without a Token per word."""
        return stems(value, self.lang) if self.lang else WORD_RE.findall(fold(value))


# Indexing formats: Whoosh's, with a fast path for a FoldingTokenizer ---------------------------
#
# Whoosh's formats ask the analyser for a Token object per word and sum boosts per term. Ours
# gives every word boost 1.0, so a term's weight is its frequency: the formats below take the
# analyser's plain word list instead and write the very same postings (same terms, weights,
# frequencies, positions and bytes), several times faster. Anything else (another analyser, a
# list of words) goes through Whoosh's own code.


class FastPositions(formats.Positions):
    """``formats.Positions`` (frequency and positions: phrase searches)."""

    def word_values(self, value, analyzer, **kwargs):
        words = getattr(analyzer, "words", None)
        if words is None or not isinstance(value, str):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        poses = {}
        for pos, word in enumerate(words(value)):
            found = poses.get(word)
            if found is None:
                poses[word] = [pos]
            else:
                found.append(pos)
        boost = self.field_boost
        for word, positions in poses.items():
            deltas = [b - a for a, b in zip([0, *positions], positions, strict=False)]
            yield (word, len(positions), len(positions) * boost, _positions_bytes(deltas))


def _positions_bytes(deltas):
    # formats.Positions.encode's bytes for these position deltas.
    return pack_uint(len(deltas)) + dumps(deltas, 2)


class FastFrequency(formats.Frequency):
    """``formats.Frequency`` (frequency only: no phrase searches)."""

    def word_values(self, value, analyzer, **kwargs):
        words = getattr(analyzer, "words", None)
        if words is None or not isinstance(value, str):
            return super().word_values(value, analyzer, **kwargs)
        counts = {}
        for word in words(value):
            counts[word] = counts.get(word, 0) + 1
        boost = self.field_boost
        return [(word, n, n * boost, pack_uint(n)) for word, n in counts.items()]


def text_field(analyzer, phrase=True):
    """A Whoosh TEXT field whose format takes the fast path above."""
    field = wf.TEXT(analyzer=analyzer, phrase=phrase)
    fast = FastPositions if phrase else FastFrequency
    field.format = fast(field_boost=field.format.field_boost)
    return field


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
