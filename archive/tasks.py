"""The admin's export, run by the task worker: the edition, its ZIP and its WACZ in
``HUB_VAR_DIR/archive/`` (the folder is rewritten incrementally, as the command does)."""

import shutil
import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks import task


def archive_dir():
    return Path(settings.VAR_DIR) / "archive"


def download_path(kind):
    return archive_dir() / {"zip": "edition.zip", "wacz": "edition.wacz"}[kind]


@task()
def export_archive_task(export_id):
    from .edition import export
    from .models import ArchiveExport

    rows = ArchiveExport.objects.filter(pk=export_id)
    if not rows.update(status=ArchiveExport.Status.RUNNING, stage="pages"):
        return "missing"
    last = {"at": 0.0}

    def progress(stage, done=0, left=0):
        # A row update a second at most: the admin's page shows it, the export is not slowed.
        now = time.monotonic()
        if now - last["at"] >= 1 or not done:
            last["at"] = now
            rows.update(stage=stage, done=done, left=left)

    started = time.perf_counter()
    folder = archive_dir()
    try:
        # The WACZ is made again only if the edition's files changed (archive.edition).
        result = export(folder / "edition", wacz=download_path("wacz"), progress=progress)
        if result.written or result.removed or not download_path("zip").is_file():
            rows.update(stage="zip")
            zipped = shutil.make_archive(str(folder / "edition.partial"), "zip", folder / "edition")
            shutil.move(zipped, download_path("zip"))
    except Exception as error:
        rows.update(
            status=ArchiveExport.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    rows.update(
        status=ArchiveExport.Status.DONE,
        stage="",
        files=result.files,
        size=result.bytes,
        written=result.written,
        seconds=time.perf_counter() - started,
        finished_at=timezone.now(),
    )
    return "done"
