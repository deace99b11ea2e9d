"""Recall at 3 of the search page on a held-out set of queries (bench/search_eval.csv).

    .venv/bin/python bench/search_eval.py [--reuse FOLDER] [--keep] [-v]

It builds a throwaway SQLite database and index in a temporary folder: migrate, the demo
(``load_demo``), the shared legacy sample (``import_legacy --publish`` of
``corpus/legacy/manifest.csv`` in ``../shared`` beside the repository, or in ``$SHARED_DIR``;
skipped with a message when it is absent) and ``update_index``; then asks the search page
(``/en/search/`` or ``/fr/search/``, through Django's test client) each query of the set, as a
visitor would, and reads the first three results.

Recall at 3 of one query: how many of its expected resources are among the first three
results, divided by the smaller of 3 and the number expected. The figure is the mean over the
queries, overall and per kind of query. ``--keep`` keeps the folder and ``--reuse`` measures
again in it (no set-up).

The set was written before the search was tuned (issue 16) and must not be tuned to: a query
that fails stays in it; new behaviour gets new queries.
"""

import argparse
import csv
import os
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL_SET = Path(__file__).with_name("search_eval.csv")
# ../shared beside the checkout (SHARED_DIR elsewhere, e.g. from a git worktree).
SHARED = Path(os.environ.get("SHARED_DIR") or ROOT.parent / "shared")
MANIFEST = SHARED / "corpus" / "legacy" / "manifest.csv"
K = 3


def read_set(path=EVAL_SET):
    rows = []
    with open(path, encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines):
            row["expected"] = [e for e in row["expected"].split(";") if e]
            rows.append(row)
    return rows


def setup(workdir, fresh):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="hub.settings.test",
        DATABASE_URL=f"sqlite:///{workdir / 'eval.sqlite3'}",
        HUB_VAR_DIR=str(workdir),
        SEARCH_BACKEND="whoosh",
    )
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = workdir / "media"
    settings.WAGTAILSEARCH_BACKENDS["default"]["PATH"] = str(workdir / "index")
    if not fresh:
        return
    from io import StringIO

    from django.core.management import call_command

    quiet = {"stdout": StringIO(), "stderr": StringIO()}
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", "--no-admin", **quiet)
    if MANIFEST.exists():
        call_command("import_legacy", str(MANIFEST), "--publish", **quiet)
    else:
        print(f"shared legacy sample not found at {MANIFEST}: demo content only")
    call_command("update_index", verbosity=0, **quiet)


def resource_key(page):
    return f"{page.kind}:{page.slug_en}"


def top_results(client, language, query):
    from hub.memos import clear_memos

    clear_memos()
    response = client.get(f"/{language}/search/", {"q": query})
    hits = response.context["hits"] if response.context else []
    return [resource_key(hit.page) for hit in hits[:K]]


def evaluate(rows, verbose=False):
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client = Client()
    by_kind = defaultdict(list)
    for row in rows:
        top = top_results(client, row["language"], row["query"])
        expected = row["expected"]
        recall = len(set(top) & set(expected)) / min(K, len(expected))
        by_kind[row["kind"]].append(recall)
        by_kind["all"].append(recall)
        if verbose:
            print(f"{recall:4.2f}  [{row['language']}] {row['query']!r}: {top}")
    return {kind: sum(values) / len(values) for kind, values in by_kind.items()}, by_kind


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--reuse", metavar="FOLDER", help="measure again in a kept folder")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per query")
    args = parser.parse_args()
    workdir = Path(args.reuse) if args.reuse else Path(tempfile.mkdtemp(prefix="hub-eval-"))
    try:
        setup(workdir, fresh=not args.reuse)
        rows = read_set()
        means, by_kind = evaluate(rows, verbose=args.verbose)
        print(f"recall@{K} on {len(rows)} held-out queries ({EVAL_SET.name}):")
        for kind in ["all"] + sorted(k for k in means if k != "all"):
            print(f"  {kind:<10} {means[kind]:.2f}  ({len(by_kind[kind])} queries)")
    finally:
        if not (args.keep or args.reuse):
            shutil.rmtree(workdir, ignore_errors=True)
        elif not args.reuse:
            print(f"kept: {workdir}")


if __name__ == "__main__":
    main()
