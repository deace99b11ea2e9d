"""Search benchmark: our Whoosh backend against the built-in database backend, same data.

    .venv/bin/python bench/search_bench.py [--n 10000] [--rounds 5] [--publishes 15]
        [--database-url postgres://postgres@127.0.0.1:5432/hub] [--backends whoosh,database]

While iterating: ``--keep`` keeps the SQLite work folder, ``--reuse FOLDER`` measures again in
it (no migrate, no generate) and ``--no-rebuild`` queries the index as it is; ``--backends
whoosh`` skips the (slow) database backend. A reported run measures both, on the same data.

It works on a throwaway database and index: a temporary SQLite file by default; with
--database-url (or DATABASE_URL) pointing at PostgreSQL it creates a fresh database named
``<name>_searchbench_<pid>`` on that server and drops it at the end. Nothing else is touched.

It generates --n bilingual resources (title, summary and a document's extracted text, French
or English, with themes and partners), then for each backend reports:

- full rebuild time (``update_index``: every indexed model, resources + documents + the rest);
- time added to a page publish (save_revision + publish with the index update, minus the same
  without it; medians of --publishes each, the two kinds interleaved);
- p50/p95 latency of a mixed query set: one and two words, French and English (with and
  without the language limit on Whoosh), each with the first page of 10 results, the count,
  a facet on "kind" and a highlighted excerpt per result.

Targets for Whoosh at 10,000 resources: p95 < 50 ms, rebuild < 60 s, publish overhead < 150 ms.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search_corpus import generate  # noqa: E402

QUERIES = [
    ("apprentissage", "fr"),
    ("numerique", "fr"),
    ("programmes", "fr"),
    ("patrimoine", None),
    ("mobilité douce", "fr"),
    ("apprentissages numeriques", None),
    ("centre ville", "fr"),
    ("rénovation urbaine", None),
    ("circuits courts", "fr"),
    ("fonds européen", None),
    ("heritage", "en"),
    ("training", None),
    ("digital inclusion", "en"),
    ("town centre", None),
    ("food insecurity", "en"),
    ("apprenticeships", "en"),
    ("coastal tourism", None),
    ("open data", "en"),
    ("workshop", None),
    ("evaluation", None),
]


def log(message=""):
    print(message, flush=True)


# Throwaway database ---------------------------------------------------------------------------


def prepare_database(url, workdir):
    """(database URL to use, cleanup function)."""
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{workdir / 'bench.sqlite3'}", lambda: None
    import psycopg

    parts = urlsplit(url)
    base = parts.path.lstrip("/") or "hub"
    if not re.fullmatch(r"[A-Za-z0-9_]+", base):
        sys.exit(f"unexpected database name: {base!r}")
    name = f"{base}_searchbench_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def setup_django(database_url, workdir):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="hub.settings.test",
        DATABASE_URL=database_url,
        HUB_VAR_DIR=str(workdir),
        SEARCH_BACKEND="whoosh",
    )
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = workdir / "media"
    settings.LOGGING_CONFIG = None


def set_backend(conf, auto_update=True):
    from django.conf import settings

    settings.WAGTAILSEARCH_BACKENDS = {"default": dict(conf, AUTO_UPDATE=auto_update)}


# Measurements ---------------------------------------------------------------------------------


def children_cpu():
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def rebuild():
    """(wall seconds, CPU seconds) of ``update_index``: the CPU of this process and of the
    index writers it forks (not the database server's)."""
    from io import StringIO

    from django.core.management import call_command

    started, started_cpu = time.perf_counter(), time.process_time()
    started_children = children_cpu()
    call_command("update_index", verbosity=0, stdout=StringIO())
    cpu = time.process_time() - started_cpu + children_cpu() - started_children
    return time.perf_counter() - started, cpu


def run_query(query, language):
    from hub.models import ResourcePage
    from hub.search import search
    from hub.search.excerpts import excerpt

    results = search(ResourcePage.objects.live(), query, language=language)
    page = list(results[:10])
    total = results.count()
    results.facet("kind")  # timed: the search page asks for it
    for resource in page:
        excerpt(resource.summary_fr if language == "fr" else resource.summary_en, query, language)
    return total, [resource.pk for resource in page]


def run_site_query(query, language):
    """What the search page asks on a first-time query: the matches (with the other
    language's terms where the site expands queries), then the first page of results with
    their excerpts."""
    from django.utils import translation

    from hub.search.hits import load_hits
    from hub.search.matching import site_matches

    language = language or "en"
    with translation.override(language):
        ids = site_matches(query, language).ids
        load_hits(ids[:10], query, language)
    return len(ids), ids[:10]


def query_latencies(rounds, run=run_query):
    for query, language in QUERIES:  # warm caches (searchers, analysers, SQLite pages)
        run(query, language)
    timings, cpu, totals, firsts = [], [], {}, {}
    for _ in range(rounds):
        for query, language in QUERIES:
            started, started_cpu = time.perf_counter(), time.process_time()
            total, first = run(query, language)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            totals[(query, language)] = total
            firsts[f"{query} [{language or 'both'}]"] = first
    return percentiles(timings), percentiles(cpu), len(timings), totals, firsts


def max_rss_mb(children=False):
    import resource

    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024


def percentiles(values):
    values = sorted(values)
    p95 = values[min(len(values) - 1, max(0, int(round(0.95 * len(values))) - 1))]
    return statistics.median(values), p95


def publish_times(count, conf):
    """Median publish time without and with the index update, interleaved.

    Publishes alternate between the two settings (each on its own page), so a change in the
    machine's load during the run weighs on both alike instead of on one series.
    """
    from hub.models import ResourcePage

    pages = list(ResourcePage.objects.order_by("pk")[: 2 * count])
    times = {False: [], True: []}
    cpu = {False: [], True: []}
    for i, page in enumerate(pages):
        with_index = bool(i % 2)
        set_backend(conf, auto_update=with_index)
        page.summary_en = f"{page.summary_en} updated {i}"
        started, started_cpu = time.perf_counter(), time.process_time()
        page.save_revision().publish()
        times[with_index].append((time.perf_counter() - started) * 1000)
        cpu[with_index].append((time.process_time() - started_cpu) * 1000)
    set_backend(conf)
    return {key: (statistics.median(times[key]), statistics.median(cpu[key])) for key in times}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="resources to generate")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--rounds", type=int, default=5, help="passes over the query set")
    parser.add_argument("--publishes", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--backends",
        default="whoosh,database",
        help="comma-separated backends to measure (whoosh, database); the report needs both",
    )
    parser.add_argument(
        "--reuse",
        metavar="FOLDER",
        help="SQLite only: measure again in a folder kept by --keep (no migrate, no generate)",
    )
    parser.add_argument(
        "--no-rebuild", action="store_true", help="with --reuse: query the index as it is"
    )
    parser.add_argument(
        "--hits",
        metavar="FILE",
        help="write the first 10 keys of every query (search and site search) to FILE as JSON, "
        "to compare two versions' results on one data set",
    )
    args = parser.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if set(backends) - {"whoosh", "database"} or not backends:
        parser.error("--backends takes whoosh and/or database")

    if args.reuse:
        workdir = Path(args.reuse)
        database_url, cleanup = f"sqlite:///{workdir / 'bench.sqlite3'}", lambda: None
        args.keep = True
    else:
        workdir = Path(tempfile.mkdtemp(prefix="hub-search-bench-"))
        database_url, cleanup = prepare_database(args.database_url, workdir)
    try:
        setup_django(database_url, workdir)
        from django.core.management import call_command
        from django.db import connection

        whoosh = {"BACKEND": "hub.search.backends.whoosh", "PATH": str(workdir / "whoosh-index")}
        database = {"BACKEND": "modelsearch.backends.database"}
        set_backend(whoosh, auto_update=False)
        log(f"database: {connection.vendor} (throwaway), work folder {workdir}")
        if not args.reuse:
            started = time.perf_counter()
            call_command("migrate", interactive=False, verbosity=0)
            log(f"migrated in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            generate(args.n)
            log(
                f"generated {args.n} resources + {args.n} documents in "
                f"{time.perf_counter() - started:.1f} s"
            )

        report, hits = {}, {}
        confs = {"whoosh": whoosh, "database": database}
        for name in backends:
            conf = confs[name]
            set_backend(conf)
            load = os.getloadavg()[0]
            seconds, cpu = (0.0, 0.0) if args.no_rebuild else rebuild()
            log(
                f"[{name}] rebuild {seconds:.1f} s, CPU {cpu:.1f} s "
                f"(load average {load:.1f} before, {os.getloadavg()[0]:.1f} after)"
            )
            (p50, p95), (c50, c95), count, totals, firsts = query_latencies(args.rounds)
            log(
                f"[{name}] {count} queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
                f"(CPU p50 {c50:.1f}, p95 {c95:.1f})"
            )
            if name == "whoosh":
                (s50, s95), (sc50, sc95), count, _, site_firsts = query_latencies(
                    args.rounds, run_site_query
                )
                hits[name] = {"search": firsts, "site search": site_firsts}
                log(
                    f"[{name}] site search (search page, first time): p50 {s50:.1f} ms, "
                    f"p95 {s95:.1f} ms (CPU p50 {sc50:.1f}, p95 {sc95:.1f})"
                )
            medians = publish_times(args.publishes, conf)
            (without, without_cpu), (with_index, with_cpu) = medians[False], medians[True]
            log(
                f"[{name}] publish median {without:.1f} ms without index, {with_index:.1f} ms "
                f"with (+{with_index - without:.1f} ms; CPU +{with_cpu - without_cpu:.1f} ms)"
            )
            report[name] = {
                "rebuild": seconds,
                "rebuild_cpu": cpu,
                "p50": p50,
                "p95": p95,
                "cpu_p50": c50,
                "cpu_p95": c95,
                "publish": without,
                "added": with_index - without,
                "added_cpu": with_cpu - without_cpu,
                "totals": totals,
            }

        log()
        log(
            f"Search benchmark: {args.n} bilingual resources + {args.n} documents, "
            f"{connection.vendor}, {len(QUERIES)} queries x {args.rounds} rounds, "
            f"{os.cpu_count()} CPUs, load average now {os.getloadavg()[0]:.1f}"
        )
        log(
            f"{'backend':<10}{'rebuild s':>10}{'rb cpu s':>9}{'p50 ms':>8}{'p95 ms':>8}"
            f"{'cpu p50':>9}{'cpu p95':>9}{'publish ms':>11}{'+index ms':>10}{'+index cpu':>11}"
        )
        for name, r in report.items():
            log(
                f"{name:<10}{r['rebuild']:>10.1f}{r['rebuild_cpu']:>9.1f}{r['p50']:>8.1f}{r['p95']:>8.1f}"
                f"{r['cpu_p50']:>9.1f}{r['cpu_p95']:>9.1f}{r['publish']:>11.1f}"
                f"{r['added']:>10.1f}{r['added_cpu']:>11.1f}"
            )
        if "whoosh" in report:
            w = report["whoosh"]
            verdict = {True: "OK", False: "MISSED"}
            log(
                f"targets (whoosh): p95 < 50 ms {verdict[w['p95'] < 50]}; "
                f"rebuild < 60 s {verdict[w['rebuild'] < 60]}; "
                f"publish overhead < 150 ms {verdict[w['added'] < 150]}"
            )
        log(
            f"peak memory of this process (max RSS): {max_rss_mb():.0f} MB; of its largest "
            f"child (an index writer of the rebuild): {max_rss_mb(children=True):.0f} MB"
        )
        if args.hits:
            Path(args.hits).write_text(json.dumps(hits, indent=1, sort_keys=True))
            log(f"first 10 keys per query written to {args.hits}")
        log(f"hits per query ({' / '.join(report)}):")
        for key in QUERIES:
            counts = " / ".join(str(r["totals"][key]) for r in report.values())
            log(f"  {key[0]!r} [{key[1] or 'both'}]: {counts}")
    finally:
        cleanup()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
