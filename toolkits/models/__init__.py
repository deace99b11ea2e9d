"""Toolkits, town-centre plans and publications, each under its own index page.

Publications live in this app (toolkits.models.publication) rather than an app of their own:
they are the same sort of structured document resource as toolkits, share the document blocks,
and one more app would only add settings and migrations without separating any concern.
"""

from .publication import PublicationIndexPage, PublicationPage  # noqa: F401
from .toolkit import ToolkitIndexPage, ToolkitPage  # noqa: F401
from .town_centre_plan import TownCentrePlanIndexPage, TownCentrePlanPage  # noqa: F401
