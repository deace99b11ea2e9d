"""Every page type of the public site, in both languages: the one list the page gates read.

``FIXED`` holds the page types with a fixed address; ``FOUND`` the ones found from the demo site
itself (the first link under an index that is not the index, a feed or a calendar); ``MADE``
the ones a test must create (a participant's private page). Add a page type by adding a row:
the layout, heading, text, axe-core, screenshot, HTML-validity and page-weight gates all read
``page_types()``.
"""

import re
import textwrap
import urllib.error
import urllib.request
from dataclasses import dataclass


@dataclass(frozen=True)
class PageType:
    label: str
    en: str
    fr: str
    listing: bool = False  # a listing or search page: its first result must be reachable at once

    def url(self, lang):
        return self.en if lang == "en" else self.fr


# (label, English address, French address)
FIXED = [
    PageType("home", "/en/", "/fr/"),
    PageType(
        "workshop series",
        "/en/workshops/food-insecurity-series/",
        "/fr/ateliers/serie-precarite-alimentaire/",
    ),
    PageType("standard page", "/en/about/", "/fr/a-propos/"),
    PageType("library", "/en/library/", "/fr/bibliotheque/", listing=True),
    PageType(
        "filtered library",
        "/en/library/?kind=toolkit&theme=food-insecurity",
        "/fr/bibliotheque/?kind=toolkit&theme=food-insecurity",
        listing=True,
    ),
    PageType("toolkit index", "/en/toolkits/", "/fr/boites-a-outils/", listing=True),
    PageType(
        "town-centre plan index",
        "/en/town-centre-plans/",
        "/fr/plans-de-centre-ville/",
        listing=True,
    ),
    PageType("case study index", "/en/case-studies/", "/fr/etudes-de-cas/", listing=True),
    PageType("publication index", "/en/publications/", "/fr/publications/", listing=True),
    PageType("workshop index", "/en/workshops/", "/fr/ateliers/"),
    PageType("search results", "/en/search/?q=food", "/fr/search/?q=alimentaire", listing=True),
    PageType("empty search", "/en/search/?q=zzzzqqq", "/fr/search/?q=zzzzqqq"),
    PageType("search form", "/en/search/", "/fr/search/"),
    PageType("404", "/en/no-such-page/", "/fr/pas-de-page/"),
    PageType("resend link", "/en/workshop/resend-link/", "/fr/workshop/resend-link/"),
    PageType("theme index", "/en/themes/", "/fr/thematiques/"),
    PageType("theme page", "/en/themes/food-insecurity/", "/fr/thematiques/precarite-alimentaire/"),
    PageType("partner index", "/en/partners/", "/fr/partenaires/"),
    PageType("partner page", "/en/partners/finistere/", "/fr/partenaires/finistere/"),
    PageType("programme index", "/en/programmes/", "/fr/programmes/"),
    PageType("programme page", "/en/programmes/c-care/", "/fr/programmes/c-care/"),
    PageType(
        "programme with targets",
        "/en/programmes/calvados-social-recovery/",
        "/fr/programmes/calvados-social-recovery/",
    ),
    PageType("impact page", "/en/programmes/impact/", "/fr/programmes/impact/"),
    PageType(
        "programme comparison",
        "/en/programmes/compare/?p=c-care&p=cantal-solidarity-pact",
        "/fr/programmes/compare/?p=c-care&p=cantal-solidarity-pact",
    ),
]

# (label, English index, French index, a regular expression the page's HTML must match)
FOUND = [
    ("toolkit", "/en/toolkits/", "/fr/boites-a-outils/", None),
    ("town-centre plan", "/en/town-centre-plans/", "/fr/plans-de-centre-ville/", None),
    ("case study", "/en/case-studies/", "/fr/etudes-de-cas/", None),
    ("case study with a video", "/en/case-studies/", "/fr/etudes-de-cas/", r"data-video-id"),
    ("publication", "/en/publications/", "/fr/publications/", None),
    ("upcoming workshop", "/en/workshops/", "/fr/ateliers/", r'class="workshop-form"'),
    ("past workshop", "/en/workshops/", "/fr/ateliers/", r'id="record"|workshop-record'),
]

# Page types as the tests name them, for parametrize ids: fixed, found, then made.
LABELS = [p.label for p in FIXED] + [row[0] for row in FOUND] + ["private page"]


def http_get(base_url):
    """``get(path) -> (status, body bytes, headers)`` against a served site, errors included."""

    def get(path):
        try:
            with urllib.request.urlopen(base_url + path, timeout=30) as response:  # noqa: S310
                return response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers

    return get


def _links_under(html, prefix):
    for href in dict.fromkeys(re.findall(r'href="([^"#]+)"', html)):
        path = href.split("?")[0]
        if path.startswith(prefix) and path != prefix and not path.endswith(("/feed/", ".ics")):
            yield href


def _text(get, path):
    return get(path)[1].decode("utf-8")


def _found(get, en_index, pattern):
    """The first page under the English index (matching ``pattern``) and its French address."""
    main = _text(get, en_index).split("<main", 1)[-1]
    for href in _links_under(main, en_index):
        html = _text(get, href)
        if pattern and not re.search(pattern, html):
            continue
        french = re.search(r'<a href="([^"]+)" hreflang="fr"', html)
        return href, french[1] if french else href.replace("/en/", "/fr/", 1)
    return None, None


def private_page(live_site):
    """A participant's private page (registered without email), in English and French."""
    code = textwrap.dedent(
        """
        from django.utils import timezone
        from workshops import services
        from workshops.models import WorkshopPage
        # A past workshop: its private page has the notes, and no seat of an open one is taken.
        workshop = WorkshopPage.objects.live().filter(start__lt=timezone.now()).last()
        outcome = services.register(
            workshop,
            {"name": "Pat Gates", "email": "pat.gates@example.org", "organisation": "Kent CC",
             "country": "GB", "language": "en", "needs": "", "consent_privacy": True,
             "consent_show_name": False},
            send_email=False,
        )
        print(services.new_token(outcome.registration))
        """
    )
    result = live_site.manage("shell", "-c", code, check=False)
    if result.returncode:
        raise RuntimeError(f"could not make a private page:\n{result.stderr[-3000:]}")
    token = result.stdout.strip().splitlines()[-1]
    return f"/en/workshop/manage/{token}/", f"/fr/workshop/manage/{token}/"


def page_types(get, private=None):
    """Every page type with its two addresses, found from the demo site through ``get``.

    ``private`` makes a participant's private page and returns its two addresses.
    """
    types = list(FIXED)
    for label, en_index, _fr_index, pattern in FOUND:
        en, fr = _found(get, en_index, pattern)
        if en:
            types.append(PageType(label, en, fr))
    if private:
        types.append(PageType("private page", *private()))
    return types
