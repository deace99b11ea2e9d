"""The archive edition's figures: time and size of an export, of its search index, and of the
exports that follow (unchanged content the next day, then one page changed).

    .venv/bin/python bench/archive_bench.py \
        --database-url postgres://postgres@127.0.0.1:5432/hub_archive_bench --resources 1000

The database is dropped and recreated (``--reuse`` keeps one filled by an earlier run), filled
with the demo and topped up to ``--resources`` like bench/perf.py (0: the demo alone). The
edition goes to var/bench-archive/edition (or ``--workdir``). Prints one figure a line.
"""

import argparse
import datetime
import os
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.perf import log, recreate_database, setup_django, top_up  # noqa: E402


def folder_bytes(folder):
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


class Sampler:
    """A sampling profiler of the main thread (5 samples a second, next to nothing to run):
    the share of samples each function of the project is on the stack in, and the innermost
    function of any code."""

    def __init__(self):
        import collections
        import threading

        self.inside = collections.Counter()
        self.innermost = collections.Counter()
        self.samples = 0
        self.main = threading.main_thread().ident
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while not self.stop.wait(0.2):
            frame = sys._current_frames().get(self.main)
            if frame is None:
                continue
            self.samples += 1
            self.innermost[f"{Path(frame.f_code.co_filename).name}:{frame.f_code.co_name}"] += 1
            seen = set()
            while frame is not None:
                name = frame.f_code.co_filename
                if str(ROOT) in name and ".venv" not in name:
                    key = f"{Path(name).relative_to(ROOT)}:{frame.f_code.co_name}"
                    if key not in seen:
                        seen.add(key)
                        self.inside[key] += 1
                frame = frame.f_back

    def report(self):
        self.stop.set()
        self.thread.join()
        total = max(self.samples, 1)
        log(f"  samples: {self.samples}; the project's functions on the stack:")
        for key, count in self.inside.most_common(30):
            log(f"    {100 * count / total:5.1f} %  {key}")
        log("  innermost:")
        for key, count in self.innermost.most_common(15):
            log(f"    {100 * count / total:5.1f} %  {key}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL URL; it is recreated")
    parser.add_argument("--resources", type=int, default=0, help="0: the demo alone")
    parser.add_argument("--workshops", type=int, default=20)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--search-backend", default="")
    parser.add_argument("--packages", action="store_true", help="time the WACZ and the bag too")
    parser.add_argument("--workdir", default="", help="default: var/bench-archive")
    parser.add_argument(
        "--sample", action="store_true", help="where the first export spends its time"
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="processes of the crawl (default: the setting)"
    )
    args = parser.parse_args()
    workdir = Path(args.workdir) if args.workdir else ROOT / "var" / "bench-archive"
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

    def children_cpu():
        # The crawl's workers, Pagefind, wacz: counted once they have ended and been waited for.
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def run(label, **extra):
        started, cpu, sub = time.perf_counter(), time.process_time(), children_cpu()

        def progress(stage, done=0, left=0):
            # A line every 2,000 addresses: how far the crawl is, in wall and CPU time.
            if stage == "pages" and done and done % 2000 == 0:
                log(
                    f"  {done} fetched, {left} queued: {time.perf_counter() - started:.0f} s "
                    f"wall, {time.process_time() - cpu:.0f} s CPU, load {os.getloadavg()[0]:.1f}"
                )

        sampler = Sampler() if args.sample and label == "first export" else None
        result = export(dest, live_url="", progress=progress, workers=args.workers, **extra)
        seconds = time.perf_counter() - started
        stages = ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items())
        log(
            f"{label}: {seconds:.1f} s wall, {time.process_time() - cpu:.1f} s CPU of this "
            f"process + {children_cpu() - sub:.1f} s of its child processes, load average "
            f"{', '.join(f'{n:.1f}' for n in os.getloadavg())} "
            f"({stages}); {result.files} files, "
            f"{result.bytes / 1e6:.1f} MB, search index {result.index_bytes / 1e6:.2f} MB "
            f"({result.indexed['pages']} pages, {result.indexed['documents']} documents); "
            f"{result.written} written, {result.kept} unchanged; "
            + (
                f"pages rendered by {result.workers} process(es)"
                if result.rendered
                else "nothing rendered (nothing had changed)"
            )
            + (f" ({result.note})" if result.note and result.rendered else "")
        )
        if sampler:
            sampler.report()
        return result

    extra = {}
    if args.packages:
        extra = {"wacz": workdir / "edition.wacz", "bag": workdir / "bag"}
    run("first export", **extra)
    if args.packages:
        wacz = (workdir / "edition.wacz").stat().st_size
        log(f"WACZ {wacz / 1e6:.1f} MB, bag {folder_bytes(workdir / 'bag') / 1e6:.1f} MB")
    # The next day (the clock moved on by a day), the same content: nothing is rendered (the
    # fingerprint is the same), the pages keep their files and the day in their banners; only
    # the edition's own date is new.
    from django.utils import timezone

    real_now = timezone.now
    timezone.now = lambda: real_now() + datetime.timedelta(days=1)
    try:
        result = run("the next day, nothing changed")
        log(f"  written: {', '.join(sorted(result.changed)) or 'nothing'}")
    finally:
        timezone.now = real_now
    page = ResourcePage.objects.live().order_by("pk").first().specific
    page.title_en = page.title = page.title_en + " (revised)"
    page.save_revision().publish()
    result = run("again, one page changed")
    shown = sorted(result.changed)
    log(f"  written: {', '.join(shown[:80])}{' …' if len(shown) > 80 else ''}")


if __name__ == "__main__":
    main()
