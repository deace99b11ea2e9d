"""The workshop page's admin form: times in the event's own zone, capacity never below the
places already taken."""

from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.models.resources import ResourcePageForm

from .registrations import Seats


class WorkshopPageForm(ResourcePageForm):
    """Times are typed in the workshop's own zone; capacity never drops a confirmed person."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = ZoneInfo(self.instance.time_zone or "Europe/London")
        for name in ("start", "end", "registration_opens", "registration_closes"):
            value = self.initial.get(name)
            if value and timezone.is_aware(value):
                # Shown as the wall-clock time of the event, whatever the editor's own zone.
                self.initial[name] = timezone.make_naive(value, zone)

    def clean(self):
        cleaned = super().clean()
        zone = ZoneInfo(cleaned.get("time_zone") or "Europe/London")
        for name in ("start", "end", "registration_opens", "registration_closes"):
            value = cleaned.get(name)
            if value:
                cleaned[name] = timezone.make_aware(timezone.make_naive(value), zone)
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The workshop must end after it starts."))
        opens, closes = cleaned.get("registration_opens"), cleaned.get("registration_closes")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes", _("Registration must close after it opens."))
        if closes and start and closes > start:
            self.add_error(
                "registration_closes", _("Registration must close before the workshop starts.")
            )
        capacity = cleaned.get("capacity")
        if capacity is not None and self.instance.pk:
            confirmed = (
                Seats.objects.filter(workshop_id=self.instance.pk)
                .values_list("confirmed", flat=True)
                .first()
            ) or 0
            if capacity < confirmed:
                self.add_error(
                    "capacity",
                    _(
                        "%(count)s people already have a confirmed place, so the capacity "
                        "cannot be lower than %(count)s. Cancel registrations first if you "
                        "really need fewer places."
                    )
                    % {"count": confirmed},
                )
        return cleaned
