"""Whether the page being rendered is for the archive edition, and which one.

A context variable, set only by the exporter in its own process around its own requests: no
visitor's request can turn archive mode on (no header, cookie or parameter does), and the
exporter's requests carry a session cookie so the page cache never keeps or serves them.

The date in each page's banner is the day *that page's* archived copy was made, not the day of
the export: pages are rendered with a placeholder (``DAY_HTML``, and ``DAY_STAMP`` in calendar
files), and archive.store puts in the day when it writes the file, or keeps the previous
edition's file, date and all, when the page with its placeholder is the same as last time. So
an export on another day of the same content rewrites no page. The edition's own date (the day
of the export) is in the root page, the README and the bag's metadata.
"""

import contextlib
import contextvars
from dataclasses import dataclass

from django.utils import formats, translation
from django.utils.safestring import mark_safe

# Placeholders put in by the templates and the exporter, replaced by fill(). Plain ASCII that
# no content can produce: pages are escaped, and "@@" is not an HTML or iCalendar token.
DAY = "@@archive-day@@"
DAY_TEXT = "@@archive-day-text@@"
DAY_STAMP = "@@archive-stamp@@"
MARK = b"@@archive-"
DAY_HTML = mark_safe(f'<time class="archive-banner__day" datetime="{DAY}">{DAY_TEXT}</time>')  # noqa: S308 (constant)

_edition = contextvars.ContextVar("hub_archive_edition", default=None)


@dataclass(frozen=True)
class Edition:
    """What every archived page says about the edition it belongs to."""

    made_on: object  # a datetime.date
    live_url: str = ""  # the live hub's address, "" when it no longer exists
    library_urls: tuple = ()  # ((language, url), ...) of the library page

    @property
    def page_day(self):
        """The day of this page's archived copy, as the banner shows it (a placeholder)."""
        return DAY_HTML


def day_text(day, language=""):
    """``day`` (a date) as a person reads it in ``language``, on one line."""
    with translation.override(language or "en"):
        text = formats.date_format(day, "j F Y")
    if language == "fr" and day.day == 1:
        text = "1er" + text[1:]  # French writes the first of the month as an ordinal
    # One date, one line: no-break spaces between day, month and year.
    return text.replace(" ", "\u00a0")


def fill(data, day, language=""):
    """``data`` (bytes) with the placeholders replaced by ``day`` (a date), its words in
    ``language``."""
    text = day_text(day, language)
    return (
        data.replace(DAY.encode(), day.isoformat().encode())
        .replace(DAY_TEXT.encode(), text.encode())
        .replace(DAY_STAMP.encode(), day.strftime("%Y%m%dT000000Z").encode())
    )


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
