"""What the archive edition's own notes say, in both languages: the archived library's note names
every listing it pre-renders, and the French README writes the first of the month as "1er", as
the banner does."""

import datetime
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation


def readme(lang, day):
    context = {
        "made_on": day,
        "live_url": "",
        "base_url": "https://archive.example.org",
        "pages": 3,
        "documents": 1,
        "files": 9,
        "licences": [],
    }
    with translation.override(lang):
        return render_to_string(f"archive/README.{lang}.txt", context)


def test_the_french_readme_writes_the_first_of_the_month_as_an_ordinal():
    # As the banners write it (archive.state.day_text): the day on one line, no-break spaces.
    first = readme("fr", datetime.date(2026, 12, 1))
    assert "faite le 1er\u00a0décembre\u00a02026 (2026-12-01)" in first
    second = readme("fr", datetime.date(2026, 12, 2))
    assert "faite le 2\u00a0décembre\u00a02026 (2026-12-02)" in second
    assert "made on 1 December 2026 (2026-12-01)" in readme("en", datetime.date(2026, 12, 1))


def test_the_archived_librarys_note_names_every_listing_it_has():
    # A filtered listing: the note links back to the whole library (none outside an export).
    context = {"listing": SimpleNamespace(kind="toolkit", is_filtered=True), "facets": []}
    for lang, words in (("en", "partner, programme or year"), ("fr", "partenaire, programme ou")):
        with translation.override(lang):
            assert words in render_to_string("archive/listing_note.html", context)
