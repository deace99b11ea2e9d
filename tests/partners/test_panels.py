"""The admin home shows each partner what needs them, and moderators everything."""

import pytest
from django.urls import reverse
from wagtail.models import Workflow

from hub.models import HubDocument
from hub.partners.setup import WORKFLOW_NAME


@pytest.fixture
def busy_world(world):
    """Something to do for each partner: submitted drafts, failed documents, registrations."""
    from workshops.models import Note, Registration

    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    for page, user in ((world.kent_draft, world.kent_editor), (world.fin_draft, world.fin_editor)):
        page.save_revision(user=user)
        workflow.start(page, user)
    HubDocument.objects.filter(pk__in=[world.kent_doc.pk, world.fin_doc.pk]).update(
        extraction_status=HubDocument.Extraction.FAILED, extraction_error="Scanned PDF"
    )
    for workshop, count in ((world.kent_workshop, 3), (world.fin_workshop, 1)):
        for n in range(count):
            registration = Registration.objects.create(
                workshop=workshop,
                status=Registration.CONFIRMED,
                name=f"Person {n}",
                email=f"p{n}-{workshop.pk}@example.org",
                language="en",
            )
        Note.objects.create(workshop=workshop, registration=registration, body=f"Note {workshop}")
    Registration.objects.create(
        workshop=world.kent_workshop,
        status=Registration.WAITING,
        name="Late person",
        email="late@example.org",
        position=1,
        language="fr",
    )
    return world


def _home(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def _panel(html, panel_id):
    start = html.index(f'id="{panel_id}')
    end = html.find("</section>", start)
    return html[start : end if end != -1 else None]


def test_partner_editor_sees_their_own_work(client, busy_world):
    w = busy_world
    html = _home(client, w.kent_editor)
    awaiting = _panel(html, "hub-awaiting-moderation")
    assert w.kent_draft.title_en in awaiting and w.fin_draft.title_en not in awaiting
    missing = _panel(html, "hub-missing-translations")
    assert w.kent_page.title_en in missing and w.fin_page.title_en not in missing
    assert f"?partner={w.kent.pk}" in missing
    failed = _panel(html, "hub-failed-documents")
    assert "Kent doc" in failed and "Finistère doc" not in failed
    assert "Scanned PDF" in failed
    workshops = _panel(html, "hub-upcoming-workshops")
    assert w.kent_workshop.title_en in workshops and w.fin_workshop.title_en not in workshops
    assert "<td data-registrations>3</td>" in workshops
    assert "<td data-waiting>1</td>" in workshops
    notes = _panel(html, "hub-notes-to-moderate")
    assert "Note " in notes and str(w.fin_workshop) not in notes


def test_the_other_partner_sees_theirs(client, busy_world):
    w = busy_world
    html = _home(client, w.fin_editor)
    assert w.fin_draft.title_en in _panel(html, "hub-awaiting-moderation")
    assert w.kent_draft.title_en not in _panel(html, "hub-awaiting-moderation")
    assert "<td data-registrations>1</td>" in _panel(html, "hub-upcoming-workshops")
    assert "Kent doc" not in _panel(html, "hub-failed-documents")


def test_moderator_sees_every_partner(client, busy_world):
    w = busy_world
    html = _home(client, w.moderator)
    awaiting = _panel(html, "hub-awaiting-moderation")
    assert w.kent_draft.title_en in awaiting and w.fin_draft.title_en in awaiting
    failed = _panel(html, "hub-failed-documents")
    assert "Kent doc" in failed and "Finistère doc" in failed


def test_quiet_panels_say_there_is_nothing_to_do(client, world):
    html = _home(client, world.kent_editor)
    assert "No draft is waiting for a moderator." in html
    assert "The text of every document was extracted." in html


def test_home_query_count_is_bounded(client, busy_world, django_assert_max_num_queries):
    client.force_login(busy_world.kent_editor)
    client.get(reverse("wagtailadmin_home"))
    with django_assert_max_num_queries(80):
        client.get(reverse("wagtailadmin_home"))
