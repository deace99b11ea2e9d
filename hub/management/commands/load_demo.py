"""Build (or bring up to date) the demo hub; running it twice creates nothing new."""

import importlib
import secrets

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from hub import demo

DEMO_APPS = ["toolkits", "case_studies", "workshops", "programmes"]


class Command(BaseCommand):
    help = "Load the bilingual C-CARE demo content, and an admin account if there is none."

    def add_arguments(self, parser):
        parser.add_argument("--no-admin", action="store_true", help="Do not create an admin.")

    def handle(self, *args, **options):
        # Pages created by migrations (the root) need their per-language fields filled in.
        call_command("update_translation_fields", verbosity=0)
        home = demo.load()
        for app in DEMO_APPS:
            if not apps.is_installed(app):
                continue
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError:
                continue
            module.load(home)
        demo.finish(home)
        # Each partner's editor group and collection, the moderators and the moderation workflow.
        call_command("setup_partner_groups", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
        if not options["no_admin"]:
            self._ensure_admin()

    def _ensure_admin(self):
        user_model = get_user_model()
        if user_model.objects.filter(username="admin").exists():
            self.stdout.write(
                "Admin account: admin, password unchanged (the one printed when it was created)."
            )
            self.stdout.write("To set a new one: .venv/bin/python manage.py changepassword admin")
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser("admin", "admin@example.org", password)
        self.stdout.write(self.style.SUCCESS("Admin account created."))
        self.stdout.write(f"  user: admin\n  password: {password}")
