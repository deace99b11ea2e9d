"""A link checker over the edition's files: every internal link and asset must resolve inside
the edition, nothing may be loaded from another host, and no script may be inline.

It reads the folder as a static host would serve it (``x/`` is ``x/index.html``, addresses
percent-decoded, the query string ignored), in every HTML page and stylesheet.
"""

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ATTRS = re.compile(r'\s(href|src|action|poster|data-root|srcset)="([^"]*)"')
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
# Attributes whose address the browser loads by itself (as opposed to links a person follows).
LOADED = {"src", "srcset", "poster", "data-root"}
LOADING_LINK = re.compile(r'<link\b[^>]*\srel="(?:stylesheet|icon|preload|modulepreload)"[^>]*>')


@dataclass
class Report:
    pages: int = 0
    links: int = 0
    broken: list = field(default_factory=list)  # (file, address)
    outbound: set = field(default_factory=set)  # links to other hosts a person may follow
    foreign_loads: list = field(default_factory=list)  # (file, address) loaded from elsewhere
    inline_scripts: list = field(default_factory=list)

    @property
    def ok(self):
        return not (self.broken or self.foreign_loads or self.inline_scripts)


def _urls(attr, value):
    value = html.unescape(value)
    if attr == "srcset":
        return [item.strip().split()[0] for item in value.split(",") if item.strip()]
    return [value]


def check(folder, base_path=""):
    """Check the edition in ``folder``; ``base_path``: the folder's path on its host ("/ccare"),
    which the 404 pages' links start with."""
    folder = Path(folder)
    base_path = base_path.rstrip("/")
    report = Report()
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".css"):
            continue
        name = path.relative_to(folder).as_posix()
        if name.startswith("pagefind/"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        base = "http://edition.invalid/" + name
        found = []
        if path.suffix == ".html":
            report.pages += 1
            loading_links = {m.group(0) for m in LOADING_LINK.finditer(text)}
            for match in ATTRS.finditer(text):
                attr = match.group(1)
                loads = attr in LOADED or any(match.group(0) in tag for tag in loading_links)
                found += [(url, loads) for url in _urls(attr, match.group(2))]
            for match in SCRIPT.finditer(text):
                attrs = match.group(1)
                if " src=" not in attrs and 'type="application/ld+json"' not in attrs:
                    report.inline_scripts.append(name)
        else:
            found = [(m.group(2), True) for m in CSS_URL.finditer(text)]
        for url, loads in found:
            if not url or url.startswith(("#", "mailto:", "tel:", "data:")):
                continue
            report.links += 1
            # 404 pages are written for any depth: their links start at the edition's root.
            parts = urlsplit(urljoin(base, url))
            if parts.netloc != "edition.invalid":
                if loads:
                    report.foreign_loads.append((name, url))
                else:
                    report.outbound.add(url)
                continue
            target = unquote(parts.path)
            if base_path and target.startswith(base_path + "/"):
                target = target[len(base_path) :]
            target = target.lstrip("/")
            if not target or target.endswith("/"):
                target += "index.html"
            if not (folder / target).is_file():
                report.broken.append((name, url))
    return report
