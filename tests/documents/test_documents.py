"""Documents in the site: extraction after upload, the admin's mark, the command, the corpus."""

import csv
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from hub.models import HubDocument
from tests.missing import missing

from . import files

LEGACY = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "legacy"


def make_document(name, data, title=None, language="fr"):
    return HubDocument.objects.create(
        title=title or name, file=ContentFile(data, name=name), language=language
    )


@pytest.fixture
def upload(db, django_capture_on_commit_callbacks):
    """Create a document the way an upload does, and let its after-commit extraction run."""

    def create(name, data, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            document = make_document(name, data, **kwargs)
        document.refresh_from_db()
        return document

    return create


def test_extraction_runs_after_commit_not_before(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = make_document("a.txt", b"texte en attente")
    assert document.extraction_status == "pending"
    mine = [c for c in callbacks if "schedule_extraction" in getattr(c, "__qualname__", "")]
    assert len(mine) == 1
    with django_capture_on_commit_callbacks(execute=True):
        mine[0]()
    document.refresh_from_db()
    assert document.extraction_status == "done"
    assert document.extracted_text == "texte en attente"


def test_uploaded_pdf_is_extracted_and_indexed(upload):
    document = upload("rapport.pdf", files.make_pdf("Le mot quasiuniquepdf est ici"))
    assert document.extraction_status == "done"
    assert document.page_count == 1
    assert document.extraction_error == ""
    found = HubDocument.objects.search("quasiuniquepdf")
    assert [d.pk for d in found] == [document.pk]


def test_hostile_file_is_kept_and_marked(upload):
    document = upload("bomb.docx", files.make_zip_bomb())
    assert HubDocument.objects.filter(pk=document.pk).exists()
    assert document.extraction_status == "failed"
    assert document.extraction_error.startswith("decompression bomb")
    assert document.extracted_text == ""
    assert document.file.size > 0


def test_replacing_the_file_extracts_again(upload, django_capture_on_commit_callbacks):
    document = upload("note.txt", b"ancien contenu")
    assert document.extracted_text == "ancien contenu"
    with django_capture_on_commit_callbacks(execute=True):
        document.file = ContentFile(b"nouveau contenu", name="note2.txt")
        document.save()
    document.refresh_from_db()
    assert document.extracted_text == "nouveau contenu"


def test_editing_the_title_does_not_extract_again(upload, django_capture_on_commit_callbacks):
    document = upload("note.txt", b"contenu")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = HubDocument.objects.get(pk=document.pk)
        document.title = "Nouveau titre"
        document.save()
    # Only the search index update of the title, no extraction.
    assert not any("schedule_extraction" in getattr(c, "__qualname__", "") for c in callbacks)
    document.refresh_from_db()
    assert document.extraction_status == "done"


def test_text_change_reindexes_the_linked_pages(upload, home, django_capture_on_commit_callbacks):
    from hub.models import ResourceDocument, ResourcePage

    document = upload("a.txt", b"premier")
    page = ResourcePage(title="Ressource", slug="ressource", kind="publication")
    home.add_child(instance=page)
    ResourceDocument.objects.create(page=page, document=document)
    assert not ResourcePage.objects.search("tardivementajoute").count()
    with django_capture_on_commit_callbacks(execute=True):
        document.file = ContentFile(b"mot tardivementajoute", name="b.txt")
        document.save()
    assert [p.pk for p in ResourcePage.objects.search("tardivementajoute")] == [page.pk]


def test_timeout_setting_is_used(upload, settings, monkeypatch):
    from hub.extraction import runner

    settings.HUB_EXTRACTION_TIMEOUT = 1
    monkeypatch.setattr(
        runner,
        "build_command",
        lambda *a: [runner.sys.executable, "-c", "import time; time.sleep(9)"],
    )
    document = upload("slow.pdf", files.make_pdf("x"))
    assert document.extraction_status == "failed"
    assert document.extraction_error == "timed out after 1 s"


def test_missing_file_fails_cleanly(db):
    from hub.extraction.service import extract_document

    document = make_document("gone.txt", b"x")
    Path(document.file.path).unlink()
    extract_document(document)
    document.refresh_from_db()
    assert document.extraction_status == "failed"
    assert document.extraction_error == "the file is missing from the document storage"


# The admin's mark ---------------------------------------------------------------------


def test_admin_listing_shows_status_reason_and_filters(upload, admin_client):
    good = upload("bon.txt", b"du texte", title="Bon document")
    bad = upload("faux.pdf", b"pas un pdf", title="Faux PDF")
    response = admin_client.get("/admin/documents/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Text extraction" in html
    assert "Text not extracted" in html
    assert "the file is not a PDF although it ends in .pdf" in html
    failed_only = admin_client.get("/admin/documents/?extraction_status=failed").content.decode()
    assert bad.title in failed_only and good.title not in failed_only
    results = admin_client.get("/admin/documents/results/?extraction_status=done").content.decode()
    assert good.title in results and bad.title not in results


def test_admin_edit_view_shows_the_reason(upload, admin_client):
    document = upload("bombe.odt", files.make_zip_bomb("content.xml"))
    html = admin_client.get(f"/admin/documents/edit/{document.pk}/").content.decode()
    assert "Text not extracted" in html
    assert "decompression bomb: content.xml would expand" in html


def test_admin_upload_extracts(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/documents/add/",
            {
                "title": "Téléversé",
                "file": ContentFile(b"mot televersement", name="up.txt"),
                "collection": 1,
                "language": "fr",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = HubDocument.objects.get(title="Téléversé")
    assert document.extraction_status == "done"
    assert document.extracted_text == "mot televersement"


# The management command ---------------------------------------------------------------


def test_extract_documents_command(db):
    pending = make_document("p.txt", b"en attente")
    failed = make_document("f.pdf", b"pas un pdf")
    HubDocument.objects.filter(pk=failed.pk).update(extraction_status="failed")
    call_command("extract_documents", verbosity=0)
    pending.refresh_from_db()
    assert pending.extraction_status == "done"
    failed.refresh_from_db()
    assert failed.extraction_error == ""  # not touched without --failed
    call_command("extract_documents", "--failed", verbosity=0)
    failed.refresh_from_db()
    assert failed.extraction_error.startswith("the file is not a PDF")
    HubDocument.objects.update(extracted_text="")
    call_command("extract_documents", "--all", verbosity=0)
    assert HubDocument.objects.get(pk=pending.pk).extracted_text == "en attente"


# The shared legacy corpus -------------------------------------------------------------


def legacy_rows():
    if not (LEGACY / "manifest.csv").exists():
        missing(f"the shared legacy corpus is not beside the project ({LEGACY})")
    with open(LEGACY / "manifest.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_legacy_corpus_files_are_extracted(upload):
    for row in legacy_rows():
        document = upload(row["file"], (LEGACY / row["file"]).read_bytes())
        assert document.extraction_status == "done", (row["file"], document.extraction_error)
        assert len(document.extracted_text) > 1000, row["file"]
        if row["file"].endswith(".html"):
            assert "ignore me" not in document.extracted_text
            assert "Agenda" not in document.extracted_text
        if row["file"].endswith(".pdf"):
            assert document.page_count >= 1
