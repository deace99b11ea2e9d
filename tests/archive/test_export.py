"""manage.py export_archive: what the static edition holds, what it never holds, and how it is
written again.

A small site (home, library, a few resources with a public and a restricted document, a page
under a password) is exported into a temporary folder. The edition must: answer every public
page in both languages at its usual address, the root's language choice, 404 pages, sitemap,
feeds, robots.txt and a Pagefind index per language; resolve every internal link inside itself
(archive.linkcheck) and load nothing from another host; never hold a restricted page's or
document's text, in its files or in its search index; be rewritten incrementally (unchanged
files keep their inode) and byte-identically; survive an interrupted export; and package as a
valid WACZ and a valid BagIt bag.
"""

import datetime
import gzip
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.images.tests.utils import get_test_image_file

from archive import linkcheck, packaging, state, store
from archive.addresses import target
from archive.edition import export
from tests.partners.factories import ImageFactory

from .conftest import OPEN_WORD, SECRET_DOC, SECRET_PAGE


def all_bytes(folder):
    """Every file of the edition as bytes, gzip-compressed ones (Pagefind's) decompressed."""
    for path in Path(folder).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            yield path, data


def test_the_addresses_of_the_edition():
    langs = ["en", "fr"]
    assert target("/en/library/", "", langs).out == "en/library/index.html"
    assert target("/en/library/", "theme=food&page=2", langs).out == (
        "en/library/theme/food/page/2/index.html"
    )
    assert target("/en/toolkits/", "page=3", langs).out == "en/toolkits/page/3/index.html"
    assert target("/en/library/", "theme=food&partner=kent", langs) is None  # combined: live only
    assert target("/en/library/", "sort=title", langs) is None
    assert target("/en/library/feed/", "", langs).out == "en/library/feed.xml"
    assert target("/fr/search/", "q=x", langs).out == "fr/search/index.html"
    assert target("/en/workshop/manage/abc/", "", langs) is None
    assert target("/en/workshop/7/event.ics", "", langs).out == "en/workshop/7/event.ics"
    assert target("/admin/", "", langs) is None
    assert target("/data/resources.csv", "", langs).out == "data/resources.csv"
    assert target("/media/documents/x.pdf", "", langs) is None  # only through their view
    assert target("/media/original_images/a.png", "", langs).out == "media/original_images/a.png"
    assert target("/documents/3/page.html", "", langs).out == "documents/3/page.html.txt"


def test_the_day_in_a_banner():
    """A page's day, in its language, on one line (no-break spaces), the French 1st as 1er."""
    mark = state.DAY_HTML.encode()
    first = datetime.date(2026, 3, 1)
    assert state.fill(mark, first, "fr").decode() == (
        '<time class="archive-banner__day" datetime="2026-03-01">1er\u00a0mars\u00a02026</time>'
    )
    assert state.fill(mark, first, "en").decode().endswith(">1\u00a0March\u00a02026</time>")
    assert state.fill(b"DTSTAMP:" + state.DAY_STAMP.encode(), first) == b"DTSTAMP:20260301T000000Z"


def test_the_root_page_dates_the_edition_in_both_languages(site):
    """As the banners do: the French first of the month as "1er", each date on one line."""
    edition = state.Edition(made_on=datetime.date(2026, 12, 1))
    html = render_to_string("archive/root.html", {"archive": edition})
    assert "made on 1\u00a0December\u00a02026." in html
    assert "faite le 1er\u00a0décembre\u00a02026." in html


def test_export_of_the_public_hub(site, tmp_path, client):
    dest = tmp_path / "edition"
    result = export(
        dest,
        base_url="https://archive.example.org/ccare",
        live_url="",
        check=True,
        wacz=tmp_path / "edition.wacz",
        bag=tmp_path / "bag",
    )
    files = {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()}

    # Every public page in both languages, at its usual address.
    for lang, slug in (("en", "town-budget"), ("fr", "budget-de-la-ville")):
        assert any(f.startswith(f"{lang}/") and f.endswith(f"/{slug}/index.html") for f in files)
    for name in (
        "index.html",
        "404.html",
        "en/404.html",
        "fr/404.html",
        "robots.txt",
        "sitemap.xml",
        "en/library/feed.xml",
        "en/search/index.html",
        "fr/search/index.html",
        "en/library/page/2/index.html",
        "README.en.txt",
        "README.fr.txt",
        "SHA256SUMS",
        "pagefind/pagefind.js",
    ):
        assert name in files, name
    assert any(f.startswith("en/library/kind/toolkit/") for f in files)
    assert any(f.startswith("en/library/year/") for f in files)
    assert any(f.endswith("open-report.txt") and f.startswith("documents/") for f in files)

    # Never anything restricted: not the page, not the document, not their words anywhere.
    assert not any("members" in f for f in files), [f for f in files if "members" in f]
    for path, data in all_bytes(dest):
        assert SECRET_DOC.encode() not in data, path
        assert SECRET_PAGE.encode() not in data, path
    assert any(OPEN_WORD.encode() in data for path, data in all_bytes(dest / "pagefind"))
    # The live hub's own address is nowhere: not in a page, not in a feed, not in the open data
    # (the RDF/XML catalogue once kept it).
    assert "data/catalogue.rdf" in files
    for path, data in all_bytes(dest):
        assert b"http://testserver" not in data, path

    # Links: all inside the edition, nothing loaded from elsewhere, no inline script.
    report = result.links
    assert report.ok, (report.broken[:5], report.foreign_loads[:5], report.inline_scripts[:5])
    assert report.pages > 20
    # Only what the content links to (the resources' licence); the live hub is gone (no banner).
    assert report.outbound <= {"https://creativecommons.org/licenses/by/4.0/"}, report.outbound
    page = (dest / "en/publications/town-budget/index.html").read_text()
    # The name on one line (a phone broke it after its hyphen).
    assert (
        'Archived edition of the <span class="archive-nowrap">C-CARE</span> legacy hub. This '
        "page was archived on" in page
    )
    assert 'href="../../library/"' in page  # relative: works in a sub-folder
    assert "http://testserver" not in page
    assert "https://archive.example.org/ccare/en/publications/town-budget/" in page  # JSON-LD
    sitemap = (dest / "sitemap.xml").read_text()
    assert "https://archive.example.org/ccare/en/publications/town-budget/" in sitemap
    assert "members" not in sitemap
    library = (dest / "en/library/index.html").read_text()
    assert "Combining filters needs the live hub" in library
    assert '<form method="get" action="' not in library.split("site-search")[-1]
    four = (dest / "404.html").read_text()
    assert 'href="/ccare/en/library/"' in four or 'href="/ccare/en/"' in four

    # Packages.
    ok, output = packaging.validate_wacz(result.wacz)
    assert ok, output
    bag = packaging.validate_bag(result.bag)
    assert bag.info["External-Identifier"] == "https://archive.example.org/ccare/"
    assert (result.bag / "data" / "README.fr.txt").read_text("utf-8-sig").startswith("Centre")
    entries = json.loads((dest / "pagefind" / "pagefind-entry.json").read_text())
    assert set(entries["languages"]) >= {"en", "fr"}

    # The live site is not changed by the export (no archive banner leaks into it).
    assert b"archive-banner" not in client.get("/en/library/").content


DAY_ONE, DAY_TWO, DAY_THREE = (datetime.date(2026, 3, day) for day in (2, 9, 16))
# What carries the edition's own date, the day of the export (the per-page day is in each
# page's banner, archive.state): new whenever the day is.
EDITION_FILES = {"index.html", "README.en.txt", "README.fr.txt"}
NEW_TITLE = "Town budget, revised"


def on_day(monkeypatch, day):
    """A frozen clock: every ``timezone.now()`` is ``day`` at 10:30 UTC."""
    moment = datetime.datetime.combine(day, datetime.time(10, 30), tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def files_of(folder):
    """{edition path: (inode, bytes)}: same inode and bytes means not rewritten."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.read_bytes())
        for p in Path(folder).rglob("*")
        if p.is_file()
    }


def readable(name, data):
    """The text of a file of the edition, a workbook's sheets and properties included."""
    if name.endswith(".xlsx"):
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return b"".join(book.read(member) for member in book.namelist())
    return data


def test_export_again_rewrites_only_what_changed(site, tmp_path, monkeypatch):
    dest = tmp_path / "edition"
    on_day(monkeypatch, DAY_ONE)
    first = export(dest, live_url="")
    assert first.written == first.files - len(store.LISTS) and first.kept == 0
    before = files_of(dest)
    assert any(name.startswith("data/") for name in before)  # the open data is in it

    # The same day, the same content: not one file written, every inode kept.
    same_day = export(dest, live_url="")
    assert same_day.changed == [], same_day.changed
    assert files_of(dest) == before

    # A week later, the same content: only what carries the edition's own date is new (and
    # the checksums of those files). Every page keeps its file and the day in its banner; the
    # open data and the calendars carry the content's dates, not the clock's.
    on_day(monkeypatch, DAY_TWO)
    later = export(dest, live_url="")
    assert sorted(later.changed) == sorted(EDITION_FILES), later.changed
    now = files_of(dest)
    unchanged = set(before) - EDITION_FILES - set(store.LISTS)
    assert {name: now[name] for name in unchanged} == {name: before[name] for name in unchanged}
    assert now[store.DATES] == before[store.DATES]  # every page's day, kept
    page = dest / "en/publications/town-budget/index.html"
    french = dest / "fr/publications/budget-de-la-ville/index.html"
    assert "This page was archived on <time" in page.read_text()
    assert 'datetime="2026-03-02">2\u00a0March\u00a02026</time>' in page.read_text()
    assert 'datetime="2026-03-02">2\u00a0mars\u00a02026</time>' in french.read_text()
    assert "9\u00a0March\u00a02026" in (dest / "index.html").read_text()
    assert "(2026-03-09)" in (dest / "README.en.txt").read_text("utf-8-sig")
    assert "2026-03-02  en/publications/town-budget/index.html" in (dest / store.DATES).read_text()

    # One page changed: only the files that show it are written (listed in the failure
    # message), each of them holding the new title or the page's new publication date.
    on_day(monkeypatch, DAY_THREE)
    site.title_en = site.title = NEW_TITLE
    site.save_revision().publish()
    third = export(dest, live_url="")
    now = files_of(dest)
    rewritten = sorted(set(third.changed) - EDITION_FILES)
    assert 0 < len(rewritten) < third.files / 4, rewritten
    depends = [
        name
        for name in rewritten
        if NEW_TITLE.encode() in readable(name, now[name][1])
        or b"2026-03-16" in readable(name, now[name][1])
        or name.startswith("pagefind/")  # the search index holds every page's words
    ]
    assert depends == rewritten, (
        f"rewritten without showing the change: {set(rewritten) - set(depends)}"
    )
    assert page.relative_to(dest).as_posix() in rewritten
    assert 'datetime="2026-03-16">16\u00a0March\u00a02026</time>' in page.read_text()
    print("one page changed, written:", *third.changed, sep="\n  ")  # noqa: T201 (shown with -s)
    # Pagefind names its chunks by their content: the old chunks go, and only those.
    gone = set(before) - set(now)
    assert all(name.startswith("pagefind/") for name in gone), gone
    untouched = [name for name in unchanged if name not in rewritten and name not in gone]
    assert {name: now[name] for name in untouched} == {name: before[name] for name in untouched}
    toolkit = next(
        name for name in untouched if name.startswith("en/toolkits/") and name.count("/") == 3
    )
    assert 'datetime="2026-03-02"' in (dest / toolkit).read_text()

    # An export that dies half-way leaves the previous edition whole and served.
    def boom(*args, **kwargs):
        raise RuntimeError("killed")

    monkeypatch.setattr(store, "_swap", boom)
    with pytest.raises(RuntimeError):
        export(dest, live_url="")
    assert NEW_TITLE in page.read_text()
    assert linkcheck.check(dest).ok


def test_only_the_images_pages_show_come_in(site, tmp_path):
    """Renditions a page shows (and its link-preview picture) are exported; an image no page
    shows is not, nor any original file no page links to."""
    shown = ImageFactory(title="Shown", file=get_test_image_file(filename="shownpicture.png"))
    ImageFactory(title="Never shown", file=get_test_image_file(filename="unusedpicture.png"))
    site.image = shown
    site.image_alt_en, site.image_alt_fr = "A bench in a park", "Un banc dans un parc"
    site.save_revision().publish()
    dest = tmp_path / "edition"
    result = export(dest, live_url="", check=True)
    assert result.links.ok, result.links.broken[:5]
    media = sorted(
        p.relative_to(dest).as_posix() for p in (dest / "media").rglob("*") if p.is_file()
    )
    assert any(name.startswith("media/images/shownpicture") for name in media), media
    assert not any("unusedpicture" in name for name in media), media
    assert not any(name.startswith("media/original_images/") for name in media), media
    # The link-preview picture is there, at the address the page gives.
    page = (dest / "en/publications/town-budget/index.html").read_text()
    share = re.search(r'<meta property="og:image" content="[^"]*/(media/images/[^"]+)"', page)
    assert share and (dest / share.group(1)).is_file(), share


def test_the_command_refuses_a_folder_that_is_not_an_edition(site, tmp_path):
    (tmp_path / "precious.txt").write_text("mine")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no archive edition"):
        call_command("export_archive", str(tmp_path), verbosity=0)
    assert (tmp_path / "precious.txt").read_text() == "mine"
