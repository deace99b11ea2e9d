"""Documents and images uploaded through every admin path, as a partner editor would.

The paths: the multiple upload behind the admin's main "Add a document" / "Add an image"
buttons (upload, then the details form shown after it), the single upload, and the upload tab
of the choosers inside the page editor. Each checks the size against the one limit
(HUB_UPLOAD_MAX_BYTES), the content against the name, and files the editor's upload in their
partner's collection; documents then have their text extracted.
"""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import UploadedFile

from hub import uploads
from hub.models import HubDocument
from tests.documents import files

AJAX = {"x-requested-with": "XMLHttpRequest"}


def plain(text):
    """Sizes are written with a no-break space between the number and its unit."""
    return text.replace("\xa0", " ")


@pytest.fixture
def editor(client, world):
    client.force_login(world.kent_editor)
    return client


def multiple_upload(client, name, data, url_name="wagtaildocs:add_multiple", **extra):
    response = client.post(
        reverse(url_name), {"files[]": SimpleUploadedFile(name, data), **extra}, headers=AJAX
    )
    assert response.status_code == 200, response.content[:500]
    return response.json()


def test_main_button_uploads_into_the_partner_collection_and_extracts(
    editor, world, django_capture_on_commit_callbacks
):
    page = editor.get(reverse("wagtaildocs:add_multiple"))
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        answer = multiple_upload(editor, "plan.pdf", files.make_pdf("Le mot quasiuniqueplan"))
    # A document at once (not an upload left pending for more details).
    assert answer["success"] and "doc_id" in answer, answer
    assert not UploadedFile.objects.exists()
    document = HubDocument.objects.get(pk=answer["doc_id"])
    assert document.collection_id == world.kent.collection_id
    assert document.uploaded_by_user == world.kent_editor
    assert document.language == "en"  # the editor's admin language until they say otherwise
    assert document.extraction_status == "done"
    assert "quasiuniqueplan" in document.extracted_text
    # The details form shown after the upload saves the title and the language.
    prefix = f"doc-{document.pk}"
    response = editor.post(
        reverse("wagtaildocs:edit_multiple", args=[document.pk]),
        {f"{prefix}-title": "Plan de redynamisation", f"{prefix}-language": "fr"},
        headers=AJAX,
    )
    assert response.json()["success"], response.json()
    document.refresh_from_db()
    assert (document.title, document.language) == ("Plan de redynamisation", "fr")
    assert document.collection_id == world.kent.collection_id


def test_french_admin_uploads_french_documents_by_default(editor, world):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(world.kent_editor)
    profile.preferred_language = "fr"
    profile.save()
    answer = multiple_upload(editor, "note.txt", b"Compte rendu de la reunion.")
    assert HubDocument.objects.get(pk=answer["doc_id"]).language == "fr"


@pytest.mark.parametrize(
    ("name", "data", "found"),
    [
        ("report.pdf", b"<!doctype html><html><body>Not a PDF</body></html>", "an HTML page"),
        ("minutes.docx", b"%PDF-1.4 a PDF renamed", "a PDF"),
        ("notes.txt", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "binary data"),
        ("table.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "an image"),
    ],
)
def test_content_that_does_not_match_the_name_is_refused_on_every_path(
    editor, world, name, data, found
):
    extension = name.rsplit(".", 1)[1]
    answer = multiple_upload(editor, name, data)
    assert not answer["success"]
    assert f"ends in .{extension}" in answer["error_message"]
    assert found in answer["error_message"]
    single = editor.post(
        reverse("wagtaildocs:add"),
        {"title": name, "language": "en", "file": SimpleUploadedFile(name, data)},
    )
    assert single.status_code == 200
    assert found in single.content.decode()
    chooser = editor.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": name,
            "document-chooser-upload-file": SimpleUploadedFile(name, data),
        },
    )
    assert found in chooser.content.decode()
    assert not HubDocument.objects.filter(title=name).exists()
    assert not UploadedFile.objects.exists()


def test_one_size_limit_for_every_path(editor, world, settings):
    settings.HUB_UPLOAD_MAX_BYTES = 2000
    at_limit = b"a" * 2000
    over = b"a" * 2001
    assert multiple_upload(editor, "ok.txt", at_limit)["success"]
    answer = multiple_upload(editor, "big.txt", over)
    assert not answer["success"]
    assert plain(answer["error_message"]) == (
        "The file is too large: 2.0 KB (2,001 bytes), and the limit is 2.0 KB (2,000 bytes)."
    )
    single = editor.post(
        reverse("wagtaildocs:add"),
        {"title": "Big", "language": "en", "file": SimpleUploadedFile("big.txt", over)},
    )
    assert "The file is too large: 2.0 KB (2,001 bytes)" in plain(single.content.decode())
    assert not HubDocument.objects.filter(title__in=["big.txt", "Big"]).exists()
    # Images: the same setting, the same words.
    image_data = get_test_image_file(size=(300, 300)).file.getvalue()
    settings.HUB_UPLOAD_MAX_BYTES = len(image_data) - 1
    answer = multiple_upload(editor, "big.png", image_data, "wagtailimages:add_multiple")
    assert not answer["success"]
    assert "The file is too large" in answer["error_message"]
    # The multiple uploader's page tells the browser the same limit before it sends anything.
    settings.HUB_UPLOAD_MAX_BYTES = 2000
    page = editor.get(reverse("wagtaildocs:add_multiple")).content.decode()
    assert 'data-max-file-size="2000"' in page
    assert "At most 2.0 KB." in plain(page)


def test_size_messages_say_what_was_found():
    limit = 50 * 1024 * 1024
    assert uploads.too_large(limit) is None
    assert plain(uploads.too_large(limit + 1)) == (
        "The file is too large: 50.0 MB (52,428,801 bytes), "
        "and the limit is 50.0 MB (52,428,800 bytes)."
    )
    assert plain(uploads.too_large(80 * 1024 * 1024)) == (
        "The file is too large: 80.0 MB, and the limit is 50.0 MB."
    )


def test_images_upload_into_the_partner_collection(editor, world):
    data = get_test_image_file(size=(40, 30)).file.getvalue()
    answer = multiple_upload(editor, "square.png", data, "wagtailimages:add_multiple")
    assert answer["success"], answer
    image = get_image_model().objects.get(pk=answer["image_id"])
    assert image.collection_id == world.kent.collection_id


def test_chooser_upload_inside_the_page_editor(editor, world):
    response = editor.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "Chosen",
            "document-chooser-upload-file": SimpleUploadedFile("chosen.txt", b"Chosen text."),
        },
    )
    assert response.status_code == 200
    assert json.loads(response.content)["step"] == "chosen"
    document = HubDocument.objects.get(title="Chosen")
    assert document.collection_id == world.kent.collection_id
    image = editor.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Chosen image",
            "image-chooser-upload-file": SimpleUploadedFile(
                "chosen.png", get_test_image_file().file.getvalue()
            ),
        },
    )
    assert json.loads(image.content)["step"] in ("chosen", "select_format")
    assert get_image_model().objects.get(title="Chosen image").collection_id == (
        world.kent.collection_id
    )


def test_an_upload_waiting_for_its_details_becomes_a_document(editor, world):
    """Wagtail keeps an upload aside when other details are missing; finishing it must work."""
    upload = UploadedFile.objects.create(
        for_content_type=ContentType.objects.get_for_model(HubDocument),
        file=SimpleUploadedFile("later.txt", b"Finished later."),
        uploaded_by_user=world.kent_editor,
    )
    prefix = f"uploaded-document-{upload.pk}"
    response = editor.post(
        reverse("wagtaildocs:create_multiple_from_uploaded_document", args=[upload.pk]),
        {f"{prefix}-title": "Later", f"{prefix}-language": "en"},
        headers=AJAX,
    )
    assert response.status_code == 200
    assert response.json()["success"], response.json()
    document = HubDocument.objects.get(title="Later")
    assert document.file_extension == "txt"
    assert document.collection_id == world.kent.collection_id
    assert not UploadedFile.objects.exists()
