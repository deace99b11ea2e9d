"""Template tags of resource pages: JSON-LD, the other language's version, documents by language."""

from django import template
from django.utils import translation
from django.utils.html import format_html

from ..browse.jsonld import dumps_for_script
from ..fragments import render_fragment
from ..i18n import current_language, other_language
from ..models.document_access import can_open

register = template.Library()

LANGUAGE_NAMES = {"en": "English", "fr": "français"}


@register.simple_tag(takes_context=True)
def json_ld(context, page):
    """The page's schema.org data in a data block (not executed, so CSP does not apply), kept
    per content generation (hub.fragments): the same for every visitor."""

    def render():
        data = page.structured_data(context.get("request"))
        return format_html('<script type="application/ld+json">{}</script>', dumps_for_script(data))

    return render_fragment(context, "json-ld", [page.pk], render)


@register.simple_tag(takes_context=True)
def resource_documents(context, page):
    """The page's documents the visitor may open (one query), and those in the visitor's and
    the other language."""
    current = current_language()
    links = page.document_links(context.get("request"))
    docs = [link.document for link in links]
    return {
        "all": docs,
        "current": [d for d in docs if d.language == current],
        "other": [d for d in docs if d.language != current],
    }


@register.simple_tag(takes_context=True)
def can_open_document(context, document):
    """Whether the visitor may open ``document`` (a link in a page's body, a step's template)."""
    return can_open(document, context.get("request"))


@register.simple_tag(takes_context=True)
def other_version(context, page):
    """The same resource in the other language: its address, whether it really exists."""
    current = current_language()
    other = other_language(current)
    with translation.override(other):
        url = page.get_url(request=context.get("request"))
    exists = page.in_french if other == "fr" else page.in_english
    has_text = bool(getattr(page, f"title_{other}", ""))
    return {
        "code": other,
        "name": LANGUAGE_NAMES[other],
        "url": url,
        "exists": exists or has_text,
    }


@register.filter
def paragraphs(text):
    """Plain text split on blank lines (transcripts)."""
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
