"""The workshops app: its signal receivers are connected once the models are loaded."""

from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "workshops"

    def ready(self):
        from . import tasks

        tasks.connect()
