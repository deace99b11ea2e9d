"""App configuration of the programmes app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes")
    default_auto_field = "django.db.models.BigAutoField"
