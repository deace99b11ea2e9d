"""Performance figures of the hub on PostgreSQL, printed with the commands that produced them.

    .venv/bin/python bench/perf.py --database-url postgres://postgres@127.0.0.1:5432/hub_bench \
        --resources 10000 --workshops 100

The database named in --database-url is DROPPED and recreated. In one run the script:

1. migrates it and loads the demo (`load_demo`);
2. tops the library up to 100 resources (bulk inserts, all kinds, both languages) and measures
   in-process render time (median of --requests requests with django.test.Client, DEBUG off)
   and query count of each page;
3. tops it up to --resources resources and --workshops workshops, rebuilds the search index,
   and measures the same pages again;
4. serves the site with gunicorn (2 workers) on 127.0.0.1 and measures requests per second
   and p50/p99 latency with wrk for the same pages and /bench/ping/ (a trivial cached view, the
   ceiling of the machine): once without the page cache, once with it (a Redis cache shared
   by the workers when the redis package and server are there, else a file cache).

wrk comes from Debian (`apt-get install wrk`, done by .ci/system-deps); without it, step 4 is
skipped with a message. Targets: < 15 ms median and <= 12 queries per page at both sizes;
>= 150 rps on a resource page and >= 100 rps on the library without the page cache; with it,
a resource page at >= half the rate of /bench/ping/.
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bulk_content import top_up  # noqa: E402

TARGET_MS = 15.0
TARGET_QUERIES = 12


def log(message=""):
    print(message, flush=True)


# Database set-up ------------------------------------------------------------------------


def recreate_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        sys.exit(f"unexpected database name: {name!r}")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(args, workdir):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=args.database_url,
        HUB_VAR_DIR=str(workdir),
        SEARCH_INDEX_DIR=str(workdir / "search-index"),
        MEDIA_ROOT=str(workdir / "media"),
        PAGE_CACHE_SECONDS="0",
    )
    if args.search_backend:
        os.environ["SEARCH_BACKEND"] = args.search_backend
    import django

    django.setup()


# Measurements ------------------------------------------------------------------------------


def pages_to_measure():
    from django.utils import translation
    from django.utils.timezone import now

    from hub.models import LibraryPage, ResourcePage

    pages = [("home", "/en/")]
    library = LibraryPage.objects.live().first()
    with translation.override("en"):
        if library:
            pages.append(("library", library.url))
            pages.append(("library filtered", library.url + "?kind=toolkit&theme=food-insecurity"))
            pages.append(
                ("library by programme", library.url + "?programme=c-care&theme=food-insecurity")
            )
        for kind, _label in ResourcePage._meta.get_field("kind").choices:
            resource = (
                ResourcePage.objects.live()
                .filter(kind=kind)
                .exclude(import_key__startswith="bench-")
                .order_by("pk")
                .first()
            )
            if resource:
                pages.append((f"resource: {kind}", resource.specific.url))
        from django.apps import apps

        workshop_model = apps.get_model("workshops", "WorkshopPage")
        upcoming = (
            workshop_model.objects.live()
            .filter(start__gte=now())
            .exclude(import_key__startswith="bench-")
            .order_by("start")
            .first()
        )
        if upcoming:
            pages.append(("workshop (upcoming)", upcoming.url))
    from programmes.models import ProgrammePage

    programme = ProgrammePage.objects.live().filter(slug="c-care").first()
    if programme:
        with translation.override("en"):
            pages.append(("programme page", programme.url))
            # The index's cards and the map of every programme's partners.
            pages.append(("programme index", programme.get_parent().url))
    pages.append(("search", "/en/search/?q=food"))
    pages.append(("search by programme", "/en/search/?q=food&programme=c-care"))
    pages.append((FRESH_SEARCH, "/en/search/?q=food"))
    return pages


# The search page remembers the matches of recent queries; this row forgets them before each
# request, so it measures a query asked for the first time (in-process only: wrk repeats one).
FRESH_SEARCH = "search (first time)"


def _forget_searches(label):
    if label == FRESH_SEARCH:
        from hub.search.matching import recent_matches

        recent_matches.clear()


def measure_in_process(requests):
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    rows = []
    for label, url in pages_to_measure():
        for _ in range(3):  # warm the template and connection caches
            client.get(url)
        timings, cpu = [], []
        for _ in range(requests):
            _forget_searches(label)
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        _forget_searches(label)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        count = len(queries.captured_queries)
        reset_queries()
        rows.append(
            (
                label,
                url,
                response.status_code,
                statistics.median(timings),
                count,
                statistics.median(cpu),
            )
        )
    return rows


def print_in_process(title, rows, requests):
    log(f"\n## {title}: in-process, median of {requests} requests (django.test.Client, DEBUG off)")
    # CPU ms: this process's own CPU time per request (not the database's), which moves far
    # less than the wall time when other work shares the machine; the verdict is on wall time.
    log(f"{'page':<28} {'status':>6} {'median ms':>10} {'cpu ms':>7} {'queries':>8}  verdict  url")
    for label, url, status, median, queries, cpu in rows:
        ok = median < TARGET_MS and queries <= TARGET_QUERIES and status == 200
        log(
            f"{label:<28} {status:>6} {median:>10.2f} {cpu:>7.2f} {queries:>8}  "
            f"{'ok' if ok else 'MISSED':<7}  {url}"
        )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def shared_cache_url(workdir):
    try:
        import redis

        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
        return "redis://127.0.0.1:6379/7"
    except Exception:  # noqa: BLE001 - any failure means: use the file cache
        return f"file://{workdir / 'page-cache'}"


def run_gunicorn(args, workdir, page_cache_seconds, cache_url):
    port = free_port()
    env = dict(
        os.environ,
        PAGE_CACHE_SECONDS=str(page_cache_seconds),
        CACHE_URL=cache_url,
        PYTHONPATH=str(ROOT),
    )
    command = [
        sys.executable, "-m", "gunicorn", "bench.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning",
    ]  # fmt: skip
    log_file = open(workdir / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed in stop()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=log_file)
    base = f"http://127.0.0.1:{port}"
    import urllib.request

    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/bench/ping/", timeout=2)  # noqa: S310 - loopback
            break
        except OSError:
            time.sleep(0.2)
    printable = (
        f"PAGE_CACHE_SECONDS={page_cache_seconds} CACHE_URL={cache_url} "
        f"DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL={args.database_url} "
        + " ".join(command[1:])
    )
    return proc, log_file, base, printable


def wrk(url, duration, connections):
    command = [
        "wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url,
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=False).stdout

    def latency(pct):
        match = re.search(rf"^\s*{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not match:
            return float("nan")
        value, unit = float(match[1]), match[2]
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rps": float(rps[1]) if rps else 0.0,
        "p50": latency(50),
        "p99": latency(99),
        "errors": int(non2xx[1]) if non2xx else 0,
        "command": " ".join(command),
    }


def throughput(args, workdir, pages, label, page_cache_seconds, cache_url):
    proc, log_file, base, server_command = run_gunicorn(
        args, workdir, page_cache_seconds, cache_url
    )
    log(f"\n## {label}: gunicorn 2 workers, wrk {args.duration}s, {args.connections} connections")
    log(f"server: {server_command}")
    results = {}
    try:
        for name, url in [("ping (cached view)", "/bench/ping/"), *pages]:
            result = wrk(base + url, args.duration, args.connections)
            results[name] = result
            log(
                f"{name:<28} {result['rps']:>8.1f} req/s  p50 {result['p50']:>7.2f} ms  "
                f"p99 {result['p99']:>7.2f} ms  non-2xx {result['errors']}   "
                f"[{result['command']}]"
            )
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log_file.close()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL URL; it is recreated")
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--workshops", type=int, default=100)
    parser.add_argument("--small", type=int, default=100, help="the first, small library size")
    parser.add_argument("--requests", type=int, default=50, help="in-process requests per page")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--search-backend", default="", help="override SEARCH_BACKEND")
    parser.add_argument("--skip-wrk", action="store_true")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep a database filled by an earlier run: skip the set-up and the small library",
    )
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("--database-url must be a PostgreSQL URL")

    # The search index and logs of the run; kept for --reuse (var/ is not versioned).
    workdir = ROOT / "var" / "bench"
    log(f"# Hub benchmark ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs)")
    log(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    log(f"work folder: {workdir}")
    if not args.reuse:
        shutil.rmtree(workdir, ignore_errors=True)
        recreate_database(args.database_url)
    workdir.mkdir(parents=True, exist_ok=True)
    setup_django(args, workdir)
    from django.conf import settings
    from django.core.management import call_command

    log(f"search backend: {settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND']}")
    from hub.models import ResourcePage

    small = []
    if not args.reuse:
        started = time.perf_counter()
        call_command("migrate", "--noinput", verbosity=0)
        call_command("load_demo", "--no-admin", verbosity=0)
        log(f"migrate + load_demo: {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        top_up(args, args.small, 0)
        log(
            f"library at {ResourcePage.objects.count()} resources "
            f"({time.perf_counter() - started:.1f} s)"
        )
        call_command("update_index", verbosity=0)
        small = measure_in_process(args.requests)
        print_in_process(f"{ResourcePage.objects.count()} resources", small, args.requests)

    started = time.perf_counter()
    created = top_up(args, args.resources, args.workshops)
    from django.apps import apps

    n_workshops = apps.get_model("workshops", "WorkshopPage").objects.count()
    log(
        f"\nlibrary at {ResourcePage.objects.count()} resources, {n_workshops} workshops "
        f"(bulk insert {time.perf_counter() - started:.1f} s)"
    )
    started = time.perf_counter()
    if created or not args.reuse:
        call_command("update_index", verbosity=0)
        log(f"update_index: {time.perf_counter() - started:.1f} s")
    large = measure_in_process(args.requests)
    print_in_process(f"{ResourcePage.objects.count()} resources", large, args.requests)

    if args.skip_wrk:
        return
    if not shutil.which("wrk"):
        log("\nwrk not found: install it (apt-get install wrk, or .ci/system-deps); skipped.")
        return
    from django.db import connections

    connections.close_all()
    pages = [(label, url) for label, url, *_ in large if label != FRESH_SEARCH]
    uncached = throughput(args, workdir, pages, "without page cache", 0, "locmem://")
    cache_url = shared_cache_url(workdir)
    cached = throughput(args, workdir, pages, f"with page cache ({cache_url})", 300, cache_url)

    log("\n## Targets")
    resource = next((k for k in uncached if k.startswith("resource: toolkit")), None)
    checks = []
    if resource:
        checks.append((f"uncached {resource} >= 150 req/s", uncached[resource]["rps"] >= 150))
        ceiling = cached["ping (cached view)"]["rps"]
        checks.append(
            (
                f"cached {resource} >= half of ping ({cached[resource]['rps']:.0f} vs "
                f"{ceiling:.0f})",
                cached[resource]["rps"] >= ceiling / 2,
            )
        )
    checks.append(
        ("uncached library >= 100 req/s", uncached.get("library", {}).get("rps", 0) >= 100)
    )
    for rows, size in ((small, "small"), (large, "large")):
        if not rows:
            continue
        slow = [r[0] for r in rows if r[3] >= TARGET_MS or r[4] > TARGET_QUERIES]
        checks.append((f"every page < {TARGET_MS} ms and <= {TARGET_QUERIES} queries ({size}): "
                       f"{', '.join(slow) or 'all'}", not slow))  # fmt: skip
    for text, ok in checks:
        log(f"{'ok    ' if ok else 'MISSED'} {text}")


if __name__ == "__main__":
    main()
