"""A tiny Markdown subset for participants' notes, rendered then sanitised with nh3.

Supported: paragraphs (blank line), line breaks, *emphasis*, **strong**, bulleted ("- " or "* ")
and numbered ("1. ") lists, and [links](https://example.org). The text is HTML-escaped before
any markup is added, and nh3 then keeps only the tags this converter can produce, so anything
else a participant types is shown as text, never run.
"""

import html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}

_LINK = re.compile(r"\[([^\]\n]{1,200})\]\(((?:https?://|mailto:)[^)\s]{1,500})\)")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])")
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")


def _inline(text):
    text = html.escape(text, quote=True)
    text = _LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', text)
    text = _STRONG.sub(r"<strong>\1</strong>", text)
    return _EM.sub(r"<em>\1</em>", text)


def _block(lines):
    bullets = [_BULLET.match(line) for line in lines]
    if all(bullets):
        return "<ul>" + "".join(f"<li>{_inline(m.group(1))}</li>" for m in bullets) + "</ul>"
    numbers = [_NUMBER.match(line) for line in lines]
    if all(numbers):
        return "<ol>" + "".join(f"<li>{_inline(m.group(1))}</li>" for m in numbers) + "</ol>"
    return "<p>" + "<br>".join(_inline(line.strip()) for line in lines) + "</p>"


def to_html(text):
    """Unsanitised conversion; use :func:`render`."""
    blocks, current = [], []
    for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return "".join(_block(lines) for lines in blocks)


def render(text):
    """Safe HTML for a note: converted, then cleaned to the allowed tags only."""
    return nh3.clean(
        to_html(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
    )
