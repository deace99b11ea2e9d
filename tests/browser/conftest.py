"""Browser harness: the demo site served by gunicorn on 127.0.0.1, driven by Debian's Chromium.

* ``live_site`` (session): the seeded demo (``load_demo`` and the journey accounts) in a
  database of its own (a SQLite file, or a PostgreSQL database when DATABASE_URL points at
  PostgreSQL), served by gunicorn on a free port (tests/servers/live.py: seeded once a run,
  copied per xdist worker). Emails land in ``live_site.mail_dir``. ``fresh_live_site`` is the
  same site, put back as seeded before and after the test.
* ``page`` (per test, once per viewport): a Playwright page in a fresh context, desktop
  1280x800 and phone 390x844. Every request leaving 127.0.0.1 is aborted (the machine is
  offline and the site must not need anything else) and recorded in ``page.requests_seen``.
  Content-Security-Policy violations reported by Chromium fail the test.
* On failure a full-page screenshot goes to ``test-artifacts/`` and its path is printed.

Chromium comes from Debian (/usr/bin/chromium, or HUB_CHROMIUM); Playwright never downloads a
browser. Without it the tests are skipped, except when CI=true, where they fail.
"""

import contextlib
import importlib.resources
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.missing import missing
from tests.servers import live

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("HUB_CHROMIUM", "/usr/bin/chromium")
# axe-core as shipped inside the axe-playwright-python wheel (a test dependency): no npm needed.
AXE_PACKAGE = "axe_playwright_python"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",  # Chromium refuses to start as root without it.
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in item.nodeid.replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# The live site (tests/servers/live.py) ------------------------------------------------------


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    with live.demo_site(tmp_path_factory) as site:
        yield site


@pytest.fixture
def fresh_live_site(live_site):
    """The live site as it was seeded, for a test that changes it: put back before the test (it
    meets nothing earlier tests did) and after it (later tests meet nothing it did). A reset
    copies the seeded database and folders (tests/servers/live.py); nothing is seeded again."""
    live_site.reset()
    yield live_site
    live_site.reset()


# The browser ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright's Python package is not installed")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        missing(
            f"Chromium is not installed at {CHROMIUM}: apt install chromium "
            "(or run .ci/system-deps)"
        )
    # Playwright's sync API marks an asyncio loop as running in this thread for as long as the
    # browser is open, and Django then refuses every database call ("SynchronousOnlyOperation").
    # The worker that runs the journeys (tests/runner.py: all on one worker) runs other tests
    # after them, its test database first made then; the project has no asynchronous code for
    # the check to protect, so it is lifted while the browser is open, in this process only.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param


def _is_local(url):
    host = urlsplit(url).hostname
    return url.startswith(("data:", "blob:", "about:")) or host in {"127.0.0.1", "localhost"}


def open_context(browser, live_site, size, mobile):
    """A browser context on the live site that stays offline and records every request."""
    ctx = browser.new_context(
        viewport=size,
        is_mobile=mobile,
        has_touch=mobile,
        base_url=live_site.url,
        locale="en-GB",
    )
    ctx.set_default_timeout(15_000)
    ctx.requests_seen = []

    def on_request(request):
        ctx.requests_seen.append(request.url)

    def keep_offline(route):
        if _is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    ctx.on("request", on_request)
    ctx.route("**/*", keep_offline)
    return ctx


@pytest.fixture
def context(browser, live_site, viewport):
    ctx = open_context(browser, live_site, VIEWPORTS[viewport], viewport == "phone")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, request):
    page = context.new_page()
    page.requests_seen = context.requests_seen
    page.csp_violations = []
    page.console_errors = []

    def on_console(message):
        if message.type == "error":
            text = message.text
            page.console_errors.append(text)
            if "Content Security Policy" in text or "Content-Security-Policy" in text:
                page.csp_violations.append(text)

    page.on("console", on_console)
    yield page
    failed = any(
        getattr(request.node, f"rep_{when}", None) and getattr(request.node, f"rep_{when}").failed
        for when in ("setup", "call")
    )
    if failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-180:]
        shot = ARTIFACTS / f"{name}.png"
        with contextlib.suppress(Exception):
            page.screenshot(path=str(shot), full_page=True)
            print(f"\nScreenshot of the failure: {shot} (page: {page.url})")
    elif page.csp_violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(page.csp_violations))
    page.close()


# Accessibility ------------------------------------------------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def axe_source():
    try:
        axe_js = importlib.resources.files(AXE_PACKAGE) / "axe.min.js"
        return axe_js.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        missing(
            "axe-core is not installed: it comes with the test dependencies "
            "(pip install -r requirements.lock)"
        )


def format_violations(violations):
    lines = []
    for violation in violations:
        impact, rule = violation["impact"], violation["id"]
        lines.append(f"- [{impact}] {rule}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:8]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"       {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary[:300]}")
    return "\n".join(lines)


@pytest.fixture
def check_axe(axe_source):
    """``check_axe(page)`` runs axe-core at the WCAG 2.2 AA tags and fails on any violation."""

    def run(page, label=None):
        # Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') does
        # not have to be weakened for the test.
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        result = page.evaluate(
            """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                            resultTypes: ['violations']})""",
            AXE_TAGS,
        )
        violations = result["violations"]
        if violations:
            pytest.fail(
                f"{len(violations)} accessibility violation(s) on {label or page.url}:\n"
                + format_violations(violations),
                pytrace=False,
            )

    return run
