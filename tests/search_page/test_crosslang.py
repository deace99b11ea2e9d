"""Issue 16 on the search page: word parts, titles first, and search across the language barrier
with the glossary (matched above the backend, labelled, editable without a rebuild).

Each behaviour is proved on our Whoosh backend and on modelsearch's database backend: it is
built above the backend. The database backend is PostgreSQL's full-text search when the suite
runs on PostgreSQL (``SEARCH_BACKEND=database`` in production), SQLite's FTS5 on SQLite.
"""

import pytest
from django.db import connection
from django.urls import reverse

from hub.models import GlossaryConcept
from hub.search import crosslang

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("each_search_backend")]


def search(client, query, lang="en", **params):
    response = client.get(f"/{lang}/search/", {"q": query, **params})
    assert response.status_code == 200
    return response


def slugs(response):
    return [hit.page.slug_en for hit in response.context["hits"]]


def concept(english, french):
    return GlossaryConcept.objects.create(
        english_terms="\n".join(english), french_terms="\n".join(french)
    )


# Word parts -------------------------------------------------------------------------------


def test_the_start_of_a_word_finds_the_words_it_starts_in_both_languages(client, publish):
    publish(
        "a2a",
        title_en="Access to apprenticeships",
        title_fr="L'accès à l'apprentissage",
        summary_en="373 apprenticeship places in Norfolk.",
        summary_fr="373 places d'apprentissage dans le Norfolk.",
    )
    publish("other", title_en="Food vouchers", title_fr="Bons alimentaires")
    for query, lang in (("apprenti", "fr"), ("apprentice", "en"), ("appren", "en")):
        response = search(client, query, lang)
        assert slugs(response) == ["a2a"], query
        assert "<mark>" in response.content.decode()


def test_a_short_word_part_is_not_expanded(client, publish):
    publish("a2a", title_en="Access to apprenticeships", title_fr="L'accès à l'apprentissage")
    assert slugs(search(client, "app")) == []


# Titles -----------------------------------------------------------------------------------


def test_a_title_holding_the_whole_phrase_ranks_above_one_holding_part_of_it(
    client, publish, each_search_backend
):
    if each_search_backend == "database" and connection.vendor == "sqlite":
        pytest.skip("SQLite's FTS5 does not stem French ('alimentaires' is not 'alimentaire')")
    publish(
        "vouchers",
        title_fr="Distribuer plus vite les bons alimentaires",
        title_en="Distribuer plus vite les bons alimentaires",
        summary_fr="Précarité : des bons alimentaires contre la précarité, vite et partout.",
        in_english=False,
    )
    publish(
        "finistere",
        title_fr="Finistère : répondre plus vite à la précarité alimentaire",
        title_en="Finistère : répondre plus vite à la précarité alimentaire",
        summary_fr="Un département répond.",
        in_english=False,
    )
    assert slugs(search(client, "précarité alimentaire", "fr")) == ["finistere", "vouchers"]


def test_a_query_equal_to_a_title_in_either_language_puts_it_first(client, publish):
    for n in range(3):
        publish(
            f"noise-{n}",
            title_en=f"Lessons {n}",
            summary_en="Lessons learnt, lessons learnt from C-CARE, and more lessons learnt.",
        )
    publish(
        "lessons", title_en="Lessons learnt from C-CARE", title_fr="Les enseignements de C-CARE"
    )
    assert slugs(search(client, "Lessons learnt from C-CARE", "fr"))[0] == "lessons"
    assert slugs(search(client, "les enseignements de c-care", "en"))[0] == "lessons"


# Across the language barrier --------------------------------------------------------------


def test_an_english_query_finds_a_french_only_resource_labelled_in_french(client, publish):
    concept(["exceptional payment"], ["prestation exceptionnelle", "aide exceptionnelle"])
    publish(
        "calvados",
        title_fr="Plan de relance sociale",
        title_en="Plan de relance sociale",
        summary_fr="Une prestation sociale exceptionnelle pour les travailleurs indépendants.",
        in_english=False,
    )
    response = search(client, "exceptional payment")
    assert slugs(response) == ["calvados"]
    html = response.content.decode()
    assert '<p class="search-result__language">In French</p>' in html
    assert 'Also searched: <span lang="fr">prestation exceptionnelle</span>' in html
    hit = response.context["hits"][0]
    assert hit.excerpt_lang == "fr" and "<mark>exceptionnelle</mark>" in hit.excerpt


def test_a_french_query_finds_an_english_only_resource_labelled_en_anglais(client, publish):
    concept(["jobseeker", "jobseekers"], ["demandeur d'emploi", "demandeurs d'emploi"])
    publish(
        "norfolk",
        title_en="Getting jobseekers back to work",
        summary_en="Coaching for jobseekers in Norfolk.",
        in_french=False,
    )
    response = search(client, "demandeurs d'emploi", "fr")
    assert slugs(response) == ["norfolk"]
    html = response.content.decode()
    assert '<p class="search-result__language">En anglais</p>' in html
    assert 'Également recherché\u00a0: <span lang="en">jobseeker</span>' in html


def test_matches_in_the_visitors_language_rank_above_the_other_languages(client, publish):
    concept(["exceptional payment"], ["prestation exceptionnelle"])
    publish(
        "french",
        title_fr="Prestation exceptionnelle",
        title_en="Prestation exceptionnelle",
        summary_fr="Une prestation exceptionnelle, la prestation exceptionnelle du département.",
        in_english=False,
    )
    publish("english", title_en="Help for the self-employed", summary_en="An exceptional payment.")
    response = search(client, "exceptional payment")
    assert slugs(response) == ["english", "french"]
    labels = [hit.only_in for hit in response.context["hits"]]
    assert labels == ["", "fr"]


def test_a_glossary_edit_in_the_admin_applies_to_the_next_search_without_a_rebuild(
    client, admin_client, publish
):
    publish(
        "creches",
        title_fr="Accueillir la petite enfance",
        title_en="Accueillir la petite enfance",
        summary_fr="Des places en crèche pour la petite enfance.",
        in_english=False,
    )
    assert slugs(search(client, "early years")) == []
    response = admin_client.post(
        reverse("wagtailsnippets_hub_glossaryconcept:add"),
        {"english_terms": "early years\nearly childhood", "french_terms": "petite enfance"},
    )
    assert response.status_code == 302
    response = search(client, "early years")
    assert slugs(response) == ["creches"]
    assert 'lang="fr">petite enfance</span>' in response.content.decode()

    edited = GlossaryConcept.objects.get(french_terms="petite enfance")
    response = admin_client.post(
        reverse("wagtailsnippets_hub_glossaryconcept:edit", args=[edited.pk]),
        {"english_terms": "nursery", "french_terms": "petite enfance"},
    )
    assert response.status_code == 302
    assert slugs(search(client, "early years")) == []
    assert slugs(search(client, "nursery")) == ["creches"]


def test_the_glossary_form_refuses_an_empty_language(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_hub_glossaryconcept:add"),
        {"english_terms": "early years", "french_terms": "  \n "},
    )
    assert response.status_code == 200
    assert "Give at least one term." in response.content.decode()
    assert not GlossaryConcept.objects.filter(english_terms="early years").exists()


def test_theme_names_translate_with_no_glossary_entry(client, publish):
    GlossaryConcept.objects.all().delete()
    publish(
        "tourisme",
        title_fr="Une académie",
        title_en="Une académie",
        summary_fr="Former au tourisme durable sur la côte.",
        in_english=False,
    )
    response = search(client, "sustainable tourism")
    assert slugs(response) == ["tourisme"]
    assert 'lang="fr">Tourisme durable</span>' in response.content.decode()


def test_translation_takes_the_longest_concept_and_keeps_other_words(db):
    GlossaryConcept.objects.all().delete()
    concept(["food"], ["alimentation"])
    concept(["food insecurity"], ["précarité alimentaire"])
    translation = crosslang.translate("food insecurity in Brest", "en")
    assert translation.language == "fr"
    assert translation.groups[0] == ["précarité alimentaire"]
    assert translation.rest == ["brest"]
    assert crosslang.translate("nothing known here", "en") is None


def test_the_glossary_is_seeded_from_the_hubs_vocabulary(db):
    import importlib

    from django.apps import apps

    seed = importlib.import_module("hub.migrations.0004_seed_glossary")
    GlossaryConcept.objects.all().delete()
    seed.seed(apps, None)
    translation = crosslang.translate("apprenticeships for jobseekers", "en")
    assert ["apprentissage", "apprentissages"] in translation.groups
    assert ["demandeur d'emploi", "demandeurs d'emploi"] in translation.groups


def test_the_other_language_is_searched_only_while_there_is_room(client, publish, monkeypatch):
    from hub.search import matching

    concept(["exceptional payment"], ["prestation exceptionnelle"])
    for n in range(2):
        publish(f"english-{n}", title_en=f"Payments {n}", summary_en="An exceptional payment.")
    publish(
        "french",
        title_fr="Prestation exceptionnelle",
        title_en="Prestation exceptionnelle",
        summary_fr="Une prestation exceptionnelle.",
        in_english=False,
    )
    monkeypatch.setattr(matching, "MAX_MATCHES", 3)
    response = search(client, "exceptional payment")
    assert sorted(slugs(response)) == ["english-0", "english-1", "french"]
    assert response.context["also_searched"] == [("prestation exceptionnelle", "fr")]
    # The visitor's words alone fill what a search counts: the French one would rank below.
    matching.recent_matches.clear()
    monkeypatch.setattr(matching, "MAX_MATCHES", 2)
    response = search(client, "exceptional payment")
    assert sorted(slugs(response)) == ["english-0", "english-1"]
    assert not response.context["also_searched"]
