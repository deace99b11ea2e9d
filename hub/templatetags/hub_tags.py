"""Template tags for bilingual rendering: switcher, alternates, fallbacks and navigation."""

from django import template
from django.utils.translation import get_language
from wagtail.models import Page, Site

from ..i18n import language_links, translated

register = template.Library()


def _context_page(context):
    page = context.get("page") or context.get("self")
    return page if isinstance(page, Page) else None


@register.simple_tag(takes_context=True)
def language_switcher(context):
    """Links to the same content in each language, the current one marked."""
    return language_links(context.get("request"), _context_page(context))


@register.simple_tag
def tr(obj, field):
    """A translated field with the language it really comes from (see hub.i18n.translated)."""
    return translated(obj, field)


@register.filter
def other_language(code):
    return "fr" if (code or "")[:2] == "en" else "en"


@register.simple_tag
def current_language():
    return (get_language() or "en")[:2]


@register.inclusion_tag("components/fallback_note.html")
def fallback_note(value):
    """The visible note beside a text shown in the other language."""
    return {"value": value}


@register.simple_tag(takes_context=True)
def navigation(context, location):
    from ..models import NavLink

    request = context.get("request")
    if request is None:
        return []
    # Header and footer both ask: fetch the links (and their pages) once per request.
    all_links = getattr(request, "_hub_navigation_links", None)
    if all_links is None:
        site = Site.find_for_request(request)
        all_links = (
            list(
                NavLink.objects.filter(settings__site=site)
                .select_related("page")
                .order_by("sort_order")
            )
            if site
            else []
        )
        request._hub_navigation_links = all_links
    links = [link for link in all_links if link.location == location]
    items = []
    for link in links:
        page = link.page.specific_deferred if hasattr(link.page, "specific_deferred") else link.page
        label = translated(link, "label") if (link.label_en or link.label_fr) else None
        items.append(
            {
                "url": page.get_url(request=request),
                "label": label or translated(page, "title"),
                "active": request.path.startswith(page.get_url(request=request) or "\0"),
            }
        )
    return items
