"""A small hub with two partners (Kent, Finistère), their editors, a moderator and content."""

from types import SimpleNamespace

import pytest
from django.apps import apps

from hub.models import Partner
from hub.partners.access import MODERATORS_GROUP
from hub.partners.setup import setup_all

from .factories import DocumentFactory, ImageFactory, UserFactory, add_page, add_workshop


def _has_workshops():
    try:
        apps.get_model("workshops", "WorkshopPage")
        apps.get_model("workshops", "WorkshopIndexPage")
    except LookupError:
        return False
    return True


@pytest.fixture
def world(home, settings, replays):
    """Built once per test process, replayed after that (tests/snapshot.py)."""
    return replays.load("partners-world", lambda: _world(home), settings, inputs=[home])


def _world(home):
    from toolkits.models import ToolkitIndexPage, ToolkitPage

    kent = Partner.objects.get(slug="kent")
    finistere = Partner.objects.get(slug="finistere")
    toolkits = add_page(home, ToolkitIndexPage, "toolkits")
    w = SimpleNamespace(home=home, kent=kent, finistere=finistere, toolkits=toolkits)
    w.kent_page = add_page(toolkits, ToolkitPage, "kent-toolkit", [kent], summary_en="Kent")
    w.fin_page = add_page(
        toolkits, ToolkitPage, "finistere-toolkit", [finistere], summary_fr="Finistère"
    )
    w.kent_draft = add_page(toolkits, ToolkitPage, "kent-draft", [kent], publish=False)
    w.fin_draft = add_page(toolkits, ToolkitPage, "finistere-draft", [finistere], publish=False)
    w.workshops = None
    if _has_workshops():
        from workshops.models import WorkshopIndexPage

        w.workshops = add_page(home, WorkshopIndexPage, "workshops")
        w.kent_workshop = add_workshop(w.workshops, "kent-workshop", [kent])
        w.fin_workshop = add_workshop(w.workshops, "finistere-workshop", [finistere])
    setup_all()
    kent.refresh_from_db()
    finistere.refresh_from_db()
    w.kent_editor = UserFactory(username="kent-editor", groups=[kent.editor_group.name])
    w.fin_editor = UserFactory(username="fin-editor", groups=[finistere.editor_group.name])
    w.moderator = UserFactory(username="moderator", groups=[MODERATORS_GROUP])
    w.kent_doc = DocumentFactory(collection=kent.collection, title="Kent doc")
    w.fin_doc = DocumentFactory(collection=finistere.collection, title="Finistère doc")
    w.kent_image = ImageFactory(collection=kent.collection, title="Kent image")
    w.fin_image = ImageFactory(collection=finistere.collection, title="Finistère image")
    return w
