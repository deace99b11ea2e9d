"""A manifest uploaded alone, its files taken from documents already in a collection.

The same rows as the ZIP tests (tests/importer/zips.py), whose files are documents uploaded
before into Kent's or Finistère's collection. Each row's page links the document it names
(matched by file name; nothing is copied); a name that no document has, or several, refuses
its row by row and column; a partner editor chooses only their partner's collections (another
partner's documents are never found), a moderator any; the command's ``--from-collection`` is
the same code.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Collection

from hub.importer import service
from hub.importer.sources import CollectionFiles, collections_for
from hub.models import HubDocument, ImportRun, ResourcePage
from tests.importer.zips import FILES, FINISTERE_ROW, KENT_ROW, manifest_csv

pytestmark = pytest.mark.django_db


def add_document(collection, name, text=None, title=None):
    data = (text if text is not None else FILES.get(name, "Some text.")).encode()
    return HubDocument.objects.create(
        title=title or name.rsplit(".", 1)[0],  # as Wagtail's uploader names it
        file=ContentFile(data, name=name),
        collection=collection,
        language="fr",
    )


@pytest.fixture
def documents(hub):
    """grocery.txt in Kent's collection (and in a sub-collection of it, nothing else there),
    mediation.txt in Finistère's; a name twice in Kent's; an empty one."""
    return {
        "grocery": add_document(hub.kent.collection, "grocery.txt"),
        "mediation": add_document(hub.finistere.collection, "mediation.txt"),
        "twice-1": add_document(hub.kent.collection, "twice.txt", title="First copy"),
        # The name Django's storage gives a second "twice.txt" (a random suffix).
        "twice-2": add_document(
            hub.kent.collection.add_child(name="Kent archive"),
            "twice_Ab3dE7f.txt",
            text="Second copy.",
            title="Second copy",
        ),
        "empty": add_document(hub.kent.collection, "empty.txt", text=""),
    }


def write_manifest(tmp_path, rows):
    path = tmp_path / "manifest.csv"
    path.write_text(manifest_csv(rows), encoding="utf-8")
    return path


def problems(result):
    return [(p.column, str(p.text)) for p in result.problems]


def test_each_row_links_the_document_of_that_name_or_is_refused_by_row_and_column(
    hub, documents, tmp_path
):
    rows = [
        dict(KENT_ROW, file="old-site/Grocery.txt"),  # folders and case do not matter
        dict(KENT_ROW, key="kent-missing", file="missing.txt"),
        dict(KENT_ROW, key="kent-twice", file="twice.txt"),
        dict(KENT_ROW, key="kent-empty", file="empty.txt"),
        dict(KENT_ROW, key="kent-other", file="mediation.txt"),  # Finistère's document
    ]
    manifest = write_manifest(tmp_path, rows)
    before = HubDocument.objects.count()
    outcome = service.run(
        manifest,
        hub.home,
        partner_ids=[hub.kent.pk],
        files=CollectionFiles(hub.kent.collection),
        extract="none",
    )
    by_key = {row.key: row for row in outcome.rows}
    assert by_key["kent-grocery"].action == service.CREATED
    assert "its file is the document “grocery” of the collection “Kent County Council”" in [
        str(note) for note in by_key["kent-grocery"].notes
    ]
    assert problems(by_key["kent-missing"]) == [
        (
            "file",
            "no document of the collection “Kent County Council” is called “missing.txt”: "
            "upload it there first, or correct the file name",
        )
    ]
    assert by_key["kent-missing"].problems[0].row == 3
    (column, text), *_ = problems(by_key["kent-twice"])
    assert column == "file" and text.startswith(
        "2 documents of the collection “Kent County Council” are called “twice.txt” "
        "(“First copy”; “Second copy”)"
    )
    assert problems(by_key["kent-empty"]) == [("file", "“empty.txt”: the file is empty")]
    # Finistère's document is not in Kent's collection: it is not found, whatever its name.
    assert "is called “mediation.txt”" in problems(by_key["kent-other"])[0][1]

    assert HubDocument.objects.count() == before  # linked, never copied
    page = ResourcePage.objects.get(import_key="kent-grocery").specific
    linked = page.documents.get().document
    assert linked.pk == documents["grocery"].pk
    assert linked.collection == hub.kent.collection
    # The manifest says the document is in English; the file-name title takes the row's.
    assert linked.language == "en" and linked.title == "The mobile grocery"
    assert not ResourcePage.objects.filter(import_key__startswith="kent-").exclude(
        import_key="kent-grocery"
    )


def test_importing_again_links_a_new_document_in_a_draft_and_keeps_a_real_title(
    hub, documents, tmp_path
):
    kept = add_document(hub.kent.collection, "grocery-2023.txt", title="Grocery guide, 2023")
    files = CollectionFiles(hub.kent.collection)
    service.run(write_manifest(tmp_path, [KENT_ROW]), hub.home, after="publish", files=files)
    page = ResourcePage.objects.get(import_key="kent-grocery")
    manifest = write_manifest(tmp_path, [dict(KENT_ROW, file="grocery-2023.txt")])
    outcome = service.run(manifest, hub.home, files=CollectionFiles(hub.kent.collection))
    assert outcome.rows[0].action == service.UPDATED
    page.refresh_from_db()
    # A draft: the live page still links the first document, the draft the new one.
    assert page.specific.documents.get().document_id == documents["grocery"].pk
    draft = page.get_latest_revision_as_object()
    assert [link.document_id for link in draft.documents.all()] == [kept.pk]
    kept.refresh_from_db()
    assert kept.title == "Grocery guide, 2023"


def test_the_collections_a_user_may_choose(hub, documents):
    archive = Collection.objects.get(name="Kent archive")
    assert set(collections_for(hub.kent_editor)) == {hub.kent.collection, archive}
    assert set(collections_for(hub.fin_editor)) == {hub.finistere.collection}
    assert set(collections_for(hub.moderator)) == set(Collection.objects.all())
    assert not collections_for(hub.nobody).exists()


def upload_manifest(client, rows, **fields):
    fields.setdefault("after", "draft")
    data = manifest_csv(rows).encode()
    return client.post(
        reverse("hub_import_new"),
        {"archive": SimpleUploadedFile("manifest.csv", data, content_type="text/csv"), **fields},
    )


def test_a_partner_editor_imports_a_manifest_alone_from_their_collection(client, hub, documents):
    client.force_login(hub.kent_editor)
    form = client.get(reverse("hub_import_new")).content.decode()
    assert f'<option value="{hub.kent.collection.pk}" selected>Kent County Council</option>' in (
        form
    )
    assert "Kent County Council › Kent archive" in form
    assert "Département du Finistère" not in form

    response = upload_manifest(client, [KENT_ROW, FINISTERE_ROW], collection=hub.kent.collection.pk)
    run = ImportRun.objects.latest("pk")
    assert response["Location"] == reverse("hub_import", args=[run.pk])
    assert run.files_collection == hub.kent.collection and run.archive.name.endswith(".csv")
    report = client.get(reverse("hub_import", args=[run.pk])).content.decode()
    assert "Files: the documents of the collection “Kent County Council”." in report
    assert "its file is the document “grocery”" in report
    client.post(reverse("hub_import", args=[run.pk]), {"import": "1", "after": "draft"})
    run.refresh_from_db()
    assert [row["action"] for row in run.result_rows] == ["created", "refused"]
    page = ResourcePage.objects.get(import_key="kent-grocery")
    assert page.documents.get().document_id == documents["grocery"].pk


def test_an_editor_cannot_choose_another_partners_collection(client, hub, documents):
    client.force_login(hub.kent_editor)
    response = upload_manifest(client, [KENT_ROW], collection=hub.finistere.collection.pk)
    assert response.status_code == 200 and not ImportRun.objects.exists()
    assert "Select a valid choice" in response.content.decode()
    response = upload_manifest(client, [KENT_ROW], collection="")
    assert response.status_code == 200 and not ImportRun.objects.exists()
    assert "choose the collection whose documents it names" in response.content.decode()


def test_a_moderator_chooses_any_collection(client, hub, documents):
    client.force_login(hub.moderator)
    form = client.get(reverse("hub_import_new")).content.decode()
    assert "Département du Finistère" in form and "Kent County Council" in form
    upload_manifest(client, [FINISTERE_ROW], collection=hub.finistere.collection.pk)
    run = ImportRun.objects.latest("pk")
    client.post(reverse("hub_import", args=[run.pk]), {"import": "1", "after": "publish"})
    run.refresh_from_db()
    assert [row["action"] for row in run.result_rows] == ["created"]
    page = ResourcePage.objects.get(import_key="finistere-mediation")
    assert page.live and page.documents.get().document_id == documents["mediation"].pk


def test_the_import_checks_the_collection_again_when_it_runs(client, hub, documents):
    client.force_login(hub.kent_editor)
    upload_manifest(client, [KENT_ROW], collection=hub.kent.collection.pk)
    run = ImportRun.objects.latest("pk")
    # The run's collection is no longer the editor's partner's (moved, or tampered with).
    ImportRun.objects.filter(pk=run.pk).update(files_collection=hub.finistere.collection)
    client.post(reverse("hub_import", args=[run.pk]), {"import": "1", "after": "draft"})
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert "is not your partner's" in str(run.error)
    assert not ResourcePage.objects.filter(import_key="kent-grocery").exists()


def test_the_command_takes_the_files_from_a_collection(hub, documents, tmp_path):
    manifest = write_manifest(tmp_path, [KENT_ROW])
    out = io.StringIO()
    call_command(
        "import_legacy", str(manifest), "--from-collection", "kent county council", stdout=out
    )
    assert "1 created" in out.getvalue(), out.getvalue()
    page = ResourcePage.objects.get(import_key="kent-grocery")
    assert page.documents.get().document_id == documents["grocery"].pk
    with pytest.raises(CommandError, match="no collection called “Nowhere”"):
        call_command("import_legacy", str(manifest), "--from-collection", "Nowhere")
    hub.finistere.collection.add_child(name="Kent County Council")
    with pytest.raises(CommandError, match="2 collections are called"):
        call_command("import_legacy", str(manifest), "--from-collection", "Kent County Council")
    out = io.StringIO()
    call_command(
        "import_legacy",
        str(manifest),
        "--dry-run",
        "--from-collection",
        str(hub.kent.collection.pk),
        stdout=out,
    )
    assert "would update" in out.getvalue()


def test_a_word_after_an_underscore_is_part_of_the_name(hub):
    """Only Django's random suffix is dropped: "guide_edition.txt" is not "guide.txt"."""
    from hub.importer.sources import uploaded_names

    word = add_document(hub.kent.collection, "guide_edition.txt")
    assert uploaded_names(word) == {"guide_edition.txt"}
    renamed = add_document(hub.kent.collection, "Guide_Ab3dE7f.TXT")
    assert uploaded_names(renamed) == {"guide_ab3de7f.txt", "guide.txt"}
