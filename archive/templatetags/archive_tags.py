"""Template tags of the archive edition's own templates (banner, notes, search page)."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .. import state

register = template.Library()


@register.simple_tag
def archive_library_url():
    """The library page's address in the current language, or "" when the site has none."""
    edition = state.current()
    if edition is None:
        return ""
    return dict(edition.library_urls).get((get_language() or "en")[:2], "")


@register.filter
def archive_day(day):
    """A date in the current language as the banners write it ("1er décembre 2026")."""
    return state.day_text(day, (get_language() or "en")[:2])


@register.filter
def keep_together(text, words):
    """``text``, escaped, with ``words`` kept on one line: a phone otherwise breaks "C-CARE"
    after its hyphen."""
    escaped = str(conditional_escape(text))
    whole = str(conditional_escape(words))
    kept = format_html('<span class="archive-nowrap">{}</span>', words)
    return mark_safe(escaped.replace(whole, kept))  # noqa: S308 - every part escaped above
