"""The one base address of everything a person follows from outside a page.

Emails, Atom feeds, the sitemap, the API and .ics files all build their absolute links here:

* with a request, from the request's own scheme and host (already checked against ALLOWED_HOSTS),
  so a feed read at http://127.0.0.1:8765/ links to http://127.0.0.1:8765/;
* without one (an email sent after the request, a management command), from the setting
  WAGTAILADMIN_BASE_URL, the address the site is published at (``make run`` sets it from HOST
  and PORT; production sets it in the environment).

The default Site record (whose hostname and port Wagtail uses for its own absolute links, such as
``page.full_url``) follows the same setting: ``sync_default_site`` runs after every ``migrate``
and in ``load_demo``.
"""

from urllib.parse import urlsplit

from django.conf import settings


def base_url(request=None):
    """``scheme://host[:port]`` with no trailing slash."""
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(url, request=None):
    """``url`` as an absolute address; one that already is one (another site's page) is kept."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return base_url(request) + url


def page_url(page, request=None):
    """A page's absolute address in the active language, or None when it has none."""
    return absolute(page.get_url(request), request) or None


def site_address():
    """(hostname, port) of WAGTAILADMIN_BASE_URL, as Wagtail's Site record stores them."""
    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


def sync_default_site(**_kwargs):
    """Point the default Site's hostname and port at WAGTAILADMIN_BASE_URL (a post_migrate hook)."""
    from wagtail.models import Site

    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return
    # Another Site record holding that address keeps it (hostname and port are unique).
    if not Site.objects.filter(hostname=hostname, port=port).exists():
        site.hostname, site.port = hostname, port
        site.save()
