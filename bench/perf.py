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
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


# Bulk content ------------------------------------------------------------------------------

WORDS_EN = [
    "food",
    "insecurity",
    "digital",
    "inclusion",
    "apprenticeship",
    "voucher",
    "town",
    "centre",
    "tourism",
    "training",
    "charity",
    "council",
    "partner",
    "workshop",
    "toolkit",
    "plan",
    "business",
    "support",
    "skills",
    "coast",
    "market",
]
WORDS_FR = [
    "précarité",
    "alimentaire",
    "inclusion",
    "numérique",
    "apprentissage",
    "bon",
    "centre-ville",
    "tourisme",
    "formation",
    "association",
    "département",
    "partenaire",
    "atelier",
    "boîte",
    "outils",
    "plan",
    "entreprises",
    "compétences",
    "côte",
]


def words(pool, n, seed):
    return " ".join(pool[(seed * 7 + i * 3) % len(pool)] for i in range(n))


def kind_models():
    """Every concrete resource kind, with its index page (the parent of new resources)."""
    from django.apps import apps

    from hub.models import ResourcePage

    kinds = []
    for model in apps.get_models():
        if issubclass(model, ResourcePage) and model is not ResourcePage and model.resource_kind:
            parent_types = model.parent_page_types or []
            parents = [apps.get_model(label) for label in parent_types]
            parent = None
            for parent_model in parents:
                parent = parent_model.objects.first()
                if parent:
                    break
            template = model.objects.live().first()
            if parent and template:
                kinds.append((model, parent.specific, template))
    return kinds


def translated_field_names():
    from modeltranslation.translator import translator

    names = set()
    for model in translator.get_registered_models():
        for field in translator.get_options_for_model(model).fields:
            names.add(field)
    return names


def clone_rows(model, parent, template, count, start_index, now, extra=None):
    """Insert ``count`` live copies of ``template`` under ``parent`` with one INSERT per table
    and batch, bypassing treebeard (whose add_child costs several queries per page)."""
    from django.db import connection, transaction
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page

    from hub.models import Partner, Place, ResourcePage, Theme

    chain = [m for m in reversed(model._meta.get_parent_list()) if not m._meta.abstract] + [model]
    last = parent.get_last_child()
    step = last._get_lastpos_in_path() if last else 0
    themes = list(Theme.objects.values_list("pk", flat=True))
    partners = list(Partner.objects.values_list("pk", flat=True))
    places = list(Place.objects.values_list("pk", flat=True))
    kind = model.resource_kind.replace("_", "-")
    objects = []
    for n in range(count):
        i = start_index + n
        obj = model()
        for level in chain:
            for field in level._meta.local_concrete_fields:
                if field.primary_key:
                    continue
                setattr(obj, field.attname, getattr(template, field.attname))
        slug_en, slug_fr = f"bench-{kind}-{i}", f"bench-{kind}-{i}-fr"
        title_en = f"{words(WORDS_EN, 4, i).capitalize()} {i}"
        title_fr = f"{words(WORDS_FR, 4, i).capitalize()} {i}"
        step += 1
        values = {
            "title": title_en,
            "title_en": title_en,
            "title_fr": title_fr,
            "draft_title": title_en,
            "slug": slug_en,
            "slug_en": slug_en,
            "slug_fr": slug_fr,
            "url_path": f"{parent.url_path}{slug_en}/",
            "url_path_en": f"{parent.url_path_en or parent.url_path}{slug_en}/",
            "url_path_fr": f"{parent.url_path_fr or parent.url_path}{slug_fr}/",
            "summary_en": words(WORDS_EN, 18, i),
            "summary_fr": words(WORDS_FR, 18, i),
            "path": Page._get_path(parent.path, parent.depth + 1, step),
            "depth": parent.depth + 1,
            "numchild": 0,
            "live": True,
            "has_unpublished_changes": False,
            "first_published_at": now,
            "last_published_at": now,
            "latest_revision_created_at": now,
            "live_revision_id": None,
            "latest_revision_id": None,
            "locked": False,
            "locked_at": None,
            "locked_by_id": None,
            "alias_of_id": None,
            "translation_key": uuid.uuid4(),
            "import_key": f"bench-{kind}-{i}",
            "legacy_url": "",
            "date": (now - timezone.timedelta(days=i % 1500)).date(),
            "in_english": True,
            "in_french": i % 5 != 0,
        }
        values.update((extra or (lambda i: {}))(i))
        for name, value in values.items():
            if hasattr(obj, name) or name.endswith("_id"):
                setattr(obj, name, value)
        objects.append(obj)

    with transaction.atomic():
        for batch_start in range(0, len(objects), 1000):
            batch = objects[batch_start : batch_start + 1000]
            base = chain[0]
            fields = [f for f in base._meta.local_concrete_fields if not f.primary_key]
            ids = base._base_manager._insert(
                batch, fields=fields, returning_fields=[base._meta.pk], using="default"
            )
            for obj, row in zip(batch, ids, strict=True):
                obj.pk = obj.id = row[0]
            parent_pk_name = base._meta.pk.attname
            for level in chain[1:]:
                for obj in batch:
                    setattr(obj, level._meta.pk.attname, getattr(obj, parent_pk_name))
                level._base_manager._insert(
                    batch, fields=list(level._meta.local_concrete_fields), using="default"
                )
            for name, pool in (("themes", themes), ("partners", partners), ("places", places)):
                if not pool:
                    continue
                rel = getattr(ResourcePage, name).through
                source, target = _through_columns(rel)
                rel.objects.bulk_create(
                    rel(**{source: obj.pk, target: pool[obj.pk % len(pool)]}) for obj in batch
                )
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(objects))
    connection.close()
    return objects


def _through_columns(through):
    """(column pointing at the resource, column pointing at the taxonomy) of an M2M table."""
    from hub.models import ResourcePage

    source = target = None
    for field in through._meta.concrete_fields:
        if not field.is_relation:
            continue
        if issubclass(ResourcePage, field.related_model):
            source = field.attname
        else:
            target = field.attname
    return source, target


def top_up(args, total_resources, total_workshops):
    """Bring the library to ``total_resources`` (workshops included) and the workshops to
    ``total_workshops``; the other kinds share the rest equally."""
    from django.utils import timezone

    from hub import caching
    from hub.models import ResourcePage

    kinds = kind_models()
    workshop = [k for k in kinds if k[0].resource_kind == "workshop_record"]
    others = [k for k in kinds if k[0].resource_kind != "workshop_record"]
    now = timezone.now()
    created = 0
    if workshop and total_workshops:
        model, parent, template = workshop[0]
        missing = total_workshops - model.objects.count()
        if missing > 0:

            def when(i):
                start = now + timezone.timedelta(days=10 + i % 400, hours=i % 8)
                return {
                    "start": start,
                    "end": start + timezone.timedelta(hours=2),
                    "registration_opens": None,
                    "registration_closes": None,
                }

            clone_rows(model, parent, template, missing, model.objects.count(), now, when)
            created += missing
    missing = total_resources - ResourcePage.objects.count()
    if missing > 0 and others:
        share = missing // len(others)
        for position, (model, parent, template) in enumerate(others):
            count = share + (missing - share * len(others) if position == 0 else 0)
            clone_rows(model, parent, template, count, model.objects.count(), now)
            created += count
    caching.invalidate()
    return created


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
    pages.append(("search", "/en/search/?q=food"))
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
