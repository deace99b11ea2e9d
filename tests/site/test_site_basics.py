"""What every visitor's browser asks for: a title that says where they are, a favicon, robots.txt
pointing to the sitemap, a print stylesheet (issue 11)."""

import re

from django.contrib.staticfiles import finders


def test_robots_txt_points_to_the_sitemap_and_keeps_private_pages_out(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /en/workshop/manage/" in text and "Disallow: /admin/" in text
    assert client.get("/sitemap.xml").status_code == 200


def test_favicon_is_linked_and_served(client, home):
    html = client.get("/en/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert icon, "no favicon link"
    assert finders.find(icon[1].removeprefix("/static/"))
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == icon[1]


def test_print_stylesheet_is_linked(client, home):
    html = client.get("/en/").content.decode()
    sheet = re.search(r'<link rel="stylesheet" href="([^"]+print\.css)" media="print">', html)
    assert sheet and finders.find(sheet[1].removeprefix("/static/"))


def test_the_home_title_names_the_site_once(client, home):
    for lang in ("en", "fr"):
        title = re.search(r"<title>(.*?)</title>", client.get(f"/{lang}/").content.decode(), re.S)
        text = title[1].strip()
        parts = [part.strip() for part in text.split("–")]
        assert len(parts) == len(set(parts)), text
        assert text, "empty title"
