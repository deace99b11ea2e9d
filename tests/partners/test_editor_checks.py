"""Checks in the editor: the Wagtail user bar on public pages, within the public CSP.

Signed-in editors get the user bar (quick links, and the Checks panel: accessibility checker
and content metrics) on every public page; anonymous visitors never do, and the page cache
never keeps a signed-in response. The admin's preview, which runs the page through the public
site's middleware, may be framed by the admin itself (the preview and Checks panels), not by
anyone else.
"""

from django.urls import reverse

from tests.security.test_headers import InlineCodeFinder, parse_csp

USERBAR = "<wagtail-userbar>"


def test_editors_get_the_user_bar_anonymous_visitors_never(client, world):
    url = world.kent_page.get_url()
    assert USERBAR not in client.get(url).content.decode()
    client.force_login(world.kent_editor)
    response = client.get(url)
    html = response.content.decode()
    assert USERBAR in html
    assert 'id="checker-axe-configuration"' in html  # the Checks item
    # Nothing the public CSP would block: scripts and styles come from /static/.
    finder = InlineCodeFinder()
    finder.feed(html)
    assert not finder.problems, finder.problems
    policy = parse_csp(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    # The signed-in page was not cached for the next anonymous visitor.
    client.logout()
    assert USERBAR not in client.get(url).content.decode()


def test_the_preview_may_be_framed_by_the_admin_only(client, world):
    client.force_login(world.kent_editor)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[world.kent_page.pk]))
    assert response.status_code == 200
    policy = parse_csp(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert USERBAR in response.content.decode()
    # The public page itself still refuses every frame.
    client.logout()
    public = parse_csp(client.get(world.kent_page.get_url())["Content-Security-Policy"])
    assert public["frame-ancestors"] == ["'none'"]
