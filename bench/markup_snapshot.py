"""Markup snapshot: the rendered responses of the demo site, written to a folder and compared.

    .venv/bin/python bench/markup_snapshot.py snapshot var/markup-before
    .venv/bin/python bench/markup_snapshot.py snapshot var/markup-after
    .venv/bin/python bench/markup_snapshot.py compare var/markup-before var/markup-after
    .venv/bin/python bench/markup_snapshot.py snapshot --root ../other-checkout var/markup-other

It proves that a refactor changes nothing people or machines receive. ``snapshot`` builds a
throwaway demo database (SQLite in a temporary folder, ``migrate`` then ``load_demo``, then
``update_index``) and renders, through Django's test client, every live page in both languages,
the library and the kind indexes with filters, sorts and pages, searches with results, without
results, with filters and with a misspelling, the feeds and calendars, the sitemap, the API,
robots.txt, the root redirect, error pages, documents (their headers, and a digest of their
bytes), and the admin's edit form of a page of each kind (as a superuser). Each response is one
file holding its status, the headers that carry meaning, and its body. ``compare`` diffs two
such folders and exits non-zero on any difference (a missing or extra URL counts).
``--root`` renders another checkout of the project (e.g. a ``git worktree`` of main) with this
script, so a "before" needs no copy of the script in the old commit.

The French interface strings come from the checkout's ``locale/`` catalogue, compiled into the
temporary folder (the checkout is never written to).

What makes two runs of the same code byte-identical:

- the clock is fixed (``django.utils.timezone.now`` returns one instant, 2026-06-01 09:00 UTC,
  during the load and the rendering), so the demo's upcoming workshops, "published on" dates,
  feeds' dates and the admin's "x minutes ago" do not move with the day the snapshot is taken;
- the database, media and search index are new for each run, so ids and file names repeat;
- ``uuid.uuid4`` draws from a seeded generator (StreamField block ids, translation keys);
- the ``random`` module is seeded with the URL before each request (the admin's rich-text
  editors draw their block keys from it);
- a file name already taken in the media folder gets a suffix counted per name instead of
  Django's random one (image renditions share their original's name);
- the script runs itself again under ``PYTHONHASHSEED=0``, so sets iterate in one order (the
  CSP header's directives, the calendars' time zones come from sets).

What is masked, because it is genuinely different on every request and nothing else:
CSRF tokens (the ``csrfmiddlewaretoken`` field, the ``csrftoken`` cookie and any token-shaped
``csrf`` value in markup), CSP nonces (``nonce="..."`` in markup and ``'nonce-...'`` in the
``Content-Security-Policy`` header), and the ``Date``/``Expires`` headers and ``Set-Cookie``'s
expiry (the wall clock, which the fixed Django clock does not reach). Everything else is kept
byte for byte.
"""

import argparse
import contextlib
import datetime
import difflib
import hashlib
import io
import json
import os
import random
import re
import shutil
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
FIXED_NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)

# Headers written to the snapshot (the others are the server's, not the page's).
HEADERS = [
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Location",
    "Cache-Control",
    "Vary",
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy",
    "Permissions-Policy",
    "X-Robots-Tag",
    "Link",
    "Allow",
]

MASKS = [
    (re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+'), rb"\1<csrf>"),
    (re.compile(rb'(value=")[^"]+(" name="csrfmiddlewaretoken")'), rb"\1<csrf>\2"),
    (re.compile(rb'("csrfToken":\s*")[^"]+'), rb"\1<csrf>"),
    (re.compile(rb"(csrf[-_]?token['\"]?\s*[:=]\s*['\"])[A-Za-z0-9]{32,64}", re.I), rb"\1<csrf>"),
    (re.compile(rb'(\bnonce=")[^"]+'), rb"\1<nonce>"),
    (re.compile(rb"('nonce-)[^']+"), rb"\1<nonce>"),
]
HEADER_MASKS = [
    (re.compile(r"'nonce-[^']+'"), "'nonce-<nonce>'"),
    (re.compile(r"(csrftoken=)[^;]+"), r"\1<csrf>"),
    (re.compile(r"expires=[^;]+", re.I), "expires=<now>"),
]


def mask(body):
    for pattern, replacement in MASKS:
        body = pattern.sub(replacement, body)
    return body


# Set-up --------------------------------------------------------------------------------------

_ALTERNATIVES = {}


def _alternative_name(self, file_root, file_ext):
    """Storage's "name taken" suffix, counted per name instead of random (renditions)."""
    key = file_root + file_ext
    _ALTERNATIVES[key] = _ALTERNATIVES.get(key, 0) + 1
    digest = hashlib.sha256(f"{key}:{_ALTERNATIVES[key]}".encode()).hexdigest()[:7]
    return f"{file_root}_{digest}{file_ext}"


def compile_catalogue(root, workdir):
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    target = workdir / "locale"
    for po in sorted((root / "locale").glob("*/LC_MESSAGES/*.po")):
        mo = target / po.relative_to(root / "locale").with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as source, mo.open("wb") as out:
            write_mo(out, read_po(source))
    return target


def setup(root, workdir):
    """Django on a fresh SQLite demo in ``workdir``, with the clock fixed at FIXED_NOW."""
    sys.path.insert(0, str(root))
    os.chdir(root)
    os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/snapshot.sqlite3"
    os.environ["HUB_VAR_DIR"] = str(workdir)
    os.environ["TASKS_BACKEND"] = "immediate"
    os.environ.pop("SEARCH_BACKEND", None)
    from django.utils import timezone

    timezone.now = lambda: FIXED_NOW
    seeded = random.Random(20)  # noqa: S311 (ids for a throwaway database, not secrets)
    uuid.uuid4 = lambda: uuid.UUID(int=seeded.getrandbits(128), version=4)
    from django.core.files.storage import Storage

    Storage.get_alternative_name = _alternative_name
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.PAGE_CACHE_SECONDS = 0
    # The French interface from the checkout's catalogue, compiled here (the checkout's own
    # .mo may be missing or stale, and the checkout is not written to).
    override_settings(LOCALE_PATHS=[compile_catalogue(root, workdir)]).enable()
    with contextlib.redirect_stdout(io.StringIO()):
        call_command("migrate", "--noinput", verbosity=0)
        call_command("load_demo", "--no-admin", verbosity=0)
        call_command("update_index", verbosity=0)


# The URLs ------------------------------------------------------------------------------------


def page_urls():
    """Every live page's address in English and in French, in tree order."""
    from django.utils import translation
    from wagtail.models import Page

    urls = []
    for page in Page.objects.live().filter(depth__gt=1).order_by("path").specific():
        for lang in ("en", "fr"):
            with translation.override(lang):
                url = page.get_url()
            if url and url not in urls:
                urls.append(url)
    return urls


def listing_urls():
    """The library and each kind index with filters, sorts and pages, in both languages."""
    from django.utils import translation
    from wagtail.models import Page

    from hub.models import Partner, Theme

    theme = Theme.objects.order_by("slug").first()
    partner = Partner.objects.order_by("slug").first()
    queries = [
        "",
        "?kind=toolkit",
        "?kind=case_study&kind=publication",
        f"?theme={theme.slug}" if theme else "?theme=none",
        f"?partner={partner.slug}" if partner else "?partner=none",
        "?kind=toolkit&theme=food-insecurity",
        "?q=food",
        "?sort=title",
        "?sort=newest",
        "?page=2",
        "?page=999",
        "?language=fr",
        "?year=2022",
        "?country=FR&language=en",
        "?theme=no-such-theme",
    ]
    urls = []
    for model_name in ("librarypage",):
        for page in Page.objects.live().filter(content_type__model=model_name).specific():
            for lang in ("en", "fr"):
                with translation.override(lang):
                    base = page.get_url()
                urls += [base + q for q in queries]
                urls += [base + "feed/", base + "feed/?kind=toolkit"]
    for page in Page.objects.live().filter(content_type__model__endswith="indexpage").specific():
        for lang in ("en", "fr"):
            with translation.override(lang):
                base = page.get_url()
            urls += [base + "?page=2", base + "feed/"]
    return urls


def search_urls():
    searches = [
        "",
        "?q=food",
        "?q=alimentaire",
        "?q=food&kind=toolkit",
        "?q=workshop",
        "?q=digital+inclusion",
        "?q=%22town+centre%22",
        "?q=fod",
        "?q=apprentisage",
        "?q=zzzzqqq",
        "?q=food&page=2",
        "?q=" + quote("précarité"),
        "?q=" + "x" * 300,
    ]
    return [f"/{lang}/search/{q}" for lang in ("en", "fr") for q in searches]


def machine_urls():
    from wagtail.documents import get_document_model
    from wagtail.models import Page

    urls = [
        "/",
        "/robots.txt",
        "/sitemap.xml",
        "/favicon.ico",
        "/en/no-such-page/",
        "/fr/pas-de-page/",
        "/en/workshop/calendar.ics",
        "/fr/workshop/calendar.ics",
        "/en/workshop/resend-link/",
        "/fr/workshop/resend-link/",
        "/api/v2/pages/",
        "/api/v2/pages/?type=toolkits.ToolkitPage&fields=*",
        "/api/v2/pages/?locale=fr",
        "/api/v2/pages/?search=food",
        "/api/v2/images/",
        "/api/v2/documents/",
    ]
    for page in Page.objects.live().filter(depth__gt=1).order_by("path")[:200]:
        urls.append(f"/api/v2/pages/{page.pk}/")
    from workshops.models import WorkshopPage

    for workshop in WorkshopPage.objects.live().order_by("path"):
        urls.append(f"/en/workshop/{workshop.pk}/event.ics")
    for document in get_document_model().objects.order_by("pk"):
        urls.append(document.url)
    return urls


def admin_urls():
    """The edit form of the first page of each kind: its panels, in order."""
    from wagtail.models import Page

    urls, seen = [], set()
    for page in Page.objects.filter(depth__gt=1).order_by("path"):
        if page.content_type_id in seen:
            continue
        seen.add(page.content_type_id)
        urls.append(f"/admin/pages/{page.pk}/edit/")
    return urls


# Snapshot and compare ------------------------------------------------------------------------


def file_name(url):
    readable = re.sub(r"[^A-Za-z0-9]+", "_", url).strip("_")[:80] or "root"
    return f"{readable}-{hashlib.sha256(url.encode()).hexdigest()[:8]}.txt"


def render(client, url):
    random.seed(url)  # Draftail's block keys in the admin's forms come from ``random``
    response = client.get(url)
    lines = [f"GET {url}", f"status {response.status_code}"]
    for header in HEADERS:
        if header in response.headers:
            value = response.headers[header]
            for pattern, replacement in HEADER_MASKS:
                value = pattern.sub(replacement, value)
            lines.append(f"{header}: {value}")
    for _name, morsel in sorted(response.cookies.items()):
        value = morsel.OutputString()
        for pattern, replacement in HEADER_MASKS:
            value = pattern.sub(replacement, value)
        lines.append(f"Set-Cookie: {value}")
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    content_type = response.headers.get("Content-Type", "")
    textual = any(t in content_type for t in ("text/", "json", "xml", "calendar", "javascript"))
    if textual:
        body = mask(body)
    else:
        body = f"<{len(body)} bytes, sha256 {hashlib.sha256(body).hexdigest()}>\n".encode()
    return ("\n".join(lines) + "\n\n").encode() + body


def snapshot(root, out):
    workdir = Path(tempfile.mkdtemp(prefix="hub-markup-"))
    try:
        setup(root, workdir)
        from django.contrib.auth import get_user_model
        from django.test import Client

        public = [*page_urls(), *listing_urls(), *search_urls(), *machine_urls()]
        admin = admin_urls()
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("*.txt"):
            old.unlink()
        index = []
        anonymous = Client()
        for url in dict.fromkeys(public):
            name = file_name(url)
            (out / name).write_bytes(render(anonymous, url))
            index.append((url, name))
        editor = Client()
        user = get_user_model().objects.create_superuser("snapshot", "snapshot@example.org", "x")
        editor.force_login(user)
        for url in admin:
            name = "admin-" + file_name(url)
            (out / name).write_bytes(render(editor, url))
            index.append(("admin " + url, name))
        (out / "index.json").write_text(json.dumps(index, indent=1) + "\n")
        print(f"{len(index)} responses written to {out}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def compare(before, after):
    names = {p.name for p in before.glob("*") if p.is_file()}
    names |= {p.name for p in after.glob("*") if p.is_file()}
    differing = 0
    for name in sorted(names):
        a, b = before / name, after / name
        if not a.exists() or not b.exists():
            print(f"only in {'after' if b.exists() else 'before'}: {name}")
            differing += 1
            continue
        old, new = a.read_bytes(), b.read_bytes()
        if old == new:
            continue
        differing += 1
        diff = difflib.unified_diff(
            old.decode("utf-8", "replace").splitlines(),
            new.decode("utf-8", "replace").splitlines(),
            str(a),
            str(b),
            lineterm="",
            n=1,
        )
        print("\n".join(list(diff)[:60]))
    total = len(names)
    print(f"{total} files compared, {differing} differ")
    return 1 if differing else 0


def main():
    if os.environ.get("PYTHONHASHSEED") != "0":
        # Sets iterate in an order fixed by the hash seed (the CSP header's directives, the
        # calendars' time zones): one seed for every run, or the same code differs from itself.
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, *sys.argv])  # noqa: S606 (this script again)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot", help="render the demo site into a folder")
    snap.add_argument("out", type=Path)
    snap.add_argument("--root", type=Path, default=HERE.parent, help="the checkout to render")
    comp = sub.add_parser("compare", help="diff two snapshot folders (exit 1 on a difference)")
    comp.add_argument("before", type=Path)
    comp.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "snapshot":
        snapshot(args.root.resolve(), args.out.resolve())
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
