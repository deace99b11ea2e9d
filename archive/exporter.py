"""Every public address of the hub, rendered by its own views, as files of the edition.

The exporter asks the site for its pages exactly as an anonymous visitor would (Django's test
client: no server, no network; ``archive.crawl`` runs it in one process or several), starting
from every public page in each language, the root, robots.txt and the sitemap, and following
every link, image, stylesheet and script it finds. ``archive.addresses`` says where each address
goes in the edition. Then every link is rewritten relative to the page holding it
(``archive.rewrite``), so the folder works from any static host and any sub-folder; a link to
something that has no place in the archive loses its link (its text stays).

Nothing private can come in: the requests carry no credentials (a session cookie that names no
session, so the page cache neither serves nor keeps them), pages under a view restriction are
refused by address before they are asked for, and each document is checked against its
collection's restrictions (``hub.models.document_access``) on top of the document view's own
check.
"""

import dataclasses
import html
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone, translation
from wagtail.models import Page, Site

from . import state
from .addresses import Target, target
from .rewrite import LINK_ATTRS, SRCSET, Rewriting

log = logging.getLogger("archive")

# The picture a page gives to link previews: it stays an absolute address (rewrite_text points
# it at the edition), and its file comes into the edition like the page's other images.
SHARE_IMAGE = re.compile(r'<meta (?:property|name)="(?:og|twitter):image" content="([^"]*)"')
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
PLAIN_TEXT = (".txt", ".csv")
UTF8_BOM = b"\xef\xbb\xbf"
NOT_FOUND_PROBE = "archive-edition-page-not-found/"


@dataclass
class Entry:
    """One file of the edition: its bytes, or the file to copy them from."""

    data: bytes | None = None
    source: Path | None = None
    content_type: str = ""
    kind: str = ""
    live: str = ""  # the live address it was fetched from
    language: str = ""
    # True when it holds the day placeholders (archive.state), which archive.store fills in.
    dated: bool = False
    # The previous edition's file, taken as it is (archive.edition, when nothing changed):
    # neither rewritten nor dated again, its checksum and day carried over by archive.store.
    carried: bool = False

    def read(self):
        return self.data if self.data is not None else self.source.read_bytes()

    @property
    def is_html(self):
        return self.content_type.startswith("text/html")


class ExportError(Exception):
    pass


def _languages():
    return [code for code, _name in settings.LANGUAGES]


class Exporter(Rewriting):
    """Render the public hub into a dict of edition paths to ``Entry``."""

    def __init__(self, base_url="", live_url=None, made_on=None, progress=None):
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        if site is None:
            raise ExportError("There is no site to export (no Wagtail Site record).")
        self.site = site
        self.origin = site.root_url.rstrip("/")
        # Where the edition will be served: absolute links in the sitemap, feeds, JSON-LD and
        # calendar files. By default the live hub's own address, which the edition replaces.
        self.base_url = (base_url or self.origin).rstrip("/")
        self.base_path = urlsplit(self.base_url).path.rstrip("/")
        live = self.origin if live_url is None else live_url
        self.languages = _languages()
        self.edition = state.Edition(
            made_on=made_on or timezone.localdate(),
            live_url=(live or "").rstrip("/") + "/" if live else "",
            library_urls=tuple(self._library_urls()),
        )
        parts = urlsplit(self.origin)
        self.host = parts.netloc
        self.client = Client(HTTP_HOST=self.host, secure=parts.scheme == "https")
        # A cookie naming no session: the page cache neither serves nor keeps these requests.
        self.client.cookies[settings.SESSION_COOKIE_NAME] = "archive-export"
        self.progress = progress or (lambda done, queued: None)
        self.files = {}
        self.targets = {}  # live address -> Target (or None)
        self._feeds = None  # (live absolute address, edition address) of every feed
        self._resolved = {}  # link as written (with its page, when relative) -> resolve()
        self.missing = {}  # edition path -> why it is not there
        self.restricted = self._restricted_prefixes()
        self.single_site = Site.objects.count() == 1
        self.routes = {}  # filled by seeds(): hub.routing.known_routes
        self.samples = {}  # (page type, language) -> the address of one such page (seeds())

    # Discovery ------------------------------------------------------------------------------
    def _page_url(self, page, lang):
        with translation.override(lang):
            url = page.get_url()
        if url and url.startswith(("http://", "https://")):
            url = urlsplit(url).path
        return url

    def _library_urls(self):
        from hub.models import LibraryPage

        library = LibraryPage.objects.live().public().first()
        if library is None:
            return []
        return [(lang, self._page_url(library, lang)) for lang in _languages()]

    def _restricted_prefixes(self):
        """Addresses of the live pages a view restriction hides from anonymous visitors."""
        from hub.visibility import public

        live = Page.objects.live().exclude(depth=1)
        hidden = live.exclude(pk__in=public(live).values("pk")).specific()
        prefixes = set()
        for page in hidden:
            for lang in self.languages:
                url = self._page_url(page, lang)
                if url:
                    prefixes.add(url)
        return tuple(sorted(prefixes))

    def seeds(self):
        from hub.visibility import public

        yield "/"
        yield "/robots.txt"
        yield "/sitemap.xml"
        for lang in self.languages:
            yield f"/{lang}/"
            yield f"/{lang}/search/"
        for page in public(Page.objects.live().exclude(depth=1)).specific().order_by("path"):
            for lang in self.languages:
                url = self._page_url(page, lang)
                if url:
                    self._note_route(page, lang, url)
                    self.samples.setdefault((type(page), lang), url)
                    yield url

    def _note_route(self, page, lang, url):
        """Where ``url`` leads, for the crawl's requests (hub.routing.known_routes): the very
        route Wagtail finds, for a page of this site with no routes of its own."""
        from wagtail.contrib.routable_page.models import RoutablePageMixin

        from hub.routing import route_key

        prefix = f"/{lang}/"
        if self.single_site and url.startswith(prefix) and not isinstance(page, RoutablePageMixin):
            key = route_key(self.site.pk, lang, url[len(prefix) :])
            self.routes[key] = (page.pk, page.content_type_id, [], {})

    # Resolving ------------------------------------------------------------------------------
    def resolve(self, url, base):
        """(kind, Target) of a link found on the page at live address ``base``: kind is
        "external" (another host, mailto:, a fragment only), "internal" or "dropped"."""
        # Every page repeats the same addresses (menu, footer, facets): each is worked out once
        # (an address starting with one "/" means the same on every page).
        memo = url if url.startswith("/") and not url.startswith("//") else (base, url)
        answer = self._resolved.get(memo)
        if answer is None:
            answer = self._resolved[memo] = self._resolve(url, base)
        return answer

    def _resolve(self, url, base):
        url = html.unescape(url.strip())
        if not url or url.startswith("#"):
            return "external", None
        absolute = urljoin(self.origin + base, url)
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or parts.netloc != self.host:
            return "external", None
        key = parts.path + ("?" + parts.query if parts.query else "")
        if key not in self.targets:
            found = target(unquote(parts.path), parts.query, self.languages)
            if found and found.kind in ("page", "listing", "feed") and self._is_restricted(found):
                found = None
            self.targets[key] = found
        found = self.targets[key]
        return ("internal", found) if found else ("dropped", None)

    def _is_restricted(self, found):
        path = found.fetch.split("?", 1)[0]
        return any(path.startswith(prefix) for prefix in self.restricted)

    # Fetching (archive.crawl decides what, and in which process) ---------------------------
    def fetch(self, found: Target):
        if found.kind == "static":
            path = finders.find(found.fetch)
            if not path and settings.STATIC_ROOT:
                candidate = Path(settings.STATIC_ROOT) / found.fetch
                path = candidate if candidate.is_file() else None
            if not path:
                self.missing[found.out] = "no such static file"
                return None
            return Entry(source=Path(path), content_type=type_of(found.out), kind="static")
        if found.kind == "media":
            if not default_storage.exists(found.fetch):
                self.missing[found.out] = "no such image file"
                return None
            return Entry(
                source=Path(default_storage.path(found.fetch)),
                content_type=type_of(found.out),
                kind="media",
            )
        if found.kind == "root":
            body = render_to_string("archive/root.html", {"archive": self.edition})
            return Entry(data=body.encode(), content_type="text/html; charset=utf-8", kind="root")
        if found.kind == "search":
            lang = found.fetch.split("/")[1]
            return Entry(
                data=self.render_view("archive/search.html", found.fetch, lang).encode(),
                content_type="text/html; charset=utf-8",
                kind="search",
                live=found.fetch,
                language=lang,
            )
        if found.kind == "document" and not _public_document(found.fetch):
            self.missing[found.out] = "restricted document"
            return None
        response = self.client.get(found.fetch)
        if response.status_code in (301, 302, 307, 308):
            return self.redirect_stub(found, response["Location"])
        if response.status_code != 200:
            self.missing[found.out] = f"HTTP {response.status_code}"
            return None
        if found.kind in ("page", "listing") and _asks_for_password(response):
            self.missing[found.out] = "restricted page"
            return None
        content_type = response.get("Content-Type", "")
        if found.kind in ("page", "listing") and not content_type.startswith("text/html"):
            self.missing[found.out] = "not a page"
            return None
        data = b"".join(response.streaming_content) if response.streaming else response.content
        if found.kind == "document" and found.out.endswith(PLAIN_TEXT):
            data = with_utf8_mark(data)
        lang = found.fetch.split("/")[1] if found.fetch.count("/") > 1 else ""
        return Entry(
            data=data,
            content_type=content_type,
            kind=found.kind,
            live=found.fetch,
            language=lang if lang in self.languages else "",
        )

    def redirect_stub(self, found, location):
        """A page that moved: a small page pointing to where it went (no script needed)."""
        kind, linked = self.resolve(location, found.fetch)
        if kind != "internal" or not found.out.endswith(".html"):
            self.missing[found.out] = "redirect out of the edition"
            return None
        body = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="0; url={html.escape(location)}">'
            f'<title>Moved</title></head><body><p><a href="{html.escape(location)}">'
            f"{html.escape(location)}</a></p></body></html>"
        )
        return Entry(
            data=body.encode(),
            content_type="text/html; charset=utf-8",
            kind="redirect",
            live=found.fetch,
        )

    def render_view(self, template_name, path, lang):
        """One of the archive's own pages, rendered with a visitor's request context."""
        request = RequestFactory(HTTP_HOST=self.host).get(path)
        request.user = AnonymousUser()
        request.COOKIES = {}
        with translation.override(lang):
            request.LANGUAGE_CODE = lang
            return render_to_string(template_name, {}, request=request)

    def not_found_pages(self):
        """The 404 page of each language (static hosts serve 404.html; the root one in English)."""
        for lang in self.languages:
            response = self.client.get(f"/{lang}/{NOT_FOUND_PROBE}")
            entry = Entry(
                data=response.content,
                content_type="text/html; charset=utf-8",
                kind="404",
                live=f"/{lang}/",
                language=lang,
            )
            self.files[f"{lang}/404.html"] = entry
            if lang == self.languages[0]:
                self.files["404.html"] = dataclasses.replace(entry)

    def links_of(self, entry, found):
        if entry.is_html:
            text = entry.read().decode("utf-8", "replace")
            for match in LINK_ATTRS.finditer(text):
                yield match.group(2)
            for match in SRCSET.finditer(text):
                yield from _srcset_urls(match.group(2))
            for match in SHARE_IMAGE.finditer(text):
                yield match.group(1)
        elif entry.content_type.startswith("text/css") or found.out.endswith(".css"):
            text = entry.read().decode("utf-8", "replace")
            base = "/" + found.out
            for match in CSS_URL.finditer(text):
                if not match.group(2).startswith("data:"):
                    yield urljoin(base, match.group(2))


def with_utf8_mark(data):
    """UTF-8 text with the byte-order mark that tells a browser its encoding: a static host
    sends .txt files without a charset, and browsers then read them as Windows-1252."""
    if data.startswith(UTF8_BOM) or data.isascii():
        return data
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    return UTF8_BOM + data


def _srcset_urls(value):
    for item in value.split(","):
        bits = item.strip().split(None, 1)
        if bits:
            yield bits[0]


def type_of(name):
    import mimetypes

    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _public_document(path):
    """True when the document at /documents/<id>/<name> exists and no restriction applies."""
    from wagtail.documents import get_document_model

    from hub.models.document_access import is_public

    bits = path.split("/")
    if len(bits) < 4 or not bits[2].isdigit():
        return False
    document = get_document_model().objects.filter(pk=int(bits[2])).first()
    return is_public(document)


def _asks_for_password(response):
    body = response.content[:200_000]
    return b'name="password"' in body and b"<form" in body
