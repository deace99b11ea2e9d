"""Template tags for bilingual rendering: switcher, alternates, fallbacks and navigation."""

from django import template
from django.utils.translation import get_language
from wagtail.models import Page, Site

from .. import i18n
from ..fragments import render_fragment
from ..i18n import TranslatedValue, language_links, translated
from ..memos import memo
from ..typography import typeset

register = template.Library()


def _context_page(context):
    page = context.get("page") or context.get("self")
    return page if isinstance(page, Page) else None


@register.simple_tag(takes_context=True)
def language_switcher(context):
    """Links to the same content in each language, the current one marked; a page serving
    something below itself (a theme of the theme index) gives their addresses itself."""
    links = language_links(context.get("request"), _context_page(context))
    alternates = context.get("alternate_urls") or {}
    for link in links:
        link["url"] = alternates.get(link["code"]) or link["url"]
    return links


@register.simple_tag
def tr(obj, field):
    """A translated field with the language it really comes from (see hub.i18n.translated)."""
    return translated(obj, field)


@register.filter
def other_language(code):
    return i18n.other_language(code or "")


@register.simple_tag
def current_language():
    return i18n.current_language()


@register.inclusion_tag("components/fallback_note.html")
def fallback_note(value):
    """The visible note beside a text shown in the other language."""
    return {"value": value}


@register.simple_tag(takes_context=True)
def navigation(context, location):
    """Header or footer links: (address, label) kept per site, language and content generation;
    only the "you are here" mark is worked out per request."""
    request = context.get("request")
    if request is None:
        return []
    site = Site.find_for_request(request)
    if site is None:
        return []
    links = memo(("navigation", site.pk, get_language()), lambda: _navigation_links(site, request))
    return [
        {
            "url": url,
            "label": label,
            "active": request.path.startswith(url or "\0"),
        }
        for where, url, label in links
        if where == location
    ]


def _navigation_links(site, request):
    """The links moderators chose; while they chose none for the header, the default menu
    (hub.browse.wayfinding.DEFAULT_MENU) of the pages the site has."""
    from ..browse.wayfinding import default_menu_pages
    from ..models import NavLink

    items = []
    for link in (
        NavLink.objects.filter(settings__site=site).select_related("page").order_by("sort_order")
    ):
        page = link.page.specific_deferred if hasattr(link.page, "specific_deferred") else link.page
        label = translated(link, "label") if (link.label_en or link.label_fr) else None
        label = label or translated(page, "title")
        items.append((link.location, page.get_url(request=request), label))
    if not any(where == "header" for where, _url, _label in items):
        lang = i18n.current_language()
        items = [
            ("header", page.get_url(request=request), TranslatedValue(str(label), lang, False))
            for page, label in default_menu_pages(site)
        ] + items
    return items


@register.simple_tag
def colon():
    """The colon after a label: French typography puts a no-break space before it."""
    return typeset("x:", current_language())[1:]


@register.simple_tag
def question_mark():
    return typeset("x?", current_language())[1:]


@register.filter(name="typeset")
def typeset_filter(text, lang=None):
    """An editor's short text (a key figure) spaced as its language writes it (hub.typography)."""
    return typeset(text, lang or current_language())


@register.filter
def present(items):
    """The items of a list block that hold something: an empty list block still yields None."""
    return [item for item in items or () if item is not None and str(item).strip()]


@register.filter
def facets_key(facets):
    """Everything components/facets.html shows of ``facets`` (hub.browse.listing's Facets), as
    text: the key its HTML is kept under, so that the same counts are rendered once."""
    shown = []
    for facet in facets or ():
        values = [(v.value, str(v.label), v.count, v.selected, v.lang) for v in facet.values]
        shown.append((facet.name, str(facet.label), values))
    return repr(shown)


@register.filter
def iso(moment):
    """A ``datetime`` attribute HTML accepts: ISO 8601 to the second, with its offset."""
    return moment.isoformat(timespec="seconds") if moment else ""


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, keys, public_only):
        self.nodelist, self.name, self.keys = nodelist, name, keys
        self.public_only = public_only

    def render(self, context):
        # As text: a lazy value (the library's address) must not keep its request alive.
        keys = [str(key.resolve(context)) for key in self.keys]
        return render_fragment(
            context,
            self.name,
            keys,
            lambda: self.nodelist.render(context),
            public_only=self.public_only,
        )


@register.tag
def fragment(parser, token):
    """``{% fragment "name" key ... [public] %}...{% endfragment %}``: the enclosed HTML,
    rendered once per content generation, language and host for each value of the keys
    (hub.fragments). The keys name everything else the piece depends on (a resource's pk, the
    library's address...); what depends on the request (a form, the query) stays outside.
    ``public``: it shows documents only to who may open them, kept for visitors without a
    session only."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a quoted name first")
    public_only = bits[-1] == "public"
    keys = bits[2:-1] if public_only else bits[2:]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in keys], public_only
    )
