"""The archive edition as a visitor meets it: exported from the demo plus the shared legacy
sample, served by a plain static file server (``python -m http.server`` on 127.0.0.1), driven
in Chromium at 390 and 1280 px with every request that leaves 127.0.0.1 refused.

A copy of the browser suite's demo database is exported (the live site is left as it was), with
the shared sample imported into the copy. The journeys: the language choice at /, the menu,
the library's pre-rendered listings, a resource, one of its documents, the offline search in
French ("Soliguide", found in a document's text only; "precarite" without its accents) and in
English ("apprenticeships"), opening the results; axe-core on the archived pages; screenshots in
test-artifacts/screens/archive-*.png.
"""

import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest

from tests.missing import missing

from .conftest import ARTIFACTS, ROOT, VIEWPORTS, format_violations, open_context

SAMPLE = ROOT.parent / "shared" / "corpus" / "legacy" / "manifest.csv"
SCREENS = ARTIFACTS / "screens"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def edition(live_site, tmp_path_factory):
    """The exported demo (plus the shared sample), served on 127.0.0.1 by http.server."""
    database = live_site.env["DATABASE_URL"]
    if not database.startswith("sqlite:"):
        pytest.skip("the browser journeys run on SQLite (README); this one copies its database")
    if not SAMPLE.exists():
        missing(f"the shared legacy sample is not beside the project ({SAMPLE} is missing)")
    tmp = tmp_path_factory.mktemp("archive")
    source = sqlite3.connect(urlsplit(database).path)
    copy = sqlite3.connect(tmp / "db.sqlite3")
    with copy:
        source.backup(copy)
    source.close()
    copy.close()
    shutil.copytree(live_site.media_dir, tmp / "media")
    env = dict(
        live_site.env,
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        HUB_VAR_DIR=str(tmp),
        HUB_TEST_MEDIA_DIR=str(tmp / "media"),
        HUB_TEST_INDEX_DIR=str(tmp / "index"),
    )

    def manage(*args):
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        return done.stdout

    manage("import_legacy", str(SAMPLE), "--publish")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    folder = tmp / "edition"
    output = manage("export_archive", str(folder), "--no-live-url", "--check", "--base-url", url)
    assert "all inside the edition" in output, output
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=2):  # noqa: S310 - 127.0.0.1
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield SimpleNamespace(url=url, folder=folder)
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def archive_page(request, browser, edition):
    size = VIEWPORTS[request.param]
    ctx = open_context(browser, edition, size, request.param == "phone")
    page = ctx.new_page()
    page.requests_seen = ctx.requests_seen
    page.width = size["width"]
    yield page
    ctx.close()


def shot(page, name):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"archive-{name}-{page.width}.png"), full_page=True)


def axe_violations(page, axe_source):
    page.evaluate(axe_source)
    result = page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                        resultTypes: ['violations']})""",
        AXE_TAGS,
    )
    return result["violations"]


def assert_offline(page):
    foreign = [u for u in page.requests_seen if urlsplit(u).hostname not in ("127.0.0.1", None)]
    assert not foreign, f"requests left 127.0.0.1: {foreign[:5]}"


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def search(page, path, words):
    page.goto(path)
    page.fill("#search-page-q", words)
    page.click(".search-form button[type=submit]")
    page.wait_for_selector(".archive-search__results li a")
    # "Searching…" until the first results are shown, then their count (aria-busy meanwhile).
    page.wait_for_function(
        "!document.querySelector('.archive-search__results').hasAttribute('aria-busy')"
    )
    return page.locator(".archive-search__results li h3 a")


def test_offline_search_in_french_and_english(archive_page, axe_source):
    page = archive_page
    results = search(page, "/fr/search/", "Soliguide")
    searching = page.locator("[data-archive-search]").get_attribute("data-searching")
    assert searching == "Recherche en cours…"
    titles = results.all_inner_texts()
    assert any("Cantal" in title for title in titles), titles
    assert "soliguide" in page.locator(".archive-search__results mark").first.inner_text().lower()
    assert page.locator(".archive-search__status").inner_text().startswith(("1 ", "2 ", "3 "))
    assert not axe_violations(page, axe_source), format_violations(axe_violations(page, axe_source))
    assert no_sideways_scroll(page)
    shot(page, "search-fr")
    # The word is in a document's text: the document itself is a result, and opens.
    documents = page.locator(".archive-search__results li h3 a[href*='/documents/']")
    assert documents.count() >= 1
    pages = page.locator(".archive-search__results li h3 a:not([href*='/documents/'])")
    page_url = pages.first.get_attribute("href") if pages.count() else None
    documents.first.click()
    page.wait_for_load_state("load")
    assert "/documents/" in page.url
    assert "soliguide" in page.content().lower()
    assert "défavorisés" in page.content()  # UTF-8 read as UTF-8 (the exporter adds a BOM)
    if page_url:
        page.goto(page_url)
        assert page.locator("html").get_attribute("lang") == "fr"
        assert page.locator(".archive-banner").is_visible()

    # Accents do not matter: "precarite" finds "précarité".
    results = search(page, "/fr/search/?q=", "precarite")
    assert any("précarité" in t.lower() for t in results.all_inner_texts())

    results = search(page, "/en/search/", "apprenticeships")
    titles = results.all_inner_texts()
    assert any("Apprenticeships" in title for title in titles), titles
    shot(page, "search-en")
    # Fewer than 30 results: all of them at once, and no "More results".
    more = page.locator(".archive-search__more")
    total = int(page.locator(".archive-search__status").inner_text().split()[0])
    assert total < 30 and results.count() == total and not more.is_visible()
    # Past the first 30 results, "More results" shows the next ones and moves the focus there
    # ("the" is on far more than 30 English pages and documents of the demo and the sample).
    results = search(page, "/en/search/", "the")
    total = int(page.locator(".archive-search__status").inner_text().split()[0])
    assert total > 30, total
    assert results.count() == 30 and more.is_visible()
    more.click()
    page.wait_for_function("document.querySelectorAll('.archive-search__results li').length > 30")
    assert results.count() == min(total, 60)
    assert page.evaluate("document.activeElement.closest('li')") is not None
    assert (
        page.evaluate(
            "[...document.querySelectorAll('.archive-search__results li')].indexOf("
            "document.activeElement.closest('li'))"
        )
        == 30
    )
    shot(page, "search-en-more")
    results = search(page, "/en/search/", "apprenticeships")
    results.filter(has_text="Access to Apprenticeships").first.click()
    page.wait_for_load_state("load")
    assert "Apprenticeships" in page.locator("h1").inner_text()
    assert_offline(page)


def test_navigating_the_archive(archive_page, edition, axe_source):
    page = archive_page
    problems = []

    def look(name):
        page.wait_for_load_state("load")
        violations = axe_violations(page, axe_source)
        if violations:
            problems.append(f"{name} ({page.url}):\n{format_violations(violations)}")
        if not no_sideways_scroll(page):
            problems.append(f"{name} ({page.url}): scrolls sideways")
        shot(page, name)

    page.goto("/")
    look("root")
    page.get_by_role("link", name="Français").click()
    assert urlsplit(page.url).path == "/fr/"
    assert "Édition archivée" in page.locator(".archive-banner").inner_text()
    look("home-fr")
    page.get_by_role("link", name="English").first.click()
    assert urlsplit(page.url).path == "/en/"

    page.goto("/en/library/")
    assert "Combining filters needs the live hub" in page.locator(".archive-browse").text_content()
    look("library")
    # The archive's filter note is behind "Browse" on a phone, open beside the results on a desktop.
    if not page.locator(".archive-browse").is_visible():
        page.locator(".filters-panel__toggle").click()
    page.locator(".archive-browse a", has_text="Food insecurity").first.click()
    assert urlsplit(page.url).path == "/en/library/theme/food-insecurity/"
    assert page.locator(".chip").count() == 1
    look("library-theme")
    # One listing per programme too (the programmes app's facet), pre-rendered like the rest.
    assert list((edition.folder / "en" / "library" / "programme").glob("*/index.html"))
    if page.locator(".pagination a[rel=next]").count():
        page.locator(".pagination a[rel=next]").click()
        assert "/page/2/" in page.url

    page.goto("/en/library/page/2/")
    assert page.locator(".cards a").count() > 0
    page.locator(".cards a").first.click()
    look("resource")

    # A resource with documents: the document opens from the edition itself.
    # "Soliguide" is only in the document's text; the resource that carries it is found by name.
    page.goto("/fr/search/?q=Cantal")
    page.wait_for_selector(".archive-search__results li a")
    found = page.locator(".archive-search__results li h3 a:not([href*='/documents/'])")
    found.filter(has_text="Pacte des solidarités").first.click()
    page.wait_for_load_state("load")
    look("resource-fr")
    link = page.locator("main a[href*='documents/']").first
    href = link.get_attribute("href")
    response = page.goto(urljoin(page.url, href))
    assert response.status == 200
    assert "soliguide" in page.content().lower()

    page.goto("/en/workshops/")
    page.locator(".cards a, .workshop-card a").first.click()
    look("workshop")
    assert page.locator("form[method=post]").count() == 0

    page.goto("/en/no-such-page/")
    assert page.locator("h1").count() == 1
    look("404")
    assert_offline(page)
    assert not problems, "\n".join(problems)
