"""sitemap.xml: every live public page once per language, each with its hreflang alternates."""

from functools import partial

from django.conf import settings
from django.utils import translation
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap_view

from ..links import page_url
from ..visibility import public

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class BilingualSitemap(Sitemap):
    """One <url> per page and language; each lists every language's address and x-default."""

    def items(self):
        # URLs come from Page's own (translated) url_path fields: no .specific() needed.
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True).live()
        return public(pages).order_by("path").defer_streamfields()

    def _urls(self, page_number, protocol, domain):
        urls = []
        last_mods = set()
        for page in self.paginator.page(page_number).object_list:
            locations = {}
            for code in LANGUAGE_CODES:
                with translation.override(code):
                    url = page_url(page, self.request)
                if url:
                    locations[code] = url
            if not locations:
                continue
            alternates = [{"lang_code": code, "location": url} for code, url in locations.items()]
            default = locations.get(settings.LANGUAGE_CODE) or next(iter(locations.values()))
            alternates.append({"lang_code": "x-default", "location": default})
            lastmod = self.lastmod(page)
            last_mods.add(lastmod)
            for url in locations.values():
                urls.append(
                    {"item": page, "location": url, "lastmod": lastmod, "alternates": alternates}
                )
            urls += _item_urls(page, locations)
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


sitemap_view = partial(
    wagtail_sitemap_view,
    sitemaps={"pages": BilingualSitemap},
    template_name="hub/sitemap.xml",
    content_type="application/xml",
)


def _item_urls(page, locations):
    """The theme or partner pages an index serves below itself (hub.models.wayfinding), each
    in every language with its alternates."""
    from ..memos import remembered
    from ..models.taxonomy import item_slug
    from ..models.wayfinding import INDEX_MODELS

    model = next(
        (item for item, index in INDEX_MODELS.items() if page.specific_class is index), None
    )
    if model is None:
        return []
    urls = []
    for obj in remembered(model):
        found = {code: f"{base}{item_slug(obj, code)}/" for code, base in locations.items()}
        alternates = [{"lang_code": code, "location": url} for code, url in found.items()]
        default = found.get(settings.LANGUAGE_CODE) or next(iter(found.values()))
        alternates.append({"lang_code": "x-default", "location": default})
        urls += [
            {"item": page, "location": url, "lastmod": None, "alternates": alternates}
            for url in found.values()
        ]
    return urls
