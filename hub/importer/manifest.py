"""Reading a legacy manifest: its columns, the kinds of resource it names, and its rows.

``read_manifest`` reads the CSV and numbers each row as a spreadsheet does (the header is row 1),
or raises ``ManifestError`` when the file as a whole cannot be read; hub.importer.checker then
checks every row before anything is written.
"""

import csv
import re
import unicodedata
from pathlib import Path

from django.utils.translation import gettext_noop

from .text import Text

COLUMNS = [
    "key",
    "kind",
    "file",
    "title_fr",
    "title_en",
    "summary_fr",
    "summary_en",
    "language",
    "partners",
    "themes",
    "country",
    "region",
    "published_on",
    "video_url",
    "source_url",
    # Optional: the programme(s) of the resource, by slug, acronym or title, separated by ";".
    "programme",
]
REQUIRED_COLUMNS = {"key", "kind", "file", "title_fr", "title_en", "language"}
KIND_MODELS = {
    "toolkit": "toolkits.ToolkitPage",
    "town_centre_plan": "toolkits.TownCentrePlanPage",
    "case_study": "case_studies.CaseStudyPage",
    "publication": "toolkits.PublicationPage",
    "workshop_record": "workshops.WorkshopPage",
}
N_ = gettext_noop  # marked for the catalogue, translated when shown (Text)
KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,119}$")


class ManifestError(Exception):
    """The manifest as a whole cannot be read (missing, not CSV, missing columns)."""

    def __init__(self, template, **params):
        self.text = Text(template, **params)
        super().__init__(str(self.text))


def normalise(text):
    """Compare names without case, accents or punctuation."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def split_list(value):
    return [item.strip() for item in (value or "").split(";") if item.strip()]


def read_manifest(path):
    """The manifest's rows as dicts, numbered as a spreadsheet numbers them."""
    path = Path(path)
    if not path.exists():
        raise ManifestError(N_("manifest not found: %(path)s"), path=path)
    if not path.is_file():
        raise ManifestError(N_("not a file: %(path)s"), path=path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(
            N_("the manifest is not UTF-8 text (invalid byte at position %(position)s)"),
            position=exc.start,
        ) from exc
    if not text.strip():
        raise ManifestError(N_("the manifest is empty"))
    reader = csv.DictReader(text.splitlines())
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = sorted(REQUIRED_COLUMNS - set(header))
    if missing:
        raise ManifestError(
            N_("the manifest lacks the column(s) %(missing)s (found: %(found)s)"),
            missing=", ".join(missing),
            found=", ".join(header),
        )
    rows = []
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if None in raw:
            row["__extra__"] = raw[None]
        if not any(row.get(column) for column in COLUMNS):
            continue  # blank line
        rows.append((number, row))
    return rows


def unique_slug(base, taken):
    from hub.slugs import ascii_slug

    base = (ascii_slug(base) or "resource")[:70].strip("-") or "resource"
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug
