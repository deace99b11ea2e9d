"""Whether the page being rendered is for the archive edition, and which one.

A context variable, set only by the exporter in its own process around its own requests: no
visitor's request can turn archive mode on (no header, cookie or parameter does), and the
exporter's requests carry a session cookie so the page cache never keeps or serves them.
"""

import contextlib
import contextvars
from dataclasses import dataclass

_edition = contextvars.ContextVar("hub_archive_edition", default=None)


@dataclass(frozen=True)
class Edition:
    """What every archived page says about the edition it belongs to."""

    made_on: object  # a datetime.date
    live_url: str = ""  # the live hub's address, "" when it no longer exists
    library_urls: tuple = ()  # ((language, url), ...) of the library page


def current():
    return _edition.get()


@contextlib.contextmanager
def rendering(edition):
    token = _edition.set(edition)
    try:
        yield edition
    finally:
        _edition.reset(token)


def context(request):
    """Template context processor: ``archive`` is the Edition while exporting, else None."""
    return {"archive": _edition.get()}
