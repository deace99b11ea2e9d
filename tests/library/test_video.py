"""Privacy-first video: nothing in the initial HTML loads from the video host."""

import re
from html.parser import HTMLParser

import pytest
from django.utils import translation

from case_studies.video import parse_video

from .factories import CaseStudyFactory

pytestmark = pytest.mark.django_db

HOSTS = ("youtube.com", "youtube-nocookie.com", "youtu.be", "vimeo.com", "ytimg.com", "googlevideo")


class Loads(HTMLParser):
    """Every element of the page that would make the browser fetch something."""

    def __init__(self):
        super().__init__()
        self.loads, self.links, self.tags = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        for name in ("src", "srcset", "poster", "data", "background"):
            if attrs.get(name):
                self.loads.append((tag, attrs[name]))
        if tag == "link" and attrs.get("href"):
            self.loads.append((tag, attrs["href"]))
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_request_to_the_host_before_consent(client, home, lang):
    page = CaseStudyFactory(
        home=home,
        video_url="https://www.youtube.com/watch?v=abcdefghijk",
        video_transcript_en="We rebuilt customer trust.",
        video_transcript_fr="Nous avons regagné la confiance des clients.",
    )
    with translation.override(lang):
        url = page.get_url()
    html = client.get(url).content.decode()
    parser = Loads()
    parser.feed(html)
    assert "iframe" not in parser.tags and "embed" not in parser.tags
    assert "object" not in parser.tags and "video" not in parser.tags
    for tag, address in parser.loads:
        assert not any(host in address for host in HOSTS), (tag, address)
    # The poster is local, the plain link goes to the host, the script is our own.
    assert any(address.endswith("img/video-poster.svg") for _tag, address in parser.loads)
    assert "https://www.youtube.com/watch?v=abcdefghijk" in parser.links
    assert any(address.endswith("js/video-consent.js") for _tag, address in parser.loads)
    assert 'data-video-host="youtube" data-video-id="abcdefghijk"' in html
    # The transcript is on the page, in the visitor's language, and the other one nearby.
    assert "We rebuilt customer trust." in html
    assert "Nous avons regagné la confiance des clients." in html
    assert re.search(r"<details class=\"transcript\"", html)


def test_channel_address_gets_a_plain_link_only(client, home):
    page = CaseStudyFactory(
        home=home,
        video_url="https://www.youtube.com/@interregc-care4592",
        video_transcript_en="Transcript.",
    )
    html = client.get(page.get_url()).content.decode()
    assert "data-video-id" not in html
    assert 'href="https://www.youtube.com/@interregc-care4592"' in html


def test_page_renders_without_any_network(client, home, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise OSError("network is unreachable in this test")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    page = CaseStudyFactory(
        home=home, video_url="https://youtu.be/abcdefghijk", video_transcript_en="Text."
    )
    assert client.get(page.get_url()).status_code == 200


@pytest.mark.parametrize(
    "url,host,video_id",
    [
        ("https://www.youtube.com/watch?v=abcdefghijk&t=10", "youtube", "abcdefghijk"),
        ("https://youtu.be/abcdefghijk", "youtube", "abcdefghijk"),
        ("https://www.youtube.com/embed/abcdefghijk", "youtube", "abcdefghijk"),
        ("https://www.youtube.com/shorts/abcdefghijk", "youtube", "abcdefghijk"),
        ("https://www.youtube.com/@channel", "youtube", ""),
        ("https://www.youtube.com/watch?v=bad", "youtube", ""),
        ("https://vimeo.com/123456789", "vimeo", "123456789"),
        ("https://example.org/video.mp4", "", ""),
    ],
)
def test_parse_video(url, host, video_id):
    video = parse_video(url)
    assert (video.host, video.video_id) == (host, video_id)
    if host == "youtube" and video_id:
        assert video.embed_url == f"https://www.youtube-nocookie.com/embed/{video_id}"


def test_transcript_is_searchable():
    from wagtail.search import index

    from case_studies.models import CaseStudyPage

    names = {
        f.field_name for f in CaseStudyPage.get_search_fields() if isinstance(f, index.SearchField)
    }
    assert {"video_transcript_en", "video_transcript_fr"} <= names


def test_csp_allows_the_privacy_mode_players(settings):
    frames = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]
    assert "https://www.youtube-nocookie.com" in frames
    assert "https://player.vimeo.com" in frames


def test_the_poster_draws_no_play_symbol():
    """Only the real button may look like a play control (issue 11: a decorative play icon
    under the consent text looked clickable and did nothing)."""
    from django.contrib.staticfiles import finders

    with open(finders.find("img/video-poster.svg"), encoding="utf-8") as handle:
        svg = handle.read()
    assert "<circle" not in svg and "<polygon" not in svg
    assert not re.search(r'<path d="M\s*\d+ \d+ L\s*\d+ \d+ L\s*\d+ \d+ Z"', svg), "a triangle"
