"""The save triggers of text extraction: a new document or a replaced file is marked pending
and, once the transaction commits, its extraction is queued (``tasks``, which runs ``service``).

Connected by HubConfig.ready(); the service never imports them back (as modelsearch keeps its
index signals in ``signal_handlers``).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_init, post_save, pre_save

from hub.models import HubDocument

from .tasks import extract_document_task

logger = logging.getLogger("hub.extraction.service")


def _stored_name(instance):
    value = instance.__dict__.get("file")
    return getattr(value, "name", value)


def remember_file(sender, instance, **kwargs):
    """post_init: remember which file the document had when loaded, to see it replaced."""
    instance._hub_loaded_file = _stored_name(instance)


def mark_pending(sender, instance, raw=False, **kwargs):
    """pre_save: a new document or a replaced file needs (re)extraction."""
    if raw:
        return
    is_new = instance._state.adding
    replaced = not is_new and _stored_name(instance) != getattr(instance, "_hub_loaded_file", None)
    if is_new or replaced:
        instance.extraction_status = sender.Extraction.PENDING
        instance.extraction_error = ""
        if replaced:
            instance.extracted_text = ""
            instance.page_count = None
        instance._hub_needs_extraction = True


def schedule_extraction(sender, instance, raw=False, **kwargs):
    """post_save: once the transaction commits, extract the document's text."""
    if raw or not getattr(instance, "_hub_needs_extraction", False):
        return
    instance._hub_needs_extraction = False
    instance._hub_loaded_file = _stored_name(instance)
    if not getattr(settings, "HUB_EXTRACT_ON_SAVE", True):
        return
    if getattr(instance, "_hub_extracted_by_caller", False):
        return  # the code that saved it extracts the text itself (the legacy importer)
    document_id = instance.pk
    transaction.on_commit(lambda: enqueue_extraction(document_id))


def enqueue_extraction(document_id):
    try:
        extract_document_task.enqueue(document_id)
    except Exception:
        # The document stays "pending": `manage.py extract_documents` picks it up later.
        logger.exception("Could not enqueue text extraction for document %s", document_id)


def connect_signals():
    """Called from HubConfig.ready()."""
    post_init.connect(remember_file, sender=HubDocument, dispatch_uid="hub_extraction_init")
    pre_save.connect(mark_pending, sender=HubDocument, dispatch_uid="hub_extraction_pre")
    post_save.connect(schedule_extraction, sender=HubDocument, dispatch_uid="hub_extraction_post")
