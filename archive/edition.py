"""One export, start to finish: crawl, search index, README, write, then the packages.

Used by ``manage.py export_archive`` and by the admin's export job (archive.tasks).
"""

import time
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from . import linkcheck, packaging, search, state, store
from .exporter import Entry, Exporter


@dataclass
class Result:
    dest: Path
    files: int = 0
    written: int = 0
    kept: int = 0
    removed: int = 0
    bytes: int = 0
    index_bytes: int = 0
    indexed: dict = field(default_factory=dict)
    left_out: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)
    wacz: Path | None = None
    bag: Path | None = None
    links: linkcheck.Report | None = None
    changed: list = field(default_factory=list)  # the files written anew


def export(dest, base_url="", live_url=None, wacz=None, bag=None, check=False, progress=None):
    """Export the public hub into ``dest`` (and optionally a WACZ and a bag); a Result."""
    say = progress or (lambda stage, done=0, total=0: None)
    dest = Path(dest)
    result = Result(dest=dest)
    clock = time.perf_counter()

    say("pages")
    exporter = Exporter(
        base_url=base_url, live_url=live_url, progress=lambda done, left: say("pages", done, left)
    )
    files = exporter.run()
    exporter.finish()
    result.left_out = dict(exporter.missing)
    result.seconds["pages"] = time.perf_counter() - clock

    say("search")
    clock = time.perf_counter()
    bundle, result.indexed = search.build_index(files)
    for name, data in bundle.items():
        files[name] = Entry(data=data, kind="search-index")
    result.index_bytes = sum(len(data) for data in bundle.values())
    files.update(packaging.readme_entries(exporter, files))
    result.seconds["search"] = time.perf_counter() - clock

    say("write")
    clock = time.perf_counter()
    report = store.write_edition(dest, files, day=exporter.edition.made_on, fill=state.fill)
    result.files = len(files) + len(store.LISTS)
    result.written, result.kept = len(report.written), len(report.kept)
    result.changed = report.written
    result.removed = len(report.removed)
    result.bytes = sum(p.stat().st_size for p in dest.rglob("*") if p.is_file())
    result.seconds["write"] = time.perf_counter() - clock

    if check:
        say("check")
        clock = time.perf_counter()
        result.links = linkcheck.check(dest, exporter.base_path)
        result.seconds["check"] = time.perf_counter() - clock
    title = _("C-CARE legacy hub, archived edition of %(date)s") % {
        "date": exporter.edition.made_on.isoformat()
    }
    if wacz:
        say("wacz")
        clock = time.perf_counter()
        result.wacz = packaging.make_wacz(dest, exporter.base_url, wacz, title)
        result.seconds["wacz"] = time.perf_counter() - clock
    if bag:
        say("bag")
        clock = time.perf_counter()
        info = {
            "Source-Organization": "C-CARE legacy hub",
            "External-Description": title,
            "External-Identifier": exporter.base_url + "/",
            "Bag-Group-Identifier": "c-care-legacy-hub",
        }
        if exporter.edition.live_url:
            info["Source-URL"] = exporter.edition.live_url
        result.bag = packaging.make_bag(dest, bag, info)
        result.seconds["bag"] = time.perf_counter() - clock
    return result
