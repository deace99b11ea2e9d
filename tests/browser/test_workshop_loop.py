"""A waiting participant's whole loop in Chromium, at 390 and 1280 px (issue 18): register, be
offered a freed place, accept it, receive the reminder, cancel with the confirmation step.

Every link of every email the participant receives is followed in the browser; screenshots of
each step go to ``test-artifacts/screens/workshop-loop-*.png``.
"""

import email
import email.policy
import re
import textwrap
import time

from tests.browser.conftest import ARTIFACTS

SCREENS = ARTIFACTS / "screens"
URL = re.compile(r"https?://[^\s<>\"]+")
JOINING = "https://meet.example.org/loop-room"


def _make_workshop(live_site, slug):
    """A workshop of one place starting in three days."""
    code = textwrap.dedent(
        f"""
        from datetime import timedelta
        from django.utils import timezone
        from workshops.models import WorkshopIndexPage, WorkshopPage
        from hub import caching
        index = WorkshopIndexPage.objects.first()
        start = (timezone.now() + timedelta(hours=72)).replace(microsecond=0)
        page = WorkshopPage(
            title="Loop {slug}", title_en="Loop {slug}", title_fr="Boucle {slug}",
            slug="{slug}", slug_en="{slug}", slug_fr="{slug}-fr",
            summary_en="A workshop for the loop journey.", summary_fr="Un atelier.",
            start=start, end=start + timedelta(hours=2), time_zone="Europe/London",
            format="hybrid", venue_en="County Hall, Maidstone", venue_fr="County Hall, Maidstone",
            joining_details="https://meet.example.org/loop-room", capacity=1,
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        caching.invalidate()
        """
    )
    live_site.manage("shell", "-c", code)
    return f"/en/workshops/{slug}/"


def _messages_to(live_site, address, subject_part, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = []
        for raw in live_site.emails():
            for chunk in raw.split("-" * 79):
                chunk = chunk.strip()
                if not chunk:
                    continue
                message = email.message_from_string(chunk, policy=email.policy.default)
                if address in str(message["To"]) and subject_part in str(message["Subject"]):
                    found.append(message)
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"no email '{subject_part}' to {address}")


def _text_and_calendar(message):
    body = message.get_body(preferencelist=("plain",)).get_content()
    calendars = [
        part.get_content()
        for part in message.iter_attachments()
        if part.get_content_type() == "text/calendar"
    ]
    return body, calendars


def _follow_links(page, body, live_site, shot):
    """Open every link of an email body; each answers and shows a page with a heading."""
    links = list(dict.fromkeys(match.rstrip(".,)") for match in URL.findall(body)))
    assert links, body
    for n, link in enumerate(links):
        if link == JOINING:
            continue  # the organisers' meeting room: outside the site (the machine is offline)
        assert link.startswith(live_site.url), link  # every other link names the site itself
        response = page.goto(link)
        assert response.status < 400, (link, response.status)
        assert page.locator("h1").count() == 1
        page.screenshot(path=str(SCREENS / f"{shot}-link{n}.png"), full_page=True)
    return links


def _register(page, path, name, address):
    page.goto(path)
    form = page.locator("form.workshop-form")
    form.get_by_label("Full name").fill(name)
    form.get_by_label("Email address").fill(address)
    form.locator("#id_consent_privacy").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_waiting_offered_accept_reminder_cancel(page, live_site, viewport):
    SCREENS.mkdir(parents=True, exist_ok=True)
    shot = f"workshop-loop-{viewport}"
    slug = f"loop-{viewport}"
    path = _make_workshop(live_site, slug)
    first, waiting = f"first.{viewport}@example.org", f"wait.{viewport}@example.org"

    # 1. Someone takes the only place; our participant joins the waiting list.
    _register(page, path, "Ada First", first)
    _register(page, path, "Wanda Waiting", waiting)
    (joined,) = _messages_to(live_site, waiting, "")
    body, _calendars = _text_and_calendar(joined)
    assert "offer it to you by email" in body
    _follow_links(page, body, live_site, f"{shot}-waiting")

    # 2. The first person cancels: her page asks first.
    (confirmation,) = _messages_to(live_site, first, "")
    first_link = re.search(r"\S+/manage/[\w-]+/", confirmation.get_body().get_content())[0]
    page.goto(first_link)
    with page.expect_navigation():
        page.get_by_role("button", name="Cancel my registration").click()
    assert page.get_by_text("Do you really want to cancel your registration?").is_visible()
    page.screenshot(path=str(SCREENS / f"{shot}-confirm-step.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, cancel my registration").click()
    assert "Your registration is cancelled" in page.locator("main").inner_text()
    assert page.get_by_role("link", name=re.compile("Add to my calendar")).count() == 0
    (cancelled,) = _messages_to(live_site, first, "cancelled")
    _body, (removal,) = _text_and_calendar(cancelled)
    assert "METHOD:CANCEL" in removal

    # 3. The waiting participant is offered the place, follows the email and accepts it.
    (offer,) = _messages_to(live_site, waiting, "offered")
    body, _calendars = _text_and_calendar(offer)
    links = _follow_links(page, body, live_site, f"{shot}-offer")
    page.goto(next(link for link in links if "#offer" in link))
    assert page.get_by_role("button", name="Accept this place").is_visible()
    page.screenshot(path=str(SCREENS / f"{shot}-offer.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Accept this place").click()
    assert "The place is yours" in page.locator("main").inner_text()
    assert "meet.example.org/loop-room" in page.locator("main").inner_text()
    page.screenshot(path=str(SCREENS / f"{shot}-accepted.png"), full_page=True)
    _messages_to(live_site, waiting, "A place is yours")

    # 4. A day later (the schedules run at that time): the reminder, with its calendar file.
    live_site.manage(
        "shell",
        "-c",
        textwrap.dedent(
            f"""
        from datetime import timedelta
        from hub.jobs.schedules import run_schedules
        from workshops.models import WorkshopPage
        start = WorkshopPage.objects.get(slug_en="{slug}").start
        print(run_schedules(now=start - timedelta(hours=47)))
        """
        ),
    )
    (reminder,) = _messages_to(live_site, waiting, "Reminder")
    body, (calendar,) = _text_and_calendar(reminder)
    assert "STATUS:CONFIRMED" in calendar and "loop-room" in body
    _follow_links(page, body, live_site, f"{shot}-reminder")

    # 5. She cancels too, with the confirmation step; no calendar is offered any more.
    link = re.search(r"\S+/manage/[\w-]+/", body)[0]
    page.goto(link)
    with page.expect_navigation():
        page.get_by_role("button", name="Cancel my registration").click()
    page.get_by_role("link", name="No, keep my registration").click()
    page.wait_for_load_state()
    assert "Your place is confirmed" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Cancel my registration").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, cancel my registration").click()
    assert "Your registration is cancelled" in page.locator("main").inner_text()
    assert page.get_by_role("link", name=re.compile("Add to my calendar")).count() == 0
    page.screenshot(path=str(SCREENS / f"{shot}-cancelled.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], "sideways scroll"


def _organised_workshop(live_site, slug, viewport):
    """A Kent workshop of two places in five days: two confirmed (one French), one waiting."""
    live_site.manage(
        "shell",
        "-c",
        textwrap.dedent(
            f"""
        from datetime import timedelta
        from django.utils import timezone
        from hub.models import Partner
        from workshops import services
        from workshops.models import WorkshopIndexPage, WorkshopPage
        index = WorkshopIndexPage.objects.first()
        start = (timezone.now() + timedelta(days=5)).replace(microsecond=0)
        page = WorkshopPage(
            title="Organised {slug}", title_en="Organised {slug}", title_fr="Organisé {slug}",
            slug="{slug}", slug_en="{slug}", slug_fr="{slug}-fr", summary_en="For organisers.",
            start=start, end=start + timedelta(hours=2), capacity=2,
        )
        index.add_child(instance=page)
        page.partners.set([Partner.objects.get(slug="kent")])
        page.save_revision().publish()
        for name, email, lang in [("Pat Present", "pat.{viewport}@example.org", "en"),
                                  ("Chloé Annule", "chloe.{viewport}@example.org", "fr"),
                                  ("Will Wait", "will.{viewport}@example.org", "en")]:
            services.register(page, dict(name=name, email=email, organisation="Council",
                country="France", language=lang, needs="", consent_privacy=True,
                consent_show_name=False))
        print(page.pk)
        """
        ),
    )
    pk = live_site.manage(
        "shell",
        "-c",
        f"from workshops.models import WorkshopPage; "
        f"print(WorkshopPage.objects.get(slug_en='{slug}').pk)",
    ).stdout.split()[-1]
    assert pk.isdigit(), pk
    return pk


def test_organisers_tools_as_a_partner_editor(page, live_site, viewport):
    """Kent's editor checks someone in, cancels someone else's place (asked first), writes to
    the confirmed people and opens the attendance list, from the workshop's edit screen."""
    from tests.browser.seed import PASSWORD
    from tests.browser.test_journeys import admin_login

    SCREENS.mkdir(parents=True, exist_ok=True)
    shot = f"workshop-organise-{viewport}"
    pk = _organised_workshop(live_site, f"organise-{viewport}", viewport)
    admin_login(page, "editor", PASSWORD)
    page.goto(f"/admin/pages/{pk}/edit/")
    page.get_by_role("tab", name="Registration").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Organisers' tools").click()
    assert page.locator("h1").inner_text().startswith("Organise")
    with page.expect_navigation():
        page.get_by_role("button", name="Check in Pat Present").click()
    assert page.get_by_role("button", name="Undo check-in of Pat Present").is_visible()
    assert "1 person checked in" in page.locator("main").inner_text()
    row = page.locator("tr", has_text="Chloé Annule")
    with page.expect_navigation():
        row.get_by_role("link", name="Cancel for them").click()
    assert page.get_by_text("Cancel Chloé Annule's registration?").is_visible()
    page.screenshot(path=str(SCREENS / f"{shot}-confirm.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, cancel it").click()
    assert "The place is offered to Will Wait" in page.locator("main").inner_text()
    (told,) = _messages_to(live_site, f"chloe.{viewport}@example.org", "annulée")
    assert "Les organisateurs ont annul" in told.get_body().get_content()
    page.get_by_label("Subject (English)").fill("Bring your plans")
    page.get_by_label("Message (English)").fill("Please bring your town-centre plan.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the message").click()
    assert "being sent to 2 people" in page.locator("main").inner_text()
    _messages_to(live_site, f"pat.{viewport}@example.org", "Bring your plans")
    page.screenshot(path=str(SCREENS / f"{shot}.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("link", name="Attendance list to print").click()
    assert "Pat Present" in page.locator("table").inner_text()
    page.screenshot(path=str(SCREENS / f"{shot}-attendance.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], "sideways scroll on the attendance list"


def test_organisers_tools_in_the_french_admin(page, live_site, viewport):
    """The same screens for Kent's editor whose admin speaks French: French words, no sideways
    scrolling on a phone, the attendance list in French."""
    from tests.browser.seed import PASSWORD
    from tests.browser.test_journeys import admin_login

    SCREENS.mkdir(parents=True, exist_ok=True)
    shot = f"workshop-organise-fr-{viewport}"
    pk = _organised_workshop(live_site, f"organise-fr-{viewport}", f"fr-{viewport}")
    admin_login(page, "editrice", PASSWORD)
    page.goto(f"/admin/workshops/organise/{pk}/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text().startswith("Organiser")
    with page.expect_navigation():
        page.get_by_role("button", name="Pointer Pat Present").click()
    assert page.get_by_role("button", name="Annuler le pointage de Pat Present").is_visible()
    assert "1 personne présente" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(SCREENS / f"{shot}.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("link", name="Liste de présence à imprimer").click()
    assert page.locator("h1").inner_text().startswith("Liste de présence\u00a0: ")
    assert "Pat Present" in page.locator("table").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(SCREENS / f"{shot}-attendance.png"), full_page=True)
