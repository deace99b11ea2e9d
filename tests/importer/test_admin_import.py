"""Importing in the admin: upload a ZIP, read the dry run, import, reopen the report.

The built-in ZIP (tests/importer/zips.py) holds a Kent row and a Finistère row. A Kent editor's
dry run accepts Kent's row and refuses Finistère's with the reason; the import writes Kent's as
a draft, filed in Kent's collection, and the report stays. A moderator sees unknown themes and
chooses to create them; the same choice is the command's --create-missing.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from hub.importer import runs
from hub.models import HubDocument, ImportRun, ResourcePage, Theme
from tests.importer.zips import FINISTERE_ROW, KENT_ROW, NEW_THEME_ROW, make_zip
from tests.partners.helpers import assert_denied, assert_login

pytestmark = pytest.mark.django_db


def upload(client, data, name="legacy.zip", **fields):
    fields.setdefault("after", "draft")
    return client.post(
        reverse("hub_import_new"),
        {"archive": SimpleUploadedFile(name, data, content_type="application/zip"), **fields},
    )


def latest():
    return ImportRun.objects.latest("pk")


def rows_by_key(run, field="checked_rows"):
    return {row["key"]: row for row in getattr(run, field)}


def test_a_partner_editor_checks_then_imports_only_their_partners_rows(client, hub):
    client.force_login(hub.kent_editor)
    response = upload(client, make_zip())
    run = latest()
    assert response.status_code == 302 and response["Location"] == reverse(
        "hub_import", args=[run.pk]
    )
    assert run.partner == hub.kent and run.status == ImportRun.Status.CHECKED
    assert not ResourcePage.objects.filter(import_key__in=["kent-grocery", "finistere-mediation"])

    page = client.get(reverse("hub_import", args=[run.pk]))
    html = page.content.decode()
    assert "Dry run: what will happen" in html
    assert "Will be created" in html and "Refused" in html
    assert (
        "this row is for Département du Finistère: you can import only your own partner's"
        in html.replace("&#x27;", "'")
    )
    assert "Import 1 row" in html
    assert "Create the themes and partners" not in html  # a moderator's choice only

    response = client.post(reverse("hub_import", args=[run.pk]), {"import": "1", "after": "draft"})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and run.finished_at
    results = rows_by_key(run, "result_rows")
    assert results["kent-grocery"]["action"] == "created"
    assert results["finistere-mediation"]["action"] == "refused"
    page = ResourcePage.objects.get(import_key="kent-grocery").specific
    assert not page.live and page.owner == hub.kent_editor
    assert list(page.partners.all()) == [hub.kent]
    assert page.slug_fr == "l-epicerie-mobile"  # ASCII, like every other address
    document = page.documents.get().document
    assert document.collection == hub.kent.collection and document.language == "en"
    assert not ResourcePage.objects.filter(import_key="finistere-mediation").exists()

    # The report is kept: it opens later, with a link to the page, and is listed.
    report = client.get(reverse("hub_import", args=[run.pk])).content.decode()
    assert "What the import did" in report
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in report
    assert "legacy.zip" in client.get(reverse("hub_imports")).content.decode()

    # Pressing Import again (another tab) does not import twice.
    client.post(reverse("hub_import", args=[run.pk]), {"import": "1", "after": "draft"})
    assert ResourcePage.objects.filter(import_key="kent-grocery").count() == 1


def test_an_editor_may_submit_but_not_publish_and_cannot_create_themes(client, hub):
    client.force_login(hub.kent_editor)
    zipped = make_zip(rows=[KENT_ROW, NEW_THEME_ROW])
    response = upload(client, zipped, after="publish")
    assert response.status_code == 200 and not ImportRun.objects.exists()  # not a choice
    upload(client, zipped, after="submit", create_missing="on")
    run = latest()
    assert run.after == "submit" and not run.create_missing
    refused = rows_by_key(run)["kent-heat"]
    assert refused["action"] == "refused"
    assert "unknown theme" in str(refused["problems"])
    client.post(reverse("hub_import", args=[run.pk]), {"import": "1", "after": "publish"})
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKED  # "publish" is not a choice for an editor
    client.post(reverse("hub_import", args=[run.pk]), {"import": "1", "after": "submit"})
    page = ResourcePage.objects.get(import_key="kent-grocery")
    assert not page.live and page.workflow_in_progress
    assert not Theme.objects.filter(slug="energy-poverty").exists()


def test_a_moderator_creates_the_missing_themes_from_the_preview(client, hub):
    client.force_login(hub.moderator)
    upload(client, make_zip(rows=[KENT_ROW, NEW_THEME_ROW, FINISTERE_ROW]))
    run = latest()
    assert run.partner is None
    assert rows_by_key(run)["kent-heat"]["action"] == "refused"
    html = client.get(reverse("hub_import", args=[run.pk])).content.decode()
    assert "Unknown themes and partners" in html and "energy-poverty" in html
    client.post(reverse("hub_import", args=[run.pk]), {"recheck": "1", "create_missing": "on"})
    run.refresh_from_db()
    assert run.create_missing
    row = rows_by_key(run)["kent-heat"]
    assert row["action"] == "create"
    assert "new theme(s) will be created: energy-poverty" in str(
        [str(runs.Text.from_json(n)) for n in row["notes"]]
    )
    client.post(reverse("hub_import", args=[run.pk]), {"import": "1", "after": "publish"})
    run.refresh_from_db()
    assert [r["action"] for r in run.result_rows] == ["created", "created", "created"]
    theme = Theme.objects.get(slug="energy-poverty")
    assert theme.name_en == "Energy poverty"
    assert ResourcePage.objects.get(import_key="kent-heat").live
    finistere_doc = ResourcePage.objects.get(import_key="finistere-mediation").documents.get()
    assert finistere_doc.document.collection == hub.finistere.collection


def test_another_partners_editor_cannot_open_or_run_the_import(client, hub):
    client.force_login(hub.kent_editor)
    upload(client, make_zip())
    run = latest()
    client.force_login(hub.fin_editor)
    assert_denied(client.get(reverse("hub_import", args=[run.pk])))
    assert_denied(client.post(reverse("hub_import", args=[run.pk]), {"import": "1"}))
    assert "legacy.zip" not in client.get(reverse("hub_imports")).content.decode()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKED
    client.force_login(hub.nobody)  # staff, but no access to the admin: Wagtail's sign-in
    assert_login(client.get(reverse("hub_imports")))
    assert_login(client.get(reverse("hub_import_new")))


def test_a_key_of_another_partners_page_is_refused(client, hub):
    client.force_login(hub.moderator)
    upload(client, make_zip(rows=[FINISTERE_ROW]))
    client.post(reverse("hub_import", args=[latest().pk]), {"import": "1", "after": "draft"})
    client.force_login(hub.kent_editor)
    hijack = dict(FINISTERE_ROW, partners="Kent County Council")
    upload(client, make_zip(rows=[hijack]))
    row = rows_by_key(latest())["finistere-mediation"]
    assert row["action"] == "refused"
    assert "belongs to a resource of another partner" in str(row["problems"])


def test_a_bad_archive_is_refused_on_the_form_with_its_reason(client, hub, settings):
    client.force_login(hub.kent_editor)
    response = upload(client, make_zip(extra=[("../../escape.txt", b"x")]))
    assert response.status_code == 200
    assert "points outside the archive" in response.content.decode()
    response = upload(client, b"not a zip at all", name="manifest.zip")
    assert "This is not a ZIP file" in response.content.decode()
    response = upload(client, make_zip(rows=[]))
    assert "The manifest has no rows" in response.content.decode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.csv", "kee,kynd\nx,toolkit\n")
    response = upload(client, buffer.getvalue())
    assert "The manifest cannot be read: the manifest lacks the column(s)" in (
        response.content.decode()
    )
    assert ImportRun.objects.count() == 0
    assert not list((settings.MEDIA_ROOT / "imports").rglob("*.zip"))  # nothing kept


def test_the_report_reads_in_the_language_of_whoever_opens_it(client, hub):
    client.force_login(hub.kent_editor)
    upload(client, make_zip())
    run = latest()
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(hub.kent_editor)
    profile.preferred_language = "fr"
    profile.save()
    html = client.get(reverse("hub_import", args=[run.pk])).content.decode()
    assert "Sera créée" in html or "Sera créé" in html
    assert "Refusée" in html or "Refusé" in html
    assert "ne pouvez importer que" in html


def test_a_large_import_runs_as_a_background_job(client, hub, settings, monkeypatch):
    settings.HUB_IMPORT_INLINE_ROWS = 0
    queued = []

    # The job as the worker would get it, not run here: the test runs it itself below.
    class Queue:
        enqueue = staticmethod(queued.append)

    monkeypatch.setattr(runs, "run_import_task", Queue)
    client.force_login(hub.kent_editor)
    upload(client, make_zip())
    run = latest()
    client.post(reverse("hub_import", args=[run.pk]), {"import": "1", "after": "draft"})
    run.refresh_from_db()
    assert queued == [run.pk] and run.status == ImportRun.Status.QUEUED
    html = client.get(reverse("hub_import", args=[run.pk])).content.decode()
    assert '<meta http-equiv="refresh"' in html and "<progress" in html
    assert runs.execute(run.pk) == ImportRun.Status.DONE
    run.refresh_from_db()
    assert run.rows_done == run.rows_total == 2
    assert ResourcePage.objects.filter(import_key="kent-grocery").exists()
    assert "<progress" not in client.get(reverse("hub_import", args=[run.pk])).content.decode()


def test_the_command_has_the_same_choice(tmp_path, hub):
    with zipfile.ZipFile(io.BytesIO(make_zip(rows=[NEW_THEME_ROW]))) as archive:
        archive.extractall(tmp_path)
    out = io.StringIO()
    call_command("import_legacy", str(tmp_path / "manifest.csv"), "--no-extract", stdout=out)
    assert "unknown theme “energy-poverty”" in out.getvalue()
    assert "--create-missing" in out.getvalue()
    out = io.StringIO()
    call_command(
        "import_legacy",
        str(tmp_path / "manifest.csv"),
        "--no-extract",
        "--create-missing",
        stdout=out,
    )
    assert "1 created" in out.getvalue(), out.getvalue()
    assert Theme.objects.filter(slug="energy-poverty").exists()
    assert HubDocument.objects.filter(title="Warm homes").exists()


def test_the_shared_sample_on_an_empty_taxonomy(client, hub, tmp_path):
    """Every row refused with its reasons, then accepted once the moderator chooses to create
    the missing themes and partners."""
    from case_studies.models import CaseStudyIndexPage
    from hub.models import Partner
    from tests.importer.test_import_legacy import SAMPLE
    from tests.missing import missing
    from tests.partners.factories import add_page

    if not SAMPLE.exists():
        missing(f"the shared legacy sample is not beside the project ({SAMPLE} is missing)")
    add_page(hub.home, CaseStudyIndexPage, "case-studies")
    Theme.objects.all().delete()
    Partner.objects.exclude(pk__in=[hub.kent.pk, hub.finistere.pk]).delete()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in SAMPLE.parent.iterdir():
            archive.write(path, path.name)
    client.force_login(hub.moderator)
    upload(client, buffer.getvalue(), name="legacy-sample.zip")
    run = latest()
    assert [row["action"] for row in run.checked_rows] == ["refused"] * 5
    html = client.get(reverse("hub_import", args=[run.pk])).content.decode()
    assert "unknown theme “food-insecurity” (known themes: none yet)" in html
    assert "unknown partner “Le Dôme”" in html
    client.post(reverse("hub_import", args=[run.pk]), {"recheck": "1", "create_missing": "on"})
    run.refresh_from_db()
    assert [row["action"] for row in run.checked_rows] == ["create"] * 5
    client.post(reverse("hub_import", args=[run.pk]), {"import": "1", "after": "publish"})
    run.refresh_from_db()
    assert [row["action"] for row in run.result_rows] == ["created"] * 5
    assert Theme.objects.filter(slug="food-insecurity").exists()
    assert Partner.objects.filter(name_en="Le Dôme").get().collection is not None
    assert ResourcePage.objects.filter(import_key="cantal-pacte-solidarites", live=True).exists()
