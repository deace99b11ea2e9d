"""Admin figures for partner editing: the admin home panels and the missing-translations report.

    .venv/bin/python bench/partners_admin.py \
        --database-url postgres://postgres@127.0.0.1:5432/hub_bench_partners --resources 2000

The database named in --database-url is DROPPED and recreated. The script migrates it, loads
the demo, tops the library up to --resources resources (bench.perf's bulk inserts), files every
resource under a partner, runs setup_partner_groups, then prints the median render time and
query count of the admin home and the report, for a moderator and for a Kent editor.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bulk_content import top_up  # noqa: E402
from bench.perf import log, recreate_database, setup_django  # noqa: E402


def file_under_partners():
    from hub.models import Partner, ResourcePage

    through = ResourcePage.partners.through
    partners = list(Partner.objects.values_list("pk", flat=True))
    filed = set(through.objects.values_list("resourcepage_id", flat=True))
    rows = [
        through(resourcepage_id=pk, partner_id=partners[i % len(partners)])
        for i, pk in enumerate(ResourcePage.objects.values_list("pk", flat=True))
        if pk not in filed
    ]
    through.objects.bulk_create(rows, batch_size=1000)


def users():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from hub.models import Partner
    from hub.partners.access import MODERATORS_GROUP

    user_model = get_user_model()
    moderator, _ = user_model.objects.get_or_create(username="bench-moderator")
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    editor, _ = user_model.objects.get_or_create(username="bench-kent-editor")
    editor.groups.add(Partner.objects.get(slug="kent").editor_group)
    return {"moderator": moderator, "Kent editor": editor}


def measure(user, url, requests):
    """(first request after a change, in ms; median of the next ones, in ms; their queries)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    client.get(reverse("wagtailadmin_home"))  # session and permissions warmed up
    cache.clear()  # as after an edit: the missing-translations scan runs again
    start = time.perf_counter()
    client.get(url)
    cold = (time.perf_counter() - start) * 1000
    times = []
    queries = 0
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
    return cold, statistics.median(times), queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--resources", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--search-backend", default="database")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="hub-bench-partners-"))
    recreate_database(args.database_url)
    setup_django(args, workdir)

    from django.core.management import call_command
    from django.urls import reverse

    from hub.models import Partner, ResourcePage
    from hub.partners.setup import setup_all

    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_demo", "--no-admin", verbosity=0)
    top_up(args, args.resources, 20)
    file_under_partners()
    setup_all()
    kent = Partner.objects.get(slug="kent")
    log(f"{ResourcePage.objects.count()} resources, {Partner.objects.count()} partners")
    urls = {
        "admin home": reverse("wagtailadmin_home"),
        "missing translations": reverse("hub_missing_translations"),
        "report, Kent only": reverse("hub_missing_translations") + f"?partner={kent.pk}",
    }
    log(f"{'user':<14}{'view':<24}{'first ms':>10}{'median ms':>10}{'queries':>9}")
    for label, user in users().items():
        for name, url in urls.items():
            cold, ms, queries = measure(user, url, args.requests)
            log(f"{label:<14}{name:<24}{cold:>10.1f}{ms:>10.1f}{queries:>9}")


if __name__ == "__main__":
    main()
