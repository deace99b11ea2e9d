"""Models of the programmes app: the programme pages and their parts, and the indicators."""

from .indicators import IndicatorFields, ProgrammeIndicator, ResourceIndicator  # noqa: F401
from .pages import (  # noqa: F401
    ImpactPage,
    ProgrammeContact,
    ProgrammeFunder,
    ProgrammeIndexPage,
    ProgrammePage,
    ProgrammeStrand,
    live_programmes,
)
