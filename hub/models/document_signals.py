"""Keeping the search index right when documents' view restrictions change: the save triggers
of hub.models.document_access's rule, connected by HubConfig.ready() (after hub.caching's).

Above the models it reads: no model imports it.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.search import index

from .documents import HubDocument
from .resources import ResourcePage


def _collection_ids_under(collection):
    return list(
        Collection.objects.filter(path__startswith=collection.path).values_list("pk", flat=True)
    )


def reindex_collections(collection_ids):
    """Re-index the documents of these collections and every resource page linking to them."""
    documents = HubDocument.objects.filter(collection_id__in=collection_ids)
    for document in documents:
        index.insert_or_update_object(document)
    pages = ResourcePage.objects.filter(documents__document__in=documents).distinct()
    for page in pages.specific():
        index.insert_or_update_object(page)


def _on_restriction_change(sender, instance, **kwargs):
    try:
        collection = Collection.objects.get(pk=instance.collection_id)
    except Collection.DoesNotExist:
        return  # the collection itself is being deleted, with its documents
    collection_ids = _collection_ids_under(collection)
    # After the commit, once hub.caching has started a new generation (its handlers run first):
    # the memo above is then read afresh.
    transaction.on_commit(lambda: reindex_collections(collection_ids))


def _on_document_saved(sender, instance, created, **kwargs):
    """A document moved into or out of a restricted collection: its pages index it again."""
    before = getattr(instance, "_hub_loaded_collection_id", None)
    if created or before == instance.collection_id:
        return
    document_id = instance.pk
    transaction.on_commit(lambda: _reindex_pages_of(document_id))


def _reindex_pages_of(document_id):
    pages = ResourcePage.objects.filter(documents__document_id=document_id).distinct()
    for page in pages.specific():
        index.insert_or_update_object(page)


def _remember_collection(sender, instance, **kwargs):
    instance._hub_loaded_collection_id = instance.__dict__.get("collection_id")


def connect_signals():
    """Called from HubConfig.ready(), after hub.caching's handlers."""
    for signal in (post_save, post_delete):
        signal.connect(
            _on_restriction_change,
            sender=CollectionViewRestriction,
            dispatch_uid=f"hub-document-access-{id(signal)}",
        )
    post_init.connect(_remember_collection, sender=HubDocument, dispatch_uid="hub-doc-collection")
    post_save.connect(_on_document_saved, sender=HubDocument, dispatch_uid="hub-doc-moved")
