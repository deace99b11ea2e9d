"""The harness itself: the demo site answers in both languages and stays offline."""

import pytest

pytestmark = pytest.mark.browser


def test_home_in_both_languages(page, live_site):
    page.goto("/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").first.is_visible()
    page.goto("/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert all(live_site.url in url or url.startswith("data:") for url in page.requests_seen)
