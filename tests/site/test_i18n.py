"""The bilingual skeleton: prefixes, negotiation, switcher, alternates, fallbacks, error pages."""

import re
from pathlib import Path

import pytest
from django.utils import translation
from wagtail.models import Page

from hub.models import StandardPage

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def _switcher(html):
    """The switcher's links to the other languages, as {language: address}."""
    nav = re.search(r'<nav class="lang-switcher".*?</nav>', html, re.S).group(0)
    return {lang: href for href, lang in re.findall(r'<a href="([^"]+)" hreflang="(\w\w)"', nav)}


@pytest.mark.parametrize(
    ("accept", "target"), [("fr-FR,fr;q=0.9,en;q=0.5", "/fr/"), ("en-GB", "/en/"), ("de", "/en/")]
)
def test_root_redirects_by_accept_language(client, home, accept, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == target


def test_home_in_both_languages_with_switcher_and_alternates(client, home):
    en = client.get("/en/").content.decode()
    fr = client.get("/fr/").content.decode()
    assert '<html lang="en">' in en and '<html lang="fr">' in fr
    assert "C-CARE legacy hub" in en and "Centre de ressources C-CARE" in fr
    assert _switcher(en) == {"fr": "/fr/"}
    assert _switcher(fr) == {"en": "/en/"}
    for html in (en, fr):
        assert 'hreflang="en" href="http://testserver/en/"' in html
        assert 'hreflang="fr" href="http://testserver/fr/"' in html
        assert 'hreflang="x-default"' in html
        assert '<a class="skip-link" href="#main-content">' in html
        assert '<main id="main-content"' in html


def test_per_language_slugs_and_switcher_on_a_page(client, home):
    from hub.demo import load_about_pages

    load_about_pages(home)
    en = client.get("/en/about/")
    fr = client.get("/fr/a-propos/")
    assert en.status_code == 200 and fr.status_code == 200
    assert _switcher(en.content.decode()) == {"fr": "/fr/a-propos/"}
    assert _switcher(fr.content.decode()) == {"en": "/en/about/"}
    # The other language's slug does not serve the page under this prefix.
    assert client.get("/en/a-propos/").status_code == 404


def test_switcher_keeps_the_query_string(client, home):
    html = client.get("/fr/?page=2&theme=food-insecurity").content.decode()
    assert _switcher(html)["en"] == "/en/?page=2&amp;theme=food-insecurity"


def test_missing_french_text_falls_back_to_english_marked_and_noted(client, home):
    page = StandardPage(
        title="Only in English",
        title_en="Only in English",
        slug_en="only-english",
        slug="only-english",
        summary_en="An English summary.",
        body_en=[("paragraph", "<p>English body text.</p>")],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    html = client.get("/fr/only-english/").content.decode()
    assert '<h1 lang="en">Only in English</h1>' in html
    assert "Disponible uniquement en anglais" in html
    assert '<div lang="en">' in html and "English body text." in html
    assert '<p class="lede" lang="en">An English summary.</p>' in html
    english = client.get("/en/only-english/").content.decode()
    assert "Only available" not in english and 'lang="en">Only in English' not in english


def test_missing_english_text_falls_back_to_french(client, home):
    # wagtail-modeltranslation requires a title in the default language (English); every other
    # field may exist in French only.
    page = StandardPage(
        title="Bons alimentaires",
        title_fr="Bons alimentaires",
        slug="bons-alimentaires",
        summary_fr="Un résumé en français.",
        body_fr=[("paragraph", "<p>Texte seulement en français.</p>")],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    html = client.get("/en/bons-alimentaires/").content.decode()
    assert '<p class="lede" lang="fr">Un résumé en français.</p>' in html
    assert "Only available in French" in html
    assert '<div lang="fr">' in html and "Texte seulement en français." in html


@pytest.mark.parametrize(
    ("lang", "heading", "switch"),
    [("en", "Page not found", "fr"), ("fr", "Page introuvable", "en")],
)
def test_404_in_each_language(client, home, lang, heading, switch):
    response = client.get(f"/{lang}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert heading in html
    assert _switcher(html) == {switch: f"/{switch}/no-such-page/"}


@pytest.mark.parametrize(
    ("lang", "text"), [("en", "Something went wrong"), ("fr", "Une erreur est survenue")]
)
def test_500_page_is_bilingual_and_shows_no_trace(rf, lang, text):
    from hub.views import server_error

    response = server_error(rf.get(f"/{lang}/boom/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert text in html and f'<html lang="{lang}">' in html
    assert "Traceback" not in html


def test_french_catalogue_is_complete():
    from babel.messages.pofile import read_po

    with open(ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po", "rb") as handle:
        catalogue = read_po(handle, locale="fr")
    untranslated = [
        message.id for message in catalogue if message.id and (not message.string or message.fuzzy)
    ]
    assert not untranslated


def test_interface_strings_are_translated():
    with translation.override("fr"):
        assert translation.gettext("Skip to main content") == "Aller au contenu principal"
        assert (
            translation.gettext("Only available in English") == "Disponible uniquement en anglais"
        )


def test_every_page_type_renders_in_both_languages(client, demo_site):
    seen = set()
    for page in Page.objects.live().filter(depth__gte=2).specific():
        for lang in ("en", "fr"):
            with translation.override(lang):
                url = page.get_url()
            response = client.get(url)
            assert response.status_code == 200, (type(page).__name__, lang, url)
            assert f'<html lang="{lang}">' in response.content.decode()
        seen.add(type(page))
    creatable = {m for m in _page_models() if m.is_creatable}
    missing = {m.__name__ for m in creatable - seen}
    assert not missing, f"page types without demo content: {sorted(missing)}"


def _page_models():
    from wagtail.models import get_page_models

    return [m for m in get_page_models() if m is not Page]
