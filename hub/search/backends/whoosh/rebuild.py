"""``update_index``: a new index version built beside the live one and swapped in when complete.

Live writes made during the rebuild are journalled by the store and replayed from fresh
database reads just before the swap (``_replay``), so none is lost. Big rebuilds are done by
several forked processes that each read, build and write their share of the objects
(``parallel``); they die with the command.
"""

import contextlib
import ctypes
import logging
import multiprocessing.util
import os
import signal
import sys

from django.apps import apps
from modelsearch.index import class_is_indexed, get_indexed_instance

from . import store as st
from .bulk import RebuildWriter
from .documents import build_document, prefetch_related
from .parallel import Keys, ParallelBuildWriter, can_fork_readers, read_objects

logger = logging.getLogger("hub.search")

# Memory for postings per rebuild writer process before Whoosh spills sorted runs to disk and
# merges them back (pickling every posting twice): at 128 MB a 10,000-resource rebuild spilled
# several runs per process and took 1.6 times the CPU of an unspilled one.
LIMIT_MB = 1024


def _replay(writer, lines):
    """Re-index (or drop) every object changed while a rebuild was running, from fresh reads."""
    for line in dict.fromkeys(lines):
        try:
            label, pk, doc_id = line.split(" ", 2)
            model = apps.get_model(label)
            obj = model._default_manager.filter(pk=pk).first()
            instance = get_indexed_instance(obj) if obj is not None else None
            if instance is not None:
                writer.update_document(**build_document(instance))
            else:
                writer.delete_by_term(st.ID_FIELD, doc_id)
        except Exception:
            logger.exception("Search rebuild could not replay %r", line)


class _ProgressBar:
    """A plain progress bar on stderr, shown only on a terminal."""

    def __init__(self):
        self.total = 0
        self.done = 0
        self.enabled = sys.stderr.isatty()

    def add_total(self, n):
        self.total += n

    def advance(self, n, label):
        self.done += n
        if not self.enabled or not self.total:
            return
        width = 30
        filled = int(width * min(self.done, self.total) / self.total)
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r[{bar}] {self.done}/{self.total} {label[:40]:<40}")
        sys.stderr.flush()

    def close(self):
        if self.enabled and self.total:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _die_with_parent(rebuild):
    """In a forked index writer: be killed when the process that forked it dies (Linux)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != rebuild.parent_pid:  # the parent died before the request was made
        os._exit(1)


PR_SET_PDEATHSIG = 1


class _RebuildIndex:
    """What ``update_index`` writes into while rebuilding: a fresh, private version directory."""

    def __init__(self, backend, version, ix, progress, abort):
        self.backend = backend
        self.version = version
        self.ix = ix
        self._writer = None
        self.progress = progress
        self._abort = abort

    def __str__(self):
        return f"whoosh index at {self.backend.store.path} (new version {self.version})"

    @property
    def writer(self):
        if self._writer is None:
            procs = self.backend.rebuild_procs
            if (
                procs > 1
                and self.progress.total >= self.backend.rebuild_mp_min_objects
                and can_fork_readers()
            ):
                # Several processes read, analyse and write segments in parallel (forked, fed
                # with primary keys). Not worth the fork for a small index. They die with this
                # process: a killed update_index leaves no writer running.
                self.parent_pid = os.getpid()
                multiprocessing.util.register_after_fork(self, _die_with_parent)
                self._writer = ParallelBuildWriter(
                    self.ix, procs=procs, limitmb=LIMIT_MB, compound=False
                )
            else:
                # Plain segment files: a compound file is copied into memory by every reader
                # that opens it (~200 ms per write on a 20,000-document index).
                self._writer = RebuildWriter(self.ix, limitmb=LIMIT_MB, compound=False)
        return self._writer

    def add_model(self, model):
        if class_is_indexed(model):
            self.progress.add_total(model.get_indexed_objects().count())

    def add_items(self, model, items):
        """Index ``items``: objects, or ``Keys`` of objects (read here or by the writers)."""
        try:
            self._add_items(model, items)
        except BaseException:
            # update_index does not call finish() after a failure: drop the unfinished
            # version now, and the rebuild lock, which would otherwise outlive the command in
            # a long-lived process.
            self._abort()
            raise

    def _add_items(self, model, items):
        writer = self.writer
        if isinstance(writer, ParallelBuildWriter):
            writer.add_keys(model, items if isinstance(items, Keys) else [o.pk for o in items])
        else:
            if isinstance(items, Keys):
                items = read_objects(model, items)
            else:
                items = list(items)
                prefetch_related(model, items)
            for obj in items:
                # A fresh version directory: every document is new, no need to look for an old one.
                writer.add_document(**build_document(obj))
        self.progress.advance(len(items), model._meta.label)


class WhooshRebuilder:
    """Builds a new index version beside the live one and swaps it in when complete."""

    def __init__(self, index):
        self.index = index
        self.backend = index.backend
        self._lock = None
        self._rebuild = None

    def start(self):
        store = self.backend.store
        self._lock = store.rebuild_lock()
        self._lock.__enter__()
        version, ix = store.start_rebuild()
        self._rebuild = _RebuildIndex(self.backend, version, ix, _ProgressBar(), self._abort)
        return self._rebuild

    def _abort(self):
        if self._lock is None:
            return
        try:
            self.backend.store.abort_rebuild(self._rebuild.version, self._rebuild._writer)
        finally:
            self._lock.__exit__(None, None, None)
            self._lock = None

    def finish(self):
        rebuild = self._rebuild
        try:
            rebuild.progress.close()
            self.backend.store.finish_rebuild(rebuild.version, rebuild.writer, _replay)
        except BaseException:
            self._abort()
            raise
        finally:
            if self._lock is not None:
                self._lock.__exit__(None, None, None)
                self._lock = None
