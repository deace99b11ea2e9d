"""``manage.py db_worker``: django-tasks-db's worker with the hub's retries and heartbeats.

It replaces the package's command of the same name (the hub app comes first), so no worker
without retries can be started by mistake. ``--schedules SECONDS`` also runs the periodic
schedules (hub.jobs.schedules) every SECONDS, so one process is enough on one machine.
"""

import os

from django.conf import settings
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as PackageCommand

from hub.jobs.worker import Worker


class Command(PackageCommand):
    help = "Run the background jobs (index writes, extraction, emails), with retries."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--schedules",
            type=float,
            default=float(getattr(settings, "TASKS_SCHEDULES_SECONDS", 0) or 0),
            help="Also run the schedules every SECONDS (0: never; TASKS_SCHEDULES_SECONDS).",
        )

    def handle(self, *, verbosity, reload, schedules, **options):
        self.configure_logging(verbosity)
        worker = Worker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            schedules_every=schedules,
        )
        if reload and not options["batch"]:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
