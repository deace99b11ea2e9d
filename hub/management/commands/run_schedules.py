"""``manage.py run_schedules``: scheduled publishing, the retention purge, reminders (hub.jobs)."""

from django.core.management.base import BaseCommand

from hub.jobs.schedules import run_schedules


class Command(BaseCommand):
    help = "Run the periodic duties once (for cron, e.g. every minute); safe to run twice at once."

    def handle(self, *args, **options):
        done = run_schedules()
        if done is None:
            self.stdout.write("Another run holds the schedules' lock: nothing done.")
            return
        for name, summary in done.items():
            self.stdout.write(f"{name}: {summary or 'done'}")
