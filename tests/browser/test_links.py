"""Every link a person follows from outside the page answers 200 on the served site (hub.links).

A confirmation email (its text and its .ics attachment), the Atom feed, the calendar feed, the
sitemap and the API all point at the one address the site is served at, and each of their links
is fetched from the live gunicorn server without a redirect. No Chromium is needed: plain HTTP.
"""

import email
import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET  # noqa: S405 - our own server's answers

import pytest
from bs4 import BeautifulSoup

URL = re.compile(r"https?://[^\s<>\"'\\]+")
SEPARATOR = "-" * 79


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer of its own, not the page the link promised


def client():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)


def status(opener, url):
    try:
        with opener.open(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def fetch(opener, url, data=None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with opener.open(url, data=body, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


LOCAL_HOSTS = {"127.0.0.1", "localhost", "testserver", "0.0.0.0"}  # noqa: S104


def assert_all_answer(live_site, links, what):
    """Every link to this site starts with the address it is served at and answers 200.

    Links to other sites (a workshop's video-call address in the demo) are not followed: the
    machine is offline. A link to this machine at another address is the bug this guards against.
    """
    links = sorted({link for link in links if urllib.parse.urlsplit(link).hostname in LOCAL_HOSTS})
    assert links, f"no link to the site found in {what}"
    wrong = [link for link in links if not link.startswith(live_site.url + "/")]
    assert not wrong, f"{what} links elsewhere than {live_site.url}: {wrong[:5]}"
    opener = client()
    broken = {link: code for link in links if (code := status(opener, link)) != 200}
    assert not broken, f"{len(broken)} of {len(links)} links in {what} do not answer 200: {broken}"


def open_workshop_form(opener, live_site):
    """The address and the registration form of a workshop that is open for registration."""
    _code, index = fetch(opener, live_site("/en/workshops/"))
    hrefs = [a["href"] for a in BeautifulSoup(index, "html.parser").select("main a[href]")]
    for href in dict.fromkeys(hrefs):
        if not href.startswith("/en/workshops/") or href.endswith((".ics", "/feed/")):
            continue
        code, html = fetch(opener, live_site(href))
        form = BeautifulSoup(html, "html.parser").select_one("form.workshop-form")
        if code == 200 and form is not None:
            return href, form
    pytest.fail("no workshop open for registration in the demo")


def email_links(raw):
    """Links in every text part and calendar attachment of a file-based backend's messages."""
    links = []
    for chunk in raw.split(SEPARATOR):
        if not chunk.strip():
            continue
        for part in email.message_from_bytes(chunk.strip().encode()).walk():
            if part.get_content_maintype() == "multipart":
                continue
            text = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
            if part.get_content_type() == "text/calendar":
                text = re.sub(r"\r?\n[ \t]", "", text)  # unfold iCalendar lines
            links += URL.findall(text)
    return links


def test_every_link_in_a_confirmation_email_answers(live_site):
    opener = client()
    href, form = open_workshop_form(opener, live_site)
    address = "links.follow@example.org"
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    data.update(name="Links Follower", email=address, consent_privacy="on", website="")
    for select in form.select("select[name]"):
        selected = select.select_one("option[selected]") or select.select_one("option")
        data[select["name"]] = selected["value"]
    action = urllib.parse.urljoin(live_site(href), form.get("action") or href)
    code, _html = fetch(opener, action.split("#")[0], data)
    assert code in {200, 302, 303}, code
    messages = [message for message in live_site.emails() if address in message]
    assert messages, "no confirmation email"
    links = email_links(messages[-1])
    assert any("/manage/" in link for link in links), links
    assert_all_answer(live_site, links, "the confirmation email")


def test_every_link_in_the_atom_feed_answers(live_site):
    _code, xml = fetch(client(), live_site("/en/library/feed/"))
    root = ET.fromstring(xml)  # noqa: S314
    atom = "{http://www.w3.org/2005/Atom}"
    links = [link.get("href") for link in root.iter(f"{atom}link")]
    links += [node.text for node in root.iter(f"{atom}id")]
    assert len(links) > 5
    assert_all_answer(live_site, links, "the library's Atom feed")


def test_every_link_in_the_calendar_feed_answers(live_site):
    _code, ics = fetch(client(), live_site("/en/workshop/calendar.ics"))
    links = URL.findall(re.sub(r"\r?\n[ \t]", "", ics))
    assert_all_answer(live_site, links, "the workshops' calendar")


def test_every_address_in_the_sitemap_answers(live_site):
    _code, xml = fetch(client(), live_site("/sitemap.xml"))
    root = ET.fromstring(xml)  # noqa: S314
    links = [node.text for node in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    links += [node.get("href") for node in root.iter("{http://www.w3.org/1999/xhtml}link")]
    assert len(links) > 20
    assert_all_answer(live_site, links, "the sitemap")


def test_every_address_in_the_api_answers(live_site):
    opener = client()
    pages = json.loads(fetch(opener, live_site("/api/v2/pages/?limit=100"))[1])["items"]
    links = []
    for item in pages:
        links += [item["meta"]["detail_url"], item["meta"]["html_url"]]
    detail = json.loads(fetch(opener, pages[-1]["meta"]["detail_url"])[1])
    parent = detail["meta"]["parent"]["meta"]
    links += [parent["detail_url"], parent["html_url"]]
    documents = json.loads(fetch(opener, live_site("/api/v2/documents/?limit=100"))[1])["items"]
    for item in documents:
        links += [item["meta"]["detail_url"], item["meta"]["download_url"]]
    assert len(links) > 20
    assert_all_answer(live_site, links, "the API")
