"""The search page over the library's facet index: privacy, every kind's own text, queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.library.factories import (
    CaseStudyFactory,
    PublicationFactory,
    ToolkitFactory,
    TownCentrePlanFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(home, django_capture_on_commit_callbacks):
    """Publish a resource of a kind; its indexing runs as after a real commit."""

    def create(factory, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return factory(home=home, **fields)

    return create


def get(client, query, **params):
    response = client.get("/en/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def titles(html):
    return re.findall(r'<h3 class="card__title"><a href="[^"]*"[^>]*>([^<]*)</a>', html)


def facet_count(html, name, value):
    match = re.search(
        rf'name="{name}" value="{value}"[^>]*>\s*<label[^>]*><span[^>]*>[^<]*</span> '
        r'<span class="facet__count">\((\d+)',
        html,
    )
    return int(match.group(1)) if match else None


def test_private_and_unpublished_matches_are_neither_shown_nor_counted(
    client, indexed, django_capture_on_commit_callbacks
):
    indexed(ToolkitFactory, title_en="Quasar open", summary_en="About quasar.")
    private = indexed(ToolkitFactory, title_en="Quasar private", summary_en="About quasar.")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    draft = indexed(CaseStudyFactory, title_en="Quasar draft", summary_en="About quasar.")
    with django_capture_on_commit_callbacks(execute=True):
        draft.unpublish()
    html = get(client, "quasar")
    assert titles(html) == ["Quasar open"]
    assert "1 result for" in html
    assert facet_count(html, "kind", "toolkit") == 1
    assert facet_count(html, "kind", "case_study") is None


def test_snippets_come_from_each_kinds_own_text(client, indexed):
    indexed(
        CaseStudyFactory,
        title_en="A case",
        summary_en="Nothing here.",
        video_transcript_en="We talked about nebulawords at length.",
    )
    indexed(TownCentrePlanFactory, title_en="A plan", summary_en="Nothing.", town="Nebulawords")
    indexed(ToolkitFactory, title_en="A toolkit", summary_en="Nebulawords for all.")
    for _ in range(2):  # warm: settings (a first request may create them), the index
        get(client, "nebulawords")
    with CaptureQueriesContext(connection) as captured:
        html = get(client, "nebulawords")
    assert sorted(titles(html)) == ["A case", "A plan", "A toolkit"]
    assert "talked about <mark>nebulawords</mark>" in html
    # Results whose snippet is not in their summary cost at most two queries more, whatever
    # their kinds (none once their pages are remembered for this content generation), and a
    # new search (not one with a filter) is counted by one write (hub.search.log).
    with CaptureQueriesContext(connection) as summaries_only:
        get(client, "nebulawords", kind="toolkit")
    assert len(captured) <= len(summaries_only) + 2 + 1 <= 12


def test_snippets_hold_the_text_of_blocks_never_their_codes(client, indexed):
    """A story section's part ("challenge") and a heading's level ("h2") are codes, not text:
    they once showed in excerpts as "...the pandemic. challenge A2A matched..."."""
    indexed(
        CaseStudyFactory,
        title_en="A story",
        summary_en="Nothing here.",
        body_en=[
            ("heading", {"text": "Where it began", "level": "h2"}),
            ("story", {"part": "challenge", "heading": "", "text": "<p>Shops zorbled.</p>"}),
            ("story", {"part": "action", "heading": "", "text": "<p>Then zorbled again.</p>"}),
        ],
    )
    html = get(client, "zorbled")
    excerpt = re.search(r'class="search-result__excerpt">(.*?)</p>', html, re.S).group(1)
    assert "Where it began Shops <mark>zorbled</mark>. Then <mark>zorbled</mark> again." in excerpt
    assert not re.search(r"\b(challenge|action|h2)\b", excerpt), excerpt


def test_queries_do_not_depend_on_kinds_or_results(client, indexed):
    factories = (ToolkitFactory, CaseStudyFactory, PublicationFactory, TownCentrePlanFactory)
    for n in range(24):
        indexed(factories[n % 4], title_en=f"Zephyr {n}", summary_en="A zephyr story.")
    indexed(ToolkitFactory, title_en="Lonely one", summary_en="Solitary.")

    def queries(query, **params):
        with CaptureQueriesContext(connection) as captured:
            get(client, query, **params)
        return len(captured)

    for query in ("solitary", "zephyr", "solitary", "zephyr"):  # warm: settings, the index
        get(client, query)
    one_kind = queries("solitary")
    every_kind = queries("zephyr")
    filtered = queries("zephyr", kind="toolkit", page=2)
    # A new search (not one with a filter or a page) is counted by one write (hub.search.log);
    # a filtered page asks no more than that.
    assert one_kind == every_kind <= 12, (one_kind, every_kind, filtered)
    assert filtered <= every_kind, (one_kind, every_kind, filtered)
