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

import gzip
import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from archive import linkcheck, packaging, store
from archive.addresses import target
from archive.edition import export
from hub.demo import load_library
from hub.models import HubDocument, ResourceDocument, StandardPage
from tests.library.factories import PublicationFactory, ToolkitFactory

SECRET_DOC = "zorblattconfidential"
SECRET_PAGE = "quibbleprivatissime"
OPEN_WORD = "parkbenches"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def site(home, on_commit):
    load_library(home)
    members = Collection.get_first_root_node().add_child(name="Members only")
    with on_commit():
        page = PublicationFactory(
            home=home,
            title_en="Town budget",
            title_fr="Budget de la ville",
            slug_en="town-budget",
            slug_fr="budget-de-la-ville",
            summary_fr="Comment la ville dépense : précarité énergétique.",
        )
        for name, text, collection in (
            ("open-report.txt", f"An open report about {OPEN_WORD}.", None),
            ("members-budget.txt", f"The {SECRET_DOC} figures of the members.", members),
        ):
            document = HubDocument.objects.create(
                title=name, file=ContentFile(text.encode(), name=name), language="en"
            )
            if collection:
                document.collection = collection
                document.save()
            ResourceDocument.objects.create(page=page, document=document)
        page.save_revision().publish()
        for _n in range(14):  # more than one page of the library (12 a page)
            ToolkitFactory(home=home)
    with on_commit():
        CollectionViewRestriction.objects.create(
            collection=members, restriction_type=CollectionViewRestriction.LOGIN
        )
    secret = StandardPage(
        title="Members' corner",
        title_en="Members' corner",
        title_fr="Coin des membres",
        slug="members",
        slug_en="members",
        slug_fr="membres",
        body_en=[("paragraph", f"<p>{SECRET_PAGE}</p>")],
    )
    home.add_child(instance=secret)
    secret.save_revision().publish()
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    return page


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
    assert target("/documents/3/page.html", "", langs).out == "documents/3/page.html.txt"


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

    # Links: all inside the edition, nothing loaded from elsewhere, no inline script.
    report = result.links
    assert report.ok, (report.broken[:5], report.foreign_loads[:5], report.inline_scripts[:5])
    assert report.pages > 20
    # Only what the content links to (the resources' licence); the live hub is gone (no banner).
    assert report.outbound <= {"https://creativecommons.org/licenses/by/4.0/"}, report.outbound
    page = (dest / "en/publications/town-budget/index.html").read_text()
    assert "Archived edition of the C-CARE legacy hub, made on" in page
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


def test_export_again_rewrites_only_what_changed(site, tmp_path, monkeypatch):
    dest = tmp_path / "edition"
    first = export(dest, live_url="")
    assert first.written == first.files - 1 and first.kept == 0
    before = {p: p.stat().st_ino for p in dest.rglob("*") if p.is_file()}
    snapshot = {p.relative_to(dest): p.read_bytes() for p in before}

    again = export(dest, live_url="")
    # The open data downloads (programmes/) say when they were generated: new on every export.
    changed = [name for name in again.changed if not name.startswith("data/")]
    assert changed == [], f"an unchanged hub gives the same files: {changed}"
    now = {p.relative_to(dest): p.read_bytes() for p in dest.rglob("*") if p.is_file()}
    same = {p for p in now if p.parts[0] not in ("data", "SHA256SUMS")}
    assert {p: now[p] for p in same} == {p: snapshot[p] for p in same}
    assert all(p.stat().st_ino == ino for p, ino in before.items() if p.relative_to(dest) in same)

    site.title_en = site.title = "Town budget, revised"
    site.save_revision().publish()
    third = export(dest, live_url="")
    assert 0 < third.written < third.files / 4
    page = dest / "en/publications/town-budget/index.html"
    assert "Town budget, revised" in page.read_text()
    untouched = dest / "static/css/hub.css"
    assert untouched.stat().st_ino == before[untouched]

    # An export that dies half-way leaves the previous edition whole and served.
    def boom(*args, **kwargs):
        raise RuntimeError("killed")

    monkeypatch.setattr(store, "_swap", boom)
    with pytest.raises(RuntimeError):
        export(dest, live_url="")
    assert "Town budget, revised" in page.read_text()
    assert linkcheck.check(dest).ok


def test_the_command_refuses_a_folder_that_is_not_an_edition(site, tmp_path):
    (tmp_path / "precious.txt").write_text("mine")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no archive edition"):
        call_command("export_archive", str(tmp_path), verbosity=0)
    assert (tmp_path / "precious.txt").read_text() == "mine"
