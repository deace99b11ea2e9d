"""Page routing that looks a child up by its slug in the database, not by loading every child.

wagtail-modeltranslation replaces ``Page.route`` on every translated page model with a version
that instantiates *all* the children of each page on the URL path to compare their translated
slugs in Python. With 2,500 toolkits under one index, every toolkit request built 2,500 page
objects (about 150 ms). This version asks the database for the few children whose slug, in
any language, equals the requested one, then applies the very same comparison (the slug in the
current language, with modeltranslation's fallbacks) to pick the first of them in tree order,
so the result is identical and the cost no longer grows with the number of siblings.
"""

from django.db.models import Q
from django.http import Http404
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page
from wagtail.url_routing import RouteResult


def _slug_matches(child_slug):
    query = Q(slug=child_slug)
    for language in mt_settings.AVAILABLE_LANGUAGES:
        query |= Q(**{build_localized_fieldname("slug", language): child_slug})
    return query


def indexed_route(self, request, path_components):
    if isinstance(self, RoutablePageMixin) and self.live:
        try:
            path = "/"
            if path_components:
                path += "/".join(path_components) + "/"
            view, args, kwargs = self.resolve_subpage(path)
            return RouteResult(self, args=(view, args, kwargs))
        except Http404:
            pass

    if path_components:
        child_slug, remaining = path_components[0], path_components[1:]
        for page in self.get_children().filter(_slug_matches(child_slug)):
            if page.slug == child_slug:
                page_class = page.specific_class
                if (
                    remaining
                    and page_class is not None
                    and page_class.route is indexed_route
                    and not issubclass(page_class, RoutablePageMixin)
                ):
                    # A plain page on the way: route through it without loading its own table.
                    return indexed_route(page, request, remaining)
                return page.specific.route(request, remaining)
        raise Http404

    if self.live:
        return RouteResult(self)
    raise Http404


def install():
    """Called from HubConfig.ready(), after wagtail-modeltranslation has patched the models."""
    from django.apps import apps
    from wagtail_modeltranslation.patch_wagtailadmin import _new_route

    for model in apps.get_models():
        if issubclass(model, Page) and model.__dict__.get("route") is _new_route:
            model.route = indexed_route
