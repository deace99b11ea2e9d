"""``update_index`` in several forked processes that each read, build and write their share.

Whoosh's own multi-process writer has the parent build every document and pickle it to its
writers through job files: at 10,000 resources the parent's part (database reads, relations,
``build_document``, pickling) is serial, and the writers wait on it while one core of two
idles. Here the parent only hands out primary keys: each writer process reads its objects with
its own database connection, builds their documents and adds them to its own segment, so every
core does all of the work. The parent then puts the writers' segments together, as Whoosh's
``multisegment`` writer does (the index is the same set of documents; their order in segments
does not change a score, which uses the whole index's statistics).

A writer that fails makes the rebuild fail (the live index stays as it was), instead of its
segment being left out of the new index, as Whoosh's writer would do.
"""

import logging
import queue

from django.apps import apps
from django.db import connections
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import SegmentWriter

from .bulk import RebuildWriter, group_postings
from .documents import build_document, prefetch_related

logger = logging.getLogger("hub.search")

# Objects per job: enough for the relations' prefetch to be read a few queries per job, few
# enough for the writers to finish together.
JOB_OBJECTS = 200
POLL_SECONDS = 1.0


class Keys(list):
    """Primary keys of a chunk of one model's indexed objects, in order.

    ``update_index`` (``hub/management/commands/update_index.py``) gives these to a rebuild
    whose writers read the objects themselves, instead of reading the objects in the parent.
    """


def read_objects(model, keys):
    """The indexed objects of ``model`` with these keys, in key order, relations prefetched."""
    objs = list(model.get_indexed_objects().filter(pk__in=list(keys)).order_by("pk"))
    prefetch_related(model, objs)
    return objs


def can_fork_readers():
    """Whether forked writers may open their own database connections now.

    Not inside a transaction (the parent's connection must be closed before forking, and
    rows of an uncommitted transaction are invisible to other connections), nor on an
    in-memory SQLite database (a new connection would open an empty one).
    """
    for conn in connections.all(initialized_only=True):
        if conn.in_atomic_block:
            return False
    for conn in connections.all():
        if conn.vendor == "sqlite" and conn.is_in_memory_db():
            return False
    return True


class _BuildingTask(SubWriterTask):
    """A forked writer whose jobs are (model label, keys): it reads and builds the documents."""

    def run(self):
        try:
            super().run()
        finally:
            connections.close_all()

    def _process_file(self, label, keys):
        writer = self.writer
        if type(writer) is SegmentWriter:
            # Whoosh made this process's writer in run(), before its first job: it has added
            # nothing yet, and becomes a RebuildWriter (the class only adds methods).
            writer.__class__ = RebuildWriter
            group_postings(writer)
        model = apps.get_model(label)
        for obj in read_objects(model, keys):
            writer.add_document(**build_document(obj))


class ParallelBuildWriter(MpWriter):
    """A multi-process rebuild writer fed with keys (``add_keys``), one segment per process."""

    def __init__(self, ix, procs, **kwargs):
        super().__init__(ix, procs=procs, multisegment=True, **kwargs)
        # No connection may be inherited: a forked copy would share the parent's socket.
        connections.close_all()
        for _ in range(procs):
            self._new_task()
        # Always the parallel commit, which stops the processes, even with nothing to add.
        self._added_sub = True

    def _new_task(self):
        task = _BuildingTask(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        self.tasks.append(task)
        task.start()
        return task

    def add_keys(self, model, keys):
        label = model._meta.label
        for start in range(0, len(keys), JOB_OBJECTS):
            self._put((label, list(keys[start : start + JOB_OBJECTS])))

    def add_document(self, **fields):
        raise TypeError("ParallelBuildWriter takes keys (add_keys), not documents")

    def _put(self, job):
        while True:
            try:
                self.jobqueue.put(job, timeout=POLL_SECONDS)
                return
            except queue.Full:
                self._check_tasks()

    def _check_tasks(self):
        for task in self.tasks:
            if task.exitcode not in (None, 0):
                raise RuntimeError(
                    f"a search index writer process failed (exit code {task.exitcode}); "
                    "its error is above"
                )

    def _commit(self, mergetype, optimize, merge):
        for _task in self.tasks:
            self._put(None)
        # Results are read before the processes are joined: a process exits only once what it
        # put on the queue has been read.
        segments = []
        for _task in self.tasks:
            _run, _fieldnames, segment = self._next_result()
            if segment.doc_count_all():
                segments.append(segment)
        for task in self.tasks:
            task.join()
        self._check_tasks()
        finalsegments = self._merge_segments(mergetype, optimize, merge) + segments
        self._close_segment()
        self._commit_toc(finalsegments)
        self._finish()

    def _next_result(self):
        while True:
            try:
                return self.resultqueue.get(timeout=POLL_SECONDS)
            except queue.Empty:
                self._check_tasks()
                if all(task.exitcode is not None for task in self.tasks):
                    break  # all ended: what they put is in the pipe, or never will be
        try:
            return self.resultqueue.get(timeout=POLL_SECONDS)
        except queue.Empty:
            raise RuntimeError("a search index writer process ended without its segment") from None

    def cancel(self):
        try:
            for task in self.tasks:
                if task.is_alive():
                    task.terminate()
                task.join()
        finally:
            SegmentWriter.cancel(self)
