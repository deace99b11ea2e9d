"""The archive edition's figures: time and size of an export, of its search index, and of the
exports that follow (unchanged content, then one page changed).

    .venv/bin/python bench/archive_bench.py \
        --database-url postgres://postgres@127.0.0.1:5432/hub_archive_bench --resources 1000

The database is dropped and recreated (``--reuse`` keeps one filled by an earlier run), filled
with the demo and topped up to ``--resources`` like bench/perf.py (0: the demo alone). The
edition goes to var/bench-archive/edition. Prints one figure a line.
"""

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.perf import log, recreate_database, setup_django, top_up  # noqa: E402


def folder_bytes(folder):
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL URL; it is recreated")
    parser.add_argument("--resources", type=int, default=0, help="0: the demo alone")
    parser.add_argument("--workshops", type=int, default=20)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--search-backend", default="")
    parser.add_argument("--packages", action="store_true", help="time the WACZ and the bag too")
    args = parser.parse_args()
    workdir = ROOT / "var" / "bench-archive"
    log(f"# Archive edition benchmark ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs)")
    log(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    if not args.reuse:
        shutil.rmtree(workdir, ignore_errors=True)
        recreate_database(args.database_url)
    workdir.mkdir(parents=True, exist_ok=True)
    setup_django(args, workdir)
    from django.core.management import call_command

    if not args.reuse:
        call_command("migrate", "--noinput", verbosity=0)
        call_command("load_demo", "--no-admin", verbosity=0)
        if args.resources:
            top_up(args, args.resources, args.workshops)
    from archive.edition import export
    from hub.models import ResourcePage

    log(f"resources: {ResourcePage.objects.live().count()}")
    dest = workdir / "edition"
    shutil.rmtree(dest, ignore_errors=True)

    def run(label, **extra):
        started = time.perf_counter()
        result = export(dest, live_url="", **extra)
        seconds = time.perf_counter() - started
        stages = ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items())
        log(
            f"{label}: {seconds:.1f} s ({stages}); {result.files} files, "
            f"{result.bytes / 1e6:.1f} MB, search index {result.index_bytes / 1e6:.2f} MB "
            f"({result.indexed['pages']} pages, {result.indexed['documents']} documents); "
            f"{result.written} written, {result.kept} unchanged"
        )
        return result

    extra = {}
    if args.packages:
        extra = {"wacz": workdir / "edition.wacz", "bag": workdir / "bag"}
    run("first export", **extra)
    if args.packages:
        wacz = (workdir / "edition.wacz").stat().st_size
        log(f"WACZ {wacz / 1e6:.1f} MB, bag {folder_bytes(workdir / 'bag') / 1e6:.1f} MB")
    run("again, nothing changed")
    page = ResourcePage.objects.live().order_by("pk").first().specific
    page.title_en = page.title = page.title_en + " (revised)"
    page.save_revision().publish()
    run("again, one page changed")


if __name__ == "__main__":
    main()
