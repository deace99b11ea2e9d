"""iCalendar files: the public feed of all workshops and one participant's event file."""

import datetime

from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from hub import links
from hub.i18n import translated


def page_url(workshop, language, request=None):
    """The workshop's address: the request's host in a response, the public base in an email."""
    with translation.override(language):
        return links.page_url(workshop, request) or ""


def _event(workshop, language, private_text="", request=None):
    with translation.override(language):
        event = Event()
        # The same identifier whichever address the file was fetched from.
        host = links.site_address()[0]
        event.add("uid", f"workshop-{workshop.pk}@{host}")
        event.add("dtstamp", timezone.now())
        event.add("summary", str(translated(workshop, "title", language)))
        event.add("dtstart", workshop.start.astimezone(workshop.zone))
        event.add("dtend", workshop.end.astimezone(workshop.zone))
        url = page_url(workshop, language, request)
        event.add("url", url)
        description = [strip_tags(str(translated(workshop, "summary", language))), url]
        if private_text:
            description.append(private_text)
        event.add("description", "\n\n".join(part for part in description if part))
        venue = strip_tags(str(translated(workshop, "venue", language))).strip()
        if workshop.format == "online":
            event.add("location", _("Online"))
        elif venue:
            event.add("location", venue)
        if workshop.last_published_at:
            event.add("last-modified", workshop.last_published_at)
        return event


def _calendar(events, name):
    calendar = Calendar()
    calendar.add("prodid", "-//C-CARE legacy hub//Workshops//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    starts = []
    for event in events:
        calendar.add_component(event)
        starts.append(event.decoded("dtstart").date())
    if starts:
        # Only the years the events need, not the whole history of each zone.
        calendar.add_missing_timezones(
            first_date=min(starts) - datetime.timedelta(days=366),
            last_date=max(starts) + datetime.timedelta(days=366),
        )
    return calendar.to_ical()


def feed(workshops, language, request=None):
    with translation.override(language):
        name = _("Transnational workshops")
    return _calendar([_event(w, language, request=request) for w in workshops], name)


def for_registration(registration, language):
    """The event file sent to one participant; joining details only once their place is sure."""
    workshop = registration.workshop
    private_text = ""
    if registration.status == registration.CONFIRMED and workshop.joining_details:
        with translation.override(language):
            private_text = _("How to join:") + "\n" + workshop.joining_details
    event = _event(workshop, language, private_text)
    event.add(
        "status", "CONFIRMED" if registration.status == registration.CONFIRMED else "TENTATIVE"
    )
    return _calendar([event], str(translated(workshop, "title", language)))
