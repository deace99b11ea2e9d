"""Create or update the partner editor groups, collections, moderators group and workflow."""

from django.core.management.base import BaseCommand

from hub.partners.setup import setup_all


class Command(BaseCommand):
    help = (
        "Create (or bring up to date) one editors group and one media collection per partner, "
        "the 'Hub moderators' group and the 'Hub moderation' workflow. Safe to run again."
    )

    def handle(self, *args, **options):
        summary = setup_all()
        if options["verbosity"]:
            for line in summary.lines():
                self.stdout.write(line)
