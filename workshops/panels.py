"""A read-only admin panel showing how many people are confirmed, waiting or cancelled."""

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from wagtail.admin.panels import Panel


class RegistrationCountsPanel(Panel):
    """Counts of a workshop's registrations, with links to the filtered list and its exports."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "workshops/admin/registration_counts_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            counts = None
            seats = None
            links = {}
            if page is not None and page.pk:
                counts = page.counts()
                try:
                    seats = page.seats
                except ObjectDoesNotExist:
                    seats = None
                index = reverse("workshop_registrations:index")
                links = {
                    "organise": reverse("workshop_organise", args=[page.pk]),
                    "list": f"{index}?workshop={page.pk}",
                    "csv": f"{index}?workshop={page.pk}&export=csv",
                    "xlsx": f"{index}?workshop={page.pk}&export=xlsx",
                }
            context.update({"counts": counts, "seats": seats, "links": links})
            return context
