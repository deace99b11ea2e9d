"""Importing legacy files in the admin, as partner editors and a moderator, at 390 and 1280 px.

* The shared sample (../shared/corpus/legacy, zipped here): the Kent editor's dry run accepts
  the row that names Kent and refuses every other row with its reason; a moderator's dry run
  names the partners the hub lacks, the moderator chooses to create them, checks again and
  imports all five rows, published; the report opens again from the list of imports.
* The same sample on a hub without themes (a copy of the live site): every row refused with
  its reasons, then accepted once the moderator chooses to create the missing themes.
* A small built-in ZIP, by a Kent editor whose admin speaks French: the dry run, the import
  and the report in French, the Finistère row refused, the imported page opened in the editor;
  then a manifest uploaded alone, whose file is the document that ZIP brought into Kent's
  collection, chosen from there (only Kent's collections are offered; a name no document has
  is refused by row and column), and the new page links that very document.

Screenshots of each screen go to test-artifacts/screens/admin-import-*.png.
"""

import ast
import re
import zipfile
from pathlib import Path

import pytest

from tests.browser.test_admin_journey import signed_in
from tests.importer.zips import make_zip, manifest_csv
from tests.missing import missing

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT.parent / "shared" / "corpus" / "legacy"
SCREENS = ROOT / "test-artifacts" / "screens"


def shot(page, name):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"admin-import-{name}.png"), full_page=True)


def no_sideways_scroll(page):
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px at {page.url}"


def zip_sample(tmp_path):
    if not (SAMPLE / "manifest.csv").exists():
        missing(f"the shared legacy sample is not beside the project ({SAMPLE} is missing)")
    target = tmp_path / "legacy-sample.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(SAMPLE.iterdir()):
            if path.is_file():
                archive.write(path, path.name)
    return target


def upload(page, path, after=None, on_form=None):
    """From the admin's menu to the dry run of ``path`` (``on_form(page)``: before sending)."""
    page.goto("/admin/")
    menu_link = page.locator("a[href='/admin/imports/']").first
    if not menu_link.is_visible():  # a phone: the menu opens from its toggle first
        page.locator("button[aria-label='Toggle sidebar'], button.sidebar-nav-toggle").first.click()
    menu_link.click()
    page.wait_for_url("**/admin/imports/")
    page.locator("a[href='/admin/imports/new/']").first.click()
    page.wait_for_url("**/admin/imports/new/")
    page.set_input_files("input[name=archive]", str(path))
    if after:
        page.select_option("select[name=after]", after)
    if on_form:
        on_form(page)
    with page.expect_navigation():
        page.locator("form.hub-import-form button[type=submit]").click()
    assert re.search(r"/admin/imports/\d+/$", page.url), page.url


def row(page, key):
    return page.locator("tr.hub-import-row", has=page.locator(f"code:text-is('{key}')"))


def existing_keys(live_site, keys):
    code = (
        "from hub.models import ResourcePage; "
        f"print(sorted(ResourcePage.objects.filter(import_key__in={sorted(keys)!r})"
        ".values_list('import_key', flat=True)))"
    )
    return live_site.manage("shell", "-c", code).stdout.strip().splitlines()[-1]


SAMPLE_KEYS = {
    "finistere-volet-social",
    "c-care-closing-interview",
    "calvados-relance-sociale",
    "territoires-partages",
    "cantal-pacte-solidarites",
}


def test_the_shared_sample_through_the_admin(browser, live_site, viewport, tmp_path):
    archive = zip_sample(tmp_path)

    with signed_in(browser, live_site, viewport, "editor") as editor:
        upload(editor, archive)
        shot(editor, f"editor-dry-run-{viewport}")
        no_sideways_scroll(editor)
        kent_row = row(editor, "c-care-closing-interview")
        assert re.search(r"Will be (created|updated)", kent_row.inner_text())
        finistere = row(editor, "finistere-volet-social").inner_text()
        assert "Refused" in finistere
        assert "you can import only your own partner's resources" in finistere
        calvados = row(editor, "calvados-relance-sociale").inner_text()
        # Refused: a partner the hub does not know yet, or (once a moderator imported it) not
        # the editor's partner.
        assert "Refused" in calvados
        assert (
            "only a moderator can import a row for a partner the hub does not know" in calvados
            or "you can import only your own partner's resources" in calvados
        ), calvados
        assert "Create the themes and partners" not in editor.locator("main").inner_text()
        assert editor.get_by_role("button", name=re.compile(r"^Import 1 row$")).is_visible()

    with signed_in(browser, live_site, viewport, "moderator") as moderator:
        upload(moderator, archive, after="publish")
        text = moderator.locator("main").inner_text()
        # The demo may know every partner of the sample already (the programmes demo names them):
        # then there is nothing to create, and the rows are all accepted at once.
        if "Unknown themes and partners" in text:
            assert "Le Dôme" in text
            assert "Refused" in row(moderator, "territoires-partages").inner_text()
            shot(moderator, f"moderator-unknown-{viewport}")
            moderator.get_by_label(re.compile("Create the themes and partners")).check()
            with moderator.expect_navigation():
                moderator.get_by_role("button", name="Check again").click()
        for key in SAMPLE_KEYS:
            assert re.search(r"Will be (created|updated)", row(moderator, key).inner_text()), key
        moderator.select_option("select[name=after]", "publish")
        with moderator.expect_navigation():
            moderator.get_by_role("button", name="Import 5 rows").click()
        shot(moderator, f"moderator-report-{viewport}")
        no_sideways_scroll(moderator)
        text = moderator.locator("main").inner_text()
        assert "What the import did" in text and "Import finished." in moderator.content()
        for key in SAMPLE_KEYS:
            assert re.search(r"\b(Created|Updated)\b", row(moderator, key).inner_text()), key
        report_url = moderator.url

        # The report stays: listed under Imports, it opens again.
        moderator.goto("/admin/imports/")
        shot(moderator, f"list-{viewport}")
        moderator.locator("a", has_text="legacy-sample.zip").first.click()
        assert moderator.url == report_url
        link = row(moderator, "finistere-volet-social").locator("a").first
        link.click()
        moderator.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))

    assert existing_keys(live_site, SAMPLE_KEYS) == repr(sorted(SAMPLE_KEYS))
    context = browser.new_context(base_url=live_site.url)
    public = context.new_page()
    try:
        public.goto("/fr/search/?q=Cantal")
        assert "Cantal" in public.locator("main").inner_text()
    finally:
        context.close()


def test_a_french_speaking_editor_imports_a_small_zip(browser, live_site, viewport, tmp_path):
    stamp = viewport
    kent = {
        "key": f"kent-grocery-{stamp}",
        "kind": "publication",
        "file": "grocery.txt",
        "title_en": f"The mobile grocery ({stamp})",
        "title_fr": f"L'épicerie mobile ({stamp})",
        "language": "fr",
        "partners": "Kent County Council",
        "themes": "food-insecurity",
        "country": "GB",
        "region": "Kent",
        "published_on": "2022-03-01",
    }
    kent["file"] = f"grocery-{stamp}.txt"  # a name of its own: found once in the collection
    finistere = dict(
        kent,
        key=f"finistere-mediation-{stamp}",
        file="mediation.txt",
        partners="Département du Finistère",
    )
    path = tmp_path / "petit-lot.zip"
    files = {kent["file"]: "La camionnette passe dans douze villages.", "mediation.txt": "x"}
    path.write_bytes(make_zip(rows=[kent, finistere], files=files))

    with signed_in(browser, live_site, viewport, "editrice") as editor:
        upload(editor, path)
        shot(editor, f"fr-dry-run-{viewport}")
        no_sideways_scroll(editor)
        main = editor.locator("main").inner_text()
        assert "Essai à blanc" in main, main[:800]
        assert "Sera créée" in row(editor, kent["key"]).inner_text()
        refused = row(editor, finistere["key"]).inner_text()
        assert "Refusée" in refused and "que les ressources de votre partenaire" in refused
        editor.select_option("select[name=after]", "submit")
        with editor.expect_navigation():
            editor.get_by_role("button", name="Importer 1 ligne").click()
        shot(editor, f"fr-report-{viewport}")
        no_sideways_scroll(editor)
        assert "Ce que l’import a fait" in editor.locator("main").inner_text()
        assert "Créée" in row(editor, kent["key"]).inner_text()
        row(editor, kent["key"]).locator("a").first.click()
        editor.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
        assert editor.locator("#id_title_fr").input_value() == kent["title_fr"]
        shot(editor, f"fr-imported-page-{viewport}")

        # A manifest alone: its files are documents already in Kent's collection.
        again = dict(kent, key=f"kent-grocery-again-{stamp}", title_fr=f"La tournée ({stamp})")
        absent = dict(kent, key=f"kent-absent-{stamp}", file=f"absent-{stamp}.txt")
        alone = tmp_path / "manifeste.csv"
        alone.write_text(manifest_csv([again, absent]), encoding="utf-8")
        offered = []

        def collections_offered(form):
            select = form.locator("select[name=collection]")
            offered.extend(select.locator("option").all_text_contents())
            assert select.locator("option:checked").text_content() == "Kent County Council"
            shot(form, f"fr-new-alone-{viewport}")
            no_sideways_scroll(form)

        upload(editor, alone, on_form=collections_offered)
        assert offered and all(o.startswith("Kent County Council") for o in offered), offered
        shot(editor, f"fr-alone-dry-run-{viewport}")
        no_sideways_scroll(editor)
        assert "les documents de la collection" in editor.locator("main").inner_text()
        found = row(editor, again["key"]).inner_text()
        assert "Sera créée" in found and "son fichier est le document" in found, found
        refused = row(editor, absent["key"]).inner_text()
        assert "Refusée" in refused and f"absent-{stamp}.txt" in refused, refused
        assert "ne s’appelle" in refused, refused
        with editor.expect_navigation():
            editor.get_by_role("button", name="Importer 1 ligne").click()
        shot(editor, f"fr-alone-report-{viewport}")
        assert "Créée" in row(editor, again["key"]).inner_text()

    linked = (
        live_site.manage(
            "shell",
            "-c",
            "from hub.models import ResourcePage; "
            f"keys = [{kent['key']!r}, {again['key']!r}]; "
            "print([ResourcePage.objects.get(import_key=k).documents.get().document_id "
            "for k in keys])",
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    first, second = ast.literal_eval(linked)
    assert first == second, linked  # the same document, linked, not copied


@pytest.fixture
def empty_taxonomy_site(live_site, tmp_path):
    """A copy of the live site whose hub has no themes yet, served on a port of its own.

    A copy of the session's SQLite database (its backup API, a fraction of a second) rather than
    another seeded site (minutes); the session's own site keeps its taxonomy for the other
    journeys. Its search index is a copy too, its page cache and mail folders its own.
    """
    import shutil
    import sqlite3

    from tests.processes import free_port, stop, wait_until_up
    from tests.servers import live

    database = live_site.env["DATABASE_URL"]
    if not database.startswith("sqlite:///"):
        pytest.skip(
            "the hub without themes is a copy of a SQLite live site, as the browser journeys run "
            "(on PostgreSQL, tests/importer/test_admin_import.py proves the same screens)"
        )
    copy = tmp_path / "no-themes.sqlite3"
    source, target = sqlite3.connect(database.removeprefix("sqlite:///")), sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    index = tmp_path / "index"
    shutil.copytree(live_site.env["HUB_TEST_INDEX_DIR"], index)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(
        live_site.env,
        DATABASE_URL=f"sqlite:///{copy}",
        HUB_VAR_DIR=str(tmp_path),
        HUB_TEST_MAIL_DIR=str(tmp_path / "mail"),
        HUB_TEST_INDEX_DIR=str(index),
        HUB_TEST_BASE_URL=url,
    )
    site = live.LiveSite(
        url=url,
        mail_dir=tmp_path / "mail",
        media_dir=live_site.media_dir,
        env=env,
        seed=live_site.seed,
        var_dir=tmp_path,
        commands=live.Commands(env, tmp_path),
    )
    site.mail_dir.mkdir()
    server = None
    try:
        site.manage("shell", "-c", "from hub.models import Theme; Theme.objects.all().delete()")
        log = tmp_path / "server.log"
        _url, server = live.start_gunicorn(env, log, port, workers=1, threads=2)
        wait_until_up(url + "/en/", [server], log)
        yield site
    finally:
        site.commands.close()
        if server is not None:
            stop([server], timeout=10)


def test_the_shared_sample_on_a_hub_without_themes(
    browser, empty_taxonomy_site, viewport, tmp_path
):
    """Every row refused with its reasons; a moderator chooses to create the missing themes,
    checks again, and imports the five rows."""
    archive = zip_sample(tmp_path)
    with signed_in(browser, empty_taxonomy_site, viewport, "moderator") as moderator:
        upload(moderator, archive)
        shot(moderator, f"no-themes-refused-{viewport}")
        no_sideways_scroll(moderator)
        for key in SAMPLE_KEYS:
            text = row(moderator, key).inner_text()
            assert "Refused" in text and "(known themes: none yet)" in text, (key, text)
        missing_block = moderator.locator("form.hub-import-missing").inner_text()
        assert "food-insecurity" in missing_block, missing_block
        assert moderator.get_by_role("button", name=re.compile(r"^Import \d")).count() == 0
        assert "choose above to create the missing themes" in moderator.locator("main").inner_text()

        moderator.get_by_label(re.compile("Create the themes and partners")).check()
        with moderator.expect_navigation():
            moderator.get_by_role("button", name="Check again").click()
        shot(moderator, f"no-themes-accepted-{viewport}")
        no_sideways_scroll(moderator)
        for key in SAMPLE_KEYS:
            text = row(moderator, key).inner_text()
            assert re.search(r"Will be (created|updated)", text), (key, text)
            assert "new theme(s) will be created" in text, (key, text)
        moderator.select_option("select[name=after]", "publish")
        with moderator.expect_navigation():
            moderator.get_by_role("button", name="Import 5 rows").click()
        shot(moderator, f"no-themes-report-{viewport}")
        for key in SAMPLE_KEYS:
            text = row(moderator, key).inner_text()
            assert re.search(r"\b(Created|Updated)\b", text), (key, text)
            assert "new theme(s) created" in text, (key, text)
