"""Atom feeds of the listings, filtered like the listing they belong to (same GET parameters)."""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from ..i18n import current_language, translated
from ..links import page_url

FEED_SIZE = 30


def _as_datetime(resource):
    if resource.date:
        return timezone.make_aware(datetime.datetime.combine(resource.date, datetime.time(12)))
    return resource.first_published_at or resource.last_published_at


def listing_feed(page, request):
    listing = page.get_listing(request)
    # A feed is always newest first, whatever order the visitor chose for the listing.
    listing.sort = "date"
    resources = listing.results().prefetch_related("themes")[:FEED_SIZE]
    query = listing.querystring()
    link = page_url(page, request) or ""
    title = str(translated(page, "title"))
    if listing.is_filtered:
        title = _("%(title)s (filtered)") % {"title": title}
    lang = current_language()
    feed = Atom1Feed(
        title=title,
        link=f"{link}?{query}" if query else link,
        description=str(translated(page, "summary")),
        language=lang,
        feed_url=request.build_absolute_uri(),
        feed_guid=request.build_absolute_uri(),
    )
    for resource in resources:
        url = page_url(resource, request)
        feed.add_item(
            title=str(translated(resource, "title")),
            link=url,
            description=str(translated(resource, "summary")),
            unique_id=url,
            pubdate=_as_datetime(resource),
            updateddate=resource.last_published_at or _as_datetime(resource),
            categories=[str(translated(theme, "name")) for theme in resource.themes.all()],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
