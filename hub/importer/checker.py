"""Checking a manifest's rows against the files and the hub's taxonomy, before anything is written.

``Checker.check`` turns one row (as ``hub.importer.manifest.read_manifest`` gives it) into a
``RowPlan``: what the row will become, its problems (each naming the row, the column and what is
wrong, so the person who wrote the manifest can fix it without reading code) and its notes.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_noop as N_

from .files import check_file
from .manifest import KEY_PATTERN, KIND_MODELS
from .programme_column import row_programmes
from .sources import FolderFiles
from .taxonomy_columns import TaxonomyColumns
from .text import Problem, Text


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
    new_themes: list = field(default_factory=list)  # slugs to create (create_missing)
    existing: object = None  # the ResourcePage this key already has
    document: object = None  # the HubDocument to link (files chosen from a collection)
    programmes: list = field(default_factory=list)  # ProgrammePage objects

    @property
    def title(self):
        return self.titles.get("en") or self.titles.get("fr") or self.key


class Checker(TaxonomyColumns):
    """Checks rows against the files and the hub's taxonomy; reads the database, never writes.

    ``create_missing``: unknown themes and partners are to be created (moderators, and the
    command's ``--create-missing``) instead of refusing their rows. ``partner_ids``: the
    partners a partner editor works for; a row none of whose partners is theirs, or whose key
    belongs to another partner's resource, is refused (None: no such limit). ``files``: where
    the ``file`` column is looked up (hub.importer.sources; default: beside the manifest).
    """

    def __init__(self, base_dir, create_missing=False, partner_ids=None, files=None):
        from hub.models import ResourcePage
        from programmes.models import ProgrammePage

        self.files = files if files is not None else FolderFiles(base_dir)
        self.create_missing = create_missing
        self.partner_ids = None if partner_ids is None else frozenset(partner_ids)
        self.read_taxonomy()

        self.programmes = list(ProgrammePage.objects.all())
        self.pages = {
            page.import_key: page
            for page in ResourcePage.objects.filter(import_key__isnull=False)
            .exclude(import_key="")
            .prefetch_related("partners")
        }
        self.seen_keys = {}

    # The check ------------------------------------------------------------------------------
    def check(self, number, row):
        problems, file_notes = [], []

        def problem(column, template, **params):
            problems.append(Problem(number, column, Text(template, **params)))

        if "__extra__" in row:
            problem("", N_("the row has more values than the header has columns (a stray comma?)"))

        key = row.get("key", "")
        if not key:
            problem("key", N_("the key is empty; every row needs a stable identifier"))
        elif not KEY_PATTERN.match(key):
            problem(
                "key",
                N_(
                    "“%(key)s” is not a valid key (letters, digits, dots, dashes and "
                    "underscores, at most 120 characters)"
                ),
                key=key,
            )
        elif key in self.seen_keys:
            problem(
                "key",
                N_("duplicate key “%(key)s”: row %(row)s already uses it"),
                key=key,
                row=self.seen_keys[key],
            )
        else:
            self.seen_keys[key] = number

        kind = row.get("kind", "")
        model = None
        unsupported = False
        if kind not in KIND_MODELS:
            problem(
                "kind",
                N_("unknown kind “%(kind)s” (expected one of: %(kinds)s)"),
                kind=kind,
                kinds=", ".join(KIND_MODELS),
            )
        else:
            app_label, model_name = KIND_MODELS[kind].split(".")
            try:
                model = apps.get_model(app_label, model_name)
            except LookupError:
                unsupported = True
                problem(
                    "kind",
                    N_("“%(kind)s” resources cannot be imported yet (no %(model)s page type)"),
                    kind=kind,
                    model=model_name,
                )

        existing = self.pages.get(key) if key else None
        if existing is not None and model is not None and existing.specific_class is not model:
            problem(
                "kind",
                N_("key “%(key)s” already belongs to a %(kind)s page; a key cannot change kind"),
                key=key,
                kind=existing.get_kind_display(),
            )
        if existing is not None and self.partner_ids is not None:
            owners = {p.pk for p in existing.partners.all()}
            if not owners & self.partner_ids:
                problem(
                    "key",
                    N_(
                        "key “%(key)s” belongs to a resource of another partner (“%(title)s”): "
                        "only its partner's editors or a moderator can update it"
                    ),
                    key=key,
                    title=existing.title,
                )

        path, document = None, None
        relative = row.get("file", "")
        if not relative:
            problem("file", N_("no file is given"))
        else:
            found = self.files.find(relative)
            if found.problem is not None:
                problems.append(Problem(number, "file", found.problem))
            else:
                message = check_file(found.path)
                if message:
                    problem(
                        "file",
                        N_("“%(file)s”: %(message)s"),
                        file=relative,
                        message=message,
                    )
                else:
                    path, document = found.path, found.document
                    if found.note is not None:
                        file_notes.append(found.note)

        titles = {"en": row.get("title_en", ""), "fr": row.get("title_fr", "")}
        if not titles["en"] and not titles["fr"]:
            problem("title_en", N_("both titles are empty; give title_en or title_fr (or both)"))
        for code, title in titles.items():
            if len(title) > 255:
                problem(
                    f"title_{code}",
                    N_("the title is too long (%(length)s characters, at most 255)"),
                    length=len(title),
                )
        summaries = {"en": row.get("summary_en", ""), "fr": row.get("summary_fr", "")}

        language = row.get("language", "").lower()
        if language not in ("en", "fr"):
            problem(
                "language",
                N_("“%(value)s” is not a language (expected en or fr)"),
                value=row.get("language", ""),
            )

        country, region, place = self.check_place(row, problem)
        themes, new_themes = self.check_themes(row, problem)
        partners, new_partners = self.check_partners(row, country, problem)

        programmes = row_programmes(row, titles, self.programmes, problem)

        date = None
        raw_date = row.get("published_on", "")
        if raw_date:
            try:
                date = datetime.date.fromisoformat(raw_date)
            except ValueError:
                problem(
                    "published_on",
                    N_("“%(value)s” is not a date (expected YYYY-MM-DD)"),
                    value=raw_date,
                )
            else:
                if not 1900 <= date.year <= datetime.date.today().year + 1:
                    problem(
                        "published_on",
                        N_("%(value)s is not a plausible publication date"),
                        value=raw_date,
                    )

        validator = URLValidator(schemes=["http", "https"])
        for column in ("video_url", "source_url"):
            value = row.get(column, "")
            if value:
                try:
                    validator(value)
                except ValidationError:
                    problem(
                        column,
                        N_("“%(value)s” is not a web address (http:// or https://)"),
                        value=value,
                    )

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
            new_themes=new_themes,
            existing=existing,
            programmes=programmes,
            document=document,
        )
        notes = plan.notes
        notes.extend(file_notes)
        if not programmes and self.programmes and not row.get("programme", "").strip():
            notes.append(Text(N_("no programme is named or recognised: choose one in the admin")))
        if new_themes:
            notes.append(
                Text(N_("new theme(s) will be created: %(names)s"), names=", ".join(new_themes))
            )
        if new_partners:
            notes.append(
                Text(
                    N_("new partner(s) will be created: %(names)s"),
                    names=", ".join(new_partners),
                )
            )
        if country and region and place is None and not problems:
            notes.append(
                Text(
                    N_("new region “%(region)s” (%(country)s) will be created"),
                    region=region,
                    country=country,
                )
            )
        if titles["fr"] and not titles["en"] and not problems:
            notes.append(
                Text(N_("no English title: the French title is used until it is translated"))
            )
        if plan.video_url and kind == "case_study":
            notes.append(Text(N_("the video has no transcript yet: add one before publishing")))
        if plan.video_url and kind not in ("case_study", "workshop_record"):
            notes.append(Text(N_("video_url ignored: %(kind)s pages have no video"), kind=kind))
        return plan
