"""The crawl: every address of the edition fetched, in this process or in several forked ones.

The parent keeps the queue: it resolves every link a fetched file holds (``Exporter.resolve``,
worked out once per address) and hands the addresses it has not seen yet to the workers in
small batches. A worker is a fork of the parent taken once the exporter is set up, so it has
the same settings, edition and memos; it renders its batch through the hub's own views
(``Exporter.fetch``), finds the links in each file (``Exporter.links_of``) and sends back the
files, the links and the reasons some were left out. Rendering an address depends on nothing
but the address and the content (no request shares state with another), so the files are the
same whichever worker renders them and in whatever order: the edition is byte-identical to a
one-process crawl (tests/archive/test_crawl.py compares them).

Each worker opens its own database connection: the parent closes its own before forking (they
are opened again on first use). That needs the rows to be committed: inside a transaction
(``atomic``, as most tests run) the other connections would see none of them, so the crawl then
stays in this process and says why (``Crawl.note``), except on an in-memory SQLite database,
which lives in the process's memory: each fork reads its own copy, rows and all. Where
``os.fork`` does not exist the crawl stays in this process too.
"""

import logging
import multiprocessing
import os
import queue as queues
from collections import deque
from dataclasses import dataclass

from django.conf import settings
from django.db import connections

from hub.fragments import forget_archived
from hub.routing import known_routes

from . import state

log = logging.getLogger("archive")

BATCH = 16  # addresses a worker renders per message: few messages, and a balanced end
IN_PROCESS = ("static", "media", "root")  # files copied or drawn without a view

_exporter = None  # the exporter a forked worker inherits (set just before the fork)


def default_workers():
    """``ARCHIVE_WORKERS`` (settings), else one per CPU, at most 4."""
    configured = getattr(settings, "ARCHIVE_WORKERS", 0)
    return configured if configured else max(1, min(os.cpu_count() or 1, 4))


def why_not_fork():
    """Why the crawl cannot be shared with forked processes here, or ""."""
    if not hasattr(os, "fork"):
        return "this system has no fork()"
    for connection in connections.all(initialized_only=True):
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            continue  # each fork reads its own copy of the database
        if connection.in_atomic_block:
            return (
                f"the database connection {connection.alias!r} is inside a transaction, whose "
                "rows other connections cannot see"
            )
    return ""


@dataclass
class Crawl:
    """How the crawl ran: how many processes rendered the pages, and why no more."""

    workers: int = 1
    note: str = ""


def _fetch_batch(batch):
    """In a worker: (Target, Entry or None, why it was left out, links) of each address."""
    exporter = _exporter
    done = []
    with state.rendering(exporter.edition), known_routes(exporter.routes):
        for found in batch:
            entry = exporter.fetch(found)
            why = exporter.missing.pop(found.out, None)
            links = list(dict.fromkeys(exporter.links_of(entry, found))) if entry else []
            done.append((found, entry, why, links))
    return done


def _close_connections():
    for connection in connections.all(initialized_only=True):
        if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
            connection.close()


def crawl(exporter, workers=1):
    """Fetch every address of the edition into ``exporter.files``; a Crawl."""
    report = Crawl(workers=max(1, workers))
    if report.workers > 1:
        report.note = why_not_fork()
        if report.note:
            log.info("The crawl runs in one process: %s.", report.note)
            report.workers = 1
    # The seeds first: reading them notes every page's route, which the forks inherit.
    seeds = list(exporter.seeds())
    with state.rendering(exporter.edition), known_routes(exporter.routes):
        if report.workers == 1:
            _run(exporter, seeds, _Serial(exporter))
        else:
            # One page of each type rendered here first: the forks inherit the compiled
            # templates, the imports and the memos it made, instead of each making its own.
            first = [exporter.resolve(url, "/")[1] for url in exporter.samples.values()]
            first = _Serial(exporter).fetch([found for found in first if found is not None])
            pool = _Pool(exporter, report.workers)
            try:
                _run(exporter, seeds, pool, first)
            finally:
                pool.close()
        exporter.not_found_pages()
    forget_archived()
    return report


def _run(exporter, seeds, fetcher, first=()):
    """The crawl's loop; ``first``: results already fetched (their addresses are not asked
    for again)."""
    pending = deque()
    queued = {found.out for found, *_rest in first}
    done = 0

    def push(found):
        if found is not None and found.out not in queued:
            queued.add(found.out)
            pending.append(found)

    def take(results):
        nonlocal done
        for found, entry, why, links in results:
            done += 1
            exporter.progress(done, len(pending))
            if why:
                exporter.missing[found.out] = why
            if entry is None:
                continue
            exporter.files[found.out] = entry
            for link in links:
                kind, linked = exporter.resolve(link, entry.live or "/")
                if kind == "internal":
                    push(linked)

    for url in seeds:
        push(exporter.resolve(url, "/")[1])
    take(first)
    while pending or fetcher.busy:
        while pending and fetcher.wants_more:
            found = pending.popleft()
            if found.kind in IN_PROCESS:
                fetcher.local(found)
            else:
                fetcher.submit(found)
        take(fetcher.results())


class _Serial:
    """Every address fetched here, one at a time."""

    busy = False
    wants_more = True

    def __init__(self, exporter):
        self.exporter = exporter
        self.ready = []

    def local(self, found):
        self.submit(found)

    def submit(self, found):
        self.ready.append(found)
        self.wants_more = False

    def results(self):
        batch, self.ready = self.ready, []
        self.wants_more = True
        return self.fetch(batch)

    def fetch(self, batch):
        global _exporter
        _exporter = self.exporter
        try:
            return _fetch_batch(batch)
        finally:
            _exporter = None


class _Pool:
    """Addresses rendered by ``workers`` forked processes, a batch at a time; static files,
    images and the root page (no view, no query) are taken here."""

    def __init__(self, exporter, workers):
        global _exporter
        self.exporter = exporter
        self.workers = workers
        self.batch = []
        self.local_done = []
        self.in_flight = 0
        self.answers = queues.SimpleQueue()
        _close_connections()
        _exporter = exporter
        try:
            self.pool = multiprocessing.get_context("fork").Pool(workers)
        finally:
            _exporter = None

    @property
    def busy(self):
        return bool(self.in_flight or self.batch or self.local_done)

    @property
    def wants_more(self):
        # Two batches a worker in flight: none waits while the parent reads an answer.
        return self.in_flight < 2 * self.workers

    def local(self, found):
        global _exporter
        _exporter = self.exporter
        try:
            self.local_done.extend(_fetch_batch([found]))
        finally:
            _exporter = None

    def submit(self, found):
        self.batch.append(found)
        if len(self.batch) >= BATCH:
            self._send()

    def _send(self):
        batch, self.batch = self.batch, []
        self.in_flight += 1
        self.pool.apply_async(
            _fetch_batch,
            (batch,),
            callback=lambda done: self.answers.put(("ok", done)),
            error_callback=lambda error: self.answers.put(("error", error)),
        )

    def results(self):
        if self.local_done:
            done, self.local_done = self.local_done, []
            return done
        if self.batch:
            self._send()  # the queue is empty for now: the last addresses go as they are
        if not self.in_flight:
            return []
        status, value = self.answers.get()
        self.in_flight -= 1
        if status == "error":
            raise value
        return value

    def close(self):
        self.pool.terminate()
        self.pool.join()
