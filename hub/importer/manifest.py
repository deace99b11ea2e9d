"""Reading and checking a legacy manifest: every row is checked before anything is written.

Each problem names the row (as numbered in a spreadsheet: the header is row 1), the column and
what is wrong, so the person who wrote the manifest can fix it without reading code.
"""

import csv
import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify

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
]
REQUIRED_COLUMNS = {"key", "kind", "file", "title_fr", "title_en", "language"}
KIND_MODELS = {
    "toolkit": "toolkits.ToolkitPage",
    "town_centre_plan": "toolkits.TownCentrePlanPage",
    "case_study": "case_studies.CaseStudyPage",
    "publication": "toolkits.PublicationPage",
    "workshop_record": "workshops.WorkshopPage",
}
KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,119}$")


class ManifestError(Exception):
    """The manifest as a whole cannot be read (missing, not CSV, missing columns)."""


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def __str__(self):
        where = f"row {self.row}" + (f", column “{self.column}”" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class RowPlan:
    """A checked row: everything needed to write it, found or to be created."""

    row: int
    key: str
    kind: str
    model: type
    path: Path
    titles: dict
    summaries: dict
    language: str
    partners: list  # existing Partner objects
    new_partners: list  # names to create
    themes: list
    country: str
    region: str
    place: object  # existing Place or None
    date: datetime.date | None
    video_url: str
    source_url: str
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    unsupported: bool = False


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
        raise ManifestError(f"manifest not found: {path}")
    if not path.is_file():
        raise ManifestError(f"not a file: {path}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(
            f"the manifest is not UTF-8 text (invalid byte at position {exc.start})"
        ) from exc
    if not text.strip():
        raise ManifestError("the manifest is empty")
    reader = csv.DictReader(text.splitlines())
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = sorted(REQUIRED_COLUMNS - set(header))
    if missing:
        raise ManifestError(
            "the manifest lacks the column(s) "
            + ", ".join(missing)
            + f" (found: {', '.join(header)})"
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


class Checker:
    """Checks rows against the files and the hub's taxonomy; reads the database, never writes."""

    def __init__(self, base_dir):
        from hub.models import Partner, Place, Theme
        from hub.models.taxonomy import COUNTRY_CHOICES

        self.base_dir = Path(base_dir).resolve()
        self.countries = {code for code, _label in COUNTRY_CHOICES}
        self.themes = list(Theme.objects.all())
        self.partners = list(Partner.objects.all())
        self.places = list(Place.objects.all())
        self.seen_keys = {}

    # Lookups ------------------------------------------------------------------------------
    def find_theme(self, value):
        wanted = normalise(value)
        variants = {wanted, wanted.rstrip("s"), wanted + "s"}
        for theme in self.themes:
            names = {normalise(theme.slug), normalise(theme.name_en), normalise(theme.name_fr)}
            if wanted in names:
                return theme
        # Tolerate a plural/singular slip in slugs ("apprenticeships" for "apprenticeship").
        for theme in self.themes:
            if normalise(theme.slug) in variants:
                return theme
        return None

    def find_partner(self, value):
        wanted = normalise(value)
        for partner in self.partners:
            names = {
                normalise(partner.slug),
                normalise(partner.name_en),
                normalise(partner.name_fr),
                normalise(partner.short_name),
            }
            if wanted in names - {""}:
                return partner
        return None

    def find_place(self, country, region):
        wanted = normalise(region)
        for place in self.places:
            if place.country != country:
                continue
            if not region and not place.name_en and not place.name_fr:
                return place
            names = {normalise(place.name_en), normalise(place.name_fr), normalise(place.slug)}
            if region and wanted in names - {""}:
                return place
        return None

    # The check ------------------------------------------------------------------------------
    def check(self, number, row):
        problems = []

        def problem(column, message):
            problems.append(Problem(number, column, message))

        if "__extra__" in row:
            problem("", "the row has more values than the header has columns (a stray comma?)")

        key = row.get("key", "")
        if not key:
            problem("key", "the key is empty; every row needs a stable identifier")
        elif not KEY_PATTERN.match(key):
            problem(
                "key",
                f"“{key}” is not a valid key (letters, digits, dots, dashes and underscores, "
                "at most 120 characters)",
            )
        elif key in self.seen_keys:
            problem("key", f"duplicate key “{key}”: row {self.seen_keys[key]} already uses it")
        else:
            self.seen_keys[key] = number

        kind = row.get("kind", "")
        model = None
        unsupported = False
        if kind not in KIND_MODELS:
            problem(
                "kind",
                f"unknown kind “{kind}” (expected one of: {', '.join(KIND_MODELS)})",
            )
        else:
            app_label, model_name = KIND_MODELS[kind].split(".")
            try:
                model = apps.get_model(app_label, model_name)
            except LookupError:
                unsupported = True
                problem(
                    "kind", f"“{kind}” resources cannot be imported yet (no {model_name} page type)"
                )

        path = None
        relative = row.get("file", "")
        if not relative:
            problem("file", "no file is given")
        else:
            path = (self.base_dir / relative).resolve()
            if not path.is_relative_to(self.base_dir):
                problem("file", f"“{relative}” points outside the manifest's folder")
                path = None
            elif not path.exists():
                problem("file", f"file not found: “{relative}”")
                path = None
            elif not path.is_file():
                problem("file", f"“{relative}” is not a file")
                path = None
            else:
                from .files import check_file

                message = check_file(path)
                if message:
                    problem("file", f"“{relative}”: {message}")
                    path = None

        titles = {"en": row.get("title_en", ""), "fr": row.get("title_fr", "")}
        if not titles["en"] and not titles["fr"]:
            problem("title_en", "both titles are empty; give title_en or title_fr (or both)")
        for code, title in titles.items():
            if len(title) > 255:
                problem(
                    f"title_{code}", f"the title is too long ({len(title)} characters, at most 255)"
                )
        summaries = {"en": row.get("summary_en", ""), "fr": row.get("summary_fr", "")}

        language = row.get("language", "").lower()
        if language not in ("en", "fr"):
            problem(
                "language", f"“{row.get('language', '')}” is not a language (expected en or fr)"
            )

        country = row.get("country", "").upper()
        region = row.get("region", "")
        place = None
        if country and country not in self.countries:
            problem(
                "country",
                f"unknown country code “{row.get('country')}” "
                f"(known: {', '.join(sorted(self.countries))})",
            )
        elif region and not country:
            problem("region", f"region “{region}” is given without a country")
        elif country:
            place = self.find_place(country, region)

        themes = []
        for value in split_list(row.get("themes")):
            theme = self.find_theme(value)
            if theme is None:
                known = ", ".join(t.slug for t in self.themes) or "none yet"
                problem("themes", f"unknown theme “{value}” (known themes: {known})")
            elif theme not in themes:
                themes.append(theme)

        partners, new_partners = [], []
        for name in split_list(row.get("partners")):
            partner = self.find_partner(name)
            if partner is not None:
                if partner not in partners:
                    partners.append(partner)
            elif not country or country not in self.countries:
                problem(
                    "partners",
                    f"unknown partner “{name}”, and it cannot be created without a valid country",
                )
            elif name not in new_partners:
                new_partners.append(name)

        date = None
        raw_date = row.get("published_on", "")
        if raw_date:
            try:
                date = datetime.date.fromisoformat(raw_date)
            except ValueError:
                problem("published_on", f"“{raw_date}” is not a date (expected YYYY-MM-DD)")
            else:
                if not 1900 <= date.year <= datetime.date.today().year + 1:
                    problem("published_on", f"{raw_date} is not a plausible publication date")

        validator = URLValidator(schemes=["http", "https"])
        for column in ("video_url", "source_url"):
            value = row.get(column, "")
            if value:
                try:
                    validator(value)
                except ValidationError:
                    problem(column, f"“{value}” is not a web address (http:// or https://)")

        plan = RowPlan(
            row=number,
            key=key,
            kind=kind,
            model=model,
            path=path,
            titles=titles,
            summaries=summaries,
            language=language,
            partners=partners,
            new_partners=new_partners,
            themes=themes,
            country=country,
            region=region,
            place=place,
            date=date,
            video_url=row.get("video_url", ""),
            source_url=row.get("source_url", ""),
            problems=problems,
            unsupported=unsupported,
        )
        if new_partners:
            plan.notes.append("new partner(s) will be created: " + ", ".join(new_partners))
        if country and region and place is None and not problems:
            plan.notes.append(f"new region “{region}” ({country}) will be created")
        if titles["fr"] and not titles["en"] and not problems:
            plan.notes.append("no English title: the French title is used until it is translated")
        if plan.video_url and kind == "case_study":
            plan.notes.append("the video has no transcript yet: add one before publishing")
        if plan.video_url and kind not in ("case_study", "workshop_record"):
            plan.notes.append(f"video_url ignored: {kind} pages have no video")
        return plan


def unique_slug(base, taken):
    base = (slugify(base) or "resource")[:70].strip("-") or "resource"
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug
