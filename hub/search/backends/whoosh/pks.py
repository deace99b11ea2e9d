"""Primary keys between the index and the database: the matches sent to SQL as one
parameter, a queryset's keys read straight from the cursor, and each index document's key."""

import json
import threading
from collections import OrderedDict

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, IntegerField
from django.db.models.expressions import RawSQL

from .store import PK_FIELD

# Up to this many Whoosh hits, the ORM filters with pk__in (SQLite accepts 32,766 parameters);
# beyond it, the queryset's own pk list is read and intersected in Python.
IN_CLAUSE_LIMIT = 30000


def _integer_pk(model):
    field = model._meta.pk
    while field.is_relation:  # a child page's pk is its parent link
        field = field.target_field
    return isinstance(field, IntegerField)


def filter_pks(queryset, pks):
    """``queryset.filter(pk__in=pks)`` with the whole list as ONE parameter where possible.

    Thousands of matches make thousands of SQL parameters, each prepared by Django in Python;
    an integer list travels as one JSON text (SQLite's json_each) or array (PostgreSQL)
    instead, and has no SQLite parameter limit.
    """
    pks = list(pks)
    vendor = connections[queryset.db].vendor
    if len(pks) > 50 and _integer_pk(queryset.model):
        if vendor == "sqlite":
            values = RawSQL("SELECT value FROM json_each(%s)", (json.dumps(pks),))
            return queryset.filter(pk__in=values)
        if vendor == "postgresql":
            # "= ANY(array)" rather than "IN (SELECT unnest(array))": PostgreSQL then looks the
            # keys up in the index directly instead of first making a set of them, and estimates
            # the rows from the array's length (a third less server time for 4,000 matches).
            meta = queryset.model._meta
            column = f"{connections[queryset.db].ops.quote_name(meta.db_table)}."
            column += connections[queryset.db].ops.quote_name(meta.pk.column)
            # The column is the model's own, quoted; the keys travel as a parameter.
            matching = RawSQL(f"{column} = ANY(%s::bigint[])", (pks,), output_field=BooleanField())  # noqa: S611
            return queryset.filter(matching)
    return queryset.filter(pk__in=pks)


def pk_values(queryset):
    """The primary keys of ``queryset``'s rows, in its order, read straight from the cursor.

    ``values_list`` builds each row through Django's (and modeltranslation's) iterators,
    microseconds a row; integer keys need no conversion, so read them from the cursor.
    """
    qs = queryset.values_list("pk", flat=True)
    if not _integer_pk(queryset.model) or qs.query.is_empty():
        return list(qs)
    try:
        sql, params = qs.query.get_compiler(qs.db).as_sql()
    except EmptyResultSet:
        return []
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


# Primary keys (as text) of each segment's documents, by segment id: segments never change
# their documents (a merge writes a new segment), so this survives every later write.
_segment_pks = OrderedDict()
_segment_pks_lock = threading.Lock()
MAX_CACHED_SEGMENTS = 64


def _pks_of_segment(reader):
    segment = reader.segment()
    if segment is None:  # an empty index's reader
        return [] if reader.doc_count_all() == 0 else _read_pks(reader)
    key = segment.segment_id()
    with _segment_pks_lock:
        pks = _segment_pks.get(key)
        if pks is not None:
            _segment_pks.move_to_end(key)
            return pks
    pks = _read_pks(reader)
    with _segment_pks_lock:
        _segment_pks[key] = pks
        while len(_segment_pks) > MAX_CACHED_SEGMENTS:
            _segment_pks.popitem(last=False)
    return pks


def _read_pks(reader):
    return [pk.decode() if isinstance(pk, bytes) else pk for pk in reader.column_reader(PK_FIELD)]


def pk_lookup(searcher):
    """A list: document number of ``searcher`` -> primary key text (built once per searcher)."""
    lookup = searcher.__dict__.get("_hub_pk_lookup")
    if lookup is None:
        lookup = []
        for sub, offset in searcher.leaf_searchers():
            pks = _pks_of_segment(sub.reader())
            lookup.extend([""] * (offset - len(lookup)))
            lookup.extend(pks)
        searcher.__dict__["_hub_pk_lookup"] = lookup
    return lookup
