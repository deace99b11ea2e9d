"""One import, for the command and the admin alike: check every row, then write the good ones.

``check`` reads the manifest and says, row by row, what would happen and why a row is refused
(it writes nothing). ``run`` does the same and then writes each accepted row in its own
transaction: a row is written whole (page, document, taxonomy, redirect) or not at all, and
a row refused by the check is never written. Importing a key again updates its page.

The results are plain data (``RowResult``), kept as JSON by the admin's import report
(hub.models.ImportRun) and printed by ``manage.py import_legacy``.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_noop as N_

from hub.i18n import current_language

from .apply import RowFailed, discard_pending_files, extract_text, find_parent, write_row
from .checker import Checker
from .manifest import read_manifest
from .text import Problem, Text

# What happens to a row. A dry run says "create" / "update"; an import "created" / "updated".
CREATE, UPDATE, CREATED, UPDATED, REFUSED, FAILED = (
    "create",
    "update",
    "created",
    "updated",
    "refused",
    "failed",
)


@dataclass
class RowResult:
    row: int
    key: str
    kind: str
    title: str
    action: str
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    page_id: int | None = None
    titles: dict = field(default_factory=dict)

    @property
    def accepted(self):
        return self.action in (CREATE, UPDATE, CREATED, UPDATED)

    def as_json(self):
        return {
            "row": self.row,
            "key": self.key,
            "kind": self.kind,
            "title": self.title,
            "action": self.action,
            "problems": [problem.as_json() for problem in self.problems],
            "notes": [
                note.as_json() if isinstance(note, Text) else str(note) for note in self.notes
            ],
            "page_id": self.page_id,
            "titles": self.titles,
        }

    @classmethod
    def from_json(cls, data):
        return cls(
            row=data["row"],
            key=data.get("key", ""),
            kind=data.get("kind", ""),
            title=data.get("title", ""),
            action=data["action"],
            problems=[Problem.from_json(p) for p in data.get("problems", [])],
            notes=[Text.from_json(n) for n in data.get("notes", [])],
            page_id=data.get("page_id"),
            titles=data.get("titles") or {},
        )

    @property
    def title_here(self):
        """The title in the admin language of whoever reads the report, else the other."""

        language = current_language()
        return self.titles.get(language) or self.title

    @property
    def kind_label(self):
        from django.apps import apps

        from .manifest import KIND_MODELS

        try:
            return apps.get_model(KIND_MODELS[self.kind])._meta.verbose_name
        except (KeyError, LookupError):
            return self.kind


@dataclass
class Outcome:
    rows: list
    dry_run: bool
    unknown_themes: list = field(default_factory=list)
    unknown_partners: list = field(default_factory=list)

    def count(self, *actions):
        return sum(1 for row in self.rows if row.action in actions)

    @property
    def counts(self):
        return {
            "created": self.count(CREATE, CREATED),
            "updated": self.count(UPDATE, UPDATED),
            "skipped": self.count(REFUSED, FAILED),
            "errors": sum(len(row.problems) for row in self.rows),
        }


# A note of the dry run, as the final report says it once the row is written.
DONE_NOTES = {
    N_("new theme(s) will be created: %(names)s"): N_("new theme(s) created: %(names)s"),
    N_("new partner(s) will be created: %(names)s"): N_("new partner(s) created: %(names)s"),
    N_("new region “%(region)s” (%(country)s) will be created"): N_(
        "new region “%(region)s” (%(country)s) created"
    ),
}


def _done(note):
    if isinstance(note, Text) and note.template in DONE_NOTES:
        return Text(DONE_NOTES[note.template], **note.params)
    return note


def _refused(plan, problems):
    return _result(plan, REFUSED, problems)


def _result(plan, action, problems=(), notes=None, title=None, page_id=None):
    return RowResult(
        plan.row,
        plan.key,
        plan.kind,
        title or plan.title,
        action,
        list(problems),
        list(plan.notes if notes is None else notes),
        page_id,
        {code: text for code, text in plan.titles.items() if text},
    )


def _failed(plan, problem):
    return _result(plan, FAILED, [problem])


def check(manifest_path, root, *, create_missing=False, partner_ids=None, files=None):
    """Every row's plan and what would happen to it; raises ManifestError for the whole file.

    ``files``: where the rows' files are (hub.importer.sources; default: beside the manifest).
    """
    rows = read_manifest(manifest_path)
    checker = Checker(
        manifest_path.parent, create_missing=create_missing, partner_ids=partner_ids, files=files
    )
    plans, results = [], []
    for number, row in rows:
        plan = checker.check(number, row)
        plans.append(plan)
        if plan.problems:
            results.append(_refused(plan, plan.problems))
            continue
        if plan.existing is None and find_parent(root, plan.model) is None:
            problem = Problem(
                plan.row,
                "kind",
                Text(
                    N_("there is no index page under “%(root)s” for %(kind)s pages"),
                    root=root.title,
                    kind=plan.kind,
                ),
            )
            results.append(_refused(plan, [problem]))
            continue
        action = UPDATE if plan.existing is not None else CREATE
        page_id = plan.existing.pk if plan.existing is not None else None
        results.append(_result(plan, action, page_id=page_id))
    outcome = Outcome(results, dry_run=True)
    outcome.unknown_themes = list(checker.unknown_themes)
    outcome.unknown_partners = list(checker.unknown_partners)
    return plans, outcome


def run(
    manifest_path,
    root,
    *,
    dry_run=False,
    after="draft",
    create_missing=False,
    partner_ids=None,
    user=None,
    collection=None,
    files=None,
    extract="now",
    on_row=None,
):
    """Check, then (unless ``dry_run``) write every accepted row; returns the Outcome.

    ``extract``: "now" extracts each new document's text after its row (the command), "queue"
    leaves it to the document's own background job (the admin), "none" not at all.
    ``on_row(done, total, result)`` is called after each row (progress). ``collection``: where
    new documents are filed; ``files``: where the rows' files are found (see ``check``).
    """
    plans, outcome = check(
        manifest_path, root, create_missing=create_missing, partner_ids=partner_ids, files=files
    )
    total = len(plans)
    if dry_run:
        if on_row:
            on_row(total, total, None)
        return outcome
    outcome.dry_run = False
    results = []
    for done, (plan, checked) in enumerate(zip(plans, outcome.rows, strict=True), start=1):
        if not checked.accepted:
            results.append(checked)
        else:
            results.append(_write(plan, root, after, user, collection, extract))
        if on_row:
            on_row(done, total, results[-1])
    outcome.rows = results
    return outcome


def _write(plan, root, after, user, collection, extract):
    try:
        with transaction.atomic():
            action, page, new_document, notes = write_row(
                plan,
                root,
                after=after,
                user=user,
                collection=collection,
                extract_later=extract == "queue",
            )
    except RowFailed as exc:
        discard_pending_files(rolled_back=True)
        return _failed(plan, Problem(plan.row, exc.column, exc.text))
    except Exception as exc:  # noqa: BLE001 - one bad row must not stop the others
        discard_pending_files(rolled_back=True)
        message = "; ".join(
            f"{k}: {' '.join(map(str, v))}" for k, v in getattr(exc, "message_dict", {}).items()
        ) or str(exc)
        problem = Problem(
            plan.row, "", Text(N_("could not be saved: %(message)s"), message=message)
        )
        return _failed(plan, problem)
    discard_pending_files(rolled_back=False)
    result = _result(
        plan,
        CREATED if action == "created" else UPDATED,
        notes=[_done(note) for note in plan.notes] + list(notes),
        title=page.title,
        page_id=page.pk,
    )
    if new_document is not None and extract == "now":
        try:
            extract_text(new_document)
        except Exception as exc:  # noqa: BLE001 - the page is imported; its text can wait
            result.notes.append(
                Text(
                    N_("text extraction did not run (%(error)s); the document stays pending"),
                    error=exc,
                )
            )
    return result
