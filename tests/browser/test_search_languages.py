"""Search across the language barrier in a real browser at 390 and 1280 px (issue 16).

An English-speaking officer searching "exceptional payment" finds a plan that exists only in
French, labelled "In French", with its French summary marked as French and the French terms
the site also searched; a French-speaking one searching "demandeurs d'emploi" finds an
English-only resource labelled "En anglais". The two resources are added to the demo for this
module and removed after it. Screenshots go to test-artifacts/screens/.
"""

import re
import textwrap

import pytest

from tests.browser.conftest import ARTIFACTS, format_violations

pytestmark = pytest.mark.browser

SCREENS = ARTIFACTS / "screens"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RESOURCES = textwrap.dedent(
    """
    from hub import caching
    from toolkits.models import PublicationIndexPage, PublicationPage
    index = PublicationIndexPage.objects.first()
    for slug, fields in {
        "calvados-relance-sociale": dict(
            title="Plan de relance sociale du Calvados",
            title_fr="Plan de relance sociale du Calvados",
            summary_fr="Une prestation sociale exceptionnelle pour les travailleurs indépendants"
            " du Calvados, versée en une fois.",
        ),
        "norfolk-jobseekers": dict(
            title="Getting Norfolk's jobseekers back to work",
            title_en="Getting Norfolk's jobseekers back to work",
            summary_en="Coaching and travel passes for jobseekers in rural Norfolk.",
        ),
    }.items():
        if not PublicationPage.objects.filter(slug=slug).exists():
            page = PublicationPage(slug=slug, slug_en=slug, slug_fr=slug, **fields)
            page.derive_languages()  # as the editor's form does: from the filled fields
            index.add_child(instance=page)
            page.save_revision().publish()
    caching.invalidate()
    """
)
REMOVE = textwrap.dedent(
    """
    from hub import caching
    from toolkits.models import PublicationPage
    for page in PublicationPage.objects.filter(
        slug__in=["calvados-relance-sociale", "norfolk-jobseekers"]
    ):
        page.delete()
    caching.invalidate()
    """
)


@pytest.fixture(scope="module")
def single_language_resources(live_site):
    live_site.manage("shell", "-c", RESOURCES)
    yield
    live_site.manage("shell", "-c", REMOVE)


# (language, query, the result's title, its label, the result's language, "also searched")
SEARCHES = [
    ("en", "exceptional payment", "Plan de relance sociale du Calvados", "In French", "fr",
     "Also searched:"),
    ("fr", "demandeurs d'emploi", "Getting Norfolk's jobseekers back to work", "En anglais", "en",
     "Également recherché"),
]  # fmt: skip


@pytest.mark.usefixtures("single_language_resources")
@pytest.mark.parametrize(("lang", "query", "title", "label", "other", "also"), SEARCHES)
def test_a_result_in_the_other_language_says_so(
    page, viewport, axe_source, lang, query, title, label, other, also
):
    page.goto(f"/{lang}/search/?q={query}")
    width = page.viewport_size["width"]
    card = page.locator("li.search-result", has=page.get_by_role("link", name=title))
    assert card.count() == 1, page.locator("main").inner_text()[:1500]
    card.scroll_into_view_if_needed()

    # The label, in the visitor's language, inside the card and readable (not clipped, not
    # overlapping the title), and the title and excerpt marked as the other language.
    badge = card.locator(".search-result__language")
    assert badge.inner_text().strip() == label
    assert badge.is_visible()
    box, card_box = badge.bounding_box(), card.bounding_box()
    assert card_box["x"] <= box["x"]
    assert box["x"] + box["width"] <= card_box["x"] + card_box["width"]
    heading = card.locator(".card__title").bounding_box()
    assert box["y"] >= heading["y"] + heading["height"] - 1, (box, heading)
    assert card.locator(".card__title a").get_attribute("lang") == other
    excerpt = card.locator(".search-result__excerpt span[lang]").last
    assert excerpt.get_attribute("lang") == other
    assert excerpt.locator("mark").count() >= 1

    # What the site also searched, marked as the other language.
    searched = page.locator(".search-also")
    assert searched.is_visible() and also in searched.inner_text()
    assert searched.locator(f'span[lang="{other}"]').count() >= 1

    # Every word is known to the glossary: nothing to correct.
    assert page.locator(".search-suggestion").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    SCREENS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^a-z]+", "-", query.lower()).strip("-")
    card.screenshot(path=str(SCREENS / f"search-other-language-{name}-{width}.png"))
    page.screenshot(path=str(SCREENS / f"search-other-language-{name}-{width}-page.png"))
    page.evaluate(axe_source)
    result = page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                        resultTypes: ['violations']})""",
        WCAG,
    )
    assert not result["violations"], format_violations(result["violations"])
