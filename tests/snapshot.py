"""Fixtures built once per test process and replayed into each later test that asks for them:
the demo (``load_demo``, fixture ``demo_site`` of tests/conftest.py) and the partners' world
(tests/partners/conftest.py).

``load_demo`` takes about 15 s of CPU (every page of the demo published through Wagtail) and
some 25 tests of each database's stage want it; the partners' world (pages, workshops, groups,
editors, documents) takes one to three seconds and some 200 tests want it. The first test of a
process to ask builds for real and records what that changed: per table, the rows it added,
changed or removed (primary keys and whole rows), and the media and search-index folders it
filled. A later test whose database starts exactly as that one did (same row count and largest
key in every table, and the same rows where the build changed or removed some, empty media and
index folders) gets those changes written back in milliseconds, inside its own transaction, so
they roll back like anything else it does. A test whose database starts otherwise (a fixture made
rows first, a transactional test flushed the base) gets the real build, and its record becomes
the one kept.

Foreign keys are deferred to the commit on both databases (Django makes them so), so the order of
the writes does not matter; the test's rollback means there is no commit.
"""

import json
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, models

CHUNK = 500  # keys per DELETE (below SQLite's limit of bound parameters)


def _tables():
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        keys = {
            name: connection.introspection.get_primary_key_column(cursor, name) for name in names
        }
    return {name: key for name, key in keys.items() if name != "django_migrations"}


def _quote(name):
    return connection.ops.quote_name(name)


def _fingerprint(tables):
    """Row count and largest primary key (as text: some keys are UUIDs) of every table, in one
    query."""
    parts = [
        f"SELECT '{name}', COUNT(*), MAX(CAST({_quote(key)} AS TEXT)) FROM {_quote(name)}"
        if key
        else f"SELECT '{name}', COUNT(*), CAST(NULL AS TEXT) FROM {_quote(name)}"
        for name, key in sorted(tables.items())
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return {name: (count, str(top)) for name, count, top in cursor.fetchall()}


def _rows(table):
    """Every row of ``table`` as a dict of column to value, in a form that writes back as it was
    read: PostgreSQL's own JSON of the row (read and written by PostgreSQL, so every type
    round-trips), SQLite's stored values untouched by Django's converters (``+column`` is an
    expression, so it has no declared type to convert by)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT row_to_json(t)::text FROM {_quote(table)} t")
            return [json.loads(text) for (text,) in cursor.fetchall()]
        columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
        select = ", ".join(f"+{_quote(c)}" for c in columns)
        cursor.execute(f"SELECT {select} FROM {_quote(table)}")
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _keyed(rows, key):
    if key:
        return {row[key]: row for row in rows}
    return {tuple(sorted(row.items(), key=lambda item: item[0])): row for row in rows}


def _state(tables):
    return {name: _keyed(_rows(name), key) for name, key in tables.items()}


@dataclass
class Change:
    """What the command did to one table."""

    table: str
    key: str | None
    before: dict  # key -> row, of the rows it changed or removed
    after: list  # rows it added or changed, as they ended


@dataclass
class Record:
    fingerprint: dict
    changes: list
    media: Path
    index: Path | None
    value: object  # what the builder returned, as _described


def _described(value):
    """``value`` as something to fetch again after a replay: rows by their model and key."""
    if isinstance(value, models.Model):
        return (type(value), value.pk)
    if isinstance(value, SimpleNamespace):
        return SimpleNamespace(**{k: _described(v) for k, v in vars(value).items()})
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"a replayed fixture returns rows, namespaces of rows or data: {value!r}")


def _fetched(description):
    if isinstance(description, tuple):
        model, pk = description
        return model._default_manager.get(pk=pk)
    if isinstance(description, SimpleNamespace):
        return SimpleNamespace(**{k: _fetched(v) for k, v in vars(description).items()})
    return description


def _diff(tables, before, after):
    changes = []
    for name, key in tables.items():
        old, new = before[name], after[name]
        gone = {k: row for k, row in old.items() if new.get(k) != row}
        written = [row for k, row in new.items() if old.get(k) != row]
        if gone or written:
            changes.append(Change(name, key, gone, written))
    return changes


def _delete(cursor, change):
    keys = list(change.before)
    if not change.key:
        for row in change.before.values():
            same = "IS NOT DISTINCT FROM" if connection.vendor == "postgresql" else "IS"
            where = " AND ".join(f"{_quote(c)} {same} %s" for c in row)
            cursor.execute(f"DELETE FROM {_quote(change.table)} WHERE {where}", list(row.values()))
        return
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        marks = ", ".join(["%s"] * len(chunk))
        cursor.execute(
            f"DELETE FROM {_quote(change.table)} WHERE {_quote(change.key)} IN ({marks})", chunk
        )


def _insert(cursor, change):
    if not change.after:
        return
    table = _quote(change.table)
    if connection.vendor == "postgresql":
        cursor.execute(
            f"INSERT INTO {table} SELECT * FROM json_populate_recordset(NULL::{table}, %s)",
            [json.dumps(change.after)],
        )
        return
    columns = list(change.after[0])
    names = ", ".join(_quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(
        f"INSERT INTO {table} ({names}) VALUES ({marks})",
        [[row[c] for c in columns] for row in change.after],
    )


def _same_rows(change):
    """Whether the rows the command changed or removed are, now, as they were before it."""
    if not change.before:
        return True
    now = _keyed(_rows(change.table), change.key)
    return all(now.get(k) == row for k, row in change.before.items())


def _empty(folder):
    return not folder.exists() or not any(folder.iterdir())


def _copy(source, target):
    if source is None or not source.exists():
        return
    shutil.copytree(source, target, dirs_exist_ok=True)


class Replays:
    """One per test process: the last record of each builder, and the folder it keeps their media
    and index in."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.records = {}
        self.tables = None
        self.replayed = Counter()

    def load(self, name, build, settings, inputs=()):
        """What ``build()`` makes in the test's database, media folder and index: replayed when
        the database starts as the record's did, else built for real (and recorded). Returns
        what ``build`` returned (its rows fetched again after a replay); the rows of ``inputs``
        (the fixtures ``build`` was given) are refreshed, as building would have changed them."""
        self.tables = self.tables or _tables()
        media = Path(settings.MEDIA_ROOT)
        index = _index_path(settings)
        fingerprint = _fingerprint(self.tables)
        record = self.records.get(name)
        if (
            record is not None
            and record.fingerprint == fingerprint
            and _empty(media)
            and (index is None or _empty(index))
            and all(_same_rows(change) for change in record.changes)
        ):
            self._replay(record, media, index)
            self.replayed[name] += 1
            for row in inputs:
                row.refresh_from_db()
            return _fetched(record.value)
        before = _state(self.tables)
        value = build()
        after = _state(self.tables)
        changes = _diff(self.tables, before, after)
        self.records[name] = self._keep(name, fingerprint, changes, media, index, value)
        return value

    def _keep(self, name, fingerprint, changes, media, index, value):
        kept = self.folder / f"{name}-{len(self.records)}-{id(changes)}"
        _copy(media, kept / "media")
        (kept / "media").mkdir(parents=True, exist_ok=True)
        if index is not None:
            _copy(index, kept / "index")
        kept_index = kept / "index" if index else None
        return Record(fingerprint, changes, kept / "media", kept_index, _described(value))

    def _replay(self, record, media, index):
        with connection.cursor() as cursor:
            for change in record.changes:
                _delete(cursor, change)
            for change in record.changes:
                _insert(cursor, change)
        _copy(record.media, media)
        if index is not None:
            _copy(record.index, index)
        _forget_cached_state()


def load_demo(replays, settings):
    """``load_demo --no-admin`` in the test's database, through ``replays``."""
    replays.load("demo", lambda: call_command("load_demo", "--no-admin", verbosity=0), settings)


def _index_path(settings):
    path = settings.WAGTAILSEARCH_BACKENDS["default"].get("PATH")
    return Path(path) if path else None


def _forget_cached_state():
    """What the command's saves would have cleared: the cached site roots and content types, the
    content generation's pages and memos."""
    from django.contrib.contenttypes.models import ContentType

    from hub.caching import invalidate
    from hub.memos import clear_memos

    cache.clear()
    ContentType.objects.clear_cache()
    invalidate()
    clear_memos()
