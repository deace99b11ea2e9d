"""Which live address becomes which file of the archive edition, and which has no place in it.

A static host serves files, so every address the live hub answers with code becomes a file at
the same path (``/en/toolkits/x/`` is ``en/toolkits/x/index.html``) or is left out:

* a listing's page or single filter (``/en/library/?theme=food&page=2``) is pre-rendered at a
  path of its own (``en/library/theme/food/page/2/index.html``); the combined filters, the
  sort and the other facets need the live hub and are left out;
* a listing's Atom feed (``…/feed/``) is ``…/feed.xml`` (a static host picks the type from the
  name; it cannot serve XML at a folder's address);
* the search page becomes the offline search page, whatever its query;
* the admin, the API, health checks, private links, registration and "resend my link" are left
  out, and so are the documents of restricted collections (the exporter checks each one).
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

# The facets the archive pre-renders, one value at a time ("programme" where that app exists).
ARCHIVED_FACETS = ("kind", "theme", "partner", "year", "programme")
LIVE_ONLY_PREFIXES = ("/admin/", "/api/", "/healthz", "/readyz", "/favicon.ico")
VALUE = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
WORKSHOP_FILES = re.compile(r"^(calendar\.ics|\d+/event\.ics)$")
MAX_PAGE = 100_000
ACTIVE_TYPES = {"html", "htm", "xhtml", "shtml", "svg", "svgz", "xml", "xsl", "js", "mjs"}


@dataclass(frozen=True)
class Target:
    """What to fetch for an address (``fetch``: the live path and query, or a file's name in its
    storage) and where it goes in the edition (``out``: a path without a leading slash)."""

    kind: str  # "page", "listing", "feed", "file", "document", "static", "media", "root", "search"
    fetch: str
    out: str


def _page_out(path):
    return path.lstrip("/") + "index.html" if path.endswith("/") else path.lstrip("/")


def target(path, query, languages, static_url="/static/", media_url="/media/"):
    """The Target of the live address ``path?query`` (path decoded), or None when the archive
    has no place for it."""
    if path.startswith(LIVE_ONLY_PREFIXES) or "/../" in path or "\x00" in path:
        return None
    if path == "/":
        return Target("root", "/", "index.html")
    if path.startswith("/data/") and not query and re.fullmatch(r"/data/[\w.-]+\.\w{2,6}", path):
        # The open data (programmes/): the downloads and the DCAT-AP catalogue, as files.
        return Target("file", path, path.lstrip("/"))
    if path in ("/robots.txt", "/sitemap.xml"):
        return Target("file", path, path.lstrip("/"))
    if path.startswith(static_url):
        return Target("static", path[len(static_url) :], path.lstrip("/"))
    if path.startswith(media_url):
        name = path[len(media_url) :]
        # Documents are never taken from the media folder: only through their view, which
        # checks the collection's restrictions.
        if name.startswith(("images/", "original_images/")):
            return Target("media", name, path.lstrip("/"))
        return None
    if path.startswith("/documents/"):
        if path.count("/") < 3:
            return None
        out = path.lstrip("/")
        # The live hub sends every document as a sandboxed attachment; a static host would show
        # an HTML or SVG file as a page of the edition's own origin, scripts and all. Such files
        # keep their name with ".txt" added, so they are shown as text, never run.
        if out.rsplit(".", 1)[-1].lower() in ACTIVE_TYPES:
            out += ".txt"
        return Target("document", path, out)
    parts = path.split("/", 2)
    if len(parts) < 3 or parts[1] not in languages:
        return None
    lang, rest = parts[1], parts[2]
    if rest.startswith("search/"):
        return Target("search", f"/{lang}/search/", f"{lang}/search/index.html")
    if rest.startswith("workshop/"):
        name = rest[len("workshop/") :]
        if not query and WORKSHOP_FILES.match(name):
            return Target("file", path, path.lstrip("/"))
        return None
    if not path.endswith("/") and not re.search(r"\.[a-z0-9]{2,5}$", path):
        return None
    if path.endswith("/feed/"):
        if query:
            return None
        return Target("feed", path, path[1 : -len("feed/")] + "feed.xml")
    if not query:
        return Target("page", path, _page_out(path))
    return _listing(path, query)


def _listing(path, query):
    """``/en/library/?theme=x&page=2`` as ``en/library/theme/x/page/2/index.html``, or None."""
    pairs = parse_qsl(query, keep_blank_values=True)
    names = [name for name, _value in pairs]
    if len(names) != len(set(names)):
        return None
    params = dict(pairs)
    page = params.pop("page", "1")
    if not page.isdigit() or not 1 <= int(page) <= MAX_PAGE:
        return None
    if len(params) > 1:
        return None
    out = path
    fetch = []
    if params:
        ((name, value),) = params.items()
        if name not in ARCHIVED_FACETS or not VALUE.match(value):
            return None
        out += f"{name}/{value}/"
        fetch.append(f"{name}={value}")
    if int(page) > 1:
        out += f"page/{int(page)}/"
        fetch.append(f"page={int(page)}")
    if not fetch:
        return Target("page", path, _page_out(path))
    return Target("listing", path + "?" + "&".join(fetch), _page_out(out))
