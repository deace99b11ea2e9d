"""Which pages anyone may see, without a query per request: the view restrictions and aliases of
the site, remembered per content generation (hub.memos.memo).

A helper below the models: page models (hub.models.base), the listing engine (hub.browse) and
the sitemap all read it, and it reads only Wagtail's own models.
"""

from wagtail.models import Page, PageViewRestriction

from .memos import memo


def restriction_summary():
    """(whether any page is an alias, the tree paths of the restricted pages), remembered."""
    return memo(("view-restrictions",), _restriction_summary)


def _restriction_summary():
    return (
        Page.objects.filter(alias_of__isnull=False).exists(),
        tuple(PageViewRestriction.objects.values_list("page__path", flat=True).distinct()),
    )


def public(queryset):
    """``queryset.public()`` without its query for the view restrictions (remembered per content
    generation): pages under a restricted page, that page included, are left out."""
    _has_aliases, restricted_paths = restriction_summary()
    for path in restricted_paths:
        queryset = queryset.exclude(path__startswith=path)
    return queryset
