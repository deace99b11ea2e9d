"""Uploaded documents: never rendered by the browser, never served from the media folder, and
private ones stay private."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction

from hub.models import HubDocument

HTML = b"<html><body><script>alert(document.cookie)</script><p>Minutes</p></body></html>"


def make_document(title, name, content, collection=None):
    document = HubDocument(title=title, collection=collection or Collection.get_first_root_node())
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def assert_hardened(response):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("minutes.html", HTML),
        ("minutes.htm", HTML),
        ("report.pdf", b"%PDF-1.4\n%fake but harmless\n"),
        ("notes.txt", b"plain text"),
        ("looks-like-pdf.pdf", HTML),
    ],
)
def test_documents_are_sandboxed_attachments(client, name, content):
    document = make_document("Doc", name, content)
    response = client.get(document.url)
    assert_hardened(response)
    assert b"".join(response.streaming_content) == content


@pytest.mark.django_db
def test_documents_are_not_served_from_the_media_folder(client):
    document = make_document("Doc", "minutes.html", HTML)
    assert not document.url.startswith("/media/")
    assert client.get("/media/" + document.file.name).status_code == 404
    assert client.get("/en/media/" + document.file.name).status_code == 404


@pytest.mark.django_db
def test_svg_and_scriptable_uploads_are_refused(admin_client):
    root = Collection.get_first_root_node()
    for name, content in [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("page.xhtml", HTML),
        ("tool.js", b"alert(1)"),
        ("vector.svgz", b"\x1f\x8b"),
    ]:
        response = admin_client.post(
            reverse("wagtaildocs:add"),
            {
                "title": name,
                "collection": root.pk,
                "language": "en",
                "file": ContentFile(content, name=name),
            },
        )
        assert response.status_code == 200, name  # the form again, with its error
        assert not HubDocument.objects.filter(title=name).exists(), name


@pytest.fixture
def private_document(db):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Partners only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    return make_document("Internal minutes", "internal.pdf", b"%PDF-1.4 secret", private)


def test_private_documents_stay_private(client, private_document):
    response = client.get(private_document.url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "login" in response["Location"]
    assert b"secret" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_private_documents_are_served_to_signed_in_users(admin_client, private_document):
    assert_hardened(admin_client.get(private_document.url))


def test_a_wrong_filename_is_not_found(client, private_document):
    url = reverse("wagtaildocs_serve", args=[private_document.pk, "other.pdf"])
    assert client.get(url).status_code == 404
