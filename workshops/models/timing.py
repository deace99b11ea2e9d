"""When a workshop is and what its clock allows: its times in its own zone and the other
country's, whether registration or participants' notes are open, how long an offered place
lasts (``WorkshopTiming``, a mixin of workshops.models.pages.WorkshopPage, whose fields it reads:
start, end, time_zone, registration_opens/closes, waiting_list, offer_hours).
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TIME_ZONE_CHOICES = [
    ("Europe/London", _("UK time (Europe/London)")),
    ("Europe/Paris", _("French time (Europe/Paris)")),
]
ZONE_LABELS = {"Europe/London": _("UK time"), "Europe/Paris": _("French time")}

# Participants share notes from the start until this long after the end.
NOTES_WINDOW = datetime.timedelta(days=30)


class WorkshopTiming:
    """The clock of a workshop: its times, and what is open when."""

    @property
    def zone(self):
        return ZoneInfo(self.time_zone or "Europe/London")

    def local_times(self):
        """The event's times in its own zone, then in the other zone when the clock differs."""
        zones = [self.time_zone] + [z for z, _label in TIME_ZONE_CHOICES if z != self.time_zone]
        first = None
        shown = []
        for name in zones:
            zone = ZoneInfo(name)
            start, end = self.start.astimezone(zone), self.end.astimezone(zone)
            wall = (start.replace(tzinfo=None), end.replace(tzinfo=None))
            if first is not None and wall == first:
                continue
            first = first or wall
            shown.append(
                {"zone": name, "label": ZONE_LABELS.get(name, name), "start": start, "end": end}
            )
        return shown

    @property
    def same_day(self):
        return self.start.astimezone(self.zone).date() == self.end.astimezone(self.zone).date()

    def is_upcoming(self, now=None):
        return self.end >= (now or timezone.now())

    def registration_state(self, now=None):
        """One of "not_open", "open", "closed" (closing time or start passed)."""
        now = now or timezone.now()
        if self.registration_opens and now < self.registration_opens:
            return "not_open"
        closes = self.registration_closes or self.start
        if now >= closes or now >= self.start:
            return "closed"
        return "open"

    def notes_open(self, now=None):
        now = now or timezone.now()
        return self.start <= now <= self.end + NOTES_WINDOW

    def offer_deadline(self, now):
        """When a place offered at ``now`` lapses: ``offer_hours`` later, but never more than
        half the time left before the start (a day before, an offer lasts twelve hours)."""
        return now + min(datetime.timedelta(hours=self.offer_hours), (self.start - now) / 2)

    @property
    def offers_places(self):
        return self.waiting_list == "offer" and self.offer_hours > 0
