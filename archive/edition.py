"""One export, start to finish: crawl, search index, README, write, then the packages.

Used by ``manage.py export_archive`` and by the admin's export job (archive.tasks).

When nothing the edition shows can have changed since the previous export into the same folder
(archive.fingerprint), nothing is rendered: the previous edition's files are kept as they are
(hard links, every page with its day), and only what carries the edition's own date (the root
page and the READMEs) is drawn again; Pagefind does not run, and a WACZ or a bag already made
from the same files is not made again. ``force`` renders everything anyway.
"""

import time
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from . import fingerprint, linkcheck, packaging, search, state, store
from .crawl import crawl, default_workers
from .exporter import Entry, Exporter, type_of

# What the edition itself is dated by: drawn again on every export (packaging.README_NAMES).
EDITION_OWN = ("index.html", *packaging.README_NAMES.values())


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
    workers: int = 1  # processes that rendered the pages
    note: str = ""  # why the crawl used fewer processes than asked, or why it did not run
    rendered: bool = True  # False when nothing had changed: the previous files were kept


def export(
    dest,
    base_url="",
    live_url=None,
    wacz=None,
    bag=None,
    check=False,
    progress=None,
    workers=None,
    force=False,
):
    """Export the public hub into ``dest`` (and optionally a WACZ and a bag); a Result."""
    say = progress or (lambda stage, done=0, total=0: None)
    dest = Path(dest)
    result = Result(dest=dest)
    clock = time.perf_counter()

    say("pages")
    exporter = Exporter(
        base_url=base_url, live_url=live_url, progress=lambda done, left: say("pages", done, left)
    )
    fingerprint.settle()
    # Read before anything is rendered: a change made meanwhile is never hidden (fingerprint).
    generation = fingerprint.generation()
    mark = fingerprint.of(exporter, generation)
    previous = {} if force else store.read_source(dest)
    old_sums = store.read_sums(dest) if previous.get("fingerprint") == mark else {}
    if old_sums and store.whole(dest, old_sums):
        files = _carried(exporter, dest, old_sums, previous)
        result.rendered = False
        result.note = "nothing has changed since the previous export: its files are kept"
        result.indexed = previous.get("indexed", {})
        result.index_bytes = previous.get("index_bytes", 0)
        exporter.missing.update(previous.get("left_out", {}))
    else:
        report = crawl(exporter, default_workers() if workers is None else workers)
        result.workers, result.note = report.workers, report.note
        files = exporter.files
    exporter.finish()
    result.left_out = dict(exporter.missing)
    result.seconds["pages"] = time.perf_counter() - clock

    say("search")
    clock = time.perf_counter()
    if result.rendered:
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
    digest = store.sums_digest(dest)
    made = previous.get("packages", {}) if previous.get("made_from") == digest else {}
    packages = {}
    if wacz:
        say("wacz")
        clock = time.perf_counter()
        if _still_there(made.get("wacz"), wacz):
            result.wacz = Path(wacz)
        else:
            result.wacz = packaging.make_wacz(dest, exporter.base_url, wacz, title)
        packages["wacz"] = _package_record(result.wacz)
        result.seconds["wacz"] = time.perf_counter() - clock
    if bag:
        say("bag")
        clock = time.perf_counter()
        if _still_there(made.get("bag"), bag):
            result.bag = Path(bag)
        else:
            info = {
                "Source-Organization": "C-CARE legacy hub",
                "External-Description": title,
                "External-Identifier": exporter.base_url + "/",
                "Bag-Group-Identifier": "c-care-legacy-hub",
            }
            if exporter.edition.live_url:
                info["Source-URL"] = exporter.edition.live_url
            result.bag = packaging.make_bag(dest, bag, info)
        packages["bag"] = _package_record(result.bag)
        result.seconds["bag"] = time.perf_counter() - clock
    # The fingerprint is kept only if the edit generation did not move while rendering:
    # otherwise what was rendered may be older than the generation read after it.
    steady = fingerprint.generation() == generation
    store.write_source(
        dest,
        {
            "fingerprint": mark if steady else None,
            "kinds": {name: entry.kind for name, entry in files.items() if entry.kind},
            "indexed": result.indexed,
            "index_bytes": result.index_bytes,
            "left_out": result.left_out,
            "made_from": digest,
            "packages": {**made, **packages},
        },
    )
    return result


def _carried(exporter, dest, old_sums, previous):
    """The previous edition's files as they are, and the root page drawn again (its date)."""
    kinds = previous.get("kinds", {})
    files = {
        name: Entry(
            source=dest / name,
            content_type=type_of(name),
            kind=kinds.get(name, ""),
            carried=True,
        )
        for name in old_sums
        if name not in store.LISTS and name not in EDITION_OWN
    }
    exporter.files = files
    with state.rendering(exporter.edition):
        for url in ("/",):
            found = exporter.resolve(url, "/")[1]
            files[found.out] = exporter.fetch(found)
    return files


def _package_record(path):
    """(path, size, modification time) of a package, to know it again unchanged."""
    path = Path(path)
    stat = (
        path.stat()
        if path.is_file()
        else max(
            (p.stat() for p in path.rglob("*") if p.is_file()),
            key=lambda s: s.st_mtime_ns,
            default=path.stat(),
        )
    )
    return [str(path.resolve()), stat.st_size, stat.st_mtime_ns]


def _still_there(record, path):
    """Whether the package at ``path`` is the one recorded (made from the same files)."""
    return bool(record) and Path(path).exists() and _package_record(path) == record
