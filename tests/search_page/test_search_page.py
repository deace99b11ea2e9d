"""The site's search page: documents of every format, facets, pages, bad input, languages."""

import re
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.models import ResourcePage
from hub.search import get_backend
from hub.search.backends.whoosh import WhooshSearchBackend
from hub.search.matching import recent_matches
from tests.documents import files
from tests.missing import missing

from .helpers import add_resource

LEGACY = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "legacy"


def get(client, query="", lang="en", **params):
    response = client.get(f"/{lang}/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def result_titles(html):
    return re.findall(r'<h3 class="card__title"><a href="[^"]*"[^>]*>([^<]*)</a>', html)


# Text inside documents ----------------------------------------------------------------------

FORMATS = [
    ("rapport.pdf", lambda word: files.make_pdf(f"Le mot {word} est dans le PDF")),
    ("note.docx", lambda word: files.make_docx("Introduction", f"Le mot {word} est ici")),
    ("texte.odt", lambda word: files.make_odt(f"Le mot {word} est ici", heading="Titre")),
    ("page.html", lambda word: files.make_html(f"Le mot {word} est visible", "scriptonly")),
    ("notes.txt", lambda word: f"Le mot {word} est ici, en Windows-1252 : été".encode("cp1252")),
]


@pytest.mark.parametrize(("name", "build"), FORMATS, ids=[n for n, _b in FORMATS])
def test_text_only_inside_a_document_is_found(client, publish, name, build):
    word = "zorblatt" + name.split(".")[1]
    publish(
        "ressource",
        title_en="A resource",
        summary_en="Nothing special.",
        documents=[(name, build(word), "fr")],
    )
    html = get(client, word)
    assert result_titles(html) == ["A resource"]
    assert f"<mark>{word}</mark>" in html
    assert "In the document" in html and name in html
    assert '<span lang="fr">' in html


def test_script_content_of_an_html_file_is_not_found(client, publish):
    publish(
        "page",
        title_en="Saved page",
        documents=[("saved.html", files.make_html("visible", "hiddenscriptword"), "fr")],
    )
    assert result_titles(get(client, "visible")) == ["Saved page"]
    assert result_titles(get(client, "hiddenscriptword")) == []
    assert result_titles(get(client, "navonlyword")) == []


def test_hostile_documents_leave_the_page_searchable(client, publish):
    publish(
        "hostile",
        title_en="Hostile attachments",
        documents=[
            ("bomb.docx", files.make_zip_bomb(), "en"),
            ("loop.pdf", files.make_looping_pdf(), "en"),
            ("fake.pdf", b"<html><script>evil()</script></html>", "en"),
        ],
    )
    html = get(client, "hostile attachments")
    assert result_titles(html) == ["Hostile attachments"]
    assert result_titles(get(client, "evil")) == []


# Results, facets, pages ----------------------------------------------------------------------


def test_result_shows_kind_date_languages_and_lang_of_other_language_text(client, publish):
    publish(
        "seulement-fr",
        title_en="Inclusion guide",
        summary_fr="Un guide pratique de médiation numérique.",
        kind="toolkit",
        in_english=False,
    )
    html = get(client, "médiation")
    assert result_titles(html) == ["Inclusion guide"]
    assert "Toolkit" in html
    assert '<time datetime="2022-05-01">' in html
    assert '<span lang="fr">Un guide pratique de <mark>médiation</mark> numérique.</span>' in html
    assert '<span lang="fr">français</span>' in html
    assert '<span lang="en">English</span>' not in html


def test_facets_count_and_filter(client, publish):
    publish(
        "a",
        title_en="Food one",
        kind="toolkit",
        themes=["food-insecurity"],
        partners=["kent"],
        countries=["GB"],
    )
    publish(
        "b",
        title_en="Food two",
        kind="toolkit",
        themes=["food-insecurity", "digital-inclusion"],
        partners=["finistere"],
        countries=["FR"],
        in_english=False,
    )
    publish(
        "c",
        title_en="Food three",
        kind="case_study",
        themes=["digital-inclusion"],
        partners=["finistere"],
        countries=["FR"],
    )
    html = get(client, "food")
    assert len(result_titles(html)) == 3

    def count(name, value):
        match = re.search(
            rf'name="{name}" value="{value}"[^>]*>\s*<label[^>]*><span[^>]*>[^<]*</span> '
            r'<span class="facet__count">\((\d+)',
            html,
        )
        return int(match.group(1)) if match else 0

    assert (count("kind", "toolkit"), count("kind", "case_study")) == (2, 1)
    assert (count("theme", "food-insecurity"), count("theme", "digital-inclusion")) == (2, 2)
    assert (count("partner", "finistere"), count("partner", "kent")) == (2, 1)
    assert (count("country", "FR"), count("country", "GB")) == (2, 1)
    assert (count("language", "en"), count("language", "fr")) == (2, 3)
    assert sorted(result_titles(get(client, "food", kind="toolkit"))) == ["Food one", "Food two"]
    assert result_titles(get(client, "food", kind="toolkit", country="GB")) == ["Food one"]
    assert sorted(result_titles(get(client, "food", language="en"))) == ["Food one", "Food three"]


def test_pagination(client, publish):
    for n in range(12):
        publish(f"r{n}", title_en=f"Pagination item {n}")
    first = get(client, "pagination")
    assert len(result_titles(first)) == 10
    assert "12 results for" in first
    assert 'rel="next"' in first
    second = get(client, "pagination", page=2)
    assert len(result_titles(second)) == 2
    assert len(set(result_titles(first)) | set(result_titles(second))) == 12


def test_query_count_does_not_grow_with_results(client, publish, django_assert_max_num_queries):
    for n in range(12):
        publish(
            f"r{n}",
            title_en=f"Counting item {n}",
            themes=["food-insecurity"],
            partners=["kent"],
            documents=[(f"d{n}.txt", b"counting inside", "en")],
        )
    publish("single", title_en="Lonely unique", documents=[("x.txt", b"lonely text", "en")])

    def queries(query):
        with CaptureQueriesContext(connection) as captured:
            get(client, query)
        return len(captured)

    # Warm caches (site root paths, vocabulary, settings, the facet index) with both queries,
    # twice: a first request may save a missing setting, which starts a new content generation.
    for _ in range(2):
        get(client, "lonely")
        get(client, "counting")
    few, many = queries("lonely"), queries("counting")
    assert few == many, (few, many)
    assert many <= 12
    # A query asked for the first time (its matches not remembered yet) costs the same.
    recent_matches.clear()
    few, many = queries("lonely"), queries("counting")
    assert few == many, (few, many)
    assert many <= 12


# Bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 10_240,
        "numérique " * 1200,
        '"((AND OR NOT * ~ : ^ [',
        "title:foo AND (bar OR -baz) ~2 ^3 [a TO z] {b TO c} \\ / ! ?",
        "\x00\x01\x1b[31m ctrl \u202e\u200b",
        "' OR 1=1; --",
        "*",
        "é" * 300,
    ],
)
def test_any_query_gets_a_polite_answer_quickly(client, publish, query):
    publish("one", title_en="Something about numérique")
    started = time.monotonic()
    html = get(client, query)
    assert time.monotonic() - started < 5
    assert "Search" in html
    assert "Traceback" not in html
    if len(query) > 200:
        assert "only its first 200 characters were used" in html


def test_a_backend_failure_is_logged_and_answered_politely(client, home, monkeypatch, caplog):
    from hub.search import matching

    def broken(*args, **kwargs):
        raise RuntimeError("index on fire")

    monkeypatch.setattr(matching, "ranked_pks", broken)
    html = get(client, "anything")
    assert "this search could not be run" in html
    assert "index on fire" in caplog.text


def test_empty_query_explains(client, home):
    html = get(client, "")
    assert "Type one or more words" in html


def test_language_switcher_keeps_the_query(client, home):
    html = get(client, "numérique apprentissage")
    assert 'href="/fr/search/?q=num%C3%A9rique+apprentissage"' in html
    html = get(client, "x", lang="fr")
    assert 'href="/en/search/?q=x"' in html


def test_search_box_in_every_page_keeps_the_query(client, home):
    html = get(client, "inclusion")
    assert 'id="site-search-q" type="search" name="q" value="inclusion"' in html


@pytest.mark.usefixtures("each_search_backend")
def test_did_you_mean(client, publish):
    from django.core.cache import cache

    cache.clear()  # the fallback word list (non-Whoosh backends) is cached for ten minutes
    publish(
        "num",
        title_en="Digital mediation",
        title_fr="La médiation numérique",
        summary_fr="Former les aidants au numérique.",
    )
    html = get(client, "mediatoin", lang="fr")
    assert "Did you mean" in html or "Essayez" in html or "mediation" in html
    match = re.search(r'class="search-suggestion"[^>]*>.*?<a href="\?q=([^"]+)">', html)
    assert match, html[:3000]
    assert "mediation" in match.group(1) or "m%C3%A9diation" in match.group(1)


def test_did_you_mean_changes_only_the_misspelt_words_and_never_a_glossary_term(db):
    from hub.models import GlossaryConcept
    from hub.search.suggestions import in_place

    GlossaryConcept.objects.create(english_terms="jobseekers", french_terms="demandeurs d'emploi")
    assert in_place("L'aide alimentare", "l aide alimentaire") == "L'aide alimentaire"
    assert in_place("Aide alimentaire", "aide alimentaire") is None
    # A word of the glossary is known, though no resource holds it: the search found its
    # translation, so there is nothing to correct.
    assert in_place("demandeurs d'emploi", "demander d emploi") is None
    assert in_place("demandeurs d'emploi a Brest", "demandeurs d emploi a brest") is None


# Word forms and accents (the default backend, Whoosh) ------------------------------------------


@pytest.mark.parametrize(
    ("query", "text", "lang"),
    [
        ("apprentissages", "Un programme d'apprentissage pour les jeunes.", "fr"),
        ("numerique", "La précarité numérique recule.", "fr"),
        ("programmes", "Un programme régional.", "fr"),
        ("Numérique", "la mediation numerique", "fr"),
        ("apprenticeships", "One apprenticeship opened in Norfolk.", "en"),
    ],
)
def test_accents_and_word_forms(client, publish, query, text, lang):
    if not isinstance(get_backend(), WhooshSearchBackend):
        pytest.skip("word forms need the Whoosh backend (SEARCH_BACKEND=whoosh)")
    publish("forms", title_en="Word forms", title_fr="Formes", **{f"summary_{lang}": text})
    assert len(result_titles(get(client, query, lang=lang))) == 1


def test_word_forms_inside_a_document(client, publish):
    if not isinstance(get_backend(), WhooshSearchBackend):
        pytest.skip("word forms need the Whoosh backend (SEARCH_BACKEND=whoosh)")
    publish(
        "doc",
        title_en="Attached",
        documents=[("f.txt", "Les apprentissages numériques.".encode(), "fr")],
    )
    html = get(client, "apprentissage numerique")
    assert result_titles(html) == ["Attached"]
    assert "<mark>apprentissages</mark>" in html and "<mark>numériques</mark>" in html


# The database backend ------------------------------------------------------------------------


def test_search_page_works_unchanged_on_the_database_backend(
    client, home, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "modelsearch.backends.database"}}
    with django_capture_on_commit_callbacks(execute=True):
        add_resource(
            home,
            "db",
            title_en="Database search",
            summary_en="Full-text search in the database.",
            themes=["food-insecurity"],
            documents=[("d.pdf", files.make_pdf("quasardoc inside"), "en")],
        )
    html = get(client, "database")
    assert result_titles(html) == ["Database search"]
    assert "<mark>" in html
    html = get(client, "quasardoc")
    assert result_titles(html) == ["Database search"]
    assert "<mark>quasardoc</mark>" in html
    assert "Food insecurity" in html
    get(client, '"((AND OR NOT * ~ : ^ [')
    get(client, "x" * 10_240)


# The shared legacy corpus ----------------------------------------------------------------------


def test_legacy_corpus_is_searchable_by_words_only_in_its_files(
    client, demo_site, django_capture_on_commit_callbacks
):
    if not (LEGACY / "manifest.csv").exists():
        missing(f"the shared legacy corpus is not beside the project ({LEGACY})")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_legacy", str(LEGACY / "manifest.csv"), "--publish", verbosity=0)
    # Each word appears in one file and in no title or summary of the manifest.
    words = ["Strebelle", "Calvadosiens", "invisibilité", "SOLIGUIDE", "caritatif"]
    manifest = (LEGACY / "manifest.csv").read_text(encoding="utf-8").lower()
    for word in words:
        assert word.lower() not in manifest
        html = get(client, word)
        assert len(result_titles(html)) == 1, word
        assert "In the document" in html and "<mark>" in html, word
    assert result_titles(get(client, "tracker")) == []  # inside the saved page's script


def test_a_remembered_search_sees_new_and_withdrawn_resources(
    client, publish, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    """The matches of a query are kept until the content changes: paging and ticking facets
    do not search again, and a publication or withdrawal shows on the next request."""
    publish("first-cooperative", title_en="Cooperative bakeries", summary_en="bread")
    client.get("/en/search/?q=bakeries")  # the first request creates the site settings
    assert "Cooperative bakeries" in client.get("/en/search/?q=bakeries").content.decode()
    with django_assert_max_num_queries(3):
        client.get("/en/search/?q=bakeries&page=1")

    publish("second-cooperative", title_en="Village bakeries", summary_en="bread")
    html = client.get("/en/search/?q=bakeries").content.decode()
    assert "Cooperative bakeries" in html and "Village bakeries" in html

    page = ResourcePage.objects.get(slug="first-cooperative")
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    html = client.get("/en/search/?q=bakeries").content.decode()
    assert "Cooperative bakeries" not in html and "Village bakeries" in html


def test_ranked_keys_without_loading_the_pages(publish, django_assert_num_queries):
    """The search page asks the engine for keys only; on an unfiltered queryset the engine
    answers from the index alone (the facet index then keeps the live, public ones)."""
    from hub.search import search

    for n in range(3):
        publish(f"oven-{n}", title_en=f"Community oven {n}", summary_en="oven " * (n + 1))
    expected = [page.pk for page in search(ResourcePage.objects.all(), "oven")[:10]]
    assert len(expected) == 3
    results = search(ResourcePage.objects.all(), "oven")[:10]
    with django_assert_num_queries(0):
        assert results.ranked_pks() == expected
    # A filtered queryset is still checked against the database.
    first = ResourcePage.objects.get(slug="oven-0")
    first.unpublish()
    live = search(ResourcePage.objects.live(), "oven")[:10]
    assert live.ranked_pks() == [pk for pk in expected if pk != first.pk]
