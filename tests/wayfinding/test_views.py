"""Public pages of wayfinding and identity, as an anonymous visitor gets them: breadcrumbs and
their JSON-LD, theme and partner pages in both languages, theme pills, links to the workshops
and their calendar, canonical, Open Graph and Twitter tags, responsive images, the footer's
funding statement."""

import json
import re
from html import unescape

import pytest

from hub.models import ResourcePage

pytestmark = pytest.mark.django_db


def json_ld_blocks(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def breadcrumb_list(html):
    found = [b for b in json_ld_blocks(html) if b["@type"] == "BreadcrumbList"]
    assert len(found) == 1
    return found[0]


def visible_trail(html):
    nav = re.search(r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return [unescape(t) for t in re.findall(r"<a [^>]*>([^<]*)</a>", nav)]


def meta(html, attr, name):
    match = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)">', html)
    return unescape(match.group(1)) if match else None


# Breadcrumbs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["Home", "Toolkits", "Food vouchers"]),
        ("fr", ["Accueil", "Toolkits (fr)", "Chèques alimentaires"]),
    ],
)
def test_resource_breadcrumbs_and_their_json_ld(client, filed, lang, expected):
    page = filed["vouchers"]
    url = f"/{lang}/toolkits/{page.slug_en}/" if lang == "en" else None
    if url is None:
        from django.utils import translation

        with translation.override("fr"):
            url = page.get_url()
    html = client.get(url).content.decode()
    assert visible_trail(html) == expected
    data = breadcrumb_list(html)
    assert [item["name"] for item in data["itemListElement"]] == expected
    assert [item["position"] for item in data["itemListElement"]] == [1, 2, 3]
    assert data["itemListElement"][0]["item"] == f"http://testserver/{lang}/"
    assert data["itemListElement"][-1]["item"] == f"http://testserver{url}"
    assert 'aria-current="page"' in re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S)[0]


def test_no_breadcrumbs_on_the_home_page(client, home):
    html = client.get("/en/").content.decode()
    assert 'class="breadcrumbs"' not in html
    assert not [b for b in json_ld_blocks(html) if b["@type"] == "BreadcrumbList"]


def test_search_page_has_its_trail(client, home):
    html = client.get("/fr/search/?q=alimentaire").content.decode()
    assert visible_trail(html) == ["Accueil", "Rechercher"]


# Theme pages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "title", "resources", "workshops", "trail"),
    [
        (
            "/en/themes/food-insecurity/",
            "Food insecurity",
            ["Food vouchers", "Training social workers", "Food aid report"],
            ["Food workshop next month", "Food workshop last year"],
            ["Home", "Themes", "Food insecurity"],
        ),
        (
            "/fr/thematiques/precarite-alimentaire/",
            "Précarité alimentaire",
            ["Chèques alimentaires", "Former les travailleurs", "Rapport sur l'aide alimentaire"],
            ["Atelier alimentaire le mois prochain", "Atelier alimentaire passé"],
            ["Accueil", "Thématiques", "Précarité alimentaire"],
        ),
    ],
)
def test_theme_page_lists_its_resources_and_workshops(
    client, filed, url, title, resources, workshops, trail
):
    response = client.get(url)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert re.search(r"<h1[^>]*>([^<]*)</h1>", html).group(1) == title
    assert ("Getting food to people" in html) == url.startswith("/en/")
    for name in resources + workshops:
        assert name in html
    assert "Digital skills" not in html and "Compétences numériques" not in html
    assert visible_trail(html) == trail
    assert "?theme=food-insecurity" in html  # the library, filtered, for the full list


def test_theme_page_other_language_address_and_switcher(client, filed):
    assert client.get("/fr/thematiques/food-insecurity/")["Location"] == (
        "/fr/thematiques/precarite-alimentaire/"
    )
    html = client.get("/en/themes/food-insecurity/").content.decode()
    assert 'href="/fr/thematiques/precarite-alimentaire/" hreflang="fr"' in html
    assert client.get("/en/themes/no-such-theme/").status_code == 404


def test_theme_index_lists_every_theme(client, filed):
    html = unescape(client.get("/fr/thematiques/").content.decode())
    assert 'href="/fr/thematiques/precarite-alimentaire/"' in html
    assert "Inclusion numérique" in html


def test_theme_pills_link_to_theme_pages_everywhere(client, filed):
    home = client.get("/en/").content.decode()
    assert 'href="/en/themes/food-insecurity/"' in home  # the home page's theme pills
    library = client.get("/en/library/").content.decode()
    assert 'href="/en/themes/food-insecurity/"' in library  # library cards
    page = ResourcePage.objects.get(pk=filed["vouchers"].pk)
    resource = client.get(page.get_url()).content.decode()
    assert 'href="/en/themes/food-insecurity/"' in resource  # the resource's metadata
    assert 'href="/en/partners/finistere/"' in resource  # and its partners' pages
    workshop = client.get(filed["upcoming"].get_url()).content.decode()
    assert 'href="/en/themes/food-insecurity/"' in workshop


def test_without_a_theme_index_pills_filter_the_library(client, home):
    from hub.demo import load_library

    load_library(home)
    html = client.get("/en/").content.decode()
    assert 'href="/en/library/?theme=food-insecurity"' in html


def test_theme_page_queries_do_not_grow_with_the_resources(
    client, home, filed, food, django_assert_max_num_queries
):
    from tests.library.factories import ToolkitFactory

    client.get("/en/themes/food-insecurity/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/en/themes/food-insecurity/?n=1")
    for _ in range(15):
        ToolkitFactory(home=home, themes=[food])
    client.get("/en/themes/food-insecurity/")
    with CaptureQueriesContext(connection) as many:
        client.get("/en/themes/food-insecurity/?n=2")
    assert len(many) <= len(few) <= 12


# Partner pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_partner_page_who_they_are_their_logo_resources_and_workshops(
    client, filed, finistere, picture, lang
):
    finistere.logo = picture
    finistere.save()
    prefix = "/en/partners/" if lang == "en" else "/fr/partenaires/"
    response = client.get(f"{prefix}finistere/")
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert ("A French département." if lang == "en" else "Un département français.") in html
    assert ("Logo of" if lang == "en" else "Logo de") in html
    assert re.search(r"<picture>.*?image/webp.*?</picture>", html, re.S)
    assert ("Food vouchers" if lang == "en" else "Chèques alimentaires") in html
    assert ("Food aid report" if lang == "en" else "Rapport sur l'aide alimentaire") in html
    assert ("Training social workers" not in html) and ("Former les travailleurs" not in html)
    assert ("Food workshop next month" if lang == "en" else "Atelier alimentaire le mois") in html
    index = unescape(client.get(prefix).content.decode())
    assert f'href="{prefix}finistere/"' in index
    assert ("Logo of" if lang == "en" else "Logo de") in index


@pytest.mark.parametrize(("lang", "region"), [("en", "Brittany"), ("fr", "Bretagne")])
def test_partner_region_in_the_readers_language(client, filed, lang, region):
    prefix = "/en/partners/" if lang == "en" else "/fr/partenaires/"
    page = unescape(client.get(f"{prefix}finistere/").content.decode())
    assert re.search(rf"<dd>{region}</dd>", page)
    index = unescape(client.get(prefix).content.decode())
    assert f" · {region}</p>" in index


# Workshops index and calendar ---------------------------------------------------------------


def test_workshops_and_calendar_linked_from_home_and_every_workshop(client, filed):
    for url in ("/en/", filed["upcoming"].get_url(), filed["past"].get_url()):
        html = client.get(url).content.decode()
        assert 'href="/en/workshops/"' in html, url
        assert 'href="/en/workshop/calendar.ics"' in html, url


# Canonical, Open Graph, Twitter -------------------------------------------------------------


def test_canonical_and_social_tags_on_every_kind_of_page(client, filed):
    urls = [
        "/en/",
        "/en/library/",
        "/en/themes/",
        "/en/themes/food-insecurity/",
        "/en/partners/finistere/",
        filed["vouchers"].get_url(),
        filed["upcoming"].get_url(),
        "/fr/search/?q=pain",
    ]
    for url in urls:
        html = client.get(url).content.decode()
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)
        assert canonical, url
        assert canonical.group(1) == "http://testserver" + url.split("?")[0], url
        assert meta(html, "property", "og:url") == canonical.group(1)
        assert meta(html, "property", "og:title"), url
        assert meta(html, "property", "og:image").startswith("http://testserver/"), url
        assert meta(html, "name", "twitter:card") in {"summary", "summary_large_image"}


def test_resource_with_an_image_shares_it(client, filed, picture):
    page = filed["vouchers"]
    page.image, page.image_alt_en, page.image_alt_fr = picture, "A basket.", "Un panier."
    page.save_revision().publish()
    html = client.get(page.get_url()).content.decode()
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "property", "og:image:alt") == "A basket."
    assert meta(html, "property", "og:locale") == "en_GB"
    # The picture at the top: WebP with a JPEG fallback, srcset, width and height.
    hero = re.search(r'<figure class="resource-hero">(.*?)</figure>', html, re.S).group(1)
    assert 'type="image/webp"' in hero and "srcset=" in hero
    img = re.search(r"<img [^>]*>", hero).group(0)
    assert 'alt="A basket."' in img and re.search(r'width="\d+"', img)
    assert re.search(r'height="\d+"', img) and 'loading="lazy"' not in img
    # Cards of it elsewhere get a lazy thumbnail.
    library = client.get("/en/library/").content.decode()
    card = re.search(r'<div class="card__media">(.*?)</div>', library, re.S).group(1)
    assert 'loading="lazy"' in card and 'type="image/webp"' in card


def test_footer_emblem_and_funding_statement(client, home):
    for lang, statement, alt in (
        ("en", "Co-funded by the European Union", "Emblem of the European Union"),
        ("fr", "Cofinancé par l'Union européenne", "Emblème de l'Union européenne"),
    ):
        html = unescape(client.get(f"/{lang}/").content.decode())
        funding = re.search(r'<div class="funding">(.*?)</div>', html, re.S).group(1)
        assert statement in funding
        assert f'alt="{alt}"' in funding and "eu-emblem.svg" in funding


def test_eu_emblem_has_twelve_gold_stars_on_blue():
    from pathlib import Path

    svg = (Path(__file__).resolve().parents[2] / "static/img/eu-emblem.svg").read_text()
    assert svg.count("<polygon") == 12
    assert 'fill="#039"' in svg and 'fill="#fc0"' in svg and "<title" in svg


def test_sitemap_lists_theme_and_partner_pages_in_both_languages(client, filed):
    xml = client.get("/sitemap.xml").content.decode()
    for path in (
        "/en/themes/food-insecurity/",
        "/fr/thematiques/precarite-alimentaire/",
        "/en/partners/finistere/",
        "/fr/partenaires/finistere/",
    ):
        assert f"{path}</loc>" in xml, path


def test_pages_without_a_page_name_themselves_in_the_trail(client, home):
    html = unescape(client.get("/fr/workshop/resend-link/").content.decode())
    assert visible_trail(html) == ["Accueil", "Recevoir à nouveau votre lien personnel"]
    assert breadcrumb_list(html)["itemListElement"][-1]["item"].endswith(
        "/fr/workshop/resend-link/"
    )
