"""Open to other sites: Atom feeds (filtered too), sitemap with hreflang, Wagtail API v2."""
# ruff: noqa: S314 - parses our own responses in tests

import xml.etree.ElementTree as ET

import pytest

from hub.models import Theme

from .factories import CaseStudyFactory, PublicationFactory, ToolkitFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def resources(home, library):
    food = Theme.objects.get(slug="food-insecurity")
    return [
        ToolkitFactory(home=home, themes=[food], title_en="Food kit", title_fr="Kit alimentaire"),
        PublicationFactory(home=home, title_en="Other report", title_fr="Autre rapport"),
        CaseStudyFactory(
            home=home, themes=[food], title_en="Food case", title_fr="Cas alimentaire"
        ),
    ]


@pytest.mark.parametrize("lang,path", [("en", "/en/library/"), ("fr", "/fr/bibliotheque/")])
def test_filtered_feed(client, resources, lang, path):
    response = client.get(path + "feed/?theme=food-insecurity")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = {entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")}
    expected = {"en": {"Food kit", "Food case"}, "fr": {"Kit alimentaire", "Cas alimentaire"}}
    assert titles == expected[lang]
    links = [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")]
    assert all(link.startswith(f"http://testserver/{lang}/") for link in links)


def test_kind_index_feed_and_head_link(client, resources):
    feed = ET.fromstring(client.get("/en/toolkits/feed/").content)
    assert [e.find(f"{ATOM}title").text for e in feed.iter(f"{ATOM}entry")] == ["Food kit"]
    html = client.get("/en/library/?theme=food-insecurity").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Atom feed of these results" '
        'href="/en/library/feed/?theme=food-insecurity">' in html
    )


def test_sitemap_has_hreflang_alternates(client, resources):
    # Addresses start with the host the sitemap was asked from (hub.links).
    response = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8765")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = {}
    for url in root.iter(f"{SM}url"):
        alternates = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        entries[url.find(f"{SM}loc").text] = alternates
    en = "http://127.0.0.1:8765/en/toolkits/resource-"
    toolkit_en = next(loc for loc in entries if loc.startswith(en))
    alternates = entries[toolkit_en]
    assert alternates["en"] == toolkit_en
    assert alternates["fr"].startswith("http://127.0.0.1:8765/fr/boites-a-outils/ressource-")
    assert alternates["x-default"] == toolkit_en
    assert alternates["fr"] in entries  # the French address has its own entry
    assert "http://127.0.0.1:8765/fr/bibliotheque/" in entries


def test_api_pages_expose_both_languages(client, resources):
    response = client.get(
        "/api/v2/pages/?type=case_studies.CaseStudyPage"
        "&fields=title_en,title_fr,summary_en,summary_fr,theme_list,urls,video_transcript_fr"
    )
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["title_en"] == "Food case" and item["title_fr"] == "Cas alimentaire"
    assert item["summary_fr"] == "Un résumé en français."
    assert item["theme_list"][0]["name_fr"] == "Précarité alimentaire"
    assert item["urls"]["fr"].startswith("/fr/etudes-de-cas/")
    detail = client.get(f"/api/v2/pages/{item['id']}/").json()
    assert detail["kind"] == "case_study" and "body_fr" in detail


def test_api_documents_and_read_only(client, resources):
    from django.core.files.base import ContentFile

    from hub.models import HubDocument

    doc = HubDocument(title="Guide", language="fr")
    doc.file.save("guide.txt", ContentFile(b"texte"), save=False)
    doc.save()
    data = client.get("/api/v2/documents/").json()
    assert data["items"][0]["language"] == "fr"
    assert client.post("/api/v2/pages/", {}).status_code == 405


def test_api_addresses_start_with_the_requests_host(client, resources):
    from django.core.files.base import ContentFile

    from hub.models import HubDocument

    doc = HubDocument(title="Guide", language="fr")
    doc.file.save("guide.txt", ContentFile(b"texte"), save=False)
    doc.save()
    host = {"HTTP_HOST": "127.0.0.1:8765"}
    base = "http://127.0.0.1:8765/"
    items = client.get("/api/v2/pages/", **host).json()["items"]
    assert items
    for item in items:
        assert item["meta"]["detail_url"].startswith(base + "api/v2/pages/")
        assert item["meta"]["html_url"].startswith((base + "en/", base + "fr/"))
    child = next(item for item in items if item["meta"]["html_url"] != base + "en/")
    detail = client.get(f"/api/v2/pages/{child['id']}/", **host).json()
    assert detail["meta"]["html_url"] == child["meta"]["html_url"]
    parent = detail["meta"]["parent"]["meta"]
    assert parent["detail_url"].startswith(base + "api/v2/pages/")
    assert parent["html_url"].startswith(base + "en/")
    [document] = client.get("/api/v2/documents/?fields=download_url", **host).json()["items"]
    assert document["meta"]["detail_url"] == f"{base}api/v2/documents/{doc.pk}/"
    assert document["meta"]["download_url"].startswith(base + "documents/")
