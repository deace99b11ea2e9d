"""A small hub for the admin's import screens: a publications section, Kent and Finistère with
their editors, a moderator (the shared home fixture brings the themes and partners)."""

from types import SimpleNamespace

import pytest

from hub.models import Partner
from hub.partners.access import MODERATORS_GROUP
from hub.partners.setup import setup_all
from tests.partners.factories import UserFactory, add_page


@pytest.fixture
def hub(home):
    from toolkits.models import PublicationIndexPage

    publications = add_page(home, PublicationIndexPage, "publications")
    setup_all()
    kent = Partner.objects.get(slug="kent")
    finistere = Partner.objects.get(slug="finistere")
    return SimpleNamespace(
        home=home,
        publications=publications,
        kent=kent,
        finistere=finistere,
        kent_editor=UserFactory(username="kent-editor", groups=[kent.editor_group.name]),
        fin_editor=UserFactory(username="fin-editor", groups=[finistere.editor_group.name]),
        moderator=UserFactory(username="moderator", groups=[MODERATORS_GROUP]),
        nobody=UserFactory(username="nobody", is_staff=True),
    )
