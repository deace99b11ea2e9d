"""The small site the archive tests export: home, library, a publication with a public and a
restricted document, fourteen toolkits (more than a page of the library) and a page under a
password."""

import pytest
from django.core.files.base import ContentFile
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

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
