"""manage.py export_archive DEST: the static archive edition of the public hub (archive/)."""

from django.core.management.base import BaseCommand, CommandError

from archive.edition import export
from archive.exporter import ExportError


class Command(BaseCommand):
    help = (
        "Export the public hub, in both languages, as a static edition in DEST that any static "
        "host serves (offline search included); optionally as a WACZ and a BagIt bag too. "
        "Exporting again into the same folder rewrites only what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("dest", help="the edition's folder (created, or a previous edition)")
        parser.add_argument(
            "--base-url",
            default="",
            help="where the edition will be served, for the sitemap, feeds and JSON-LD "
            "(default: the live hub's address, which the edition replaces)",
        )
        live = parser.add_mutually_exclusive_group()
        live.add_argument("--live-url", default=None, help="the live hub's address in the banner")
        live.add_argument(
            "--no-live-url", action="store_true", help="the live hub no longer exists"
        )
        parser.add_argument("--wacz", help="also write this WACZ web archive")
        parser.add_argument("--bag", help="also write a BagIt bag in this folder")
        parser.add_argument(
            "--check", action="store_true", help="check every link of the edition afterwards"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="processes that render the pages (default: ARCHIVE_WORKERS, else one per "
            "CPU, at most 4; 1: this process only)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="render every page even if nothing has changed since the previous export",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        live_url = "" if options["no_live_url"] else options["live_url"]
        last = {"stage": None}

        def progress(stage, done=0, left=0):
            if stage != last["stage"]:
                last["stage"] = stage
                self.stdout.write(f"· {stage}")
            elif self.verbosity > 1 and done % 100 == 0:
                self.stdout.write(f"  {done} done, {left} to go")

        try:
            result = export(
                options["dest"],
                base_url=options["base_url"],
                live_url=live_url,
                wacz=options["wacz"],
                bag=options["bag"],
                check=options["check"],
                progress=progress if self.verbosity else None,
                workers=options["workers"],
                force=options["force"],
            )
        except (ExportError, FileExistsError) as error:
            raise CommandError(str(error)) from error
        seconds = sum(result.seconds.values())
        self.stdout.write(
            f"Edition in {result.dest}: {result.files} files, {result.bytes / 1e6:.1f} MB "
            f"(search index {result.index_bytes / 1e6:.1f} MB: {result.indexed.get('pages', 0)} "
            f"pages, {result.indexed.get('documents', 0)} documents) in {seconds:.1f} s; "
            f"{result.written} written, {result.kept} unchanged, {result.removed} removed."
        )
        if not result.rendered:
            self.stdout.write(f"Nothing rendered: {result.note}.")
        elif result.workers > 1:
            self.stdout.write(f"Pages rendered by {result.workers} processes.")
        elif result.note:
            self.stdout.write(f"Pages rendered in this process only: {result.note}.")
        if result.left_out and self.verbosity > 1:
            for name, why in sorted(result.left_out.items()):
                self.stdout.write(f"  left out {name}: {why}")
        if result.wacz:
            self.stdout.write(f"WACZ: {result.wacz}")
        if result.bag:
            self.stdout.write(f"BagIt bag: {result.bag}")
        if result.links is not None:
            links = result.links
            if links.ok:
                self.stdout.write(
                    f"Links: {links.links} checked in {links.pages} pages, all inside the edition "
                    f"({len(links.outbound)} outbound links to other sites)."
                )
            else:
                for name, url in links.broken[:50]:
                    self.stderr.write(f"  broken: {name} -> {url}")
                for name, url in links.foreign_loads[:50]:
                    self.stderr.write(f"  loads from another host: {name} -> {url}")
                for name in links.inline_scripts[:50]:
                    self.stderr.write(f"  inline script: {name}")
                raise CommandError("The edition's link check failed (above).")
