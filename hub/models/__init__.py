"""Models of the hub app, split by concern: base pages, taxonomy, documents, resources, settings,
the search glossary and the search log."""

from .base import BasePage  # noqa: F401
from .documents import HubDocument  # noqa: F401
from .glossary import GlossaryConcept  # noqa: F401
from .imports import ImportRun  # noqa: F401
from .jobs import WorkerBeat  # noqa: F401
from .library import LibraryPage  # noqa: F401
from .pages import HomePage, StandardPage  # noqa: F401
from .resources import RelatedResource, ResourceDocument, ResourcePage  # noqa: F401
from .search_log import SearchRecord  # noqa: F401
from .site_settings import NavigationSettings, NavLink, SiteSettings  # noqa: F401
from .stale import StaleTranslation  # noqa: F401
from .taxonomy import Partner, Place, Theme  # noqa: F401
from .wayfinding import PartnerIndexPage, ThemeIndexPage  # noqa: F401
