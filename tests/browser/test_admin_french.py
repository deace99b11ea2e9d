"""Every admin screen a partner editor uses, in French (an editor whose admin language is
French), at 390 and 1280 px: the hub's own words are French there, nothing runs off the
screen on the hub's own screens, and a screenshot of each goes to test-artifacts/screens/.
"""

import re

import pytest

from tests.browser.test_admin_import import SCREENS, no_sideways_scroll
from tests.browser.test_admin_journey import signed_in

pytestmark = pytest.mark.browser


def page_id(live_site, slug):
    code = f"from wagtail.models import Page; print(Page.objects.get(slug_en={slug!r}).id)"
    return int(live_site.manage("shell", "-c", code).stdout.split()[-1])


def test_a_french_speaking_editor_meets_the_admin_in_french(browser, live_site, viewport):
    lessons = page_id(live_site, "lessons-learnt")  # a Kent publication in the demo
    # (address, words of the hub's own that must read in French, the hub's own screen)
    screens = [
        ("/admin/", ["Importer des fichiers"], False),
        ("/admin/documents/", ["Documents"], False),
        ("/admin/images/", [], False),
        ("/admin/reports/missing-translations/", ["Traductions manquantes"], True),
        ("/admin/imports/", ["Rapports d’import", "Nouvel import"], True),
        ("/admin/imports/new/", ["Ce que contient le fichier ZIP", "Vérifier le fichier"], True),
        (f"/admin/pages/{lessons}/edit/", [], False),
    ]
    SCREENS.mkdir(parents=True, exist_ok=True)
    with signed_in(browser, live_site, viewport, "editrice") as editor:
        for address, words, ours in screens:
            response = editor.goto(address)
            assert response.status == 200, (address, response.status)
            assert editor.locator("html").get_attribute("lang").startswith("fr"), address
            # The menu is folded away on a phone: its words are read from the page, not the view.
            text = editor.locator("body").text_content()
            for word in words:
                assert word in text, (address, word)
            if ours:
                no_sideways_scroll(editor)
            name = re.sub(r"[^a-z0-9]+", "-", address.strip("/")).strip("-") or "home"
            editor.screenshot(path=str(SCREENS / f"admin-fr-{name}-{viewport}.png"), full_page=True)
