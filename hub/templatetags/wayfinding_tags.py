"""Template tags of wayfinding and identity: breadcrumbs, theme and partner addresses, the
canonical link with Open Graph and Twitter card tags, and responsive images."""

from django import template
from django.templatetags.static import static
from wagtail.models import Page, Site

from ..browse import wayfinding
from ..browse.jsonld import dumps_for_script
from ..i18n import current_language, translated

register = template.Library()

OG_LOCALES = {"en": "en_GB", "fr": "fr_FR"}
# The size of the picture Open Graph and Twitter cards show (their recommended 1.91:1).
SHARE_SPEC = "fill-1200x630|format-jpeg|jpegquality-80"
DEFAULT_SHARE_IMAGE = ("img/share-default.png", 1200, 630)


def _page(context):
    page = context.get("page") or context.get("self")
    return page if isinstance(page, Page) else None


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, here=""):
    """The trail from home to what the visitor is looking at, with its BreadcrumbList JSON-LD.

    ``here`` names a view shown below the context's page (a workshop's private page); views
    without a page (search) name themselves in ``breadcrumb_title``.
    """
    request = context.get("request")
    page = _page(context)
    extra = list(context.get("breadcrumb_extra") or ())
    if page is None and context.get("breadcrumb_title") and request is not None:
        site = Site.find_for_request(request)
        page = site.root_page if site else None
        extra.append((context["breadcrumb_title"], request.path))
    if here and request is not None:
        extra.append((here, request.path))
    crumbs = wayfinding.trail(request, page, extra) if request is not None else []
    return {
        "crumbs": crumbs,
        "json_ld": dumps_for_script(wayfinding.breadcrumb_json_ld(request, crumbs))
        if crumbs
        else "",
    }


@register.simple_tag(takes_context=True)
def theme_href(context, theme):
    """A theme pill's address: the theme's page, else the library filtered by the theme."""
    return wayfinding.theme_url(context.get("request"), theme, context.get("library_url") or "")


@register.simple_tag(takes_context=True)
def partner_href(context, partner):
    """A partner's page ("" when the site has no partner index)."""
    return wayfinding.partner_url(context.get("request"), partner)


@register.inclusion_tag("components/page_meta.html", takes_context=True)
def page_meta(context):
    """The canonical address, Open Graph and Twitter card tags of the page shown."""
    request = context.get("request")
    if request is None:
        return {}
    page = _page(context)
    lang = current_language()
    canonical = context.get("canonical_url")
    if not canonical and page is not None:
        # The address the visitor used (as the hreflang alternates do), in their language.
        url = page.get_url(request=request)
        canonical = request.build_absolute_uri(url) if url else ""
    if not canonical:
        canonical = request.build_absolute_uri(request.path)
    title = context.get("item_name") or (translated(page, "title") if page else "")
    description = ""
    if context.get("item") is not None:
        description = translated(context["item"], "description")
    elif page is not None:
        description = page.search_description or translated(page, "summary")
    image = getattr(page, "image", None) if page is not None else None
    if image is not None:
        rendition = image.get_rendition(SHARE_SPEC)
        share = {
            "url": request.build_absolute_uri(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": translated(page, "image_alt"),
        }
    else:
        path, width, height = DEFAULT_SHARE_IMAGE
        share = {"url": request.build_absolute_uri(static(path)), "width": width, "height": height}
    return {
        "canonical": canonical,
        "title": str(title),
        "description": str(description or "")[:300],
        "og_type": "article" if getattr(page, "kind", "") else "website",
        "locale": OG_LOCALES.get(lang, lang),
        "alternate_locales": [code for key, code in OG_LOCALES.items() if key != lang],
        "share": share,
        "large": image is not None,
    }
