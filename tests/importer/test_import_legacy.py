"""The legacy import: the shared sample, re-import, dry run, and a manifest full of mistakes."""

import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.contrib.redirects.models import Redirect

from hub.importer.manifest import COLUMNS as MANIFEST_COLUMNS
from hub.models import HubDocument, Partner, Place, ResourcePage
from tests.missing import missing

pytestmark = pytest.mark.django_db

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SAMPLE = PROJECT_ROOT.parent / "shared" / "corpus" / "legacy" / "manifest.csv"
# The columns of the legacy manifests: every column but the optional programme (guessed).
COLUMNS = [column for column in MANIFEST_COLUMNS if column != "programme"]


def run(*args):
    out = io.StringIO()
    call_command("import_legacy", *map(str, args), stdout=out, stderr=out)
    return out.getvalue()


def write_manifest(folder, rows):
    path = folder / "manifest.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in COLUMNS})
    return path


def good_row(key, file, **extra):
    row = {
        "key": key,
        "kind": "publication",
        "file": file,
        "title_en": f"Title {key}",
        "title_fr": f"Titre {key}",
        "language": "fr",
        "partners": "Kent County Council",
        "themes": "food-insecurity",
        "country": "FR",
        "region": "Bretagne",
        "published_on": "2022-03-01",
    }
    row.update(extra)
    return row


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def sample():
    if not SAMPLE.exists():
        missing(f"the shared legacy sample is not beside the project ({SAMPLE} is missing)")
    return SAMPLE


def test_shared_sample_imports_cleanly_and_reimports(demo_site, sample):
    before = ResourcePage.objects.count()
    output = run(sample, "--publish", "--no-extract", "--create-missing")
    assert "5 created, 0 updated, 0 skipped, 0 error(s)" in output, output
    assert ResourcePage.objects.count() == before + 5
    page = ResourcePage.objects.get(import_key="finistere-volet-social")
    assert page.live and page.kind == "publication"
    assert page.title_fr.startswith("Le Finistère dans C-CARE")
    assert set(page.themes.values_list("slug", flat=True)) == {
        "food-insecurity",
        "social-inclusion",
        "digital-inclusion",
    }
    assert list(page.partners.values_list("slug", flat=True)) == ["finistere"]
    document = page.documents.get().document
    assert document.language == "fr" and document.file_extension == "txt"
    case = ResourcePage.objects.get(import_key="c-care-closing-interview").specific
    assert case.video_url == "https://www.youtube.com/@interregc-care4592"
    assert case.partners.count() == 6
    assert Partner.objects.filter(name_en="Le Dôme").exists()
    assert Place.objects.filter(country="FR", name_en="Auvergne-Rhône-Alpes").count() == 1

    documents = HubDocument.objects.count()
    output = run(sample, "--publish", "--no-extract")
    assert "0 created, 5 updated, 0 skipped, 0 error(s)" in output, output
    assert ResourcePage.objects.count() == before + 5
    assert HubDocument.objects.count() == documents


def test_dry_run_changes_nothing(demo_site, sample):
    pages, docs, partners = (
        ResourcePage.objects.count(),
        HubDocument.objects.count(),
        Partner.objects.count(),
    )
    output = run(sample, "--dry-run", "--create-missing")
    assert "Dry run finished: 5 to create" in output
    assert (ResourcePage.objects.count(), HubDocument.objects.count(), Partner.objects.count()) == (
        pages,
        docs,
        partners,
    )


def test_draft_by_default_and_redirect(home, tmp_path, demo_site):
    (tmp_path / "a.txt").write_text("Du texte.", encoding="utf-8")
    manifest = write_manifest(
        tmp_path, [good_row("a", "a.txt", source_url="https://old.example.org/docs/a.html?x=1")]
    )
    output = run(manifest, "--no-extract")
    assert "1 created" in output
    page = ResourcePage.objects.get(import_key="a")
    assert not page.live
    redirect = Redirect.objects.get(old_path="/docs/a.html?x=1")
    assert redirect.redirect_page_id == page.pk
    run(manifest, "--no-extract", "--publish")
    assert Redirect.objects.filter(redirect_page=page).count() == 1
    page.refresh_from_db()
    assert page.live and page.legacy_url == "https://old.example.org/docs/a.html?x=1"


def test_manifest_with_every_mistake(tmp_path, demo_site):
    (tmp_path / "good.txt").write_text("Un texte correct.", encoding="utf-8")
    (tmp_path / "good.docx").write_bytes(docx_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "fake.pdf").write_text("not a pdf at all", encoding="utf-8")
    (tmp_path / "zip.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    (tmp_path / "binary.txt").write_bytes(b"%PDF-1.4 binary")
    (tmp_path / "page.html").write_text("just words, no markup", encoding="utf-8")
    rows = [
        good_row("ok-1", "good.txt"),  # row 2
        good_row("ok-2", "good.docx", kind="toolkit", language="en"),  # row 3
        good_row("missing", "nowhere.pdf"),  # row 4
        good_row("bad-kind", "good.txt", kind="brochure"),  # row 5
        good_row("bad-theme", "good.txt", themes="food-insecurity;astrology"),  # row 6
        good_row("bad-date", "good.txt", published_on="31/12/2022"),  # row 7
        good_row("ok-1", "good.txt"),  # row 8: duplicate key
        good_row("mismatch", "fake.pdf"),  # row 9
        good_row("empty", "empty.txt"),  # row 10
        good_row("no-title", "good.txt", title_en="", title_fr=""),  # row 11
        good_row("bad-zip", "zip.docx"),  # row 12
        good_row("pdf-as-txt", "binary.txt"),  # row 13
        good_row("not-html", "page.html"),  # row 14
        good_row("escape", "../outside.txt"),  # row 15
        good_row("bad-country", "good.txt", country="XX"),  # row 16
        good_row("bad-lang", "good.txt", language="de"),  # row 17
    ]
    manifest = write_manifest(tmp_path, rows)
    documents = HubDocument.objects.count()
    output = run(manifest, "--publish", "--no-extract")
    expected = [
        "row 4, column “file”: file not found: “nowhere.pdf”",
        "row 5, column “kind”: unknown kind “brochure”",
        "row 6, column “themes”: unknown theme “astrology”",
        "row 7, column “published_on”: “31/12/2022” is not a date (expected YYYY-MM-DD)",
        "row 8, column “key”: duplicate key “ok-1”: row 2 already uses it",
        "row 9, column “file”: “fake.pdf”: the content does not match the extension: "
        "expected PDF, found text",
        "row 10, column “file”: “empty.txt”: the file is empty",
        "row 11, column “title_en”: both titles are empty",
        "row 12, column “file”: “zip.docx”: the file is",
        "row 13, column “file”: “binary.txt”: the content does not match the extension",
        "row 14, column “file”: “page.html”: the content does not match the extension: "
        "expected HTML, found plain text without HTML markup",
        "row 15, column “file”: “../outside.txt” points outside the manifest's folder",
        "row 16, column “country”: unknown country code “XX”",
        "row 17, column “language”: “de” is not a language",
    ]
    for message in expected:
        assert message in output, f"missing: {message}\n{output}"
    assert "2 created, 0 updated, 14 skipped, 14 error(s)" in output
    assert set(
        ResourcePage.objects.filter(import_key__isnull=False).values_list("import_key", flat=True)
    ) == {"ok-1", "ok-2"}
    # Nothing of a bad row was written: no stray documents or places.
    assert HubDocument.objects.count() == documents + 2


def test_row_failing_at_save_leaves_nothing(tmp_path, demo_site):
    """A row that passes the checks but cannot be saved is rolled back entirely."""
    from toolkits.models import ToolkitIndexPage

    ToolkitIndexPage.objects.all().delete()  # nowhere to put toolkits
    (tmp_path / "a.txt").write_text("texte", encoding="utf-8")
    (tmp_path / "b.txt").write_text("texte", encoding="utf-8")
    manifest = write_manifest(
        tmp_path,
        [
            good_row("kit", "a.txt", kind="toolkit", partners="Brand New Partner"),
            good_row("pub", "b.txt"),
        ],
    )
    docs = HubDocument.objects.count()
    output = run(manifest, "--no-extract", "--create-missing")
    assert "row 2, column “kind”: there is no index page" in output, output
    assert "1 created" in output
    assert not Partner.objects.filter(name_en="Brand New Partner").exists()
    assert HubDocument.objects.count() == docs + 1
    media = list((Path(HubDocument.objects.last().file.path).parent).iterdir())
    assert [p.name for p in media if p.name.startswith("a")] == []


def test_manifest_level_errors(tmp_path, home):
    with pytest.raises(CommandError, match="manifest not found"):
        run(tmp_path / "nope.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("key,kind\nx,toolkit\n", encoding="utf-8")
    with pytest.raises(CommandError, match="lacks the column"):
        run(bad)


def test_key_cannot_change_kind(tmp_path, demo_site):
    (tmp_path / "a.txt").write_text("texte", encoding="utf-8")
    run(write_manifest(tmp_path, [good_row("k", "a.txt")]), "--no-extract")
    output = run(write_manifest(tmp_path, [good_row("k", "a.txt", kind="toolkit")]), "--no-extract")
    assert "a key cannot change kind" in output


def test_a_file_just_over_the_limit_says_both_sizes(tmp_path, demo_site, settings):
    settings.HUB_UPLOAD_MAX_BYTES = 3000
    (tmp_path / "big.txt").write_bytes(b"a" * 3001)
    (tmp_path / "fits.txt").write_bytes(b"a" * 3000)
    manifest = write_manifest(tmp_path, [good_row("big", "big.txt"), good_row("fits", "fits.txt")])
    output = run(manifest, "--dry-run").replace("\xa0", " ")
    assert (
        "the file is too large: 2.9 KB (3,001 bytes), and the limit is 2.9 KB (3,000 bytes)"
        in output
    )
    assert "row 3 (fits): would create" in output


def test_each_document_is_extracted_once(
    tmp_path, demo_site, monkeypatch, django_capture_on_commit_callbacks
):
    from hub.extraction import service

    calls = []
    real = service.run_extraction

    def counting(path, extension, limits):
        calls.append(path.name)
        return real(path, extension, limits)

    monkeypatch.setattr(service, "run_extraction", counting)
    (tmp_path / "one.txt").write_text("Texte du premier document.", encoding="utf-8")
    (tmp_path / "two.txt").write_text("Texte du second document.", encoding="utf-8")
    manifest = write_manifest(tmp_path, [good_row("one", "one.txt"), good_row("two", "two.txt")])
    with django_capture_on_commit_callbacks(execute=True):  # the after-save extraction too
        run(manifest)
    assert len(calls) == 2, calls
    texts = set(HubDocument.objects.values_list("extracted_text", flat=True))
    assert {"Texte du premier document.", "Texte du second document."} <= texts
