"""The map of a programme's partners and places, as visitors and moderators meet it.

- C-CARE's page and the programme index at 320 and 1280 px, in English and in French: the
  map is drawn on the page (inline SVG: no tile, no script), fits the screen, its numbered
  markers are the table's, the table links each partner to its page, no request leaves
  127.0.0.1, and axe-core finds no violation. Screenshots go to ``test-artifacts/screens/``:
  ``map-<lang>-<width>.png`` (the page), ``…-figure.png`` (the map and its table) and
  ``map-index-<lang>-<width>.png``; printed, the map is still there.
- A moderator gives Pas-de-Calais Tourisme, which the demo leaves without a location, one in the
  partner's admin form (a latitude out of range and a latitude alone are refused first, each
  with its reason); C-CARE's map then draws it.
"""

import textwrap

import pytest

from tests.browser.conftest import ARTIFACTS, _is_local, open_context
from tests.browser.test_admin_journey import signed_in

pytestmark = pytest.mark.browser

SCREENS = ARTIFACTS / "screens"
HEIGHTS = {320: 700, 1280: 900}
PAGE = {"en": "/en/programmes/c-care/", "fr": "/fr/programmes/c-care/"}
INDEX = {"en": "/en/programmes/", "fr": "/fr/programmes/"}
KENT = {
    "en": ("Kent County Council", "/en/partners/kent/"),
    "fr": ("Conseil du comté du Kent", "/fr/partenaires/kent/"),
}
HEADING = {"en": "Partners and places on the map", "fr": "Partenaires et lieux sur la carte"}


@pytest.fixture
def visitor(browser, live_site, request):
    width = request.param
    context = open_context(browser, live_site, {"width": width, "height": HEIGHTS[width]}, False)
    page = context.new_page()
    page.width = width
    yield page
    context.close()


def markers_and_keys(page):
    markers = page.locator("svg.map .map__marker text").all_text_contents()
    keys = page.locator(".map-table .map-key").all_text_contents()
    return [m.strip() for m in markers], [k.strip() for k in keys]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("visitor", list(HEIGHTS), indirect=True, ids=lambda w: f"{w}px")
def test_the_programme_map_as_a_visitor_sees_it(visitor, live_site, check_axe, lang):
    page, width = visitor, visitor.width
    response = page.goto(PAGE[lang])
    assert response and response.ok, PAGE[lang]
    page.wait_for_load_state("load")
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"map-{lang}-{width}.png"), full_page=True)
    figure = page.locator(".map-layout")
    figure.scroll_into_view_if_needed()
    figure.screenshot(path=str(SCREENS / f"map-{lang}-{width}-figure.png"))

    assert page.locator("html").get_attribute("lang") == lang
    assert page.get_by_role("heading", name=HEADING[lang]).is_visible()
    svg = page.locator("svg.map")
    assert svg.is_visible()
    box = svg.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert box["width"] >= min(280, width - 40), box  # scaled to the screen, not shrunk away
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px"
    # The accessible name and description are the map's title and its description.
    label = page.evaluate(
        """() => { const svg = document.querySelector('svg.map');
                   return svg.getAttribute('aria-labelledby').split(' ')
                     .map(id => document.getElementById(id).textContent).join(' | '); }"""
    )
    assert "C-CARE" in label and len(label) > 80, label

    markers, keys = markers_and_keys(page)
    assert len(markers) >= 8 and markers == keys, (markers, keys)
    # Numbers stay legible on a phone: a marker is at least 14 px across.
    marker = page.locator("svg.map .map__marker circle").first.bounding_box()
    assert marker["width"] >= 14, marker
    name, href = KENT[lang]
    link = page.locator(".map-table a", has_text=name)
    assert link.first.get_attribute("href") == href
    assert page.locator(".map-unlocated").inner_text().count(",") >= 1  # three without location

    outside = [url for url in page.context.requests_seen if not _is_local(url)]
    assert not outside, f"requests left 127.0.0.1: {outside}"
    check_axe(page, f"C-CARE's map ({lang}, {width} px)")

    # The index: every programme's partners on one map, with their programmes.
    page.goto(INDEX[lang])
    index_map = page.locator(".map-layout")
    index_map.scroll_into_view_if_needed()
    index_map.screenshot(path=str(SCREENS / f"map-index-{lang}-{width}.png"))
    markers, keys = markers_and_keys(page)
    assert len(markers) >= 8 and markers == keys, (markers, keys)
    assert page.locator(".map-table a", has_text="C-CARE").count() >= 5
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the index scrolls sideways by {overflow} px"
    check_axe(page, f"the programmes' map ({lang}, {width} px)")
    outside = [url for url in page.context.requests_seen if not _is_local(url)]
    assert not outside, f"requests left 127.0.0.1: {outside}"

    if width == 1280 and lang == "en":
        page.goto(PAGE[lang])
        page.emulate_media(media="print")
        assert svg.is_visible() and svg.bounding_box()["width"] > 300
        page.screenshot(path=str(SCREENS / "map-en-print.png"), full_page=True)
        page.emulate_media(media="screen")


def partner_admin_id(live_site, slug):
    code = f"from hub.models import Partner; print(Partner.objects.get(slug={slug!r}).pk)"
    return int(live_site.manage("shell", "-c", code).stdout.strip().splitlines()[-1])


def clear_location(live_site, slug):
    code = textwrap.dedent(
        f"""
        from hub.models import Partner
        partner = Partner.objects.get(slug={slug!r})
        partner.latitude = partner.longitude = None
        partner.save()
        """
    )
    live_site.manage("shell", "-c", code)


def test_a_moderator_puts_a_partner_on_the_map(browser, live_site):
    slug, name = "pas-de-calais-tourisme", "Pas-de-Calais Tourisme"
    pk = partner_admin_id(live_site, slug)
    try:
        with signed_in(browser, live_site, "desktop", "moderator") as admin:
            admin.goto(f"/admin/snippets/hub/partner/edit/{pk}/")
            assert admin.get_by_text("Location on the map").first.is_visible()

            def save(latitude, longitude):
                admin.locator("#id_latitude").fill(latitude)
                admin.locator("#id_longitude").fill(longitude)
                with admin.expect_navigation():
                    admin.locator("button.action-save").first.click()
                return admin.locator("main").inner_text()

            assert "A latitude is between -90 and 90 degrees." in save("95", "2.78")
            assert "Give both the latitude and the longitude, or neither." in save("50.29", "")
            SCREENS.mkdir(parents=True, exist_ok=True)
            admin.screenshot(path=str(SCREENS / "map-admin-refused.png"), full_page=True)
            save("50.29", "2.78")
            assert "/edit/" not in admin.url or "saved" in admin.content().lower(), admin.url

            admin.goto(PAGE["en"])
            row = admin.locator(".map-table tr", has_text=name)
            number = row.locator(".map-key").inner_text().strip()
            titles = admin.locator("svg.map .map__marker title").all_text_contents()
            assert f"{number}. {name}" in titles, titles
            assert name not in admin.locator(".map-unlocated").inner_text()
    finally:
        clear_location(live_site, slug)
