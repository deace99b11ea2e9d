"""Import legacy resources from a CSV manifest: one page per row, its document attached.

    manage.py import_legacy MANIFEST [--dry-run] [--publish | --draft] [--create-missing]
        [--parent PAGE] [--from-collection NAME]

Every row is checked (files, kinds, themes, dates, keys...) before anything is written; a bad
row is reported with its row number and column and skipped, the good rows are imported, each
in its own transaction. Importing the same key again updates the page, never duplicates it.
With ``--from-collection``, the files are documents already in that collection (matched by
their file name) and the pages link them, as the admin does for a manifest uploaded alone.
The admin's import (hub.importer.admin_views) runs the same code (hub.importer.service).
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hub.importer import service
from hub.importer.apply import resolve_parent
from hub.importer.manifest import ManifestError
from hub.importer.sources import CollectionFiles


class Command(BaseCommand):
    help = "Import legacy resources (pages + documents) from a CSV manifest."

    def add_arguments(self, parser):
        parser.add_argument("manifest", help="the CSV manifest; files are relative to it")
        parser.add_argument(
            "--dry-run", action="store_true", help="check everything, change nothing"
        )
        state = parser.add_mutually_exclusive_group()
        state.add_argument(
            "--publish", dest="publish", action="store_true", help="publish the pages"
        )
        state.add_argument(
            "--draft",
            dest="publish",
            action="store_false",
            help="keep the pages as drafts for review (the default)",
        )
        parser.set_defaults(publish=False)
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="create the themes and partners the manifest names but the hub lacks "
            "(otherwise their rows are refused)",
        )
        parser.add_argument(
            "--parent",
            default="",
            help="page id or URL path under which the kind's index pages are found "
            "(default: the site's home page)",
        )
        parser.add_argument(
            "--from-collection",
            default="",
            metavar="NAME",
            help="take each row's file from the documents of this collection (name or id) and "
            "its sub-collections, by file name, instead of beside the manifest",
        )
        parser.add_argument(
            "--strict", action="store_true", help="exit with an error status if any row failed"
        )
        parser.add_argument(
            "--no-extract", action="store_true", help="do not extract the documents' text now"
        )

    # Output helpers -------------------------------------------------------------------------
    def _progress(self, done, total, label=""):
        if not self.tty or total == 0:
            return
        width = 30
        filled = int(width * done / total)
        bar = "#" * filled + "-" * (width - filled)
        self.stdout.write(f"\r[{bar}] {done}/{total} {label[:40]:<40}", ending="")
        self.stdout.flush()

    def _clear(self):
        if self.tty:
            self.stdout.write("\r" + " " * 90 + "\r", ending="")

    def _report(self, text, style=None):
        self._clear()
        self.stdout.write(style(text) if style else text)

    def _row(self, result, dry_run):
        for problem in result.problems:
            self._report(f"  ✗ {problem}", self.style.ERROR)
        if result.accepted:
            for note in result.notes:
                self._report(f"  · row {result.row} ({result.key}): {note}")
        if result.action in (service.CREATE, service.UPDATE):
            verb = "would update" if result.action == service.UPDATE else "would create"
            self._report(f"  ✓ row {result.row} ({result.key}): {verb} a {result.kind} page")
        elif result.action in (service.CREATED, service.UPDATED):
            self._report(
                f"  ✓ row {result.row} ({result.key}): {result.action} “{result.title}” "
                f"(id {result.page_id})"
            )

    def _collection(self, value):
        from wagtail.models import Collection

        found = list(
            Collection.objects.filter(pk=int(value))
            if value.isdigit()
            else Collection.objects.filter(name__iexact=value.strip())
        )
        if len(found) == 1:
            return found[0]
        if found:
            ids = ", ".join(str(c.pk) for c in found)
            raise CommandError(
                f"{len(found)} collections are called “{value}”: give the id of one ({ids})"
            )
        names = ", ".join(Collection.objects.filter(depth__gt=1).values_list("name", flat=True))
        raise CommandError(f"no collection called “{value}” (collections: {names or 'none'})")

    # The command ------------------------------------------------------------------------------
    def handle(self, *args, **options):
        self.tty = hasattr(self.stdout, "isatty") and self.stdout.isatty()
        manifest = Path(options["manifest"])
        dry_run = options["dry_run"]
        publish = options["publish"]
        root = resolve_parent(options["parent"])
        if root is None:
            raise CommandError(
                f"parent page not found: “{options['parent']}” (give a page id or URL path)"
                if options["parent"]
                else "no default site: create the home page first (manage.py load_demo)"
            )
        files = None
        if options["from_collection"]:
            files = CollectionFiles(self._collection(options["from_collection"]))
        mode = (
            "dry run: nothing will be changed"
            if dry_run
            else ("pages will be published" if publish else "pages will be kept as drafts")
        )
        header = []

        def on_row(done, total, result):
            if not header:
                header.append(True)
                self.stdout.write(f"{manifest.name}: {total} row(s); {mode}.")
            if result is not None:
                self._row(result, dry_run)
            self._progress(done, total, result.key if result else "")

        try:
            outcome = service.run(
                manifest,
                root,
                dry_run=dry_run,
                after="publish" if publish else "draft",
                create_missing=options["create_missing"],
                files=files,
                extract="none" if options["no_extract"] else "now",
                on_row=on_row,
            )
        except ManifestError as exc:
            raise CommandError(str(exc)) from exc
        if dry_run:
            for result in outcome.rows:
                self._row(result, dry_run)
        elif not outcome.rows:
            self.stdout.write(f"{manifest.name}: 0 row(s); {mode}.")
        self._clear()
        counts = outcome.counts
        missing = outcome.unknown_themes + outcome.unknown_partners
        if missing and not options["create_missing"]:
            self.stdout.write(
                "Unknown themes or partners ("
                + ", ".join(missing)
                + "): create them in the admin, or run again with --create-missing."
            )
        summary = (
            f"{'Dry run' if dry_run else 'Import'} finished: {counts['created']} "
            f"{'to create' if dry_run else 'created'}, {counts['updated']} "
            f"{'to update' if dry_run else 'updated'}, {counts['skipped']} skipped, "
            f"{counts['errors']} error(s)."
        )
        style = self.style.SUCCESS if not counts["errors"] else self.style.WARNING
        self.stdout.write(style(summary))
        if options["strict"] and counts["errors"]:
            sys.exit(1)
