"""A Whoosh search backend for Wagtail's search layer (modelsearch).

Configure it with ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "hub.search.backend",
"PATH": "/some/dir"}}``. It knows nothing of the site's models: what it indexes comes from each
model's ``search_fields``.

Division of work: Whoosh matches and scores and returns primary keys with scores; the ORM then
applies the queryset's filters, ordering, slicing and facets, so every Django lookup works and
results can never include rows the queryset excludes. Field analysis (French, English, neutral,
autocomplete n-grams) is chosen by field name, see ``hub.search.analysis``.

Writes are safe: the task that indexes a saved object runs after the transaction commits
(``hub.search.tasks_backend``), deletions wait for the commit too, writers serialise on a
cross-process file lock, and a failed write is logged on "hub.search" and never raised into the
request. ``update_index`` builds a fresh index directory and swaps it in atomically.
"""

import contextlib
import ctypes
import hashlib
import heapq
import json
import logging
import multiprocessing.util
import os
import signal
import sys
from collections import Counter, OrderedDict
from functools import cache

from django.apps import apps
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import Count, IntegerField, Manager, prefetch_related_objects
from django.db.models.constants import LOOKUP_SEP
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.encoding import force_str
from modelcluster.fields import ParentalManyToManyField
from modelsearch.backends.base import (
    BaseIndex,
    BaseSearchBackend,
    BaseSearchQueryCompiler,
    BaseSearchResults,
    FilterFieldError,
)
from modelsearch.index import (
    AutocompleteField,
    RelatedFields,
    SearchField,
    class_is_indexed,
    get_indexed_instance,
)
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_descendant_models
from whoosh import query as wq

from . import postings
from . import store as st
from .analysis import AUTOCOMPLETE_MAX, query_words, tokens

logger = logging.getLogger("hub.search")

# Longest query text analysed; longer input (a pasted page) is cut, never an error.
MAX_QUERY_CHARS = 255
MAX_QUERY_WORDS = 32
# Up to this many Whoosh hits, the ORM filters with pk__in (SQLite accepts 32,766 parameters);
# beyond it, the queryset's own pk list is read and intersected in Python.
IN_CLAUSE_LIMIT = 30000
SPELL_MAX_CHARS = 600
MP_REBUILD_MIN_OBJECTS = 5000
# Memory for postings per rebuild writer process before Whoosh spills sorted runs to disk and
# merges them back (pickling every posting twice): at 128 MB a 10,000-resource rebuild spilled
# several runs per process and took 1.6 times the CPU of an unspilled one.
LIMIT_MB = 1024
# A page of results by relevance asks Whoosh for the best 3 x stop (at least TOP_K_MIN) hits,
# widening while the queryset's filters reject too many, up to TOP_K_MAX; beyond, all hits.
TOP_K_MIN = 100
TOP_K_MAX = 1000


# Index documents ----------------------------------------------------------------------------


def content_type_chain(model):
    """modelsearch content type names of ``model`` and each indexed ancestor."""
    names = []
    while model is not None:
        names.append(model.indexed_get_content_type())
        model = model.indexed_get_parent()
    return names


def document_id(obj):
    return f"{type(obj).indexed_get_toplevel_content_type()}:{obj.pk}"


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return "\n".join(_as_text(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(_as_text(item) for item in value.values())
    return force_str(value)


def _related_objects(field, obj):
    cached = obj.__dict__.get(RELATED_CACHE, {}).get(field.field_name)
    if cached is not None:
        return cached
    value = field.get_value(obj)
    if value is None:
        return []
    if isinstance(value, Manager):
        return list(value.all())
    if callable(value):
        value = value()
    return [value] if value is not None else []


def _collect(obj, search_fields, prefix, out):
    for field in search_fields:
        if isinstance(field, RelatedFields):
            for sub in _related_objects(field, obj):
                _collect(sub, field.fields, prefix + field.field_name + LOOKUP_SEP, out)
            continue
        if isinstance(field, SearchField):
            name = st.SEARCH_PREFIX + prefix + field.field_name
        elif isinstance(field, AutocompleteField):
            name = st.AUTOCOMPLETE_PREFIX + prefix + field.field_name
        else:
            continue
        text = _as_text(field.get_value(obj)).strip()
        if text:
            out.setdefault(name, []).append(text)


RELATED_CACHE = "_hub_search_related"


def prefetch_related(model, objs, search_fields=None):
    """Load the relations the documents need in a few queries instead of several per object.

    Django's prefetch handles ordinary relations; modelcluster's ParentalManyToManyField
    builds one OR term per object (too deep for SQLite at 1000 objects), so those are read in
    one query on the through table and kept on each object for ``_related_objects``.
    """
    if search_fields is None:
        search_fields = model.get_search_fields()
    for field in search_fields:
        if not isinstance(field, RelatedFields) or not objs:
            continue
        try:
            with transaction.atomic():
                related = _prefetch_one(model, objs, field.field_name)
        except Exception:
            logger.debug("No prefetch for %s.%s", model.__name__, field.field_name, exc_info=True)
            continue
        nested = [f for f in field.fields if isinstance(f, RelatedFields)]
        if nested and related:
            prefetch_related(type(related[0]), related, nested)


def _prefetch_one(model, objs, name):
    """Prefetch relation ``name`` of ``objs``; return the related objects."""
    model_field = model._meta.get_field(name)
    if isinstance(model_field, ParentalManyToManyField):
        through = model_field.remote_field.through
        source = model_field.m2m_field_name()
        target = model_field.m2m_reverse_field_name()
        rows = through._default_manager.filter(**{f"{source}__in": [o.pk for o in objs]})
        pairs = list(rows.values_list(f"{source}_id", f"{target}_id"))
        targets = model_field.related_model._default_manager.in_bulk({t for _, t in pairs})
        by_source = {}
        for source_pk, target_pk in pairs:
            if target_pk in targets:
                by_source.setdefault(source_pk, []).append(targets[target_pk])
        for obj in objs:
            obj.__dict__.setdefault(RELATED_CACHE, {})[name] = by_source.get(obj.pk, [])
        return list(targets.values())
    if model_field.one_to_many and not model_field.concrete:
        # A reverse foreign key (a page's inline children): one query, grouped here, and the
        # same instances are then handed to nested relations.
        fk = model_field.field
        key = fk.target_field.attname
        rows = list(
            model_field.related_model._default_manager.filter(
                **{f"{fk.name}__in": [getattr(o, key) for o in objs]}
            )
        )
        by_parent = {}
        for row in rows:
            by_parent.setdefault(getattr(row, fk.attname), []).append(row)
        for obj in objs:
            obj.__dict__.setdefault(RELATED_CACHE, {})[name] = by_parent.get(getattr(obj, key), [])
        return rows
    if model_field.many_to_one and model_field.concrete:
        # A foreign key: Django's prefetch of 1,000 of them fails on SQLite ("expression tree
        # is too large") and the objects were then read one by one.
        attname = model_field.attname
        targets = model_field.related_model._default_manager.in_bulk(
            {getattr(o, attname) for o in objs} - {None},
            field_name=model_field.target_field.name,
        )
        for obj in objs:
            target = targets.get(getattr(obj, attname))
            obj.__dict__.setdefault(RELATED_CACHE, {})[name] = [] if target is None else [target]
        return list(targets.values())
    prefetch_related_objects(objs, name)
    related = []
    for obj in objs:
        value = getattr(obj, name, None)
        if isinstance(value, Manager):
            related.extend(value.all())
        elif value is not None and not callable(value):
            related.append(value)
    return related


def build_document(obj):
    """The Whoosh document of ``obj``: id, pk, content types and one text field per path."""
    model = type(obj)
    # modeltranslation makes plain ``title`` follow the active language: index a fixed one.
    with translation.override(settings.LANGUAGE_CODE):
        texts = {}
        _collect(obj, model.get_search_fields(), "", texts)
    doc = {
        st.ID_FIELD: document_id(obj),
        st.PK_FIELD: force_str(obj.pk),
        st.CT_FIELD: " ".join(content_type_chain(model)),
    }
    spelling = []
    for name, values in texts.items():
        doc[name] = "\n".join(values)
        # Suggestions come from the object's own short texts (titles, names, summaries): long
        # bodies would double the index work for little gain.
        if name.startswith(st.SEARCH_PREFIX) and LOOKUP_SEP not in name[len(st.SEARCH_PREFIX) :]:
            spelling.extend(v for v in values if len(v) <= SPELL_MAX_CHARS)
    # A model may keep its words out of "did you mean" (documents: a restricted one's title
    # must not be suggested to the public).
    if spelling and getattr(model, "search_spelling", True):
        doc[st.SPELL_FIELD] = "\n".join(spelling)
    digest = hashlib.blake2b(digest_size=16)
    for name in sorted(doc):
        digest.update(f"{name}\0{doc[name]}\0".encode())
    doc[st.HASH_FIELD] = digest.hexdigest()
    return doc


def _update_changed(writer, docs):
    """Re-index the documents whose content differs from the index's; False if none did.

    A page is saved several times for one edit (the revision, then the publish) and most saves
    change nothing indexed; comparing the stored digest costs a lookup, a write costs a
    segment. Runs under the write lock, so the comparison sees the latest commit.
    """
    if st.HASH_FIELD not in writer.schema.names():  # an index built before digests
        for doc in docs:
            writer.update_document(**{k: v for k, v in doc.items() if k != st.HASH_FIELD})
        return bool(docs)
    searcher = writer.searcher()
    changed = False
    for doc in docs:
        docnum = searcher.document_number(**{st.ID_FIELD: doc[st.ID_FIELD]})
        stored = searcher.stored_fields(docnum) if docnum is not None else {}
        if stored.get(st.HASH_FIELD) == doc[st.HASH_FIELD]:
            continue
        writer.update_document(**doc)
        changed = True
    return changed


# Field specifications for queries -----------------------------------------------------------


def _paths(search_fields, prefix=""):
    for field in search_fields:
        if isinstance(field, RelatedFields):
            yield from _paths(field.fields, prefix + field.field_name + LOOKUP_SEP)
        elif isinstance(field, SearchField):
            yield st.SEARCH_PREFIX + prefix + field.field_name, field.boost or 1.0
        elif isinstance(field, AutocompleteField):
            yield st.AUTOCOMPLETE_PREFIX + prefix + field.field_name, 1.0


@cache
def field_boosts(model):
    """Index field -> boost over ``model`` and its indexed subclasses.

    Searching a parent model must find text held only by a child (a Book search finds a Novel
    by its setting), so the child classes' fields are searched too.
    """
    boosts = {}
    for sub in get_descendant_models(model):
        if not class_is_indexed(sub):
            continue
        for name, boost in _paths(sub.get_search_fields()):
            boosts[name] = max(boost, boosts.get(name, 0.0))
    return boosts


# Query compilation --------------------------------------------------------------------------


def _simplify(query):
    """Fold MatchAll / MATCH_NONE out of combinations so pure ones never reach Whoosh."""
    if isinstance(query, Not):
        inner = _simplify(query.subquery)
        if isinstance(inner, Not):
            return inner.subquery
        return Not(inner)
    if isinstance(query, (And, Or)):
        subs = [_simplify(q) for q in query.subqueries]
        is_all = [isinstance(q, MatchAll) for q in subs]
        is_none = [isinstance(q, Not) and isinstance(q.subquery, MatchAll) for q in subs]
        if isinstance(query, And):
            if any(is_none):
                return Not(MatchAll())
            subs = [q for q, a in zip(subs, is_all, strict=True) if not a]
            if not subs:
                return MatchAll()
            return subs[0] if len(subs) == 1 else And(subs)
        if any(is_all):
            return MatchAll()
        subs = [q for q, n in zip(subs, is_none, strict=True) if not n]
        if not subs:
            return Not(MatchAll())
        return subs[0] if len(subs) == 1 else Or(subs)
    if isinstance(query, Boost):
        inner = _simplify(query.subquery)
        return inner if isinstance(inner, (MatchAll, Not)) else Boost(inner, query.boost)
    return query


def _combine(parts, operator):
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return wq.And(parts) if operator == "and" else wq.Or(parts)


def content_type_docs(searcher, content_type):
    """Document numbers of one content type, computed once per searcher (a filter set)."""
    cache = searcher.__dict__.setdefault("_hub_content_type_docs", {})
    docs = cache.get(content_type)
    if docs is None:
        docs = cache[content_type] = set(
            searcher.docs_for_query(wq.Term(st.CT_FIELD, content_type))
        )
    return docs


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


class WhooshSearchQueryCompiler(BaseSearchQueryCompiler):
    """Turns a modelsearch query into a Whoosh query over the right fields and analysers."""

    DEFAULT_OPERATOR = "and"
    # The ORM does the ordering, so any order_by expression works.
    HANDLES_ORDER_BY_EXPRESSIONS = True
    autocomplete = False

    def __init__(
        self, queryset, query, fields=None, operator=None, order_by_relevance=True, language=None
    ):
        super().__init__(
            queryset, query, fields=fields, operator=operator, order_by_relevance=order_by_relevance
        )
        self.language = language
        self._reader = None
        self._compiled = None
        self._hits = None
        self._no_fast = False
        self._matches = None
        self._allowed = None

    # Which index fields, with which boosts
    def target_fields(self):
        prefix = st.AUTOCOMPLETE_PREFIX if self.autocomplete else st.SEARCH_PREFIX
        boosts = field_boosts(self.queryset.model)
        if self.fields is not None:
            wanted = {}
            for name in self.fields:
                key = prefix + name
                if key not in boosts and self.autocomplete:
                    key = st.SEARCH_PREFIX + name  # a SearchField named in an autocomplete
                wanted[key] = boosts.get(key, 1.0)
        else:
            wanted = {k: b for k, b in boosts.items() if k.startswith(prefix)}
        if self.language:
            wanted = {k: b for k, b in wanted.items() if k.endswith("_" + self.language)}
        return wanted

    def _word_query(self, word, fields, fuzzy=False):
        """(query, soft): the word searched in each field; soft if some analyser drops it."""
        alternatives = []
        soft = False
        reader = self._reader
        for name, boost in fields.items():
            terms = tokens(st.query_analyzer_for(name), word)
            if not terms:
                soft = True
                continue
            if name.startswith(st.AUTOCOMPLETE_PREFIX):
                terms = [t[:AUTOCOMPLETE_MAX] for t in terms]
            if reader is not None and not fuzzy and not all((name, t) in reader for t in terms):
                continue  # not in the index: skip the matcher instead of scanning for nothing
            if fuzzy:
                parts = [
                    wq.FuzzyTerm(
                        name, t, boost=boost, maxdist=1 if len(t) < 6 else 2, prefixlength=1
                    )
                    for t in terms
                ]
            else:
                parts = [wq.Term(name, t, boost=boost) for t in terms]
            alternatives.append(parts[0] if len(parts) == 1 else wq.And(parts))
        if not alternatives:
            # No analyser kept it (all stop words): soft. Kept but found nowhere: a hard word
            # that matches nothing.
            return (None, True) if soft and not self._kept(word, fields) else (wq.NullQuery, soft)
        return (alternatives[0] if len(alternatives) == 1 else wq.Or(alternatives)), soft

    @staticmethod
    def _kept(word, fields):
        return any(tokens(st.query_analyzer_for(name), word) for name in fields)

    def _text_query(self, text, operator, fields, fuzzy=False):
        words = query_words(text[:MAX_QUERY_CHARS])[:MAX_QUERY_WORDS]
        hard, soft = [], []
        for word in words:
            q, is_soft = self._word_query(word, fields, fuzzy=fuzzy)
            if q is not None:
                (soft if is_soft else hard).append(q)
        if operator == "and":
            # A word that is a stop word for some language (e.g. "le") must not be required:
            # the French fields dropped it, so requiring it would hide French matches.
            return _combine(hard or soft, "and")
        return _combine(hard + soft, "or")

    def _phrase_query(self, text, fields):
        alternatives = []
        for name, boost in fields.items():
            if name.startswith(st.AUTOCOMPLETE_PREFIX):
                continue
            terms = tokens(st.query_analyzer_for(name), text[:MAX_QUERY_CHARS])
            if not terms:
                continue
            if len(terms) == 1:
                alternatives.append(wq.Term(name, terms[0], boost=boost))
            else:
                alternatives.append(wq.Phrase(name, terms, boost=boost))
        return _combine(alternatives, "or")

    def compile(self, query, fields):
        if isinstance(query, MatchAll):
            return wq.Every()
        if isinstance(query, PlainText):
            q = self._text_query(query.query_string, query.operator, fields)
            if q is not None and query.boost != 1:
                q = q.with_boost(q.boost * query.boost)
            return q or wq.NullQuery
        if isinstance(query, Phrase):
            if self.autocomplete:
                return self._text_query(query.query_string, "and", fields) or wq.NullQuery
            return self._phrase_query(query.query_string, fields) or wq.NullQuery
        if isinstance(query, Fuzzy):
            q = self._text_query(query.query_string, query.operator, fields, fuzzy=True)
            return q or wq.NullQuery
        if isinstance(query, Boost):
            q = self.compile(query.subquery, fields)
            return q.with_boost(q.boost * query.boost) if q is not wq.NullQuery else q
        if isinstance(query, And):
            return wq.And([self.compile(q, fields) for q in query.subqueries])
        if isinstance(query, Or):
            return wq.Or([self.compile(q, fields) for q in query.subqueries])
        if isinstance(query, Not):
            return wq.Not(self.compile(query.subquery, fields))
        raise NotImplementedError(
            f"`{query.__class__.__name__}` is not supported by the Whoosh search backend."
        )

    # Execution
    def simplified(self):
        return _simplify(self.query)

    def _prepare(self, backend):
        """(searcher, compiled query, content type filter), compiled once per compiler."""
        searcher = backend.store.searcher()
        if getattr(self, "_compiled", None) is None or self._compiled[0] is not searcher:
            self._reader = searcher.reader()
            try:
                whoosh_query = self.compile(self.simplified(), self.target_fields())
            finally:
                self._reader = None
            ct_filter = content_type_docs(searcher, self.queryset.model.indexed_get_content_type())
            self._compiled = (searcher, whoosh_query, ct_filter)
        return self._compiled

    def _pks(self, searcher, docnums_scores):
        hits = {}
        pk_of = st.pk_lookup(searcher)
        to_python = self.queryset.model._meta.pk.to_python
        for docnum, score in docnums_scores:
            hits[to_python(pk_of[docnum])] = float(score or 0.0)
        return hits

    def _all_hits(self, backend):
        """{pk: score} of every match, from the fast block evaluation; None if it can't."""
        if self._hits is None and not self._no_fast:
            searcher, whoosh_query, ct_filter = self._prepare(backend)
            scores = postings.evaluate(searcher, whoosh_query)
            if scores is None:
                self._no_fast = True
                return None
            self._hits = self._pks(
                searcher, ((d, score) for d, score in scores.items() if d in ct_filter)
            )
        return self._hits

    def hits(self, backend):
        """{pk: score} of every index document matching the query for this model (scored)."""
        if self._all_hits(backend) is None:
            searcher, whoosh_query, ct_filter = self._prepare(backend)
            results = searcher.search(whoosh_query, filter=ct_filter, limit=None)
            self._hits = {} if results.is_empty() else self._pks(searcher, results.items())
        return self._hits

    def top_hits(self, backend, limit):
        """({pk: score} of the best ``limit`` documents, whether that is every match).

        Whoosh skips most of the scoring work when it only has to find the best N.
        """
        if self._all_hits(backend) is not None:
            return self._hits, True
        searcher, whoosh_query, ct_filter = self._prepare(backend)
        results = searcher.search(whoosh_query, filter=ct_filter, limit=limit)
        if results.is_empty():
            return {}, True
        complete = results.scored_length() < limit
        return self._pks(searcher, results.items()), complete

    def match_pks(self, backend):
        """The set of matching pks, without scores (cheaper than ``hits``)."""
        if self._all_hits(backend) is not None:
            return self._hits
        if self._matches is None:
            searcher, whoosh_query, ct_filter = self._prepare(backend)
            results = searcher.search(whoosh_query, filter=ct_filter, limit=None, scored=False)
            if results.is_empty():
                self._matches = {}
            else:
                self._matches = self._pks(searcher, ((d, 0.0) for d in results.docs()))
        return self._matches

    def allowed_pks(self, backend):
        """Primary keys of the queryset rows that match, in queryset order (no slicing)."""
        if self._allowed is None:
            matches = self.match_pks(backend)
            qs = self.queryset
            if not matches:
                self._allowed = []
            elif not qs.query.where and not qs.query.is_sliced:
                # Every row of the model is allowed: the index only holds existing rows (a
                # delete is written with its commit), so no need to ask the database.
                self._allowed = list(matches)
            elif len(matches) <= IN_CLAUSE_LIMIT:
                self._allowed = list(dict.fromkeys(pk_values(filter_pks(qs, matches))))
            else:
                self._allowed = list(
                    dict.fromkeys(pk for pk in qs.values_list("pk", flat=True) if pk in matches)
                )
        return self._allowed

    def ranked_page(self, backend, start, stop):
        """(pks of results start:stop by relevance, their scores)."""
        fast = self._all_hits(backend) is not None
        if not fast and stop is not None and stop <= TOP_K_MAX:
            limit = max(3 * stop, TOP_K_MIN)
            while limit <= TOP_K_MAX:
                hits, complete = self.top_hits(backend, limit)
                allowed = (
                    list(
                        dict.fromkeys(
                            self.queryset.filter(pk__in=list(hits)).values_list("pk", flat=True)
                        )
                    )
                    if hits
                    else []
                )
                if complete or len(allowed) >= stop:
                    ranked = sorted(allowed, key=lambda pk: (-hits[pk], str(pk)))
                    return ranked[start:stop], hits
                limit *= 4  # the queryset's filters dropped too many: look deeper
        # Every match is scored already (or must be): rank the rows the queryset allows, the
        # same list count() and facet() use.
        hits = self.hits(backend)
        allowed = self.allowed_pks(backend)
        key = lambda pk: (-hits[pk], str(pk))  # noqa: E731
        if stop is not None:
            return heapq.nsmallest(stop, allowed, key=key)[start:], hits
        return sorted(allowed, key=key)[start:stop], hits

    def ordered_queryset(self):
        qs = self.queryset
        if not qs.ordered:
            # Stable pages (wagtail#3729): without an order, newest first.
            qs = qs.order_by("-pk")
        return qs


class WhooshAutocompleteQueryCompiler(WhooshSearchQueryCompiler):
    autocomplete = True


# Results ------------------------------------------------------------------------------------


def _fetch_in_order(queryset, pks):
    objects = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=pks)} if pks else {}
    return [objects[pk] for pk in pks if pk in objects]


class WhooshSearchResults(BaseSearchResults):
    supports_facet = True

    def _is_match_all(self):
        return isinstance(self.query_compiler.simplified(), MatchAll)

    def _is_match_none(self):
        q = self.query_compiler.simplified()
        return isinstance(q, Not) and isinstance(q.subquery, MatchAll)

    def ranked_pks(self):
        """The primary keys of this slice of the results, most relevant first, without loading
        the objects (what a caller that only needs the keys would otherwise pay for)."""
        compiler = self.query_compiler
        if self._is_match_none():
            return []
        if self._is_match_all() or not compiler.order_by_relevance:
            return [obj.pk for obj in self._do_search()]
        return compiler.ranked_page(self.backend, self.start, self.stop)[0]

    def _do_search(self):
        compiler = self.query_compiler
        start, stop = self.start, self.stop
        if self._is_match_none():
            return []
        if self._is_match_all():
            qs = compiler.queryset if compiler.order_by_relevance else compiler.ordered_queryset()
            return list(qs[start:stop])

        if compiler.order_by_relevance:
            page, hits = compiler.ranked_page(self.backend, start, stop)
            objects = _fetch_in_order(compiler.queryset, page)
        else:
            hits = compiler.hits(self.backend) if self._score_field else None
            matches = compiler.match_pks(self.backend)
            if len(matches) <= IN_CLAUSE_LIMIT:
                objects = list(compiler.ordered_queryset().filter(pk__in=list(matches))[start:stop])
            else:
                pks = [
                    pk
                    for pk in compiler.ordered_queryset().values_list("pk", flat=True)
                    if pk in matches
                ]
                page = list(dict.fromkeys(pks))[start:stop]
                objects = _fetch_in_order(compiler.queryset, page)

        if self._score_field:
            for obj in objects:
                setattr(obj, self._score_field, hits.get(obj.pk, 0.0))
        return objects

    def _do_count(self):
        if self._is_match_none():
            return 0
        if self._is_match_all():
            return self.query_compiler.queryset[self.start : self.stop].count()
        return len(self.query_compiler.allowed_pks(self.backend)[self.start : self.stop])

    def facet(self, field_name):
        compiler = self.query_compiler
        field = compiler._get_filterable_field(field_name)
        if field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f'index.FilterField("{field_name}") to '
                f"{compiler.queryset.model.__name__}.search_fields.",
                field_name=field_name,
            )
        qs = compiler.queryset.order_by()
        if self._is_match_none():
            return OrderedDict()
        if not self._is_match_all():
            allowed = compiler.allowed_pks(self.backend)
            if len(allowed) > IN_CLAUSE_LIMIT:
                allowed = set(allowed)
                counts = Counter(
                    value for pk, value in qs.values_list("pk", field_name) if pk in allowed
                )
                return OrderedDict(counts.most_common())
            qs = filter_pks(qs, allowed)
        rows = qs.values(field_name).annotate(count=Count("pk")).order_by("-count")
        return OrderedDict((row[field_name], row["count"]) for row in rows)


# Index and rebuild --------------------------------------------------------------------------


class WhooshIndex(BaseIndex):
    """All models share one Whoosh index per PATH; documents carry their content types."""

    def get_key(self):
        return str(self.backend.store.path)

    def __str__(self):
        return f"whoosh index at {self.backend.store.path}"

    def add_model(self, model):
        pass

    def refresh(self):
        # Searchers check for a newer index generation before every query.
        pass

    def reset(self):
        self.backend.store.reset()

    def add_items(self, model, items):
        items = list(items)
        if not items or not class_is_indexed(model):
            return
        prefetch_related(model, items)
        docs = [build_document(obj) for obj in items]
        self.backend.write(
            lambda writer: _update_changed(writer, docs),
            journal_lines=[_journal_line(obj) for obj in items],
            what=f"add {len(docs)} {model._meta.label}",
        )

    def delete_item(self, item):
        self.backend.delete_now(item)


def _journal_line(obj):
    return f"{obj._meta.label_lower} {obj.pk} {document_id(obj)}"


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

    def __init__(self, backend, version, ix, progress):
        self.backend = backend
        self.version = version
        self.ix = ix
        self._writer = None
        self.progress = progress

    def __str__(self):
        return f"whoosh index at {self.backend.store.path} (new version {self.version})"

    @property
    def writer(self):
        if self._writer is None:
            procs = self.backend.rebuild_procs
            if procs > 1 and self.progress.total >= self.backend.rebuild_mp_min_objects:
                # Several processes analyse and write segments in parallel (forked; they
                # receive plain dicts). Not worth the fork for a small index. They die with
                # this process: a killed update_index leaves no writer running.
                self.parent_pid = os.getpid()
                multiprocessing.util.register_after_fork(self, _die_with_parent)
                self._writer = self.ix.writer(
                    procs=procs, limitmb=LIMIT_MB, multisegment=True, compound=False
                )
            else:
                # Plain segment files: a compound file is copied into memory by every reader
                # that opens it (~200 ms per write on a 20,000-document index).
                self._writer = self.ix.writer(limitmb=LIMIT_MB, compound=False)
        return self._writer

    def add_model(self, model):
        if class_is_indexed(model):
            self.progress.add_total(model.get_indexed_objects().count())

    def add_items(self, model, items):
        items = list(items)
        prefetch_related(model, items)
        for obj in items:
            # A fresh version directory: every document is new, no need to look for an old one.
            self.writer.add_document(**build_document(obj))
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
        self._rebuild = _RebuildIndex(self.backend, version, ix, _ProgressBar())
        return self._rebuild

    def finish(self):
        rebuild = self._rebuild
        try:
            rebuild.progress.close()
            self.backend.store.finish_rebuild(rebuild.version, rebuild.writer, _replay)
        except BaseException:
            self.backend.store.abort_rebuild(rebuild.version, rebuild.writer)
            raise
        finally:
            self._lock.__exit__(None, None, None)
            self._lock = None


# Backend ------------------------------------------------------------------------------------


class WhooshSearchBackend(BaseSearchBackend):
    query_compiler_class = WhooshSearchQueryCompiler
    autocomplete_query_compiler_class = WhooshAutocompleteQueryCompiler
    results_class = WhooshSearchResults
    index_class = WhooshIndex
    rebuilder_class = WhooshRebuilder
    supports_language = True

    @property
    def catch_indexing_errors(self):
        # In a request, an index failure is logged and never breaks a save; in the worker it
        # raises, so that the job is retried (a locked index is a transient failure).
        from hub.jobs import running_in_worker

        return not running_in_worker()

    def __init__(self, params):
        super().__init__(params)
        path = params.get("PATH") or str(getattr(settings, "SEARCH_INDEX_DIR", "search-index"))
        self.store = st.get_store(path)
        # Processes used by update_index (default: the CPUs, at most 4).
        self.rebuild_procs = int(params.get("REBUILD_PROCS") or min(4, os.cpu_count() or 1))
        self.rebuild_mp_min_objects = int(
            params.get("REBUILD_MP_MIN_OBJECTS") or MP_REBUILD_MIN_OBJECTS
        )

    def get_index_for_model(self, model):
        return self.index_class(self)

    # Searching with an optional language limit
    def search(
        self,
        query,
        model_or_queryset,
        fields=None,
        operator=None,
        order_by_relevance=True,
        language=None,
    ):
        return self._search(
            self.query_compiler_class,
            query,
            model_or_queryset,
            fields=fields,
            operator=operator,
            order_by_relevance=order_by_relevance,
            language=language,
        )

    def autocomplete(
        self,
        query,
        model_or_queryset,
        fields=None,
        operator=None,
        order_by_relevance=True,
        language=None,
    ):
        return self._search(
            self.autocomplete_query_compiler_class,
            query,
            model_or_queryset,
            fields=fields,
            operator=operator,
            order_by_relevance=order_by_relevance,
            language=language,
        )

    # Writing
    def write(self, apply, journal_lines=(), what="write"):
        try:
            self.store.write(apply, journal_lines)
        except Exception:
            logger.error(
                "Search index %s failed at %s; search may be stale until "
                "`manage.py update_index` rebuilds it.",
                what,
                self.store.path,
                exc_info=True,
            )
            return False
        return True

    def delete_now(self, obj):
        doc_id = document_id(obj)
        self.write(
            lambda writer: writer.delete_by_term(st.ID_FIELD, doc_id),
            journal_lines=[_journal_line(obj)],
            what=f"delete {doc_id}",
        )

    def delete(self, obj):
        # post_delete fires inside the transaction; if it rolls back the object still exists,
        # so the index entry must only go once the deletion is committed. The id is taken now:
        # Django clears obj.pk after deleting.
        doc_id = document_id(obj)
        line = _journal_line(obj)

        def _delete():
            self.write(
                lambda writer: writer.delete_by_term(st.ID_FIELD, doc_id),
                journal_lines=[line],
                what=f"delete {doc_id}",
            )

        transaction.on_commit(_delete)


SearchBackend = WhooshSearchBackend
