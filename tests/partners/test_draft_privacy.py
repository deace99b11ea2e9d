"""Another partner's drafts stay confidential in every admin screen a partner editor can open.

Kent's editor must never meet the title or the status of a Finistère draft: not in the page
search, the page chooser, the listing of a page type, site history, the reports, the admin
home, the admin API, the workflow screens, nor the registration and note filters. Their own
drafts and the sections remain where they were; moderators still see everything.
"""

import pytest

from .factories import add_workshop

pytestmark = pytest.mark.django_db

SECRET = "Secret Finistere Plan"
SECRET_WORKSHOP = "Secret Finistere Workshop"


@pytest.fixture
def drafts(world, django_capture_on_commit_callbacks):
    """A Finistère draft in moderation with history, and a Finistère draft workshop (indexed)."""
    with django_capture_on_commit_callbacks(execute=True):
        return _drafts(world)


def _drafts(world):
    draft = world.fin_draft
    draft.title = draft.title_en = draft.draft_title = SECRET
    draft.save()
    draft.save_revision(user=world.fin_editor, log_action=True)
    draft.get_workflow().start(draft, world.fin_editor)
    world.secret_workshop = add_workshop(
        world.workshops, "secret-workshop", [world.finistere], publish=False
    )
    world.secret_workshop.title = world.secret_workshop.title_en = SECRET_WORKSHOP
    world.secret_workshop.draft_title = SECRET_WORKSHOP
    world.secret_workshop.save()
    # What Kent's editor may see: the section and Kent's own draft.
    world.kent_draft.title = world.kent_draft.draft_title = "Kent Own Draft"
    world.kent_draft.save()
    return world


def _screens(w):
    return [
        "/admin/",
        "/admin/pages/search/?q=Secret",
        "/admin/pages/search/?q=Finistere",
        f"/admin/pages/{w.toolkits.pk}/?search_all=1&q=Secret",
        "/admin/pages/usage/toolkits/toolkitpage/",
        "/admin/pages/usage/workshops/workshoppage/",
        "/admin/choose-page/",
        f"/admin/choose-page/{w.toolkits.pk}/",
        f"/admin/choose-page/{w.workshops.pk}/",
        "/admin/choose-page/search/?q=Secret",
        "/admin/reports/site-history/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/locked/",
        "/admin/reports/aging-pages/",
        "/admin/reports/page-types-usage/",
        "/admin/api/main/pages/",
        f"/admin/api/main/pages/?child_of={w.toolkits.pk}",
        "/admin/api/main/pages/?search=Secret",
        "/admin/workshops/registrations/",
        "/admin/workshops/notes/",
    ]


def test_another_partners_drafts_appear_on_no_screen(client, drafts):
    client.force_login(drafts.kent_editor)
    leaks = []
    for url in _screens(drafts):
        response = client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        content = response.content.decode()
        if SECRET in content or SECRET_WORKSHOP in content:
            leaks.append(url)
    assert leaks == []


def test_the_draft_itself_is_refused(client, drafts):
    client.force_login(drafts.kent_editor)
    pk = drafts.fin_draft.pk
    # Not found (Django's locale middleware turns an admin 404 into a redirect to /en/...).
    assert client.get(f"/admin/api/main/pages/{pk}/").status_code in (302, 404)
    for url in (
        f"/admin/pages/workflow/confirm_cancellation/{pk}/",
        f"/admin/pages/{pk}/workflow_history/",
        f"/admin/pages/{pk}/history/",
        f"/admin/pages/{pk}/usage/",
        f"/admin/pages/{pk}/edit/",
        f"/admin/pages/{pk}/view_draft/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), (url, response.status_code)
        assert SECRET not in response.content.decode(), url


def test_own_drafts_and_everything_for_moderators_stay(client, drafts):
    client.force_login(drafts.kent_editor)
    assert (
        "Kent Own Draft" in client.get("/admin/pages/usage/toolkits/toolkitpage/").content.decode()
    )
    assert client.get(f"/admin/api/main/pages/{drafts.kent_draft.pk}/").status_code == 200
    choices = client.get(f"/admin/choose-page/{drafts.toolkits.pk}/").content.decode()
    assert "Kent Own Draft" in choices
    # Other partners' published resources can still be chosen as related resources.
    assert drafts.fin_page.title in choices
    client.force_login(drafts.moderator)
    for url in (
        "/admin/pages/usage/toolkits/toolkitpage/",
        "/admin/reports/workflow/",
        "/admin/pages/search/?q=Secret",
        "/admin/choose-page/search/?q=Secret",
    ):
        assert SECRET in client.get(url).content.decode(), url
    assert client.get(f"/admin/api/main/pages/{drafts.fin_draft.pk}/").status_code == 200
    pk = drafts.fin_draft.pk
    assert client.get(f"/admin/pages/workflow/confirm_cancellation/{pk}/").status_code == 200
    filters = client.get("/admin/workshops/registrations/").content.decode()
    assert SECRET_WORKSHOP in filters
