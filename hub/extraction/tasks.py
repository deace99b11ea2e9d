"""The background task that extracts a document's text (django-tasks)."""

from django_tasks import task


@task()
def extract_document_task(document_id):
    from hub.models import HubDocument

    from .service import extract_document

    document = HubDocument.objects.filter(pk=document_id).first()
    if document is None:
        return "missing"
    return extract_document(document).extraction_status
