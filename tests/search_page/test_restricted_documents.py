"""A document in a login-restricted collection, attached to a public page: its text, title and
existence reach only those allowed to open it (hub.models.document_access).

Anonymous visitors: the site search neither finds its words nor shows them in a snippet, and
the page, its JSON-LD, the API, the library feed and the sitemap never name it. A signed-in
user (whom the login restriction lets open the file) sees it in the page's documents table;
the site search is the same for everyone and never holds restricted text. Adding the
restriction after the page was indexed, and removing it, flip all of this.
"""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.models import Collection, CollectionViewRestriction

from hub.demo import load_library
from hub.models import HubDocument, ResourceDocument, StandardPage
from tests.library.factories import PublicationFactory

SECRET = "zorblattconfidential"
TITLE = "budget-zorblatt-members.txt"
PUBLIC_TITLE = "open-report.txt"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what a real commit would (extraction, indexing, re-indexing) for each block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def members(db):
    return Collection.get_first_root_node().add_child(name="Members only")


def add_publication(home, slug, title, documents):
    """A published publication with ``documents``: (title, text) pairs, in English."""
    page = PublicationFactory(
        home=home, title_en=title, slug_en=slug, slug_fr=slug, summary_en="How the town spends."
    )
    for name, text in documents:
        document = HubDocument.objects.create(
            title=name, file=ContentFile(text.encode(), name=name), language="en"
        )
        ResourceDocument.objects.create(page=page, document=document)
    page.save_revision().publish()
    return page


@pytest.fixture
def resource(home, on_commit, members):
    """A public page with a public document and one (not yet restricted) in "Members only"."""
    with on_commit():
        page = add_publication(
            home,
            "budget",
            "Town budget",
            [
                (PUBLIC_TITLE, "An open report about parks."),
                (TITLE, f"The {SECRET} figures of the members."),
            ],
        )
    with on_commit():
        document = HubDocument.objects.get(title=TITLE)
        document.collection = members
        document.save()
    return page


def restrict(collection, on_commit, **fields):
    fields.setdefault("restriction_type", CollectionViewRestriction.LOGIN)
    with on_commit():
        restriction = CollectionViewRestriction.objects.create(collection=collection, **fields)
    if fields["restriction_type"] == CollectionViewRestriction.GROUPS:
        with on_commit():
            restriction.groups.set(fields.get("groups_to_set", []))
    return restriction


def search(client, query):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def result_titles(html):
    return re.findall(r'<h3 class="card__title"><a href="[^"]*"[^>]*>([^<]*)</a>', html)


def json_ld(html):
    """The resource's own schema.org block (the page also has its breadcrumb trail's)."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [data for data in map(json.loads, blocks) if "headline" in data]


def api_documents(client, page):
    detail = client.get(f"/api/v2/pages/{page.pk}/").json()
    listing = client.get(
        "/api/v2/pages/", {"type": "hub.ResourcePage", "fields": "document_list"}
    ).json()
    (item,) = [item for item in listing["items"] if item["id"] == page.pk]
    return (
        [doc["title"] for doc in detail["document_list"]],
        [doc["title"] for doc in item["document_list"]],
        client.get("/api/v2/documents/", {"search": "budget"}).content.decode(),
    )


def assert_everywhere(client, page, visible):
    """The restricted document's words and title are found everywhere, or nowhere."""
    found = search(client, SECRET)
    assert (result_titles(found) == ["Town budget"]) is visible
    assert bool(result_titles(found)) is visible
    assert (f"<mark>{SECRET}</mark>" in found) is visible
    assert ("In the document" in found) is visible
    html = client.get(page.url).content.decode()
    assert PUBLIC_TITLE in html
    assert (TITLE in html) is visible
    (data,) = json_ld(html)
    names = [media["name"] for media in data["associatedMedia"]]
    assert PUBLIC_TITLE in names and (TITLE in names) is visible
    detail, listed, documents = api_documents(client, page)
    assert PUBLIC_TITLE in detail and PUBLIC_TITLE in listed
    assert (TITLE in detail) is visible and (TITLE in listed) is visible
    assert (TITLE in documents) is visible
    # The public document is untouched either way.
    assert result_titles(search(client, "parks")) == ["Town budget"]


def test_a_restriction_added_after_indexing_hides_the_document_until_removed(
    client, resource, members, on_commit
):
    assert_everywhere(client, resource, visible=True)
    restriction = restrict(members, on_commit)
    assert_everywhere(client, resource, visible=False)
    # The file itself asks for a login, as before.
    document = HubDocument.objects.get(title=TITLE)
    assert client.get(document.url).status_code == 302
    with on_commit():
        restriction.delete()
    assert_everywhere(client, resource, visible=True)


def test_a_restriction_on_a_parent_collection_applies(client, resource, members, on_commit):
    parent = Collection.get_first_root_node().add_child(name="Partners' archive")
    with on_commit():
        document = HubDocument.objects.get(title=TITLE)
        document.collection = parent.add_child(name="Budgets")
        document.save()
    restrict(parent, on_commit, restriction_type=CollectionViewRestriction.PASSWORD, password="x")
    assert_everywhere(client, resource, visible=False)


def test_moving_a_document_into_a_restricted_collection_hides_it(
    client, resource, members, on_commit
):
    vault = Collection.get_first_root_node().add_child(name="Vault")
    restrict(vault, on_commit)
    assert_everywhere(client, resource, visible=True)
    with on_commit():
        document = HubDocument.objects.get(title=TITLE)
        document.collection = vault
        document.save()
    assert_everywhere(client, resource, visible=False)


def test_a_page_published_after_the_restriction_never_indexes_the_text(
    client, home, members, on_commit
):
    restrict(members, on_commit)
    with on_commit():
        page = add_publication(home, "later", "Later page", [(TITLE, SECRET)])
    with on_commit():
        document = HubDocument.objects.get(title=TITLE)
        document.collection = members
        document.save()
    with on_commit():
        page.save_revision().publish()
    found = search(client, SECRET)
    assert not result_titles(found) and "<mark>" not in found


def test_a_signed_in_user_allowed_by_the_restriction_sees_it_on_the_page(
    client, resource, members, on_commit, django_user_model
):
    restrict(members, on_commit)
    user = django_user_model.objects.create_user("member", "member@example.org", "pw")
    client.force_login(user)
    html = client.get(resource.url).content.decode()
    assert TITLE in html and PUBLIC_TITLE in html
    document = HubDocument.objects.get(title=TITLE)
    assert f'href="{document.url}"' in html
    assert client.get(document.url).status_code == 200
    # What is published for everyone stays the same for her: JSON-LD and the site search.
    (data,) = json_ld(html)
    assert TITLE not in [media["name"] for media in data["associatedMedia"]]
    assert not result_titles(search(client, SECRET))


def test_a_group_restriction_shows_the_document_to_the_group_only(
    client, resource, members, on_commit, django_user_model
):
    group = Group.objects.create(name="Kent members")
    restrict(members, on_commit, restriction_type=CollectionViewRestriction.GROUPS)
    CollectionViewRestriction.objects.get().groups.set([group])
    outsider = django_user_model.objects.create_user("outsider", "o@example.org", "pw")
    insider = django_user_model.objects.create_user("insider", "i@example.org", "pw")
    insider.groups.add(group)
    client.force_login(outsider)
    assert TITLE not in client.get(resource.url).content.decode()
    client.force_login(insider)
    assert TITLE in client.get(resource.url).content.decode()


def test_a_link_to_it_in_a_page_body_is_not_shown_to_the_public(
    client, home, resource, members, on_commit, django_user_model
):
    document = HubDocument.objects.get(title=TITLE)
    page = StandardPage(
        title="Notes", title_en="Notes", slug="notes", slug_en="notes", slug_fr="notes"
    )
    page.body_en = [("document", {"document": document, "title": "Members' budget"})]
    home.add_child(instance=page)
    page.save_revision().publish()
    assert "Members&#x27; budget" in client.get(page.url).content.decode()
    restrict(members, on_commit)
    html = client.get(page.url).content.decode()
    assert "Members&#x27; budget" not in html and document.url not in html
    client.force_login(django_user_model.objects.create_user("m", "m@example.org", "pw"))
    assert "Members&#x27; budget" in client.get(page.url).content.decode()


def test_feed_and_sitemap_never_name_it(client, home, resource, members, on_commit):
    restrict(members, on_commit)
    library = load_library(home)
    feed = client.get(library.url + "feed/")
    sitemap = client.get("/sitemap.xml")
    for response in (feed, sitemap):
        assert response.status_code == 200
        body = response.content.decode()
        assert TITLE not in body and SECRET not in body
    assert "Town budget" in feed.content.decode() or "budget" in sitemap.content.decode()


def test_did_you_mean_never_suggests_a_word_of_its_title(client, resource, members, on_commit):
    restrict(members, on_commit)
    html = search(client, "zorblat")
    assert "search-suggestion" not in html and "zorblatt" not in html
