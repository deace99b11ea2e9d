"""What visitors and participants do, in real Chromium against the served demo site."""

import re
import textwrap

import pytest

pytestmark = pytest.mark.browser

VIDEO_HOSTS = re.compile(r"youtube|youtu\.be|ytimg|vimeo|googlevideo", re.I)


def card_count(page):
    return page.locator("main article.card").count()


def heading_count(page):
    text = page.locator("#results-heading").inner_text()
    match = re.search(r"\d+", text)
    return int(match[0]) if match else 0


def open_filters(page):
    """On a phone the filters may sit in a collapsed <details>; open it if so."""
    details = page.locator("main details:has(form.filters)")
    if details.count() and details.first.get_attribute("open") is None:
        details.first.locator("summary").click()


def tick_and_apply(page, label):
    """Tick a filter, then send the form with its Apply button (ticking alone reloads nothing)."""
    open_filters(page)
    page.get_by_label(label).check()
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Apply filters")).click()


def test_browse_the_library_and_combine_filters(page):
    page.goto("/en/library/")
    everything = heading_count(page)
    assert everything > 5
    tick_and_apply(page, re.compile(r"^Toolkit"))
    assert "kind=toolkit" in page.url
    toolkits = heading_count(page)
    assert 0 < toolkits < everything
    kinds = page.locator("main article.card .card__kind").all_inner_texts()
    assert kinds and all(k.startswith("Toolkit") for k in kinds)
    tick_and_apply(page, re.compile(r"^Food insecurity"))
    assert "kind=toolkit" in page.url and "theme=food-insecurity" in page.url
    combined = heading_count(page)
    assert 0 < combined <= toolkits
    # The choices stay ticked, and show as chips above the results.
    chips = page.locator("main .active-filters a.chip")
    assert chips.count() == 2
    if page.viewport_size["width"] < 900:
        summary = page.locator("main details.filters-panel > summary")
        assert re.search(r"Filter\s*\(\s*2", summary.inner_text()), summary.inner_text()
        open_filters(page)
    assert page.get_by_label(re.compile(r"^Toolkit")).is_checked()
    assert page.get_by_label(re.compile(r"^Food insecurity")).is_checked()
    first = page.locator("main article.card h3 a").first
    title = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text().strip() == title.strip()
    # A chip removes its filter.
    page.go_back()
    with page.expect_navigation():
        page.locator("main .active-filters a.chip", has_text="Toolkit").click()
    assert "kind=toolkit" not in page.url and "theme=food-insecurity" in page.url


@pytest.mark.parametrize("path", ["/en/library/", "/fr/search/?q=alimentaire"])
def test_ticking_a_filter_keeps_focus_and_place(page, path):
    """WCAG 3.2.2: a tick changes nothing else; the visitor applies the filters when ready."""
    page.goto(path)
    open_filters(page)
    box = page.locator("main form.filters input[type=checkbox]").nth(2)
    box.scroll_into_view_if_needed()
    box.focus()
    url, scroll = page.url, page.evaluate("() => window.scrollY")
    page.keyboard.press("Space")
    page.wait_for_timeout(500)
    assert box.is_checked()
    assert page.url == url, "ticking a filter loaded another page"
    assert page.evaluate("() => window.scrollY") == scroll
    assert page.evaluate("() => document.activeElement.type") == "checkbox"
    # The Apply button sends the form (a plain submit: it needs no JavaScript).
    with page.expect_navigation():
        page.locator("main form.filters button[type=submit]").click()
    assert page.url != url


def test_switch_language_on_a_resource_a_listing_and_search(page):
    page.goto("/en/library/")
    page.locator("main article.card h3 a").first.click()
    english_url = page.url
    page.locator("nav.lang-switcher a[hreflang=fr]").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "/fr/" in page.url and page.url != english_url.replace("/en/", "/fr/x/")
    page.locator("nav.lang-switcher a[hreflang=en]").click()
    assert page.url == english_url

    page.goto("/fr/bibliotheque/?kind=toolkit")
    page.locator("nav.lang-switcher a[hreflang=en]").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "/en/library/" in page.url
    assert "kind=toolkit" in page.url, "the filters are kept when switching language"

    response = page.goto("/en/search/?q=food")
    assert response.ok
    page.locator("nav.lang-switcher a[hreflang=fr]").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "/fr/" in page.url and "q=food" in page.url


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [("en", "food vouchers", "food"), ("fr", "précarité alimentaire", "aliment")],
)
def test_search_and_open_a_result(page, lang, query, expected):
    response = page.goto(f"/{lang}/")
    assert response.ok
    box = page.locator("form.site-search input[name=q]")
    if not box.is_visible():  # a phone layout may fold the search box behind a button
        page.locator("form.site-search, .site-search-toggle").first.click()
    box.fill(query)
    box.press("Enter")
    page.wait_for_load_state()
    assert page.url.split("?")[0].endswith("/search/")
    assert page.locator("html").get_attribute("lang") == lang
    results = page.locator("main ol a, main .search-result a, main article a")
    assert results.count() > 0, page.locator("main").inner_text()[:500]
    assert expected in page.locator("main").inner_text().lower()
    title = results.first.inner_text().strip()
    results.first.click()
    page.wait_for_load_state()
    assert title.lower()[:20] in page.locator("h1").inner_text().lower()


def test_video_plays_only_after_the_visitor_chooses(page):
    page.goto("/en/case-studies/")
    hrefs = page.eval_on_selector_all(
        "main a[href^='/en/case-studies/']", "(a) => a.map((x) => x.getAttribute('href'))"
    )
    target = None
    for href in dict.fromkeys(hrefs):
        if href.endswith(("/case-studies/", "/feed/")):
            continue
        page.goto(href)
        if page.locator("figure[data-video-id]").count():
            target = href
            break
    assert target, "no case study with an embeddable video (tests/browser/seed.py adds one)"
    page.wait_for_load_state("networkidle")
    before = [url for url in page.requests_seen if VIDEO_HOSTS.search(url)]
    assert before == [], f"requests to the video host before the click: {before}"
    assert page.locator("iframe").count() == 0
    # A plain link to the host's own page stays for those who prefer it.
    assert page.locator("a.video-consent__link").count() == 1
    play = page.locator(".video-consent__play")
    assert play.is_visible()
    play.click()
    frame = page.locator("iframe.video-consent__frame")
    frame.wait_for()
    assert "youtube-nocookie.com" in frame.get_attribute("src")
    page.wait_for_timeout(300)
    after = [url for url in page.requests_seen if VIDEO_HOSTS.search(url)]
    assert after, "the player was not requested after the click"


# Workshops ------------------------------------------------------------------------------


def find_open_workshop(page, lang="en"):
    index = "/en/workshops/" if lang == "en" else "/fr/ateliers/"
    page.goto(index)
    hrefs = page.eval_on_selector_all(
        f"main a[href^='{index}']", "(a) => a.map((x) => x.getAttribute('href'))"
    )
    for href in dict.fromkeys(hrefs):
        if href.rstrip("/") == index.rstrip("/") or href.endswith((".ics", "/feed/")):
            continue
        page.goto(href)
        if page.locator("form.workshop-form").count():
            return href
    pytest.fail("no workshop open for registration")


def private_link_for(live_site, email, timeout=10):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in reversed(live_site.emails()):
            if email in message:
                body = message.replace("=\n", "").replace("=3D", "=")
                match = re.search(r"https?://\S+/manage/[A-Za-z0-9_\-]+/", body)
                if match:
                    return match[0]
        time.sleep(0.2)
    raise AssertionError(f"no email with a private link for {email}")


def register(page, live_site, name, email):
    href = find_open_workshop(page)
    form = page.locator("form.workshop-form")
    form.get_by_label("Full name").fill(name)
    form.get_by_label("Email address").fill(email)
    form.locator("#id_consent_privacy").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    return href


def test_register_open_the_private_link_and_cancel(page, live_site, viewport):
    email = f"cancel.{viewport}@example.org"
    register(page, live_site, "Camille Dupont", email)
    assert re.search(r"registered|confirm|waiting", page.locator("main").inner_text(), re.I)
    link = private_link_for(live_site, email)
    assert link.startswith(live_site.url)
    page.goto(link)
    assert "Camille Dupont" in page.locator("main").inner_text() or page.locator("h1").count()
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Cancel my registration")).click()
    with page.expect_navigation():  # the page asks first
        page.get_by_role("button", name="Yes, cancel my registration").click()
    assert "Your registration is cancelled" in page.locator("main").inner_text()
    assert page.get_by_role("button", name=re.compile("Cancel my registration")).count() == 0


def start_workshop_now(live_site, workshop_path):
    """Move the workshop to an hour ago, so that its notes are open (a test-only shortcut)."""
    slug = workshop_path.rstrip("/").rsplit("/", 1)[-1]
    code = textwrap.dedent(
        f"""
        from datetime import timedelta
        from django.utils import timezone
        from workshops.models import WorkshopPage
        from hub import caching
        now = timezone.now()
        WorkshopPage.objects.filter(slug_en={slug!r}).update(
            start=now - timedelta(hours=1), end=now - timedelta(minutes=10)
        )
        caching.invalidate()
        """
    )
    live_site.manage("shell", "-c", code)


def reopen_workshop(live_site, workshop_path):
    """Undo ``start_workshop_now``: the workshop is upcoming again, open for registration."""
    slug = workshop_path.rstrip("/").rsplit("/", 1)[-1]
    code = textwrap.dedent(
        f"""
        from datetime import timedelta
        from django.utils import timezone
        from workshops.models import WorkshopPage
        from hub import caching
        start = timezone.now() + timedelta(days=20)
        WorkshopPage.objects.filter(slug_en={slug!r}).update(
            start=start, end=start + timedelta(hours=3)
        )
        caching.invalidate()
        """
    )
    live_site.manage("shell", "-c", code)


def admin_login(page, username, password):
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    assert "/admin/login/" not in page.url, "login failed"


def test_post_a_note_and_see_it_after_moderation(page, live_site, viewport, browser):
    from tests.browser.seed import PASSWORD

    email = f"note.{viewport}@example.org"
    workshop = register(page, live_site, f"Noor Notes {viewport}", email)
    link = private_link_for(live_site, email)
    start_workshop_now(live_site, workshop)
    try:
        page.goto(link)
        note = f"Food banks in Kent and Finistère could share referral forms ({viewport})."
        page.get_by_role("textbox", name="Your note").fill(note)
        with page.expect_navigation():
            page.get_by_role("button", name="Send my note").click()
        assert note in page.locator("main").inner_text()
        page.goto(workshop)
        assert note not in page.locator("main").inner_text(), "shown before moderation"

        moderator = browser.new_context(base_url=live_site.url, viewport=page.viewport_size)
        admin = moderator.new_page()
        try:
            admin_login(admin, "moderator", PASSWORD)
            admin.goto("/admin/workshops/notes/")
            row = admin.locator("tr", has_text=note[:40])
            assert row.count() == 1, admin.locator("main").inner_text()[:800]
            with admin.expect_navigation():
                row.get_by_role("button", name="Approve").click()
        finally:
            moderator.close()

        page.goto(workshop)
        assert note in page.locator("main").inner_text()
    finally:
        # Give the workshop back to the tests that need one open (tests/browser/test_pages.py).
        reopen_workshop(live_site, workshop)


@pytest.mark.parametrize("path", ["/en/library/", "/fr/boites-a-outils/", "/en/search/?q=food"])
def test_listing_pages_keep_the_site_layout(page, path):
    """The header spans the window and the footer too (no page-wide grid from a body class)."""
    page.goto(path)
    width = page.viewport_size["width"]
    for selector in ("header.site-header", "footer.site-footer"):
        box = page.locator(selector).bounding_box()
        assert box["x"] == 0 and box["width"] >= width - 1, (selector, box)
    results = page.locator("main .listing__results").bounding_box()
    assert results["y"] > page.locator("header.site-header").bounding_box()["height"] - 1
