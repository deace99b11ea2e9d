"""Wayfinding and identity in a real browser at 390 and 1280 px: the main menu (folded behind
"Menu" on a phone, open on a desktop), breadcrumbs, theme and partner pages with their
pictures, and the funding statement in the footer."""

import pytest

pytestmark = pytest.mark.browser

NEW_PAGES = [
    "/en/themes/food-insecurity/",
    "/fr/thematiques/precarite-alimentaire/",
    "/en/partners/finistere/",
    "/fr/partenaires/finistere/",
]


# True once the picture has loaded (a lazy one loads when scrolled to), False if it failed.
LOADED = """(img) => img.complete ? img.naturalWidth > 0 : new Promise((done) => {
  img.addEventListener("load", () => done(img.naturalWidth > 0));
  img.addEventListener("error", () => done(false));
})"""


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("path", NEW_PAGES)
def test_theme_and_partner_pages(page, viewport, path):
    page.goto(path)
    assert no_sideways_scroll(page), path
    assert page.locator("h1").count() == 1 and page.locator("h1").is_visible()
    crumbs = page.locator("nav.breadcrumbs li")
    assert crumbs.count() == 3 and crumbs.first.is_visible()
    # Resources and workshops, as cards.
    assert page.locator("#resources-heading + .cards .card").count() >= 1
    assert page.locator("#item-workshops-heading ~ .cards .card").count() >= 1
    # Every picture that is shown loaded, WebP where the browser takes it, with its size set.
    for img in page.locator("main picture img").all():
        img.scroll_into_view_if_needed()
        assert img.evaluate(LOADED)
        assert img.evaluate("(i) => i.currentSrc.endsWith('.webp')")
        assert img.get_attribute("width") and img.get_attribute("height")
    if "/partners/" in path or "/partenaires/" in path:
        assert page.locator("main .item-facts img.partner-logo").is_visible()


def test_main_menu_on_phone_and_desktop(page, viewport):
    page.goto("/en/")
    menu = page.locator("nav.main-nav details")
    library = page.locator("nav.main-nav a", has_text="Library")
    if viewport == "phone":
        assert not menu.evaluate("(d) => d.open")
        assert not library.is_visible()
        page.locator("nav.main-nav summary").click()
        assert library.is_visible()
    else:
        assert menu.evaluate("(d) => d.open")
        assert not page.locator("nav.main-nav summary").is_visible()
    labels = page.locator("nav.main-nav li a").all_inner_texts()
    assert labels == [
        "Library",
        "Toolkits",
        "Town-centre plans",
        "Case studies",
        "Publications",
        "Workshops",
        "Programmes",
        "About",
    ]
    library.click()
    assert page.url.endswith("/en/library/")
    assert no_sideways_scroll(page)


def test_menu_works_without_javascript(browser, live_site):
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, java_script_enabled=False, base_url=live_site.url
    )
    page = context.new_page()
    try:
        page.goto("/fr/")
        assert page.locator("nav.main-nav a", has_text="Bibliothèque").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()


def test_footer_emblem_and_statement(page, viewport):
    page.goto("/fr/")
    funding = page.locator("footer .funding")
    funding.scroll_into_view_if_needed()
    emblem = funding.locator("img")
    assert emblem.evaluate(LOADED)
    assert emblem.get_attribute("alt") == "Emblème de l'Union européenne"
    assert funding.inner_text().strip() == "Cofinancé par l'Union européenne"
    box, text = emblem.bounding_box(), funding.locator("p").bounding_box()
    # The statement sits beside the emblem, not far below it.
    assert abs((box["y"] + box["height"] / 2) - (text["y"] + text["height"] / 2)) < box["height"]
