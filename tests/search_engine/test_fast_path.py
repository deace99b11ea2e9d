"""The block-at-a-time evaluation gives Whoosh's own matches and scores; big pk lists are one
SQL parameter."""

import pytest
from whoosh import query as wq

from hub.models import Theme
from hub.search import search
from hub.search.backends.whoosh import postings
from hub.search.backends.whoosh.pks import filter_pks, pk_lookup, pk_values

from .helpers import backend

WORDS = ["apprentissage", "numerique", "programme", "patrimoine", "ville", "velo"]


@pytest.fixture
def many_themes(db, django_capture_on_commit_callbacks):
    themes = []
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(80):
            words = [WORDS[(i + k) % len(WORDS)] for k in range(1 + i % 4)]
            themes.append(
                Theme.objects.create(
                    slug=f"t{i}",
                    name_en=f"Theme {i} {' '.join(reversed(words))}",
                    name_fr=" ".join(words * (1 + i % 3)),
                )
            )
    # A deleted document stays in its segment's postings: the content type filter drops it.
    with django_capture_on_commit_callbacks(execute=True):
        themes.pop().delete()
    return themes


def whoosh_scores(searcher, query, ct_filter):
    results = searcher.search(query, filter=ct_filter, limit=None)
    return dict(results.items())


@pytest.mark.parametrize(
    "query",
    [
        wq.Term("s__name_fr", "apprentissag"),
        wq.Or([wq.Term("s__name_fr", "numer"), wq.Term("s__name_en", "numerique", boost=2.0)]),
        wq.And(
            [
                wq.Or([wq.Term("s__name_fr", "vill"), wq.Term("s__name_en", "ville")]),
                wq.Term("s__name_fr", "velo", boost=3.0),
            ],
            boost=1.5,
        ),
        wq.And([wq.Term("s__name_fr", "velo"), wq.NullQuery]),
    ],
)
def test_fast_evaluation_matches_whoosh(many_themes, query):
    from hub.search.backends.whoosh.compiler import content_type_docs

    searcher = backend().store.searcher()
    ct_filter = content_type_docs(searcher, Theme.indexed_get_content_type())
    fast = postings.evaluate(searcher, query)
    assert fast is not None
    fast = {d: s for d, s in fast.items() if d in ct_filter}
    expected = whoosh_scores(searcher, query, ct_filter)
    assert fast.keys() == expected.keys()
    for docnum, score in expected.items():
        assert fast[docnum] == pytest.approx(score, rel=1e-9)


def test_other_queries_fall_back_to_whoosh(many_themes):
    searcher = backend().store.searcher()
    assert postings.evaluate(searcher, wq.Phrase("s__name_fr", ["numer", "programm"])) is None
    assert postings.evaluate(searcher, wq.Not(wq.Term("s__name_fr", "velo"))) is None
    assert postings.evaluate(searcher, wq.FuzzyTerm("s__name_fr", "vello")) is None
    # Phrases still work, through Whoosh's matchers.
    found = {t.slug for t in search(Theme.objects.all(), '"numerique programme"')}
    assert found == {t.slug for t in many_themes if "numerique programme" in t.name_fr}


def test_search_results_rank_and_count(many_themes, django_assert_max_num_queries):
    results = search(Theme.objects.all(), "velo", language="fr")
    expected = {t.pk for t in many_themes if "velo" in t.name_fr}
    with django_assert_max_num_queries(2):  # the matching rows once, then the page
        first = list(results[:5])
        assert results.count() == len(expected)
    assert {t.pk for t in first} <= expected
    ranked = [t.pk for t in search(Theme.objects.all(), "velo", language="fr")]
    assert set(ranked) == expected


def test_filter_pks_and_pk_values_with_a_long_list(many_themes):
    pks = [t.pk for t in many_themes]
    wanted = pks[::2] + [10**9]  # a pk with no row is ignored
    qs = filter_pks(Theme.objects.order_by("pk"), wanted)
    assert pk_values(qs) == sorted(pks[::2])
    assert pk_values(Theme.objects.none()) == []
    assert list(filter_pks(Theme.objects.all(), pks[:3]).values_list("pk", flat=True)) != []


def test_pk_lookup_follows_writes(many_themes, django_capture_on_commit_callbacks):
    searcher = backend().store.searcher()
    lookup = pk_lookup(searcher)
    assert {str(t.pk) for t in many_themes} <= set(lookup)
    with django_capture_on_commit_callbacks(execute=True):
        extra = Theme.objects.create(slug="extra", name_en="Extra velo", name_fr="Encore velo")
    assert str(extra.pk) in pk_lookup(backend().store.searcher())
    assert extra.pk in {t.pk for t in search(Theme.objects.all(), "encore")}
