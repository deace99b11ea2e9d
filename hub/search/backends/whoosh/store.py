"""The on-disk Whoosh index behind one PATH: versions, the write lock, searchers, rebuild swap.

Layout of PATH::

    PATH/CURRENT            name of the live version directory (replaced atomically)
    PATH/v-<time>-<random>/ a complete Whoosh index
    PATH/write.lock         fcntl lock: one writer at a time, across processes and threads
    PATH/rebuild.journal    exists only while a rebuild runs: what changed meanwhile

Readers only ever follow CURRENT, so a rebuild (which writes a new version directory and then
replaces CURRENT) never disturbs them. Writers take ``write.lock``; while a rebuild runs they
also note each change in the journal, which the rebuild replays (from fresh database reads)
just before the swap, so no update made during a rebuild is lost.
"""

import contextlib
import fcntl
import logging
import os
import shutil
import threading
import time
import uuid
from collections import OrderedDict
from pathlib import Path

from whoosh import fields as wf
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.reading import SegmentReader

from .analysis import (
    analyzer_for,
    autocomplete_analyzer,
    language_analyzer,
    neutral_analyzer,
    text_field,
)

logger = logging.getLogger("hub.search")

POINTER = "CURRENT"
LOCK_FILE = "write.lock"
REBUILD_LOCK_FILE = "rebuild.lock"
JOURNAL = "rebuild.journal"

# Index field names (Whoosh forbids a leading underscore).
ID_FIELD = "ms_id"  # "<top-level content type>:<pk>", unique
PK_FIELD = "ms_pk"  # the primary key as text, in a column for fast reads
CT_FIELD = "ms_ct"  # every indexed content type of the object's class chain
SPELL_FIELD = "ms_spell"  # folded, unstemmed words of the object's own fields: "did you mean"
HASH_FIELD = "ms_hash"  # digest of the document's fields (stored): unchanged saves skip the write
SEARCH_PREFIX = "s__"
AUTOCOMPLETE_PREFIX = "a__"

# Live writes leave their small segments alone until this many exist, then fold those (only
# segments under SMALL_SEGMENT_DOCS documents) into one; big segments from a rebuild are never
# merged on the request path (``update_index`` writes them afresh).
MAX_SMALL_SEGMENTS = 8
SMALL_SEGMENT_DOCS = 1000

WRITE_LOCK_TIMEOUT = 120.0
WHOOSH_LOCK_TIMEOUT = 10.0


def make_schema(phrase_free=()):
    """The index's fields: fixed ones, ``phrase_free`` (exact index names of text fields
    indexed without word positions) and, by name pattern, the fields of every model."""
    schema = wf.Schema(
        ms_id=wf.ID(unique=True, stored=True),
        ms_pk=wf.ID(sortable=True),
        ms_ct=wf.KEYWORD(lowercase=False, commas=False, scorable=False),
        ms_spell=text_field(neutral_analyzer(), phrase=False),
        ms_hash=wf.STORED(),
    )
    for name in phrase_free:  # an exact name wins over the patterns
        schema.add(name, text_field(analyzer_for(name), phrase=False))
    # Dynamic fields: the first matching pattern wins, so language suffixes come first.
    schema.add(SEARCH_PREFIX + "*_fr", text_field(language_analyzer("fr")), glob=True)
    schema.add(SEARCH_PREFIX + "*_en", text_field(language_analyzer("en")), glob=True)
    schema.add(SEARCH_PREFIX + "*", text_field(neutral_analyzer()), glob=True)
    schema.add(
        AUTOCOMPLETE_PREFIX + "*",
        wf.TEXT(analyzer=autocomplete_analyzer(), phrase=False),
        glob=True,
    )
    return schema


def merge_small_segments(writer, segments):
    """Whoosh merge policy for live writes: merge the small segments once there are many."""
    small = [s for s in segments if s.doc_count_all() < SMALL_SEGMENT_DOCS]
    if len(small) < MAX_SMALL_SEGMENTS:
        return segments
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s.doc_count_all() >= SMALL_SEGMENT_DOCS]


def query_analyzer_for(index_field):
    if index_field.startswith(AUTOCOMPLETE_PREFIX):
        return neutral_analyzer()
    return analyzer_for(index_field)


@contextlib.contextmanager
def file_lock(path, timeout):
    """An exclusive fcntl lock on ``path``, waited for up to ``timeout`` seconds.

    Each acquisition opens its own descriptor, so threads of one process exclude each other
    as well as other processes; the kernel drops the lock if the process dies.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o660)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"search index lock {path} busy for {timeout}s") from None
                time.sleep(delay)
                delay = min(delay * 2, 0.2)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _write_atomically(path, text):
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}")
    with open(tmp, "w") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class IndexStore:
    """One PATH's index, shared by every backend instance of this process pointing at it."""

    def __init__(self, path):
        self.path = Path(path)
        self._lock = threading.RLock()
        self._local = threading.local()
        self._indexes = {}
        # Index names of the text fields indexed without positions, asked for when a version
        # is made (the backend sets it from the models: documents.phrase_free_fields).
        self.phrase_free = tuple

    def close(self):
        """Close this thread's searcher and the open indexes (others' searchers close on GC)."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            with contextlib.suppress(Exception):
                searcher.close()
            self._local.searcher = None
        with self._lock:
            for ix in self._indexes.values():
                with contextlib.suppress(Exception):
                    ix.close()
            self._indexes.clear()

    # Versions -------------------------------------------------------------
    def _read_pointer(self):
        try:
            return (self.path / POINTER).read_text().strip() or None
        except FileNotFoundError:
            return None

    def _new_version(self):
        name = f"v-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        directory = self.path / name
        directory.mkdir(parents=True)
        FileStorage(str(directory)).create_index(make_schema(self.phrase_free()))
        return name

    def current_version(self):
        version = self._read_pointer()
        if version and (self.path / version).is_dir():
            return version
        self.path.mkdir(parents=True, exist_ok=True)
        with file_lock(self.path / LOCK_FILE, WRITE_LOCK_TIMEOUT):
            version = self._read_pointer()
            if version and (self.path / version).is_dir():
                return version
            version = self._new_version()
            _write_atomically(self.path / POINTER, version)
            return version

    def open_index(self, version):
        with self._lock:
            ix = self._indexes.get(version)
            if ix is None:
                ix = FileStorage(str(self.path / version)).open_index()
                # Forget indexes of versions that were swapped out.
                for old in list(self._indexes):
                    if not (self.path / old).exists():
                        self._indexes.pop(old).close()
                self._indexes[version] = ix
            return ix

    # Reading ----------------------------------------------------------------
    def searcher(self):
        """This thread's searcher on the live version, refreshed only when the index changed."""
        local = self._local
        for attempt in range(3):
            version = self.current_version()
            try:
                searcher = getattr(local, "searcher", None)
                if searcher is None or local.version != version:
                    searcher = self.open_index(version).searcher()
                elif not searcher.up_to_date():
                    searcher = self._refreshed(searcher, version)
                local.searcher, local.version = searcher, version
                return searcher
            except (FileNotFoundError, OSError):
                # The version was swapped out and removed between reading CURRENT and opening.
                local.searcher = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _refreshed(self, searcher, version):
        # Not Searcher.refresh(): whoosh-reloaded 2.7.5 reuses segment readers by segment id,
        # so deletions committed since stay visible, and segments merged away are added back.
        # Reopening costs a few milliseconds and only happens after a write.
        searcher.close()
        return self.open_index(version).searcher()

    # Writing ----------------------------------------------------------------
    def write(self, apply, journal_lines=()):
        """Run ``apply(writer)`` on the live version under the cross-process lock and commit.

        ``apply`` returning False means it changed nothing: the writer is cancelled, no new
        segment is written and nothing is journalled.
        """
        self.current_version()
        with file_lock(self.path / LOCK_FILE, WRITE_LOCK_TIMEOUT):
            version = self.current_version()
            ix = self.open_index(version)
            writer = self._writer(ix)
            try:
                changed = apply(writer)
            except BaseException:
                writer.cancel()
                raise
            if changed is False:
                writer.cancel()
                return
            writer.commit(mergetype=merge_small_segments)
            journal = self.path / JOURNAL
            if journal_lines and journal.exists():
                with open(journal, "a") as fh:
                    fh.writelines(line + "\n" for line in journal_lines)

    @staticmethod
    def _writer(ix):
        # Our fcntl lock already serialises writers; Whoosh's own lock is only contended by a
        # writer that ignores ours (or a crash leftover), so retry a few times before failing.
        for attempt in range(5):
            try:
                # Small live segments are compound (one file each, cheap to write); the big
                # segments from a rebuild are plain files, memory-mapped when opened.
                return ix.writer(timeout=WHOOSH_LOCK_TIMEOUT)
            except LockError:
                if attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))
        raise AssertionError("unreachable")

    # Rebuilding -------------------------------------------------------------
    @contextlib.contextmanager
    def rebuild_lock(self):
        self.path.mkdir(parents=True, exist_ok=True)
        with file_lock(self.path / REBUILD_LOCK_FILE, 24 * 3600):
            yield

    def start_rebuild(self):
        """Create a fresh version directory and start journalling live writes.

        Called under ``rebuild_lock``: any other version folder is what an interrupted
        rebuild left behind, and goes first.
        """
        self.current_version()
        self.remove_old_versions()
        with file_lock(self.path / LOCK_FILE, WRITE_LOCK_TIMEOUT):
            version = self._new_version()
            _write_atomically(self.path / JOURNAL, "")
        return version, FileStorage(str(self.path / version)).open_index()

    def finish_rebuild(self, version, writer, replay):
        """Commit ``writer``, replay the journal into the new version, swap CURRENT.

        The replay needs a second writer: Whoosh's ``update_document`` and ``delete_by_term``
        only find documents of committed segments, so replayed into the rebuild's own writer
        an edited object was indexed twice and a deleted one stayed. The big commit runs
        before the lock is taken (live writes meanwhile are journalled, and replayed).
        """
        writer.commit()
        with file_lock(self.path / LOCK_FILE, WRITE_LOCK_TIMEOUT):
            journal = self.path / JOURNAL
            lines = journal.read_text().splitlines() if journal.exists() else []
            if lines:
                replayed = self._writer(FileStorage(str(self.path / version)).open_index())
                try:
                    replay(replayed, lines)
                except BaseException:
                    replayed.cancel()
                    raise
                replayed.commit(mergetype=merge_small_segments)
            _write_atomically(self.path / POINTER, version)
            journal.unlink(missing_ok=True)
        self.remove_old_versions()

    def abort_rebuild(self, version, writer):
        with contextlib.suppress(Exception):
            writer.cancel()
        with file_lock(self.path / LOCK_FILE, WRITE_LOCK_TIMEOUT):
            (self.path / JOURNAL).unlink(missing_ok=True)
        shutil.rmtree(self.path / version, ignore_errors=True)

    def reset(self):
        """Swap in an empty index."""
        self.current_version()
        with self.rebuild_lock(), file_lock(self.path / LOCK_FILE, WRITE_LOCK_TIMEOUT):
            version = self._new_version()
            _write_atomically(self.path / POINTER, version)
        self.remove_old_versions()

    def clean_abandoned(self):
        """Remove what a rebuild killed half-way left: its journal (which live writes would
        keep growing) and its unfinished version folder. Nothing when a rebuild is running."""
        if not (self.path / POINTER).exists():
            return
        fd = os.open(self.path / REBUILD_LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o660)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return  # a rebuild is under way in another process
            try:
                journal = self.path / JOURNAL
                if journal.exists():
                    with file_lock(self.path / LOCK_FILE, WRITE_LOCK_TIMEOUT):
                        journal.unlink(missing_ok=True)
                    logger.warning("Removed the journal of an interrupted index rebuild.")
                self.remove_old_versions()
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def remove_old_versions(self):
        current = self._read_pointer()
        for child in self.path.glob("v-*"):
            if child.is_dir() and child.name != current:
                shutil.rmtree(child, ignore_errors=True)


_stores = OrderedDict()
_stores_lock = threading.Lock()
# A process normally uses one PATH; tests use one per test, so keep only the recent ones open.
MAX_OPEN_STORES = 16


def get_store(path):
    key = os.path.abspath(os.fspath(path))
    with _stores_lock:
        store = _stores.get(key)
        if store is None:
            store = _stores[key] = IndexStore(key)
            # The first use in this process: clear what a killed rebuild left behind.
            store.clean_abandoned()
            while len(_stores) > MAX_OPEN_STORES:
                _stores.popitem(last=False)[1].close()
        else:
            _stores.move_to_end(key)
        return store
