"""Word forms, accents and language limits, through the ORM-facing search API."""

import pytest

from hub.models import Partner, Theme
from hub.search import search
from hub.search.excerpts import excerpt

from .helpers import backend


@pytest.fixture
def themes(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        numeric = Theme.objects.create(
            slug="numeric",
            name_en="Digital learning for towns",
            name_fr="Apprentissage numérique des villes",
        )
        programmes = Theme.objects.create(
            slug="programmes",
            name_en="Cross-border programme management",
            name_fr="Gestion du programme transfrontalier",
        )
        heritage = Theme.objects.create(
            slug="heritage", name_en="Built heritage", name_fr="Patrimoine bâti"
        )
    return numeric, programmes, heritage


def found(query, **kwargs):
    return {t.slug for t in search(Theme.objects.all(), query, **kwargs)}


@pytest.mark.parametrize(
    "query, slug",
    [
        ("apprentissages", "numeric"),  # plural finds singular (French stemmer)
        ("numerique", "numeric"),  # no accent finds accent
        ("NUMÉRIQUES", "numeric"),
        ("programmes", "programmes"),  # plural finds singular, both languages
        ("patrimoines batis", "heritage"),
        ("learned", "numeric"),  # English stemmer
        ("towns", "numeric"),
    ],
)
def test_word_forms_and_accents(themes, query, slug):
    assert found(query) == {slug}


def test_french_stop_words_do_not_block_a_match(themes):
    # "le" and "des" are French stop words: they must not be required words.
    assert found("le patrimoine") == {"heritage"}
    assert found("apprentissage des villes") == {"numeric"}


def test_query_limited_to_one_language(themes):
    assert found("patrimoine", language="fr") == {"heritage"}
    assert found("patrimoine", language="en") == set()
    assert found("heritage", language="en") == {"heritage"}
    assert found("heritage", language="fr") == set()
    # the same limit by naming the fields
    results = backend().search("patrimoine", Theme, fields=["name_en"])
    assert list(results) == []


def test_operators_and_relevance(themes):
    assert found("digital heritage") == set()
    assert found("digital heritage", operator="or") == {"numeric", "heritage"}


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 10_000,
        "word " * 3000,
        '((( AND OR -* ~~ "" NOT title:x ^2 [a TO z]',
        "\x00",
    ],
)
def test_bad_input_is_answered_quietly(themes, query):
    results = search(Theme.objects.all(), query)
    assert list(results) == [] or all(isinstance(t, Theme) for t in results)
    assert results.count() >= 0


def test_facets_and_filters_come_from_the_orm(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for slug, country, name in [
            ("a", "FR", "Agence numérique"),
            ("b", "FR", "Ville numérique"),
            ("c", "GB", "Digital council numérique"),
            ("d", "GB", "Harbour trust"),
        ]:
            Partner.objects.create(slug=slug, country=country, name_en=name, name_fr=name)
    results = search(Partner.objects.all(), "numeriques")
    assert {p.slug for p in results} == {"a", "b", "c"}
    assert dict(results.facet("country")) == {"FR": 2, "GB": 1}
    filtered = search(Partner.objects.filter(country="GB"), "numerique")
    assert [p.slug for p in filtered] == ["c"]
    assert filtered.count() == 1


def test_snippet_highlights_word_forms_and_escapes():
    text = "Les <b>apprentissages</b> numériques des élèves. " + "Suite du texte. " * 40
    html = excerpt(text, "apprentissage numerique", language="fr", max_chars=120)
    assert "<mark>apprentissages</mark>" in html
    assert "<mark>numériques</mark>" in html
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert html.endswith("…")
    assert excerpt("", "x") == ""
    assert "<mark>" not in excerpt("Learning programmes", "nothing")
