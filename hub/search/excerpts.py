"""Highlighted excerpts of search results, matched the way the index matches.

``excerpt(text, query, language)`` returns escaped HTML with the matching words wrapped in
``<mark>``: a word matches when its folded form or its stem (in the given language, or in
French and English when ``language`` is None) equals one of the query's. So "numerique"
highlights "numériques" in a French text, like the index found it. Pure Python, independent of
the search backend, so the search page works the same on every backend.

``best_excerpt`` chooses, for one result, the text the excerpt comes from: the fields of the
page that hold the query's words (the visitor's language first), else the text of its public
documents (named in the result), else its summary. Only a window of a long text around its
first likely match is highlighted, never the whole text.
"""

import functools
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from modelsearch.index import RelatedFields, SearchField
from wagtail import blocks

from ..i18n import translated
from .text import LANGUAGES, MAX_ANALYSED_CHARS, WORD_RE, fold, folded_stopwords, folded_words
from .text import stem as stem_word

EXCERPT_CHARS = 240
WINDOW_BEFORE, WINDOW_AFTER = 400, 1600
SKIPPED_PAGE_FIELDS = ("title", "slug", "seo_title", "search_description", "url_path")


# One text -----------------------------------------------------------------------------------


def _forms(folded, languages):
    """Comparable forms of a folded word: itself and its stem in each language."""
    forms = {("", folded)}
    for lang in languages:
        forms.add((lang, stem_word(lang, folded)))
    return forms


def _query_forms(query, languages):
    stops = set()
    for lang in languages or LANGUAGES:
        stops |= folded_stopwords(lang)
    forms = set()
    for word in folded_words(query[:MAX_ANALYSED_CHARS]):
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


def excerpt(text, query, language=None, max_chars=EXCERPT_CHARS):
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
            folded = fold(m.group())
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


# Finding the text around a match ------------------------------------------------------------

_ACCENTED = {
    "a": "aàâäáãå",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîïíì",
    "o": "oôöóòõ",
    "u": "uûüùú",
    "y": "yÿ",
    "n": "nñ",
}


def prefix_pattern(query):
    """A regex finding the start of any query word in unfolded text, accents or not."""
    words = [word for word in folded_words(query) if len(word) >= 3][:12]
    alternatives = []
    for word in words:
        stem = word[: max(3, min(len(word) - 1, 5))]
        alternatives.append(
            "".join(
                f"[{_ACCENTED[c]}{_ACCENTED[c].upper()}]" if c in _ACCENTED else re.escape(c)
                for c in stem
            )
        )
    if not alternatives:
        return None
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def _window(text, pattern):
    """The part of a (possibly 2 MB) text around the first likely match, or None."""
    if not text or pattern is None:
        return None
    match = pattern.search(text)
    if not match:
        return None
    start = max(0, match.start() - WINDOW_BEFORE)
    return text[start : match.start() + WINDOW_AFTER]


# Values of these blocks are codes or addresses ("challenge", "h2", "planned", a URL, an id),
# not text a visitor reads: never in an excerpt.
NOT_TEXT_BLOCKS = (
    blocks.ChoiceBlock,
    blocks.MultipleChoiceBlock,
    blocks.URLBlock,
    blocks.EmailBlock,
    blocks.ChooserBlock,
    blocks.DateBlock,
    blocks.TimeBlock,
    blocks.DateTimeBlock,
    blocks.BooleanBlock,
)


def _block_text(block, raw, pieces):
    """The text of one block's raw value, read along the block's definition."""
    if raw is None or isinstance(block, NOT_TEXT_BLOCKS):
        return
    if isinstance(block, blocks.StreamBlock):
        for child in raw:
            if isinstance(child, dict) and child.get("type") in block.child_blocks:
                _block_text(block.child_blocks[child["type"]], child.get("value"), pieces)
    elif isinstance(block, blocks.StructBlock):
        if isinstance(raw, dict):
            for name, child_block in block.child_blocks.items():
                _block_text(child_block, raw.get(name), pieces)
    elif isinstance(block, blocks.ListBlock):
        for item in raw if isinstance(raw, list | tuple) else ():
            # Items are {"type": "item", "value": ..., "id": ...}, or bare values in old data.
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                item = item["value"]
            _block_text(block.child_block, item, pieces)
    elif isinstance(raw, str):
        pieces.append(raw)


def _stream_text(value):
    """The plain text inside a StreamField's raw data (no rendering, no query)."""
    stream_block = getattr(value, "stream_block", None)
    if stream_block is not None:
        pieces = []
        _block_text(stream_block, list(value.raw_data), pieces)
        return strip_tags(" ".join(pieces))
    pieces = []
    stack = [getattr(value, "raw_data", value)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            pieces.append(item)
        elif isinstance(item, dict):
            stack.extend(v for k, v in item.items() if k not in ("type", "id"))
        elif isinstance(item, list | tuple) or hasattr(item, "__iter__"):
            try:
                stack.extend(reversed(list(item)))
            except TypeError:
                continue
    return strip_tags(" ".join(pieces))


@functools.cache
def _page_text_fields(model):
    """Names of the page's own translated text fields that are indexed (body, transcript...)."""
    names = []
    for field in model.get_search_fields():
        if isinstance(field, RelatedFields) or not isinstance(field, SearchField):
            continue
        name = field.field_name
        if name[-3:] in ("_en", "_fr") and not name.startswith(SKIPPED_PAGE_FIELDS):
            names.append(name)
    return list(dict.fromkeys(names))


def field_text(page, name):
    value = getattr(page, name, None)
    if callable(value):
        value = value()
    if value is None:
        return ""
    if isinstance(value, str):
        return strip_tags(value)
    return _stream_text(value)


def marked(text, text_lang, query, pattern):
    """The excerpt of ``text`` around the query's words, or None when they are not in it."""
    window = _window(text, pattern)
    if window is None:
        return None
    html = excerpt(window, query, language=text_lang, max_chars=EXCERPT_CHARS)
    if "<mark>" not in html:
        return None
    if window is not text and not text.startswith(window) and not html.startswith("…"):
        html = "…" + html
    return html


def first_field(lang):
    """The field best_excerpt() looks at first: the summary in the visitor's language."""
    return "summary_fr" if lang == "fr" else "summary_en"


def best_excerpt(page, specific, query, pattern, lang):
    """(excerpt, its language, the document it comes from or None) for one result."""
    from ..models.document_access import public_links

    names = ["summary_en", "summary_fr"] + [
        n for n in _page_text_fields(type(specific)) if not n.startswith("summary")
    ]
    names.sort(key=lambda n: n[-2:] != lang)  # the visitor's language first, order kept

    def candidates():
        # Lazily: a long body is turned into text only when no earlier field matched.
        for name in names:
            yield field_text(specific, name), name[-2:], None
        # Never a restricted document's text (hub.models.document_access), even if an index
        # built before its restriction still matched it.
        for link in public_links(page.documents.all()):
            document = link.document
            yield document.extracted_text, document.language, document

    for text, text_lang, document in candidates():
        html = marked(text, text_lang, query, pattern)
        if html is not None:
            return html, text_lang, document
    summary = translated(page, "summary")
    if summary.value:
        return excerpt(str(summary), query, language=summary.lang), summary.lang, None
    return "", lang, None
