"""The admin's imports (hub.models.ImportRun): upload and dry run, then the import itself.

``start`` keeps the uploaded ZIP, unpacks it safely (hub.importer.archive) into a folder of its
own and records the dry run (a manifest uploaded alone, a CSV, takes its files from a collection
of documents the user may use instead: hub.importer.sources); ``recheck`` runs the dry run again
(a moderator chose to create the missing themes and partners); ``begin`` moves a checked import
to the queue (once, however often the button is pressed) and runs it at once when it is small,
else as a background job (``run_import_task``, defined at the end beside what it runs);
``execute`` unpacks the archive again (the worker may be another machine), checks every row
again (the hub may have changed since the preview) and writes the accepted rows through the
same code as ``manage.py import_legacy``.
"""

import logging
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as N_
from django_tasks import task

from hub.models import ImportRun
from hub.partners.access import is_moderator, user_partner_ids

from . import service
from .apply import resolve_parent
from .archive import ArchiveRefused, check_archive_size, unpack
from .manifest import ManifestError
from .sources import CollectionFiles, collections_for, collections_of_partners
from .text import Text

log = logging.getLogger("hub.importer")

# An import of at most this many rows runs in the request; a larger one as a background job.
DEFAULT_INLINE_ROWS = 10


class ImportRefused(Exception):
    """The upload cannot be imported at all (archive or manifest); ``text`` says why."""

    def __init__(self, text):
        super().__init__(str(text))
        self.text = text


class CollectionRefused(ImportRefused):
    """A manifest alone without a collection its user may use; ``text`` says why."""


def inline_rows():
    return getattr(settings, "HUB_IMPORT_INLINE_ROWS", DEFAULT_INLINE_ROWS)


def partner_scope(user):
    """None for moderators (any partner); the partner ids a partner editor imports for."""
    if is_moderator(user):
        return None
    return user_partner_ids(user)


def _root():
    root = resolve_parent("")
    if root is None:
        raise ImportRefused(Text(N_("The site has no home page yet: nothing can be imported.")))
    return root


def _scope_of(run):
    if run.partner_id is None:
        return None
    ids = set(user_partner_ids(run.user)) if run.user else set()
    return frozenset(ids | {run.partner_id})


# A ZIP file begins with a local file header, or an end record when it is empty (or spanned).
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def manifest_alone(upload):
    """A manifest uploaded alone: neither a ZIP by its first bytes nor named as one (a damaged
    "x.zip" is refused as a ZIP, with the archive's own message)."""
    position = upload.tell()
    upload.seek(0)
    head = upload.read(4)
    upload.seek(position)
    return head not in ZIP_MAGIC and not upload.name.lower().endswith(".zip")


def _prepare(run, folder):
    """The run's manifest in ``folder`` and where its files are (None: beside it, from the ZIP;
    else the chosen collection's documents, for a manifest uploaded alone, kept as .csv)."""
    with run.archive.open("rb") as stored:
        if not run.archive.name.endswith(".csv"):
            return unpack(stored, folder), None
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "manifest.csv"
        with target.open("wb") as out:
            shutil.copyfileobj(stored, out)
    return target, _collection_files(run)


def _collection_files(run):
    collection = run.files_collection
    if collection is None:
        raise ImportRefused(
            Text(N_("The collection that holds this manifest's files no longer exists."))
        )
    # Checked again at import time: an editor's import uses their partner's collections only.
    if run.partner_id is not None:
        allowed = collections_of_partners(_scope_of(run))
        if not allowed.filter(pk=collection.pk).exists():
            raise ImportRefused(
                Text(
                    N_("The collection “%(collection)s” is not your partner's."),
                    collection=collection.name,
                )
            )
    return CollectionFiles(collection)


def _dry_run(run, folder):
    manifest, files = _prepare(run, folder)
    _plans, outcome = service.check(
        manifest,
        _root(),
        create_missing=run.create_missing,
        partner_ids=_scope_of(run),
        files=files,
    )
    run.checked_rows = [row.as_json() for row in outcome.rows]
    run.rows_total = len(outcome.rows)
    run.unknown = {"themes": outcome.unknown_themes, "partners": outcome.unknown_partners}


def _checked(run):
    """Run the dry run of ``run`` in a scratch folder; raise ImportRefused for the whole file."""
    folder = Path(tempfile.mkdtemp(prefix="hub-import-")) / "files"
    try:
        _dry_run(run, folder)
        if not run.rows_total:
            raise ImportRefused(Text(N_("The manifest has no rows: nothing to import.")))
    except ArchiveRefused as exc:
        raise ImportRefused(str(exc)) from exc
    except ManifestError as exc:
        raise ImportRefused(
            Text(N_("The manifest cannot be read: %(reason)s."), reason=exc.text)
        ) from exc
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)


def start(upload, user, *, after=ImportRun.After.DRAFT, create_missing=False, collection=None):
    """A checked ImportRun for the uploaded ZIP, or ImportRefused (and nothing kept).

    A manifest uploaded alone (not a ZIP) takes its files from ``collection``, which must be
    one of ``collections_for(user)``.
    """
    message = check_archive_size(upload.size)
    if message:
        raise ImportRefused(message)
    scope = partner_scope(user)
    alone = manifest_alone(upload)
    if alone:
        if collection is None:
            raise CollectionRefused(
                Text(
                    N_(
                        "This file is a manifest alone, not a ZIP: choose the collection whose "
                        "documents it names."
                    )
                )
            )
        if not collections_for(user).filter(pk=collection.pk).exists():
            raise CollectionRefused(
                Text(
                    N_("The collection “%(collection)s” is not your partner's."),
                    collection=collection.name,
                )
            )
    run = ImportRun(
        user=user,
        archive_name=Path(upload.name).name[:255],
        after=after,
        create_missing=bool(create_missing) and scope is None,
        files_collection=collection if alone else None,
    )
    if scope is not None:
        from hub.models import Partner

        run.partner = Partner.objects.filter(pk__in=scope).order_by("pk").first()
        if run.after == ImportRun.After.PUBLISH:
            run.after = ImportRun.After.SUBMIT  # partner editors do not publish
    extension = "csv" if alone else "zip"
    run.archive.save(f"{timezone.now():%Y%m%d-%H%M%S}.{extension}", upload, save=False)
    try:
        _checked(run)
    except BaseException:
        run.archive.delete(save=False)
        raise
    run.save()
    return run


def recheck(run, *, create_missing, after=None):
    """The dry run again, with the moderator's choice to create what is missing."""
    run.create_missing = bool(create_missing) and run.partner_id is None
    if after:
        run.after = after
    _checked(run)
    run.save()
    return run


def begin(run):
    """Queue a checked import (True), or False when it was queued already."""
    with transaction.atomic():
        claimed = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.CHECKED).update(
            status=ImportRun.Status.QUEUED, rows_done=0
        )
        if not claimed:
            return False
        accepted = sum(1 for row in run.checked_rows if row["action"] in ("create", "update"))
        if accepted > inline_rows():
            run_import_task.enqueue(run.pk)
            return True
    execute(run.pk)
    return True


def execute(run_id):
    """Import a queued (or interrupted) ImportRun; returns its final status."""
    run = ImportRun.objects.filter(pk=run_id).select_related("user", "partner").first()
    if run is None or run.status in (ImportRun.Status.DONE, ImportRun.Status.CHECKED):
        return "gone" if run is None else run.status
    # A worker that died mid-import left RUNNING: going again is safe (keys update their page).
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING, rows_done=0)
    folder = Path(tempfile.mkdtemp(prefix="hub-import-")) / "files"

    def progress(done, total, _result):
        ImportRun.objects.filter(pk=run.pk).update(rows_done=done, rows_total=total)

    try:
        manifest, files = _prepare(run, folder)
        collection = run.partner.collection if run.partner_id else None
        outcome = service.run(
            manifest,
            _root(),
            after=run.after,
            create_missing=run.create_missing,
            partner_ids=_scope_of(run),
            user=run.user,
            collection=collection,
            files=files,
            extract="queue",
            on_row=progress,
        )
    except (ArchiveRefused, ManifestError, ImportRefused) as exc:
        text = getattr(exc, "text", None) or str(exc)
        run.error = text.as_json() if isinstance(text, Text) else str(text)
        run.status = ImportRun.Status.FAILED
    except Exception as exc:
        log.exception("import %s stopped", run.pk)
        run.error = Text(N_("The import stopped: %(error)s"), error=exc).as_json()
        run.status = ImportRun.Status.FAILED
    else:
        run.result_rows = [row.as_json() for row in outcome.rows]
        run.rows_total = run.rows_done = len(outcome.rows)
        run.status = ImportRun.Status.DONE
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)
    run.finished_at = timezone.now()
    run.save(
        update_fields=["error", "status", "result_rows", "rows_total", "rows_done", "finished_at"]
    )
    return run.status


def visible_runs(user):
    """The imports a user may open: every one for moderators, their partners' for editors."""
    runs = ImportRun.objects.select_related("user", "partner")
    if is_moderator(user):
        return runs
    return runs.filter(partner__in=user_partner_ids(user))


def can_import(user):
    return user.is_active and (is_moderator(user) or bool(user_partner_ids(user)))


@task()
def run_import_task(import_id):
    """The background job of a large import (django-tasks, run by hub.jobs' worker)."""
    return execute(import_id)
