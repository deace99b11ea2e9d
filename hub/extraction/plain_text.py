"""Text out of bytes: decoding plain text and HTML whatever their encoding, the text a reader
sees in an HTML page (never its scripts, styles or page furniture), and clean text fit for a
database column and an index. Used by the extractors of hub.extraction.formats.

Pure Python with no Django import, like the extractors: it runs inside the extraction worker.
"""

import codecs
import re
from html.parser import HTMLParser

# Text helpers -------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def clean_text(text):
    """Plain text fit for a database column and an index: no control characters, tidy spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def decode_text(data):
    """Bytes to text: a BOM wins, then UTF-8, then Windows-1252, then Latin-1 (never fails)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)


def decode_html(data):
    """HTML bytes to text, honouring a BOM or a <meta charset> before guessing."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data)
    match = _META_CHARSET.search(data[:4096])
    if match:
        try:
            name = codecs.lookup(match.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            name = None
        if name and not name.startswith("utf-16"):
            try:
                return data.decode(name)
            except UnicodeDecodeError:
                pass
    return decode_text(data)


# HTML ---------------------------------------------------------------------


class VisibleTextParser(HTMLParser):
    """Collects the text a reader sees: never scripts, styles, navigation or page furniture."""

    SKIPPED = frozenset(
        {
            "script",
            "style",
            "nav",
            "header",
            "footer",
            "aside",
            "template",
            "noscript",
            "head",
            "title",
            "svg",
            "math",
            "iframe",
            "object",
            "canvas",
            "select",
            "datalist",
        }
    )
    VOID = frozenset(
        {
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "param",
            "source",
            "track",
            "wbr",
        }
    )
    BLOCK = frozenset(
        {
            "address",
            "article",
            "blockquote",
            "br",
            "dd",
            "div",
            "dl",
            "dt",
            "figcaption",
            "figure",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "li",
            "main",
            "ol",
            "p",
            "pre",
            "section",
            "table",
            "td",
            "th",
            "tr",
            "ul",
        }
    )

    def __init__(self, max_chars):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.size = 0
        self.max_chars = max_chars
        self.skipping = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCK:
            self.parts.append("\n")
        if tag in self.VOID:
            return
        hidden = any(name == "hidden" for name, _value in attrs)
        if tag in self.SKIPPED or hidden or self.skipping:
            self.skipping.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.skipping:
            # Close the innermost open element of that name, and anything left open inside it.
            while self.skipping:
                if self.skipping.pop() == tag:
                    break
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.skipping or self.size > self.max_chars:
            return
        self.parts.append(data)
        self.size += len(data)

    def text(self):
        return "".join(self.parts)


def html_to_text(markup, max_chars):
    parser = VisibleTextParser(max_chars)
    parser.feed(markup)
    parser.close()
    return parser.text()
