"""The Django side of text extraction: run it for a document, store the outcome, reindex.

Extraction is triggered when a document is created or its file replaced: the ``pre_save`` /
``post_save`` handlers of ``signal_handlers`` mark it pending and, once the transaction
commits, enqueue ``hub.extraction.tasks.extract_document_task`` (django-tasks: immediate in the
default setup, a worker process if TASKS says so). The parsing always happens in a child process
with limits (``runner``), so a hostile file can neither crash nor hang the process that saved it.

Settings (all optional): HUB_EXTRACTION_TIMEOUT (seconds, default 20), HUB_EXTRACTION_MEMORY_MB
(768), HUB_EXTRACTION_MAX_PAGES (500), HUB_EXTRACTION_MAX_CHARS (2,000,000) and
HUB_EXTRACT_ON_SAVE (True).
"""

import logging
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction
from wagtail.search import index

from .runner import Limits, run_extraction

logger = logging.getLogger(__name__)

ERROR_MAX_LENGTH = 500


def current_limits():
    return Limits(
        timeout=getattr(settings, "HUB_EXTRACTION_TIMEOUT", 20),
        memory_mb=getattr(settings, "HUB_EXTRACTION_MEMORY_MB", 768),
        max_pages=getattr(settings, "HUB_EXTRACTION_MAX_PAGES", 500),
        max_chars=getattr(settings, "HUB_EXTRACTION_MAX_CHARS", 2_000_000),
    )


@contextmanager
def local_copy(field_file):
    """A filesystem path for the stored file, copying it first if the storage is remote."""
    try:
        path = field_file.path
    except NotImplementedError:
        path = None
    if path is not None:
        yield Path(path)
        return
    suffix = Path(field_file.name).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        field_file.open("rb")
        try:
            shutil.copyfileobj(field_file, handle, 1024 * 1024)
        finally:
            field_file.close()
        handle.flush()
        yield Path(handle.name)


def extract_document(document, *, reindex=True):
    """Read the document's text in a child process, store it with its status; never raises."""
    from hub.models import HubDocument

    status = HubDocument.Extraction
    extension = (document.file_extension or "").lower()
    if not document.file:
        outcome_status, text, pages, error = status.FAILED, "", None, "the document has no file"
    else:
        try:
            with local_copy(document.file) as path:
                if not path.exists():
                    raise FileNotFoundError(path)
                outcome = run_extraction(path, extension, current_limits())
        except (FileNotFoundError, OSError):
            outcome_status, text, pages = status.FAILED, "", None
            error = "the file is missing from the document storage"
        else:
            outcome_status = outcome.status
            text, pages = outcome.text, outcome.page_count
            # A done extraction with notes (pages or characters left out) keeps them visible.
            error = outcome.error or "; ".join(outcome.notes)
    if outcome_status not in status.values:
        outcome_status = status.FAILED
    if outcome_status != status.DONE:
        text = ""
        logger.warning(
            "Text of document %s (%s) not extracted: %s", document.pk, document.filename, error
        )
    fields = {
        "extracted_text": text.replace("\x00", ""),
        "extraction_status": outcome_status,
        "extraction_error": error[:ERROR_MAX_LENGTH],
        "page_count": pages,
    }
    # A queryset update touches only these columns (an editor's concurrent change of the title
    # survives) and sends no post_save, so extraction never triggers itself again.
    HubDocument.objects.filter(pk=document.pk).update(**fields)
    for name, value in fields.items():
        setattr(document, name, value)
    if reindex:
        document_id = document.pk
        transaction.on_commit(lambda: reindex_document(document_id))
    return document


def reindex_document(document_id):
    """Update the search index for the document and every resource page that links to it."""
    from hub.models import HubDocument, ResourcePage

    try:
        document = HubDocument.objects.get(pk=document_id)
    except HubDocument.DoesNotExist:
        return
    index.insert_or_update_object(document)
    pages = ResourcePage.objects.filter(documents__document_id=document_id).distinct()
    for page in pages:
        index.insert_or_update_object(page)
