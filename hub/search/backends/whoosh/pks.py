"""Primary keys between the index and the database: the matches sent to SQL as one
parameter, and a queryset's keys read straight from the cursor."""

import json

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL

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
            return queryset.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", (pks,)))
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
