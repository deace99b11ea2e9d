"""A resource page's relations and related resources, kept per content generation and language
(hub.models.resource_relations, through hub.models.base.page_memo): read once for every
visitor, read again after a publish, never kept for a preview, and the documents shown still
decided per request."""

import pytest
from django.utils import translation

from hub.models import RelatedResource, ResourceDocument, ResourcePage
from hub.models import resource_relations as relations
from tests.library.factories import PublicationFactory, ToolkitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reads(monkeypatch):
    """How many times the relations and the related resources were read from the database."""
    counts = {"relations": 0, "related": 0}
    read_relations, related_pages = relations.read_relations, ResourcePage._related_pages

    def counted_relations(page, names):
        counts["relations"] += 1
        return read_relations(page, names)

    def counted_related(page):
        counts["related"] += 1
        return related_pages(page)

    monkeypatch.setattr(relations, "read_relations", counted_relations)
    monkeypatch.setattr(relations.ResourceRelations, "_related_pages", counted_related)
    return counts


@pytest.fixture
def toolkit(home):
    chosen = PublicationFactory(home=home, title_en="Voucher evaluation")
    page = ToolkitFactory(home=home, title_en="Food bank guide")
    page.related_resources = [RelatedResource(resource=chosen)]
    page.save_revision().publish()
    return ResourcePage.objects.get(pk=page.pk).specific


def test_relations_are_read_once_per_generation_and_language(client, toolkit, reads):
    url = toolkit.url
    with translation.override("fr"):
        french_url = toolkit.url
    client.get(url)  # the first request of a fresh site creates its settings (a content change)
    reads.update(relations=0, related=0)
    for _ in range(3):
        assert "Voucher evaluation" in client.get(url).content.decode()
    assert reads == {"relations": 1, "related": 1}
    client.get(french_url)  # the taxonomy is ordered by its names in the visitor's language
    assert reads["relations"] == 2


def test_a_new_choice_of_related_resource_shows_on_the_next_request(client, home, toolkit, reads):
    url = toolkit.url
    client.get(url)
    assert "Voucher evaluation" in client.get(url).content.decode()
    other = PublicationFactory(home=home, title_en="Pantry handbook")
    toolkit.related_resources = [RelatedResource(resource=other)]
    toolkit.save_revision().publish()
    body = client.get(url).content.decode()
    related = body.split('id="related-heading"', 1)[1]
    assert "Pantry handbook" in related and "Voucher evaluation" not in related


def test_a_preview_shows_its_own_choice_and_leaves_the_live_page_alone(client, home, toolkit):
    url = toolkit.url
    client.get(url)
    assert "Voucher evaluation" in client.get(url).content.decode()  # now remembered
    draft = ResourcePage.objects.get(pk=toolkit.pk).specific
    draft.related_resources = [
        RelatedResource(resource=PublicationFactory(home=home, title_en="Draft-only choice"))
    ]
    preview = draft.make_preview_request().content.decode()
    assert "Draft-only choice" in preview.split('id="related-heading"', 1)[1]
    live = client.get(url).content.decode().split('id="related-heading"', 1)[1]
    assert "Voucher evaluation" in live and "Draft-only choice" not in live


def test_the_documents_shown_are_still_decided_per_request(client, toolkit, django_user_model):
    """The document links are remembered with the page; who may open each is not."""
    from django.core.files.base import ContentFile
    from wagtail.models import Collection, CollectionViewRestriction

    from hub.models import HubDocument

    members = Collection.get_first_root_node().add_child(name="Members only")
    CollectionViewRestriction.objects.create(
        collection=members, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = HubDocument(title="Minutes for members", collection=members, language="en")
    document.file.save("minutes.txt", ContentFile(b"For members."), save=False)
    document.save()
    ResourceDocument.objects.create(page=toolkit, document=document)
    url = toolkit.url
    client.get(url)
    assert "Minutes for members" not in client.get(url).content.decode()
    user = django_user_model.objects.create_user("reader", password="not-secret-1")
    client.force_login(user)
    assert "Minutes for members" in client.get(url).content.decode()
    client.logout()
    assert "Minutes for members" not in client.get(url).content.decode()


def test_a_plans_figures_are_kept_until_a_figure_changes(client, home):
    """A town-centre plan's indicators and charts are worked out once per content generation
    and language; editing a figure (a content change) shows on the next request."""
    from decimal import Decimal

    from programmes.models import ResourceIndicator
    from tests.library.factories import TownCentrePlanFactory

    plan = TownCentrePlanFactory(home=home, title_en="Morlaix plan")
    figure = ResourceIndicator.objects.create(
        page=plan, label="empty shop units", label_en="empty shop units", value=Decimal(11),
        unit="percent", baseline=Decimal(14), target=Decimal(8), kind="result",
    )  # fmt: skip
    url = plan.url
    client.get(url)
    assert "empty shop units" in client.get(url).content.decode()
    figure.label_en = "vacant shop units"
    figure.save()
    body = client.get(url).content.decode()
    assert "vacant shop units" in body and "empty shop units" not in body
