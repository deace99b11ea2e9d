"""Page weight: the HTML, CSS and JavaScript of every page type, compressed, against the budget.

    .venv/bin/python bench/page_weight.py                 # a throwaway demo database (SQLite)
    .venv/bin/python bench/page_weight.py --url http://127.0.0.1:8000   # a running site

Each page type of tests/browser/pages.py is fetched in English and French; the stylesheets and
scripts it links (``<link rel=stylesheet>``, ``<script src>``) are fetched too, each once per
page, and every part is gzip-compressed at level 9 (what WhiteNoise serves). Images, fonts and
documents are not counted. The budget is 60 KB per page. The browser suite
(tests/browser/test_pages.py) holds every page type to it on every run.
"""

import argparse
import gzip
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BUDGET = 60 * 1024
ASSETS = re.compile(
    r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"|<script\b[^>]*\bsrc="([^"]+)"'
)


def compressed(body):
    return len(gzip.compress(body, compresslevel=9, mtime=0))


@dataclass
class Weight:
    html: int = 0
    css: int = 0
    js: int = 0
    assets: list = field(default_factory=list)

    @property
    def total(self):
        return self.html + self.css + self.js

    def __str__(self):
        return (
            f"{self.total / 1024:.1f} KB (HTML {self.html / 1024:.1f}, CSS {self.css / 1024:.1f},"
            f" JS {self.js / 1024:.1f}; {', '.join(self.assets)})"
        )


def weigh(get, path):
    """The compressed weight of the page at ``path``; ``get(path) -> (status, bytes, headers)``."""
    _status, html, _headers = get(path)
    weight = Weight(html=compressed(html))
    for css, js in dict.fromkeys(ASSETS.findall(html.decode("utf-8"))):
        url = css or js
        body = get(url)[1]
        if css:
            weight.css += compressed(body)
        else:
            weight.js += compressed(body)
        weight.assets.append(url.rsplit("/", 1)[-1].split("?")[0])
    return weight


def in_process_get():
    """A demo database in a temporary folder, read through Django's test client."""
    tmp = tempfile.mkdtemp(prefix="hub-weight-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.test")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/weight.sqlite3"
    os.environ["HUB_VAR_DIR"] = tmp
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_demo", "--no-admin", verbosity=0)
    client = Client()

    def get(path):
        if path.startswith(settings.STATIC_URL):
            found = finders.find(path.removeprefix(settings.STATIC_URL).split("?")[0])
            return 200, Path(found).read_bytes(), {}
        response = client.get(path)
        return response.status_code, response.content, response.headers

    return get


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a running site (default: a throwaway demo, in process)")
    args = parser.parse_args()
    from tests.browser.pages import http_get, page_types

    get = http_get(args.url.rstrip("/")) if args.url else in_process_get()
    budget = f"budget {BUDGET // 1024} KB"
    print(f"| page type | EN total | FR total | HTML (EN) | CSS | JS | {budget} |")
    print("|---|---|---|---|---|---|---|")
    worst = 0
    for page_type in page_types(get):
        en, fr = weigh(get, page_type.en), weigh(get, page_type.fr)
        worst = max(worst, en.total, fr.total)
        ok = "ok" if max(en.total, fr.total) <= BUDGET else "**over**"
        print(
            f"| {page_type.label} | {en.total / 1024:.1f} KB | {fr.total / 1024:.1f} KB "
            f"| {en.html / 1024:.1f} KB | {en.css / 1024:.1f} KB | {en.js / 1024:.1f} KB | {ok} |"
        )
    print(f"\nHeaviest page: {worst / 1024:.1f} KB compressed (budget {BUDGET // 1024} KB).")
    return 0 if worst <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
