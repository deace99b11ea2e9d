"""Highlighted snippets for search results, matched the way the index matches.

``snippet(text, query, language)`` returns escaped HTML with the matching words wrapped in
``<mark>``: a word matches when its accent-folded form or its stem (in the given language, or
in French and English when ``language`` is None) equals one of the query's. So "numerique"
highlights "numériques" in a French text, like the index found it. Pure Python, independent of
the search backend, so the search page can use it on the database backend too.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from whoosh.support.charset import accent_map

from .analysis import LANGUAGES, WORD_PATTERN, folded_stopwords, query_words, stem

WORD_RE = re.compile(WORD_PATTERN)
MAX_QUERY_CHARS = 255


def _fold(word):
    return word.lower().translate(accent_map)


def _forms(folded, languages):
    """Comparable forms of a folded word: itself and its stem in each language."""
    forms = {("", folded)}
    for lang in languages:
        forms.add((lang, stem(lang, folded)))
    return forms


def _query_forms(query, languages):
    stops = set()
    for lang in languages or LANGUAGES:
        stops |= folded_stopwords(lang)
    forms = set()
    for word in query_words(query[:MAX_QUERY_CHARS]):
        if word not in stops:
            forms |= _forms(word, languages)
    return forms


def _cut(text, start, end):
    """text[start:end] widened/narrowed to word boundaries, with ellipses where cut."""
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space != -1 and start - space < 30 else start
    if end < len(text):
        space = text.find(" ", end)
        end = space if space != -1 and space - end < 30 else end
    return start, end


def snippet(text, query, language=None, max_chars=240):
    """The best fragment of ``text`` for ``query`` as safe HTML, matches in ``<mark>``.

    ``language`` is "fr", "en" or None (both). Returns "" for empty text; text without a match
    gives its beginning, unmarked.
    """
    text = " ".join((text or "").split())
    if not text:
        return SafeString("")
    languages = (language,) if language in LANGUAGES else LANGUAGES
    wanted = _query_forms(query or "", languages)
    matches = []
    if wanted:
        for m in WORD_RE.finditer(text):
            folded = _fold(m.group())
            if folded and _forms(folded, languages) & wanted:
                matches.append((m.start(), m.end()))

    if matches:
        # Start a little before the first match so it is read in context.
        first = matches[0][0]
        start = max(0, first - max_chars // 4)
    else:
        start = 0
    end = min(len(text), start + max_chars)
    start, end = _cut(text, start, end)

    parts = ["…" if start > 0 else ""]
    pos = start
    for m_start, m_end in matches:
        if m_start < start or m_end > end:
            continue
        parts.append(escape(text[pos:m_start]))
        parts.append(f"<mark>{escape(text[m_start:m_end])}</mark>")
        pos = m_end
    parts.append(escape(text[pos:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above
