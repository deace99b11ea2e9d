"""iCalendar files: the public feed of all workshops and one participant's event file."""

import datetime
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
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


def _sequence(workshop):
    """How many times participants were told of a change of time or place (RFC 5545)."""
    try:
        return workshop.seats.sequence
    except ObjectDoesNotExist:
        return 0


def _event(workshop, language, private_text="", request=None, sequence=None):
    with translation.override(language):
        event = Event()
        # The same identifier whichever address the file was fetched from.
        host = links.site_address()[0]
        event.add("uid", f"workshop-{workshop.pk}@{host}")
        event.add("sequence", _sequence(workshop) if sequence is None else sequence)
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


def _calendar(events, name, method=None):
    calendar = Calendar()
    calendar.add("prodid", "-//C-CARE legacy hub//Workshops//EN")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
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
    """The event file sent to one participant; joining details only once their place is sure.

    A cancelled place gets ``METHOD:CANCEL`` with the same UID and a higher SEQUENCE, so the
    calendar that took the event in removes it.
    """
    workshop = registration.workshop
    if registration.status == registration.CANCELLED:
        event = _event(workshop, language, sequence=_sequence(workshop) + 1)
        event.add("status", "CANCELLED")
        _organiser(event)
        return _calendar([event], str(translated(workshop, "title", language)), "CANCEL")
    private_text = ""
    if registration.status == registration.CONFIRMED and workshop.joining_details:
        with translation.override(language):
            private_text = _("How to join:") + "\n" + workshop.joining_details
    event = _event(workshop, language, private_text)
    event.add(
        "status", "CONFIRMED" if registration.status == registration.CONFIRMED else "TENTATIVE"
    )
    _organiser(event)
    return _calendar([event], str(translated(workshop, "title", language)), "PUBLISH")


def _organiser(event):
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    if address:
        event.add("organizer", f"mailto:{address}")
