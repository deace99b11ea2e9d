"""Import legacy resources from a CSV manifest: one page per row, its document attached.

    manage.py import_legacy MANIFEST [--dry-run] [--publish | --draft] [--parent PAGE]

Every row is checked (files, kinds, themes, dates, keys...) before anything is written; a bad
row is reported with its row number and column and skipped, the good rows are imported, each
in its own transaction. Importing the same key again updates the page, never duplicates it.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hub.importer.apply import (
    RowFailed,
    discard_pending_files,
    extract_text,
    find_parent,
    resolve_parent,
    write_row,
)
from hub.importer.manifest import Checker, ManifestError, Problem, read_manifest


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
            "--parent",
            default="",
            help="page id or URL path under which the kind's index pages are found "
            "(default: the site's home page)",
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

    # The command ------------------------------------------------------------------------------
    def handle(self, *args, **options):
        self.tty = hasattr(self.stdout, "isatty") and self.stdout.isatty()
        manifest = Path(options["manifest"])
        dry_run = options["dry_run"]
        publish = options["publish"]
        try:
            rows = read_manifest(manifest)
        except ManifestError as exc:
            raise CommandError(str(exc)) from exc

        root = resolve_parent(options["parent"])
        if root is None:
            raise CommandError(
                f"parent page not found: “{options['parent']}” (give a page id or URL path)"
                if options["parent"]
                else "no default site: create the home page first (manage.py load_demo)"
            )

        checker = Checker(manifest.parent)
        plans = [checker.check(number, row) for number, row in rows]
        total = len(plans)
        counts = {"created": 0, "updated": 0, "skipped": 0, "errors": 0}
        mode = (
            "dry run: nothing will be changed"
            if dry_run
            else ("pages will be published" if publish else "pages will be kept as drafts")
        )
        self.stdout.write(f"{manifest.name}: {total} row(s); {mode}.")

        for done, plan in enumerate(plans, start=1):
            self._progress(done - 1, total, plan.key)
            if plan.problems:
                counts["skipped"] += 1
                counts["errors"] += len(plan.problems)
                for problem in plan.problems:
                    self._report(f"  ✗ {problem}", self.style.ERROR)
                continue
            for note in plan.notes:
                self._report(f"  · row {plan.row} ({plan.key}): {note}")
            if dry_run:
                from hub.models import ResourcePage

                exists = ResourcePage.objects.filter(import_key=plan.key).exists()
                if not exists and find_parent(root, plan.model) is None:
                    counts["skipped"] += 1
                    counts["errors"] += 1
                    message = f"there is no index page under “{root.title}” for {plan.kind} pages"
                    self._report(f"  ✗ {Problem(plan.row, 'kind', message)}", self.style.ERROR)
                    continue
                counts["updated" if exists else "created"] += 1
                verb = "would update" if exists else "would create"
                self._report(f"  ✓ row {plan.row} ({plan.key}): {verb} a {plan.kind} page")
                continue
            try:
                with transaction.atomic():
                    action, page, new_document, _notes = write_row(plan, root, publish)
            except RowFailed as exc:
                discard_pending_files(rolled_back=True)
                counts["skipped"] += 1
                counts["errors"] += 1
                self._report(f"  ✗ {Problem(plan.row, exc.column, str(exc))}", self.style.ERROR)
                continue
            except Exception as exc:  # noqa: BLE001 - one bad row must not stop the others
                discard_pending_files(rolled_back=True)
                counts["skipped"] += 1
                counts["errors"] += 1
                message = "; ".join(
                    f"{k}: {' '.join(map(str, v))}"
                    for k, v in getattr(exc, "message_dict", {}).items()
                ) or str(exc)
                self._report(
                    f"  ✗ {Problem(plan.row, '', f'could not be saved: {message}')}",
                    self.style.ERROR,
                )
                continue
            discard_pending_files(rolled_back=False)
            counts[action] += 1
            self._report(f"  ✓ row {plan.row} ({plan.key}): {action} “{page.title}” (id {page.pk})")
            if new_document is not None and not options["no_extract"]:
                try:
                    extract_text(new_document)
                except Exception as exc:  # noqa: BLE001 - the page is imported; text can wait
                    self._report(
                        f"  · row {plan.row}: text extraction did not run ({exc}); "
                        "the document stays pending"
                    )
        self._progress(total, total, "done")
        self._clear()
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
