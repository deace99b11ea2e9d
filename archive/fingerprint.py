"""Whether anything an edition shows can have changed since the previous export.

An export whose fingerprint is the one recorded with the previous edition renders nothing: the
previous files are kept as they are (archive.edition). The fingerprint is a checksum of all
that the pages are made from:

* the edit generation (``hub.caching.edit_generation``), which every change an anonymous
  visitor can see replaces: publishing, a snippet, a setting, a document, an image, its
  extracted text. It is read before the crawl; if it moved during the crawl (an editor
  published meanwhile), no fingerprint is recorded and the next export renders. The image
  renditions the crawl itself makes do not move it (they change no page), so the export after
  a first one, of content that did not change, renders nothing;
* the per-page generations of the workshops, which registrations, attendance and approved
  notes replace without touching the content generation;
* the clock, where the content looks at it: for every date and time of the content's rows
  (a workshop's start, end and registration times, a workshop record's date, publishing
  dates), how many have passed; for the workshops' own, also how many had passed
  ``NOTES_WINDOW`` ago (how long participants' notes stay open after a workshop). A page that
  says "upcoming" or "registration closed" can only change its mind when one of those counts
  moves, and nothing but a workshop looks 30 days back (a resource's date a month ago changes
  no page: counting it made the export of the next day render everything again);
* the code: the project's own files (their names, sizes and times) and the installed
  packages' versions, so a deploy renders again;
* the export's options: the edition's address, the live hub's address, the languages.

None of it is trusted when the generation cannot be: with a cache of its own in each process
(``CACHE_URL=locmem://``) another process's change never reaches this one, so the fingerprint
then holds this process's own identity and never matches another process's export. A
fingerprint that matches wrongly would keep a stale edition, so anything unsure renders.
"""

import datetime
import hashlib
import importlib.metadata
import json
import os
import uuid
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from hub.caching import edit_generation, is_content, page_generation
from hub.settings.env import cache_is_per_process
from workshops.models.timing import NOTES_WINDOW

# The offsets the pages compare the clock with: the clock itself, and for the workshops' own
# dates the time their participants' notes stay open.
NOW = datetime.timedelta(0)
CLOCK_OFFSETS = {"workshops": (NOW, NOTES_WINDOW)}
CODE_FOLDERS = ("archive", "hub", "toolkits", "case_studies", "workshops", "programmes")
CODE_TOP = ("templates", "static", "locale")
CODE_SUFFIXES = {".py", ".html", ".txt", ".css", ".js", ".svg", ".json", ".mo", ".xml", ".png"}
_PROCESS = uuid.uuid4().hex  # this process, for caches no other process shares


def generation():
    """The edit generation, qualified by this process when no other process shares it."""
    value = edit_generation()
    if cache_is_per_process(settings.CACHES):
        value = f"{value}:{_PROCESS}"
    return value


def settle():
    """Make the rows the first render of a page would make itself and that are not derived
    (hub.caching.DERIVED_MODELS): each site's settings, made with their defaults on first use.
    Made before the generation is read, they do not move it during the crawl."""
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.contrib.settings.registry import registry
    from wagtail.models import Site

    sites = list(Site.objects.all())
    for model in registry:
        if issubclass(model, BaseSiteSetting):
            for site in sites:
                model.for_site(site)
        else:
            model.load()


def _clock(now):
    """How many of the content's dates and times have passed, per model and field."""
    today = timezone.localdate(now)
    counts = []
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if not is_content(model):
            continue
        fields = [
            field
            for field in model._meta.local_concrete_fields
            if isinstance(field, models.DateField)  # DateTimeField is one too
        ]
        if not fields:
            continue
        aggregates = {}
        offsets = CLOCK_OFFSETS.get(model._meta.app_label, (NOW,))
        for field in fields:
            for n, offset in enumerate(offsets):
                if isinstance(field, models.DateTimeField):
                    moment = now - offset
                else:
                    moment = today - datetime.timedelta(days=offset.days)
                aggregates[f"{field.attname}_{n}"] = models.Count(
                    "pk", filter=models.Q(**{f"{field.attname}__lte": moment})
                )
        counts.append(
            (model._meta.label, sorted(model._base_manager.aggregate(**aggregates).items()))
        )
    return counts


def _workshops():
    model = apps.get_model("workshops", "WorkshopPage")
    pks = model.objects.order_by("pk").values_list("pk", flat=True)
    return [(pk, page_generation(pk)) for pk in pks]


def _code():
    root = Path(settings.BASE_DIR)
    listing = []
    folders = [root / name for name in CODE_FOLDERS + CODE_TOP]
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(name for name in dirnames if name != "__pycache__")
            for name in sorted(filenames):
                if Path(name).suffix in CODE_SUFFIXES:
                    stat = os.stat(os.path.join(dirpath, name))
                    listing.append(
                        (
                            os.path.relpath(os.path.join(dirpath, name), root),
                            stat.st_size,
                            stat.st_mtime_ns,
                        )
                    )
    packages = sorted(
        {(dist.metadata["Name"] or "", dist.version) for dist in importlib.metadata.distributions()}
    )
    return [listing, packages]


def of(exporter, generation_value):
    """The fingerprint (a hex digest) of what ``exporter`` would render now."""
    now = timezone.now()
    parts = {
        "generation": generation_value,
        "workshops": _workshops(),
        "clock": _clock(now),
        "code": _code(),
        "options": [exporter.base_url, exporter.edition.live_url, exporter.languages],
    }
    data = json.dumps(parts, sort_keys=True, default=str).encode()
    return hashlib.sha256(data).hexdigest()
