"""Reports > Archive edition: moderators start an export, follow it and download the result;
anyone else is refused."""

import io
import zipfile

from django.contrib.auth.models import Group, Permission
from wagtail.users.models import UserProfile

from archive.models import ArchiveExport
from hub.demo import load_library
from hub.partners.access import MODERATORS_GROUP

URL = "/admin/archive-edition/"


def admin_user(django_user_model, name, moderator):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw-123-abc")
    if moderator:
        user.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_only_moderators_reach_the_archive_screen(home, client, django_user_model):
    assert client.get(URL).status_code == 302  # to the admin's sign-in
    client.force_login(admin_user(django_user_model, "editor", moderator=False))
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    for response in (client.get(URL), client.post(URL), client.get(URL + "download/zip/")):
        assert response.status_code == 302 and response.url == "/admin/"
    assert not ArchiveExport.objects.exists()


def test_a_moderator_exports_follows_and_downloads(
    home, client, django_user_model, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.VAR_DIR = tmp_path
    load_library(home)
    client.force_login(admin_user(django_user_model, "mod", moderator=True))
    page = client.get(URL)
    assert page.status_code == 200
    assert b"Start an export" in page.content
    # The tests' task backend runs the job after the commit (the worker does in production).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL)
    assert response.status_code == 302
    response = client.get(URL)
    assert response.status_code == 200
    export = ArchiveExport.objects.get()
    assert export.status == ArchiveExport.Status.DONE, export.error
    assert export.files > 10 and export.size > 0
    assert "Finished" in response.content.decode()
    assert b"Start an export" in response.content  # none running any more
    download = client.get(URL + "download/zip/")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert "index.html" in names and "en/library/index.html" in names
    wacz = client.get(URL + "download/wacz/")
    assert wacz.status_code == 200


def test_a_running_export_says_what_it_is_doing(home, client, django_user_model):
    """The progress line a moderator follows, in their language, refreshed every 5 seconds."""
    moderator = admin_user(django_user_model, "mod", moderator=True)
    client.force_login(moderator)
    ArchiveExport.objects.create(
        requested_by=moderator,
        status=ArchiveExport.Status.RUNNING,
        stage="pages",
        done=120,
        left=80,
    )
    page = client.get(URL).content.decode()
    assert "Running" in page and "rendering the pages" in page
    assert "120 addresses done, 80 to go" in page
    assert 'http-equiv="refresh"' in page and "Start an export" not in page
    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = "fr"
    profile.save()
    assert "rendu des pages" in client.get(URL).content.decode()
