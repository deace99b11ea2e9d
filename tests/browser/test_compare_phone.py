"""Programmes compared side by side, four at once, read on a phone without sideways scroll:
each row of the table becomes a block, each programme's cell under its name."""

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

FOUR = "p=c-care&p=calvados-social-recovery&p=territoires-partages&p=cantal-solidarity-pact"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_four_programmes_compared_without_sideways_scroll(page, viewport, check_axe, lang):
    page.goto(f"/{lang}/programmes/compare/?{FOUR}")
    tables = page.locator("table.compare-table")
    assert tables.count() == 2
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for region in page.locator(".table-scroll").all():
        scroll, client = region.evaluate("el => [el.scrollWidth, el.clientWidth]")
        assert scroll <= client + 1, (scroll, client)
    first_row = tables.first.locator("tbody tr").first
    cells = first_row.locator("td")
    assert cells.count() == 4
    names = [cells.nth(i).get_attribute("data-programme") for i in range(4)]
    assert names[0] == "C-CARE" and all(names)
    boxes = [cells.nth(i).bounding_box() for i in range(2)]
    if width < 600:
        # One under the other, each as wide as the table.
        assert boxes[1]["y"] > boxes[0]["y"] and boxes[0]["width"] > width / 2
    else:
        assert boxes[1]["y"] == boxes[0]["y"]
    check_axe(page, f"compare {lang}")
    screens = ARTIFACTS / "screens"
    screens.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screens / f"compare-four-{lang}-{width}.png"), full_page=True)
