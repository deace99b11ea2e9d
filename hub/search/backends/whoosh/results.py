"""Search results: the compiler's ranked primary keys turned into the queryset's rows.

Slicing, ``count()`` and ``facet()`` share one list of the matching rows the queryset allows
(``WhooshSearchQueryCompiler.allowed_pks``), so a page, its total and its facet counts agree.
``ranked_pks()`` gives a slice's keys without loading a row (``WhooshSearchBackend.ranked_pks``).
"""

from collections import Counter, OrderedDict

from django.db.models import Count
from modelsearch.backends.base import BaseSearchResults, FilterFieldError
from modelsearch.query import MatchAll, Not

from .pks import IN_CLAUSE_LIMIT, filter_pks


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
            # The allowed keys already carry every filter of the queryset: count over the
            # model's own rows by key, without the queryset's joins (a page queryset joins each
            # page's tree row for ``live``: on PostgreSQL that join was most of the time of a
            # facet over thousands of matches).
            qs = qs.model._default_manager.using(qs.db).order_by()
            if len(allowed) > IN_CLAUSE_LIMIT:
                allowed = set(allowed)
                counts = Counter(
                    value for pk, value in qs.values_list("pk", field_name) if pk in allowed
                )
                return OrderedDict(counts.most_common())
            qs = filter_pks(qs, allowed)
        rows = qs.values(field_name).annotate(count=Count("pk")).order_by("-count")
        return OrderedDict((row[field_name], row["count"]) for row in rows)
