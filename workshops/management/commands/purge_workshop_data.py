"""Erase participants' personal data some months after their workshop, keeping anonymous counts.

Registration rows stay (status and dates only) so the number confirmed, waiting and cancelled
remains known; names, addresses, needs, access keys and unpublished notes go. Approved notes
stay on the public record, without the author's name.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from workshops.models import Registration
from workshops.services import anonymise


def months_before(moment, months):
    """The same day and time ``months`` calendar months earlier (clamped to the month's end)."""
    year, month = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + year, month + 1
    day = moment.day
    while True:
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


class Command(BaseCommand):
    help = "Erase participants' personal data N months after their workshop ended."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Months after the workshop (default: settings.WORKSHOP_DATA_RETENTION_MONTHS, 6).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many would be erased."
        )

    def handle(self, *args, **options):
        months = options["months"]
        if months is None:
            months = getattr(settings, "WORKSHOP_DATA_RETENTION_MONTHS", 6)
        if months < 0:
            raise CommandError("--months must be 0 or more.")
        cutoff = months_before(timezone.now(), months)
        due = Registration.objects.filter(erased_at__isnull=True, workshop__end__lt=cutoff)
        count = due.count()
        if options["dry_run"]:
            self.stdout.write(
                f"{count} registrations would be erased (workshops ended before {cutoff:%Y-%m-%d})."
            )
            return
        with transaction.atomic():
            for registration in due.select_for_update().iterator():
                anonymise(registration, keep_approved_notes=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"Erased the personal data of {count} registrations "
                f"(workshops ended before {cutoff:%Y-%m-%d})."
            )
        )
