"""Query compilation: a modelsearch query turned into a Whoosh query, and its execution.

``WhooshSearchQueryCompiler`` chooses the index fields (and boosts) of the queryset's model and
its indexed subclasses, limited to one language's fields when ``language`` is given (passed
through modelsearch's ``_search(**kwargs)``), analyses each query word as the field's analyser
indexed it, and compiles PlainText, Phrase, Fuzzy, Boost, And, Or, Not and MatchAll. It then
finds the matches: plain term queries a posting block at a time (``postings``), anything else
through Whoosh's matchers, and hands the results class primary keys with scores; the ORM
applies the queryset's filters, ordering and slices.
"""

import heapq
from functools import cache

from django.db.models.constants import LOOKUP_SEP
from modelsearch.backends.base import BaseSearchQueryCompiler
from modelsearch.index import AutocompleteField, RelatedFields, SearchField, class_is_indexed
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_descendant_models
from whoosh import query as wq

from ...text import MAX_ANALYSED_CHARS
from . import postings
from . import store as st
from .analysis import AUTOCOMPLETE_MAX, query_words, tokens
from .pks import IN_CLAUSE_LIMIT, filter_pks, pk_lookup, pk_values
from .terms import Terms

MAX_QUERY_WORDS = 32
# A page of results by relevance asks Whoosh for the best 3 x stop (at least TOP_K_MIN) hits,
# widening while the queryset's filters reject too many, up to TOP_K_MAX; beyond, all hits.
TOP_K_MIN = 100
TOP_K_MAX = 1000


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
        words = query_words(text[:MAX_ANALYSED_CHARS])[:MAX_QUERY_WORDS]
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
            terms = tokens(st.query_analyzer_for(name), text[:MAX_ANALYSED_CHARS])
            if not terms:
                continue
            if len(terms) == 1:
                alternatives.append(wq.Term(name, terms[0], boost=boost))
            elif self._has_positions(name):
                alternatives.append(wq.Phrase(name, terms, boost=boost))
            else:  # indexed without positions (documents.phrase_free_fields): all the words
                alternatives.append(wq.And([wq.Term(name, t, boost=boost) for t in terms]))
        return _combine(alternatives, "or")

    def _has_positions(self, name):
        schema = self._reader.schema if self._reader is not None else None
        if schema is None or name not in schema:
            return True
        return schema[name].format.supports("positions")

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
            self._reader = Terms(searcher.reader())
            try:
                whoosh_query = self.compile(self.simplified(), self.target_fields())
            finally:
                self._reader = None
            ct_filter = content_type_docs(searcher, self.queryset.model.indexed_get_content_type())
            self._compiled = (searcher, whoosh_query, ct_filter)
        return self._compiled

    def _pks(self, searcher, docnums_scores):
        hits = {}
        pk_of = pk_lookup(searcher)
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
        """Primary keys of the queryset rows that match (no slicing), in no particular order:
        the count needs their number, the facets their set, the ranking sorts them by score."""
        if self._allowed is None:
            matches = self.match_pks(backend)
            # Without the queryset's order: a page queryset sorts by tree path, which made
            # PostgreSQL join and sort every matching page's wide row to return their keys.
            qs = self.queryset.order_by()
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
