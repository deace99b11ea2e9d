"""The permission matrix: each user, each admin area, their own partner's object and another's.

Users: the Kent editor, the Finistère editor, a hub moderator and an anonymous visitor.
"own" is the Kent editor's partner (Kent) and "other" is Finistère; for the Finistère editor
the roles swap, so both editors are checked symmetrically.
"""

import pytest
from django.urls import reverse

from .helpers import assert_allowed, assert_denied, check

USERS = ["kent_editor", "fin_editor", "moderator", "anonymous"]


def login(client, world, who):
    if who != "anonymous":
        client.force_login(getattr(world, who))
    return client


def own_and_other(world, who, kent_obj, fin_obj):
    """(object of the user's partner, object of the other partner); Kent first otherwise."""
    if who == "fin_editor":
        return fin_obj, kent_obj
    return kent_obj, fin_obj


def expected(who, whose):
    if who == "anonymous":
        return "login"
    if who == "moderator":
        return "allow"
    return "allow" if whose == "own" else "deny"


# Pages -----------------------------------------------------------------------------------

PAGE_VIEWS = {
    # area: (url name, which page: "live" or "draft")
    "edit": ("wagtailadmin_pages:edit", "live"),
    "delete": ("wagtailadmin_pages:delete", "draft"),
    "move": ("wagtailadmin_pages:move", "draft"),
    "copy": ("wagtailadmin_pages:copy", "live"),
    "revisions": ("wagtailadmin_pages:history", "live"),
    "preview": ("wagtailadmin_pages:view_draft", "live"),
    "unpublish": ("wagtailadmin_pages:unpublish", "live"),
}


def _page_expected(who, whose, area):
    result = expected(who, whose)
    # Taking a page off the site is a publishing decision: moderators only.
    if area == "unpublish" and who in ("kent_editor", "fin_editor"):
        return "deny"
    return result


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("area", list(PAGE_VIEWS))
def test_pages(client, world, who, area):
    url_name, state = PAGE_VIEWS[area]
    if state == "live":
        own, other = own_and_other(world, who, world.kent_page, world.fin_page)
    else:
        own, other = own_and_other(world, who, world.kent_draft, world.fin_draft)
    login(client, world, who)
    for whose, page in (("own", own), ("other", other)):
        response = client.get(reverse(url_name, args=[page.pk]))
        check(response, _page_expected(who, whose, area))


@pytest.mark.parametrize("who", USERS)
def test_create_in_a_section(client, world, who):
    """Sections are shared by kind: every partner editor may add a toolkit there."""
    url = reverse("wagtailadmin_pages:add", args=["toolkits", "toolkitpage", world.toolkits.pk])
    response = login(client, world, who).get(url)
    check(response, "login" if who == "anonymous" else "allow")


@pytest.mark.parametrize("who", ["kent_editor", "fin_editor"])
def test_editors_create_nothing_outside_the_sections(client, world, who):
    url = reverse("wagtailadmin_pages:add", args=["hub", "standardpage", world.home.pk])
    assert_denied(login(client, world, who).get(url))
    assert_denied(client.get(reverse("wagtailadmin_pages:edit", args=[world.home.pk])))
    assert_denied(client.get(reverse("wagtailadmin_pages:edit", args=[world.toolkits.pk])))


@pytest.mark.parametrize("who", ["kent_editor", "fin_editor"])
def test_editors_cannot_delete_or_move_a_live_page_of_their_own(client, world, who):
    own, _other = own_and_other(world, who, world.kent_page, world.fin_page)
    login(client, world, who)
    assert_denied(client.get(reverse("wagtailadmin_pages:delete", args=[own.pk])))
    assert_denied(client.get(reverse("wagtailadmin_pages:move", args=[own.pk])))


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("whose", ["own", "other"])
def test_publish(client, world, who, whose):
    """Publishing from the editor: only moderators publish; editors' request is refused."""
    from toolkits.models import ToolkitPage

    own, other = own_and_other(world, who, world.kent_draft, world.fin_draft)
    page = own if whose == "own" else other
    data = {
        "title_en": "Published title",
        "title_fr": "Titre publié",
        "slug_en": page.slug_en,
        "slug_fr": page.slug_fr,
        "licence": "cc-by-4.0",
        "in_english": "on",
        "in_french": "on",
        "action-publish": "action-publish",
    }
    for prefix in ("documents", "related_resources", "comments"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    for stream in ("body_en", "body_fr"):
        data[f"{stream}-count"] = "0"
    response = login(client, world, who).post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), data
    )
    page = ToolkitPage.objects.get(pk=page.pk)
    if who == "moderator":
        assert response.status_code == 302
        assert page.live
    else:
        assert not page.live
        if who == "anonymous":
            check(response, "login")
        elif whose == "other":
            assert_denied(response)


@pytest.mark.parametrize("who", USERS)
def test_revision_view(client, world, who):
    """The revision preview and comparison follow the page's edit permission."""
    for whose in ("own", "other"):
        own, other = own_and_other(world, who, world.kent_page, world.fin_page)
        page = own if whose == "own" else other
        revision = page.latest_revision
        url = reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk])
        client.logout()
        check(login(client, world, who).get(url), expected(who, whose))


# Documents, images and snippets --------------------------------------------------------------

MEDIA = {
    "document-edit": ("wagtaildocs:edit", "kent_doc", "fin_doc"),
    "document-delete": ("wagtaildocs:delete", "kent_doc", "fin_doc"),
    "image-edit": ("wagtailimages:edit", "kent_image", "fin_image"),
    "image-delete": ("wagtailimages:delete", "kent_image", "fin_image"),
    "partner-snippet-edit": ("wagtailsnippets_hub_partner:edit", "kent", "finistere"),
}


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("area", list(MEDIA))
def test_media_and_snippets(client, world, who, area):
    url_name, kent_attr, fin_attr = MEDIA[area]
    own, other = own_and_other(world, who, getattr(world, kent_attr), getattr(world, fin_attr))
    login(client, world, who)
    for whose, obj in (("own", own), ("other", other)):
        response = client.get(reverse(url_name, args=[obj.pk]))
        check(response, expected(who, whose))


@pytest.mark.parametrize("who", USERS)
def test_media_listings_show_only_the_partner_collection(client, world, who):
    login(client, world, who)
    response = client.get(reverse("wagtaildocs:index"))
    if who == "anonymous":
        check(response, "login")
        return
    assert_allowed(response)
    titles = {doc.title for doc in response.context["documents"]}
    if who == "moderator":
        assert {"Kent doc", "Finistère doc"} <= titles
    else:
        own, other = own_and_other(world, who, world.kent_doc, world.fin_doc)
        assert own.title in titles
        assert other.title not in titles


@pytest.mark.parametrize("who", ["kent_editor", "fin_editor"])
def test_editors_upload_only_into_their_collection(client, world, who):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hub.models import HubDocument

    login(client, world, who)
    form = client.get(reverse("wagtaildocs:add")).context["form"]
    own, other = own_and_other(world, who, world.kent, world.finistere)
    # With a single collection to choose from, Wagtail files the upload there silently.
    if "collection" in form.fields:
        choices = {int(v) for v, _label in form.fields["collection"].choices if v}
        assert choices == {own.collection_id}
    upload = SimpleUploadedFile("minutes.txt", b"Minutes of the meeting.")
    data = {"title": "Minutes", "file": upload, "language": "en"}
    response = client.post(reverse("wagtaildocs:add"), {**data, "collection": other.collection_id})
    assert response.status_code in (200, 302)
    assert not HubDocument.objects.filter(collection=other.collection, title="Minutes").exists()


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize(
    "url_name", ["wagtailsnippets_hub_theme:add", "wagtailsnippets_hub_place:add"]
)
def test_taxonomy_is_for_moderators(client, world, who, url_name):
    response = login(client, world, who).get(reverse(url_name))
    check(response, {"anonymous": "login", "moderator": "allow"}.get(who, "deny"))


# Users: administrators only ---------------------------------------------------------------


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("url_name", ["wagtailusers_users:index", "wagtailusers_groups:index"])
def test_nobody_but_administrators_manages_users(client, world, who, url_name, admin_user):
    from django.contrib.auth.models import Group, Permission
    from django.test import Client

    response = login(client, world, who).get(reverse(url_name))
    check(response, "login" if who == "anonymous" else "deny")
    hub_groups = Group.objects.filter(user__in=[world.kent_editor, world.moderator])
    assert not Permission.objects.filter(group__in=hub_groups, content_type__app_label="auth")
    administrator = Client()
    administrator.force_login(admin_user)
    assert_allowed(administrator.get(reverse(url_name)))


# Reports ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", USERS)
def test_missing_translations_report_access(client, world, who):
    response = login(client, world, who).get(reverse("hub_missing_translations"))
    check(response, "login" if who == "anonymous" else "allow")


WAGTAIL_REPORTS = [
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:workflow",
    "wagtailadmin_reports:workflow_tasks",
    "wagtailadmin_reports:aging_pages",
    "wagtailadmin_reports:locked_pages",
]


@pytest.mark.parametrize("who", USERS)
def test_wagtail_reports_show_editors_their_partner_pages_only(client, world, who):
    """Site history, workflows, aging and locked pages: never another partner's page title
    (scoped by the page permission policy of hub.partners), or refused."""
    from wagtail.models import Page

    for page in (world.kent_page, world.fin_page):
        Page.objects.filter(pk=page.pk).update(locked=True)  # the locked pages report
    login(client, world, who)
    own, other = own_and_other(world, who, world.kent_page, world.fin_page)
    for url_name in WAGTAIL_REPORTS:
        response = client.get(reverse(url_name))
        if who == "anonymous":
            check(response, "login")
            continue
        if who == "moderator":
            assert_allowed(response)
        elif response.status_code == 302:
            assert_denied(response)  # not theirs to open (the locked pages need "unlock")
        else:
            assert_allowed(response)
            assert other.title not in response.content.decode(), url_name


@pytest.mark.parametrize("who", USERS)
def test_redirects_are_for_moderators(client, world, who):
    response = login(client, world, who).get(reverse("wagtailredirects:index"))
    check(response, {"anonymous": "login", "moderator": "allow"}.get(who, "deny"))


# Registrations and notes (workshops) -------------------------------------------------------


def _workshop_objects(world):
    pytest.importorskip("workshops.models")
    from workshops.models import Note, Registration

    objects = {}
    for attr, workshop in (("kent", world.kent_workshop), ("fin", world.fin_workshop)):
        registration = Registration.objects.create(
            workshop=workshop,
            status=Registration.CONFIRMED,
            name=f"{attr} person",
            email=f"{attr}@example.org",
            language="en",
        )
        note = Note.objects.create(workshop=workshop, registration=registration, body="A note")
        objects[attr] = (registration, note)
    return objects


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("area", ["registration-inspect", "note-inspect", "note-edit"])
def test_registrations_and_notes(client, world, who, area):
    objects = _workshop_objects(world)
    kind, view = area.split("-")
    index = 0 if kind == "registration" else 1
    own, other = own_and_other(world, who, objects["kent"][index], objects["fin"][index])
    name = "workshop_registrations" if kind == "registration" else "workshop_notes"
    login(client, world, who)
    for whose, obj in (("own", own), ("other", other)):
        response = client.get(reverse(f"{name}:{view}", args=[obj.pk]))
        check(response, expected(who, whose))


@pytest.mark.parametrize("who", USERS)
def test_registration_listing_shows_only_the_partner_workshops(client, world, who):
    objects = _workshop_objects(world)
    response = login(client, world, who).get(reverse("workshop_registrations:index"))
    if who == "anonymous":
        check(response, "login")
        return
    assert_allowed(response)
    listed = {obj.pk for obj in response.context["object_list"]}
    kent_reg, fin_reg = objects["kent"][0], objects["fin"][0]
    if who == "moderator":
        assert {kent_reg.pk, fin_reg.pk} <= listed
    else:
        own, other = own_and_other(world, who, kent_reg, fin_reg)
        assert own.pk in listed and other.pk not in listed


@pytest.mark.parametrize("who", ["kent_editor", "fin_editor"])
def test_editors_cannot_approve_another_partner_note(client, world, who):
    from workshops.models import Note

    objects = _workshop_objects(world)
    own, other = own_and_other(world, who, objects["kent"][1], objects["fin"][1])
    login(client, world, who).post(reverse("workshop_notes:approve", args=[other.pk]))
    assert Note.objects.get(pk=other.pk).status == Note.PENDING


# Imports (hub.importer.admin_views) --------------------------------------------------------


def _import_run(partner):
    from django.core.files.base import ContentFile

    from hub.models import ImportRun

    run = ImportRun(partner=partner, archive_name=f"{partner.slug}.zip")
    run.archive.save("matrix.zip", ContentFile(b"PK"), save=False)
    run.save()
    return run


@pytest.mark.parametrize("who", USERS)
def test_import_screens(client, world, who):
    """Editors and moderators import; a report opens for its partner's editors and moderators."""
    login(client, world, who)
    for url_name in ("hub_imports", "hub_import_new", "hub_import_template"):
        check(client.get(reverse(url_name)), "login" if who == "anonymous" else "allow")
    own, other = own_and_other(world, who, _import_run(world.kent), _import_run(world.finistere))
    for whose, run in (("own", own), ("other", other)):
        check(client.get(reverse("hub_import", args=[run.pk])), expected(who, whose))
        response = client.post(reverse("hub_import", args=[run.pk]), {"import": "1"})
        if expected(who, whose) == "deny":
            assert_denied(response)


@pytest.mark.parametrize("who", USERS)
def test_import_a_manifest_alone_from_a_collection(client, world, who):
    """A manifest uploaded alone takes its files from the user's partner's collection; another
    partner's collection is refused to an editor (nothing recorded), any allowed to a moderator."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hub.models import ImportRun
    from tests.importer.zips import manifest_csv

    login(client, world, who)
    own, other = own_and_other(world, who, world.kent, world.finistere)
    own_doc, _other_doc = own_and_other(world, who, world.kent_doc, world.fin_doc)
    row = {
        "key": "matrix-row",
        "kind": "toolkit",
        "file": own_doc.file.name.rsplit("/", 1)[-1],
        "title_en": "From the collection",
        "language": "en",
        "partners": own.name_en,
    }
    for whose, partner in (("own", own), ("other", other)):
        before = ImportRun.objects.count()
        upload = SimpleUploadedFile("manifest.csv", manifest_csv([row]).encode(), "text/csv")
        response = client.post(
            reverse("hub_import_new"),
            {"archive": upload, "after": "draft", "collection": partner.collection_id},
        )
        if who == "anonymous":
            check(response, "login")
        elif expected(who, whose) == "allow":
            assert response.status_code == 302, response.status_code
            run = ImportRun.objects.latest("pk")
            assert run.files_collection_id == partner.collection_id
            if whose == "own":  # its own partner's document is found by its file name
                assert run.checked_rows[0]["action"] == "create", run.checked_rows
        else:
            assert response.status_code == 200 and ImportRun.objects.count() == before
