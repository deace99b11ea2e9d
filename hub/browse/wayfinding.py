"""Wayfinding: the default main menu, breadcrumbs and the addresses of theme and partner pages.

Each answer depends only on the content, so it is remembered per site, language and content
generation (hub.memos.memo): a page view reads the menu, its trail and every theme pill's
address without a query.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from ..i18n import TranslatedValue, current_language, translated
from ..memos import memo

# What the main menu leads to until moderators choose its links (Settings > Navigation), in
# this order, with a short label each; "about" is the home page's standard page with that
# English slug (else its first standard page).
DEFAULT_MENU = {
    "hub.librarypage": _("Library"),
    "toolkits.toolkitindexpage": _("Toolkits"),
    "toolkits.towncentreplanindexpage": _("Town-centre plans"),
    "case_studies.casestudyindexpage": _("Case studies"),
    "toolkits.publicationindexpage": _("Publications"),
    "workshops.workshopindexpage": _("Workshops"),
    "programmes.programmeindexpage": _("Programmes"),
    "hub.standardpage": _("About"),
}


def default_menu_pages(site):
    """(page, label) of the default menu on ``site``: its live sections, in the menu's order
    (one query)."""
    from django.contrib.contenttypes.models import ContentType

    root = site.root_page
    types = {}
    for label in DEFAULT_MENU:
        app_label, model = label.split(".")
        try:
            types[ContentType.objects.get_by_natural_key(app_label, model).pk] = label
        except ContentType.DoesNotExist:
            continue
    children = Page.objects.child_of(root).live().filter(content_type_id__in=types)
    found = {}
    for page in children.order_by("path"):
        label = types[page.content_type_id]
        if label != "hub.standardpage":
            found.setdefault(label, page)
        elif label not in found or (page.slug_en == "about" != found[label].slug_en):
            found[label] = page
    return [(found[label], name) for label, name in DEFAULT_MENU.items() if label in found]


def _site(request):
    return Site.find_for_request(request) if request is not None else None


# Breadcrumbs ----------------------------------------------------------------------------------


def trail(request, page, extra=()):
    """The breadcrumb trail of ``page``: (title, address) from home to the page itself, then
    ``extra`` (title, address) pairs for what a page serves below itself (a theme of the theme
    index). Empty on the home page and for pages outside the site."""
    site = _site(request)
    if site is None or page is None or not getattr(page, "pk", None):
        return []

    def build():
        ancestors = (
            Page.objects.ancestor_of(page, inclusive=True)
            .filter(depth__gte=site.root_page.depth)
            .order_by("depth")
        )
        crumbs = [(translated(p, "title"), p.get_url(request=request)) for p in ancestors]
        if crumbs:
            # The home page is "Home", whatever its title (the site's name is in the header).
            crumbs[0] = (TranslatedValue(gettext("Home"), current_language(), False), crumbs[0][1])
        return crumbs

    crumbs = memo(("breadcrumbs", site.pk, current_language(), page.pk), build)
    if not crumbs or crumbs[0][1] is None:
        return []
    crumbs = list(crumbs) + list(extra)
    return crumbs if len(crumbs) > 1 else []


def breadcrumb_json_ld(request, crumbs):
    """schema.org BreadcrumbList of a trail, with absolute addresses."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(title),
                "item": request.build_absolute_uri(url),
            }
            for position, (title, url) in enumerate(crumbs, start=1)
        ],
    }


# Theme and partner pages ----------------------------------------------------------------------


def item_urls(request, model):
    """{pk: address of its public page} for every Theme or Partner (``model``), or {} when the
    site has no published index of them."""
    from ..memos import remembered
    from ..models.taxonomy import item_slug
    from ..models.wayfinding import index_model_for

    site = _site(request)
    if site is None:
        return {}

    def build():
        index_model = index_model_for(model)
        index = (
            index_model.objects.live()
            .descendant_of(site.root_page, inclusive=True)
            .public()
            .order_by("path")
            .first()
        )
        base = index.get_url(request=request) if index else None
        if not base:
            return {}
        return {obj.pk: f"{base}{item_slug(obj)}/" for obj in remembered(model)}

    return memo(("item-urls", model._meta.label_lower, site.pk, current_language()), build)


def theme_url(request, theme, library_url=""):
    """A theme pill's address: its theme page, else the library filtered by it."""
    from ..models.taxonomy import Theme

    url = item_urls(request, Theme).get(theme.pk)
    if url:
        return url
    if not library_url:
        from ..models import LibraryPage
        from ..models.base import remembered_url

        library_url = remembered_url(request, "library-url", LibraryPage.objects.live())
    return f"{library_url}?theme={theme.slug}" if library_url else ""


def partner_url(request, partner):
    from ..models.taxonomy import Partner

    return item_urls(request, Partner).get(partner.pk, "")
