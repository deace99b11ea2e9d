"""setup_partner_groups, the moderation workflow, the explorer, new pages and redirects."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
)

from hub.models import Partner
from hub.partners.access import MODERATORS_GROUP
from hub.partners.setup import WORKFLOW_NAME, setup_all

from .helpers import assert_allowed, assert_denied, toolkit_form_data


def _snapshot():
    return (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        Collection.objects.count(),
        Workflow.objects.count(),
        WorkflowPage.objects.count(),
        sum(g.permissions.count() for g in Group.objects.all()),
    )


def test_command_is_idempotent(world):
    before = _snapshot()
    out = io.StringIO()
    call_command("setup_partner_groups", stdout=out)
    assert _snapshot() == before
    assert "Objects created: 0" in out.getvalue()
    assert setup_all().created == 0


def test_one_group_and_collection_per_partner(world):
    for partner in Partner.objects.all():
        assert partner.editor_group.name.startswith("Partner editors: ")
        assert partner.collection.get_parent() == Collection.get_first_root_node()
    assert Group.objects.filter(partner__isnull=False).count() == Partner.objects.count()


def test_editors_add_in_sections_and_never_publish(world):
    group = world.kent.editor_group
    perms = GroupPagePermission.objects.filter(group=group)
    assert {p.permission.codename for p in perms} == {"add_page"}
    assert {p.page_id for p in perms} >= {world.toolkits.pk}
    assert world.home.pk not in {p.page_id for p in perms}


def test_moderators_publish_and_edit_redirects(world):
    group = Group.objects.get(name=MODERATORS_GROUP)
    page_perms = {p.permission.codename for p in GroupPagePermission.objects.filter(group=group)}
    assert {"add_page", "change_page", "publish_page"} <= page_perms
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_redirect", "change_redirect", "delete_redirect"} <= codenames


def test_no_hub_group_manages_users(world):
    groups = Group.objects.filter(name__startswith="Partner editors: ") | Group.objects.filter(
        name=MODERATORS_GROUP
    )
    assert not Permission.objects.filter(group__in=groups, content_type__app_label="auth")


def test_user_permissions_added_by_hand_are_removed_on_the_next_run(world):
    group = world.kent.editor_group
    group.permissions.add(Permission.objects.get(codename="add_user"))
    setup_all()
    assert not group.permissions.filter(content_type__app_label="auth").exists()


def test_workflow_covers_the_home_page(world):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert WorkflowPage.objects.get(page=world.home).workflow == workflow
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [MODERATORS_GROUP]
    assert world.kent_page.get_workflow() == workflow


def test_renamed_partner_keeps_its_group(world):
    kent = world.kent
    group_id = kent.editor_group_id
    kent.name_en = "Kent County Council (lead)"
    kent.save()
    setup_all()
    kent.refresh_from_db()
    assert kent.editor_group_id == group_id
    assert kent.editor_group.name == "Partner editors: Kent County Council (lead)"
    assert kent.collection.name == "Kent County Council (lead)"


def test_partner_created_in_the_admin_gets_its_group(client, world, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("wagtailsnippets_hub_partner:add"),
        {"name_en": "Devon County Council", "name_fr": "", "slug": "devon", "country": "GB"},
    )
    assert response.status_code == 302, response.content[:2000]
    devon = Partner.objects.get(slug="devon")
    assert devon.editor_group and devon.collection


# Moderation ---------------------------------------------------------------------------------


def test_editor_submits_and_moderator_approves(client, world):
    from toolkits.models import ToolkitPage

    page = world.kent_draft
    client.force_login(world.kent_editor)
    data = toolkit_form_data(page, summary_en="Ready", summary_fr="Prêt", **{"action-submit": "1"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    page = ToolkitPage.objects.get(pk=page.pk)
    assert page.workflow_in_progress and not page.live
    state = page.current_workflow_task_state

    client.force_login(world.moderator)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    response = client.post(url, {"comment": ""})
    assert response.status_code in (200, 302)
    page = ToolkitPage.objects.get(pk=page.pk)
    assert page.live and page.summary_fr == "Prêt"
    assert set(page.partners.values_list("slug", flat=True)) == {"kent"}


def test_editor_cannot_approve(client, world):
    page = world.kent_draft
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    workflow.start(page, world.kent_editor)
    page.refresh_from_db()
    state = page.current_workflow_task_state
    client.force_login(world.kent_editor)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    client.post(url, {"comment": ""})
    page.refresh_from_db()
    assert not page.live and page.workflow_in_progress


# New pages belong to the editor's partner ------------------------------------------------------


def test_new_page_is_filed_under_the_editor_partner(client, world):
    from toolkits.models import ToolkitPage

    client.force_login(world.kent_editor)
    url = reverse("wagtailadmin_pages:add", args=["toolkits", "toolkitpage", world.toolkits.pk])
    response = client.post(url, toolkit_form_data(summary_en="A", summary_fr="B"))
    assert response.status_code == 302
    page = ToolkitPage.objects.get(slug_en="new-toolkit")
    assert list(page.partners.values_list("slug", flat=True)) == ["kent"]
    assert page.latest_revision.content["partners"] == [world.kent.pk]
    assert not page.live
    # Its partner's colleagues may edit it; the other partner may not.
    assert_allowed(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    client.force_login(world.fin_editor)
    assert_denied(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))


def test_editor_cannot_drop_their_partner_from_a_draft(client, world):
    page = world.kent_page
    client.force_login(world.kent_editor)
    data = toolkit_form_data(page, partners=[world.finistere.pk])
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    page.refresh_from_db()
    assert world.kent.pk in page.latest_revision.content["partners"]


# Explorer -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["kent_editor", "fin_editor", "moderator"])
def test_explorer_lists_own_resources(client, world, who):
    client.force_login(getattr(world, who))
    response = client.get(reverse("wagtailadmin_explore", args=[world.toolkits.pk]))
    assert_allowed(response)
    listed = {page.pk for page in response.context["pages"]}
    kent = {world.kent_page.pk, world.kent_draft.pk}
    fin = {world.fin_page.pk, world.fin_draft.pk}
    expected = {"kent_editor": kent, "fin_editor": fin, "moderator": kent | fin}[who]
    assert listed == expected


# Legacy redirects ------------------------------------------------------------------------------


def test_moderator_edits_a_redirect_made_by_the_import(client, world, tmp_path):
    (tmp_path / "guide.txt").write_text("Un guide pour les ateliers.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "key,kind,file,title_fr,title_en,summary_fr,summary_en,language,partners,themes,"
        "country,region,published_on,video_url,source_url\n"
        "guide-1,toolkit,guide.txt,Guide,Guide,,,fr,Kent County Council,,GB,Kent,2022-01-01,,"
        "https://old.example.org/ressources/guide\n",
        encoding="utf-8",
    )
    call_command(
        "import_legacy", str(tmp_path / "manifest.csv"), "--no-extract", stdout=io.StringIO()
    )
    redirect = Redirect.objects.get(old_path="/ressources/guide")
    client.force_login(world.moderator)
    assert_allowed(client.get(reverse("wagtailredirects:edit", args=[redirect.pk])))
    client.force_login(world.kent_editor)
    assert_denied(client.get(reverse("wagtailredirects:edit", args=[redirect.pk])))
