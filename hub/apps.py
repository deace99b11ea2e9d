"""App configuration of the hub."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = _("Knowledge hub")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .extraction.signal_handlers import connect_signals

        connect_signals()

        from .caching import connect_signals as connect_page_cache_signals

        connect_page_cache_signals()

        # After the page cache's handlers: re-indexing reads the restrictions afresh.
        from .models.document_signals import connect_signals as connect_document_access_signals

        connect_document_access_signals()

        from .spreadsheets import install as install_safe_csv

        install_safe_csv()

        from .cdn_signals import connect_signals as connect_frontend_cache_signals

        connect_frontend_cache_signals()

        from .routing import install as install_indexed_routing

        install_indexed_routing()

        from .sibling_slugs import install as install_sibling_slug_checks

        # After wagtail_modeltranslation's ready(), which installs the checks this replaces.
        install_sibling_slug_checks()

        from django.db.models.signals import post_migrate

        from .links import sync_default_site

        # The default Site's hostname and port follow WAGTAILADMIN_BASE_URL.
        post_migrate.connect(sync_default_site, sender=self)

        from .demo import ensure_taxonomy_pages

        # Sites made before the theme and partner pages existed get both indexes.
        post_migrate.connect(ensure_taxonomy_pages, sender=self)
