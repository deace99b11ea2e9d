"""Fast evaluation of the plain term queries the backend builds: whole posting blocks at a time.

Whoosh answers a query by walking a tree of matcher objects one document at a time, several
Python calls per posting per field; a site query searches a word in a dozen fields, so a
common word costs tens of milliseconds. The queries our compiler builds are nearly always
And/Or trees of single terms, and those need no matcher tree: this module reads each term's
postings a block at a time (ids and weights as arrays), scores them with the searcher's own
BM25F statistics and combines the per-document scores with dictionaries.

The result is the same as Whoosh's: every matching document, each with the score Whoosh would
give it (up to the order in which a document's per-field scores are added). Anything else
(phrases, fuzzy terms, negations, another weighting model, an unknown codec) returns None and
the caller falls back to ``searcher.search``. Deleted documents may appear in the result;
callers intersect it with a set of live documents (the content type filter), which never
includes them.
"""

import threading
from collections import OrderedDict

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from .terms import in_segment

# Field lengths are stored as one byte per document; this turns the byte back into a length.
_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]

# Per segment and field, the length bytes of every document (segments never change their
# lengths; a merge makes a new segment with a new id). Bounded: old segments fall out.
_lengths_cache = OrderedDict()
_lengths_lock = threading.Lock()
MAX_CACHED_LENGTHS = 512


class Unsupported(Exception):
    """The query (or index) needs Whoosh's general matchers."""


def supported(query):
    """Whether ``query`` is made only of terms, And, Or and the null query."""
    if query is wq.NullQuery or isinstance(query, wq.Term):
        return type(query) in (wq.Term, type(wq.NullQuery))
    if type(query) is wq.And:
        return all(supported(q) for q in query.subqueries)
    if type(query) is wq.Or:
        return (
            not query.minmatch and not query.scale and all(supported(q) for q in query.subqueries)
        )
    return False


def evaluate(searcher, query):
    """{top-level document number: score} of every document matching ``query``, or None."""
    if not isinstance(searcher.weighting, BM25F) or not supported(query):
        return None
    try:
        return _Evaluator(searcher).run(query)
    except Unsupported:
        return None


def _segment_lengths(reader, fieldname):
    segment = reader.segment()
    if segment is None:
        raise Unsupported
    key = (segment.segment_id(), fieldname)
    with _lengths_lock:
        lengths = _lengths_cache.get(key)
        if lengths is not None:
            _lengths_cache.move_to_end(key)
            return lengths
    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is None or not hasattr(perdoc, "_cached_reader"):
        raise Unsupported
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    lengths = bytes(column) if column is not None else b""
    with _lengths_lock:
        _lengths_cache[key] = lengths
        while len(_lengths_cache) > MAX_CACHED_LENGTHS:
            _lengths_cache.popitem(last=False)
    return lengths


def _blocks(matcher):
    """(ids, weights) of each block of a term's postings in one segment."""
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # deletions: the caller's live-document filter drops them
    if type(matcher) is not W3LeafMatcher:
        raise Unsupported
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        yield matcher._ids, matcher._weights
        matcher._next_block()


class _Evaluator:
    def __init__(self, searcher):
        self.searcher = searcher
        self.leaves = searcher.leaf_searchers()
        self.weighting = searcher.weighting

    def run(self, query):
        if query is wq.NullQuery:
            return {}
        if isinstance(query, wq.Term):
            scores = self.term(query.fieldname, query.text)
        elif isinstance(query, wq.And):
            scores = self.intersection([self.run(q) for q in query.subqueries])
        else:
            scores = self.union([self.run(q) for q in query.subqueries])
        if query.boost != 1.0:
            boost = query.boost
            scores = {doc: score * boost for doc, score in scores.items()}
        return scores

    def term(self, fieldname, text):
        searcher = self.searcher
        try:
            field = searcher.schema[fieldname]
        except KeyError:
            raise Unsupported from None
        if not field.scorable:
            raise Unsupported
        scores = {}
        idf = avgfl = None
        term, encoded = (fieldname, text), field.to_bytes(text)
        for sub, offset in self.leaves:
            reader = sub.reader()
            if not in_segment(reader, term, encoded):
                continue
            if idf is None:
                # Global statistics, from the top-level searcher, as Whoosh's BM25FScorer.
                idf = searcher.idf(fieldname, text)
                avgfl = searcher.avg_field_length(fieldname) or 1
                b = self.weighting._field_B.get(fieldname, self.weighting.B)
                k1 = self.weighting.K1
                k1_plus_1, one_minus_b = k1 + 1, 1 - b
            lengths = _segment_lengths(reader, fieldname)
            table = _LENGTH_OF_BYTE
            for ids, weights in _blocks(reader.postings(fieldname, text)):
                for docnum, tf in zip(ids, weights, strict=True):
                    fl = table[lengths[docnum]] if docnum < len(lengths) else 1
                    # whoosh.scoring.bm25, term for term.
                    scores[docnum + offset] = idf * (
                        (tf * k1_plus_1) / (tf + k1 * (one_minus_b + b * (fl or 1) / avgfl))
                    )
        return scores

    @staticmethod
    def intersection(parts):
        if not parts:
            return {}
        parts_by_size = sorted(parts, key=len)
        common = set(parts_by_size[0])
        for part in parts_by_size[1:]:
            common.intersection_update(part)
            if not common:
                return {}
        # Whoosh adds the subquery scores left to right.
        result = {}
        for doc in common:
            score = 0.0
            for part in parts:
                score += part[doc]
            result[doc] = score
        return result

    @staticmethod
    def union(parts):
        parts = [part for part in parts if part]
        if not parts:
            return {}
        parts.sort(key=len, reverse=True)
        result = dict(parts[0])
        for part in parts[1:]:
            for doc, score in part.items():
                if doc in result:
                    result[doc] += score
                else:
                    result[doc] = score
        return result
