"""Models of the workshops app: the pages, and registrations with their seat counter and notes."""

from .limits import RateLimitCounter  # noqa: F401
from .messages import OrganiserMessage  # noqa: F401
from .pages import WorkshopIndexPage, WorkshopPage, WorkshopPageForm  # noqa: F401
from .registrations import AccessKey, Note, Registration, Seats  # noqa: F401
from .series import WorkshopSeriesPage  # noqa: F401
