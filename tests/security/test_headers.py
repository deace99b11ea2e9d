"""Security headers on every public response, and no markup that would need 'unsafe-inline'."""

from html.parser import HTMLParser

import pytest
from django.utils import translation
from wagtail.models import Page

LANGUAGES = ("en", "fr")


def public_urls():
    """Every live page in both languages, the search page, and a missing page."""
    urls = []
    for page in Page.objects.live().public().filter(depth__gt=1).specific():
        for lang in LANGUAGES:
            with translation.override(lang):
                url = page.get_url()
            if url:
                urls.append(url)
    for lang in LANGUAGES:
        urls += [f"/{lang}/search/", f"/{lang}/search/?q=food", f"/{lang}/no-such-page/"]
    return urls


def parse_csp(header):
    policy = {}
    for directive in header.split(";"):
        name, *values = directive.split()
        policy[name] = values
    return policy


@pytest.mark.django_db
def test_every_public_response_carries_the_security_headers(client, demo_site):
    urls = public_urls()
    assert len(urls) > 6
    problems = []
    for url in urls:
        response = client.get(url)
        where = f"{url} ({response.status_code})"
        if "Content-Security-Policy" not in response:
            problems.append(f"{where}: no enforced Content-Security-Policy")
        else:
            policy = parse_csp(response["Content-Security-Policy"])
            if policy.get("frame-ancestors") != ["'none'"]:
                problems.append(f"{where}: frame-ancestors is {policy.get('frame-ancestors')}")
            for directive in ("default-src", "script-src", "style-src"):
                values = policy.get(directive, policy.get("default-src", []))
                if "'unsafe-inline'" in values or "'unsafe-eval'" in values:
                    problems.append(f"{where}: {directive} allows {values}")
            if policy.get("object-src") != ["'none'"]:
                problems.append(f"{where}: object-src is {policy.get('object-src')}")
        if response.get("X-Content-Type-Options") != "nosniff":
            problems.append(f"{where}: X-Content-Type-Options missing")
        if not response.get("Referrer-Policy"):
            problems.append(f"{where}: Referrer-Policy missing")
        if response.get("X-Frame-Options") != "DENY":
            problems.append(f"{where}: X-Frame-Options is {response.get('X-Frame-Options')}")
    assert not problems, "\n".join(problems)


def test_the_policy_is_enforced_not_report_only(settings):
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-ancestors"] == ["'none'"]
    assert not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
    assert "csp.middleware.CSPMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
def test_hsts_is_sent_under_https_with_the_production_values(client, demo_site, settings, tmp_path):
    from tests.security.test_deploy import production_values

    values = production_values(tmp_path)
    settings.SECURE_HSTS_SECONDS = values["SECURE_HSTS_SECONDS"]
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    settings.SECURE_HSTS_PRELOAD = values["SECURE_HSTS_PRELOAD"]
    secure = client.get("/en/", secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in secure["Strict-Transport-Security"]
    # Over plain HTTP the header means nothing and must not be sent.
    assert "Strict-Transport-Security" not in client.get("/en/")


class InlineCodeFinder(HTMLParser):
    """Collects everything a strict CSP (no 'unsafe-inline') would block."""

    def __init__(self):
        super().__init__()
        self.problems = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        line = self.getpos()[0]
        for name, _value in attrs:
            if name.startswith("on"):
                self.problems.append(f"line {line}: <{tag} {name}=...> inline event handler")
            if name == "style":
                self.problems.append(f"line {line}: <{tag} style=...> inline style")
            if name == "href" and (_value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"line {line}: <{tag} href=javascript:...>")
        if tag == "script" and "src" not in attributes:
            kind = (attributes.get("type") or "").lower()
            if kind not in {"application/ld+json", "application/json"}:
                self.problems.append(f"line {line}: inline <script> (type={kind or 'js'})")
        if tag == "style":
            self.problems.append(f"line {line}: inline <style> element")


@pytest.mark.django_db
def test_public_pages_need_no_unsafe_inline(client, demo_site):
    problems = []
    for url in public_urls():
        response = client.get(url)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        finder = InlineCodeFinder()
        finder.feed(response.content.decode())
        problems += [f"{url}: {problem}" for problem in finder.problems]
    assert not problems, "\n".join(problems)
