"""The workshops app: its signal receivers are connected once the models are loaded."""

from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "workshops"

    def ready(self):
        from wagtail.signals import page_published

        from . import duties, tasks

        tasks.connect()
        page_published.connect(duties.on_page_published, dispatch_uid="workshops.announce")
