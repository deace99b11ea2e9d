"""The live site's reset (tests/servers/live.py): what a test changed is gone, the seeded demo is
served again at once (no cached copy of the changed page), and the emails are emptied."""

import textwrap

from tests.browser.pages import http_get

ADD = textwrap.dedent(
    """
    from hub import caching
    from hub.models import StandardPage
    home = StandardPage.objects.get(slug_en="about").get_parent()
    page = StandardPage(title="Made by a test", title_en="Made by a test", slug="made-by-a-test",
                        slug_en="made-by-a-test", slug_fr="fait-par-un-test")
    home.add_child(instance=page)
    page.save_revision().publish()
    caching.invalidate()
    """
)


def test_a_reset_puts_the_seeded_demo_back(fresh_live_site):
    get = http_get(fresh_live_site.url)
    assert get("/en/made-by-a-test/")[0] == 404
    fresh_live_site.manage("shell", "-c", ADD)
    status, body, _headers = get("/en/made-by-a-test/")
    assert status == 200 and b"Made by a test" in body
    assert get("/en/made-by-a-test/")[2]["X-Hub-Cache"] == "hit"  # the page cache keeps it
    (fresh_live_site.mail_dir / "sent.log").write_text("a message")

    fresh_live_site.reset()
    assert get("/en/made-by-a-test/")[0] == 404
    assert get("/en/about/")[0] == 200
    assert fresh_live_site.emails() == []
