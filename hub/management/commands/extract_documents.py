"""(Re)extract the text of documents: pending ones by default, all or failed ones on request."""

from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Extract the text of documents (pending ones unless --all or --failed), then reindex."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--all", action="store_true", help="every document")
        which.add_argument(
            "--failed", action="store_true", help="documents whose extraction failed"
        )
        parser.add_argument("--id", type=int, action="append", dest="ids", help="this document")

    def handle(self, *args, **options):
        from hub.extraction.service import extract_document
        from hub.models import HubDocument

        documents = HubDocument.objects.order_by("pk")
        if options["ids"]:
            documents = documents.filter(pk__in=options["ids"])
        elif options["failed"]:
            documents = documents.filter(extraction_status=HubDocument.Extraction.FAILED)
        elif not options["all"]:
            documents = documents.filter(extraction_status=HubDocument.Extraction.PENDING)
        total = documents.count()
        counts = {}
        for number, document in enumerate(documents.iterator(), start=1):
            # One transaction per document: its reindex runs as soon as its text is saved.
            with transaction.atomic():
                extract_document(document)
            status = document.extraction_status
            counts[status] = counts.get(status, 0) + 1
            line = f"[{number}/{total}] {document.filename}: {status}"
            if document.extraction_error:
                line += f" ({document.extraction_error})"
            if options["verbosity"] >= 1:
                self.stdout.write(line)
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing"
        self.stdout.write(self.style.SUCCESS(f"{total} document(s): {summary}."))
