"""Case studies' key figures and town-centre plans' indicators (records, not blocks), seen in
Chromium at 390 and 1280 px: the public pages in both languages, and a partner editor adding a
key figure in the page editor's "Key figures" panel."""

import re

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.browser.seed import PASSWORD
from tests.browser.test_admin_journey import page_id, show_language
from tests.browser.test_journeys import admin_login

pytestmark = pytest.mark.browser

SCREENS = ARTIFACTS / "screens"
PAGES = [
    ("case-study-figures", "/en/case-studies/access-to-apprenticeships/", "Key figures", "373"),
    (
        "case-study-figures",
        "/fr/etudes-de-cas/acces-apprentissage-norfolk/",
        "Chiffres clés",
        "places d’apprentissage",
    ),
    ("plan-indicators", "/en/town-centre-plans/morlaix-centre/", "Indicators", "visitors a day"),
    (
        "plan-indicators",
        "/fr/plans-de-centre-ville/plan-centre-morlaix/",
        "Indicateurs",
        "visiteurs par jour",
    ),
]


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{width}px wide at {page.viewport_size}"


@pytest.mark.parametrize(("name", "path", "heading", "text"), PAGES)
def test_figures_on_public_pages(page, viewport, check_axe, name, path, heading, text):
    page.goto(path)
    section = page.locator("section.resource-figures")
    assert section.locator("h2").inner_text().strip() == heading
    assert text in section.inner_text().replace("'", "’") or text in section.inner_text()
    if name == "case-study-figures":
        # Three figures side by side on a desktop, one under the other on a phone.
        items = section.locator("ul.figures > li")
        assert items.count() == 3
        boxes = [items.nth(i).bounding_box() for i in range(3)]
        same_row = boxes[0]["y"] == boxes[1]["y"]
        assert same_row == (page.viewport_size["width"] > 800), boxes
        # The two percentages: one chart, with its table.
        chart = section.locator("figure.chart-figure")
        assert chart.count() == 1 and chart.locator("svg[role=img]").count() == 1
        assert chart.locator("table tbody tr").count() == 2
        svg = chart.locator("svg").bounding_box()
        assert svg["width"] <= page.viewport_size["width"]
    else:
        rows = section.locator("table.indicator-table tbody tr")
        assert rows.count() == 3
        # A figure stays on one line, its words beside it.
        cell = rows.nth(1).locator("td").first
        assert re.search(r"4[,\s\u202f\u00a0]?550", cell.inner_text()), cell.inner_text()
        # The indicator's name keeps a readable width on a phone (not a letter a line).
        label_box = rows.first.locator("th").bounding_box()
        table = section.locator("table.indicator-table").bounding_box()
        assert label_box["width"] >= table["width"] / 3, (label_box, table)
    no_sideways_scroll(page)
    check_axe(page, f"{name} {path}")
    lang = path.split("/")[1]
    width = page.viewport_size["width"]
    SCREENS.mkdir(parents=True, exist_ok=True)
    section.scroll_into_view_if_needed()
    section.screenshot(path=str(SCREENS / f"{name}-{lang}-{width}.png"))


def test_partner_editor_adds_a_key_figure(browser, live_site, viewport):
    from tests.browser.conftest import VIEWPORTS

    pid = page_id(live_site)  # Invicta Security, a Kent case study
    context = browser.new_context(base_url=live_site.url, viewport=VIEWPORTS[viewport])
    editor = context.new_page()
    try:
        admin_login(editor, "editor", PASSWORD)
        editor.goto(f"/admin/pages/{pid}/edit/")
        panel = editor.locator("section", has=editor.locator("#id_indicators-ADD")).last
        before = editor.locator("#id_indicators-TOTAL_FORMS").input_value()
        number = int(before)
        editor.locator("#id_indicators-ADD").click()
        prefix = f"#id_indicators-{number}-"
        editor.locator(f"{prefix}value").wait_for(state="visible")
        show_language(editor, "en")
        editor.locator(f"{prefix}label_en").fill(f"customers a month with the badge ({viewport})")
        show_language(editor, "fr")
        editor.locator(f"{prefix}label_fr").fill(f"clients par mois grâce au label ({viewport})")
        editor.locator(f"{prefix}value").fill("40")
        editor.locator(f"{prefix}unit").select_option("people")
        editor.locator(f"{prefix}value").scroll_into_view_if_needed()
        SCREENS.mkdir(parents=True, exist_ok=True)
        width = editor.viewport_size["width"]
        panel.screenshot(path=str(SCREENS / f"admin-key-figure-{width}.png"))
        with editor.expect_navigation():
            editor.locator("footer button.action-save").first.click()
        assert "/edit/" in editor.url
        messages = editor.locator(".messages").inner_text()
        assert re.search(r"updated|saved", messages, re.I), messages
        assert not editor.locator(".error-message:visible").count()
        editor.goto(f"/admin/pages/{pid}/edit/")
        assert editor.locator("#id_indicators-TOTAL_FORMS").input_value() == str(number + 1)
        assert editor.locator(f"{prefix}value").input_value().startswith("40")
    finally:
        context.close()
