"""The admin's import screens: upload a ZIP, read the dry run row by row, import, reopen reports.

* ``imports/``: the imports one may open (a partner editor: their partner's; a moderator: all);
* ``imports/new/``: the upload form (a ZIP of the manifest and its files, or the manifest alone
  and the collection whose documents it names), with the manifest's columns explained and a
  blank manifest to download;
* ``imports/<id>/``: the dry run (what each row will become, or why it is refused, by column),
  the moderator's choice to create missing themes and partners, the Import button, then the
  progress and the final report, kept for later.

Partner editors and moderators only; another partner's import is refused like any other
object of another partner (Wagtail's "permission denied").
"""

import csv
import io

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.models import Collection

from hub.models import ImportRun, Partner
from hub.uploads import describe_size

from . import runs, service
from .archive import limit
from .manifest import COLUMNS, KIND_MODELS
from .sources import collections_for
from .text import Text

ACTION_LABELS = {
    service.CREATE: _("Will be created"),
    service.UPDATE: _("Will be updated"),
    service.CREATED: _("Created"),
    service.UPDATED: _("Updated"),
    service.REFUSED: _("Refused"),
    service.FAILED: _("Not imported"),
}


def _after_choices(user):
    choices = list(ImportRun.After.choices)
    if runs.partner_scope(user) is not None:
        choices = [c for c in choices if c[0] != ImportRun.After.PUBLISH]
    return choices


class UploadForm(forms.Form):
    archive = forms.FileField(
        label=_("ZIP file, or manifest alone"),
        help_text=_(
            "A .zip holding manifest.csv and the files it names; or manifest.csv alone, when "
            "its files are already documents of a collection (choose it below)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.csv,application/zip,text/csv"}),
    )
    collection = forms.ModelChoiceField(
        label=_("Collection of the files (for a manifest alone)"),
        help_text=_(
            "Each row's file is the document of this collection, or of a collection inside it, "
            "whose file has the name the manifest gives (its folders ignored)."
        ),
        queryset=None,
        required=False,
    )
    after = forms.ChoiceField(label=_("Once imported"), choices=ImportRun.After.choices)
    create_missing = forms.BooleanField(
        label=_("Create the themes and partners the manifest names but the hub lacks"),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["after"].choices = _after_choices(user)
        collections = self.fields["collection"]
        collections.queryset = collections_for(user)
        collections.label_from_instance = _collection_labeller()
        scope = runs.partner_scope(user)
        if scope is not None:
            del self.fields["create_missing"]
            # A partner editor means their partner's own collection (the one their uploads go to).
            partner = Partner.objects.filter(pk__in=scope).order_by("pk").first()
            collections.initial = partner.collection_id if partner else None
            collections.empty_label = None if collections.initial else collections.empty_label


def _collection_labeller():
    """ "Kent County Council › Templates": a collection named with those above it (not Root)."""
    names = dict(Collection.objects.values_list("path", "name"))
    step = Collection.steplen

    def label(collection):
        paths = [collection.path[:end] for end in range(step * 2, len(collection.path) + 1, step)]
        return " › ".join(names.get(path, "") for path in paths) or collection.name

    return label


class RecheckForm(forms.Form):
    create_missing = forms.BooleanField(
        label=_("Create the themes and partners the manifest names but the hub lacks"),
        required=False,
    )


class ImportForm(forms.Form):
    after = forms.ChoiceField(label=_("Once imported"), choices=ImportRun.After.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["after"].choices = _after_choices(user)


def _refuse(request):
    return permission_denied(request)


def _rows(data):
    results = [service.RowResult.from_json(row) for row in data]
    for result in results:
        result.label = ACTION_LABELS.get(result.action, result.action)
    return results


def _counts(rows):
    counts = dict.fromkeys(ACTION_LABELS, 0)
    for row in rows:
        counts[row.action] = counts.get(row.action, 0) + 1
    return counts


def _breadcrumbs(current=None):
    items = [{"url": reverse("hub_imports"), "label": gettext("Imports")}]
    if current:
        items.append({"url": "", "label": current})
    return items


@require_http_methods(["GET"])
def index_view(request):
    if not runs.can_import(request.user):
        return _refuse(request)
    listed = []
    for run in runs.visible_runs(request.user)[:100]:
        rows = run.result_rows if run.finished else run.checked_rows
        run.counts = _counts(_rows(rows))
        listed.append(run)
    return TemplateResponse(
        request,
        "hub/admin/imports/index.html",
        {
            "page_title": gettext("Imports"),
            "header_icon": "upload",
            "runs": listed,
            "breadcrumbs_items": _breadcrumbs(),
            "header_title": gettext("Imports"),
        },
    )


@require_http_methods(["GET", "POST"])
def new_view(request):
    if not runs.can_import(request.user):
        return _refuse(request)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            run = runs.start(
                form.cleaned_data["archive"],
                request.user,
                after=form.cleaned_data["after"],
                create_missing=form.cleaned_data.get("create_missing", False),
                collection=form.cleaned_data.get("collection"),
            )
        except runs.CollectionRefused as exc:
            form.add_error("collection", str(exc.text))
        except runs.ImportRefused as exc:
            form.add_error("archive", str(exc.text))
        else:
            return redirect("hub_import", pk=run.pk)
    title = gettext("New import")
    return TemplateResponse(
        request,
        "hub/admin/imports/new.html",
        {
            "page_title": title,
            "header_title": title,
            "header_icon": "upload",
            "breadcrumbs_items": _breadcrumbs(title),
            "form": form,
            "columns": COLUMNS,
            "kinds": list(KIND_MODELS),
            "limits": {
                "archive": describe_size(limit("HUB_IMPORT_MAX_ARCHIVE_BYTES")),
                "files": limit("HUB_IMPORT_MAX_FILES"),
                "total": describe_size(limit("HUB_IMPORT_MAX_BYTES")),
                "inline": runs.inline_rows(),
            },
            "is_moderator": runs.partner_scope(request.user) is None,
        },
    )


@require_http_methods(["GET"])
def template_view(request):
    """A blank manifest with one example row, to fill in a spreadsheet."""
    if not runs.can_import(request.user):
        return _refuse(request)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    example = {
        "key": "kent-food-bank-guide",
        "kind": "toolkit",
        "file": "food-bank-guide.pdf",
        "title_en": "Setting up a food bank",
        "title_fr": "Créer une banque alimentaire",
        "language": "en",
        "partners": "Kent County Council",
        "themes": "food-insecurity",
        "country": "GB",
        "region": "Kent",
        "published_on": "2022-06-30",
    }
    writer.writerow([example.get(column, "") for column in COLUMNS])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="manifest.csv"'
    return response


@require_http_methods(["GET", "POST"])
def report_view(request, pk):
    if not runs.can_import(request.user):
        return _refuse(request)
    run = get_object_or_404(
        ImportRun.objects.select_related("user", "partner", "files_collection"), pk=pk
    )
    if not runs.visible_runs(request.user).filter(pk=run.pk).exists():
        return _refuse(request)
    is_moderator = runs.partner_scope(request.user) is None
    mine = run.user_id == request.user.pk or is_moderator
    if request.method == "POST":
        if run.status != ImportRun.Status.CHECKED or not mine:
            messages.warning(request, gettext("This import has already run."))
            return redirect("hub_import", pk=run.pk)
        if "recheck" in request.POST and is_moderator:
            form = RecheckForm(request.POST)
            form.is_valid()
            try:
                runs.recheck(run, create_missing=form.cleaned_data.get("create_missing"))
            except runs.ImportRefused as exc:
                messages.error(request, str(exc.text))
            return redirect("hub_import", pk=run.pk)
        form = ImportForm(request.POST, user=request.user)
        if form.is_valid():
            run.after = form.cleaned_data["after"]
            run.save(update_fields=["after"])
            if runs.begin(run):
                run.refresh_from_db()
                if run.status == ImportRun.Status.DONE:
                    messages.success(request, gettext("Import finished."))
                elif run.status == ImportRun.Status.FAILED:
                    messages.error(request, gettext("The import stopped: see below."))
            return redirect("hub_import", pk=run.pk)
    rows = _rows(run.result_rows if run.finished else run.checked_rows)
    counts = _counts(rows)
    accepted = counts[service.CREATE] + counts[service.UPDATE]
    title = run.archive_name
    unknown = run.unknown or {}
    context = {
        "page_title": title,
        "header_title": title,
        "header_icon": "upload",
        "breadcrumbs_items": _breadcrumbs(title),
        "run": run,
        "rows": rows,
        "counts": counts,
        "accepted": accepted,
        "refused": counts[service.REFUSED] + counts[service.FAILED],
        "unknown_themes": unknown.get("themes", []),
        "unknown_partners": unknown.get("partners", []),
        "is_moderator": is_moderator,
        "can_act": mine and run.status == ImportRun.Status.CHECKED,
        "import_form": ImportForm(initial={"after": run.after}, user=request.user),
        "recheck_form": RecheckForm(initial={"create_missing": run.create_missing}),
        "error": str(Text.from_json(run.error)) if run.error else "",
        "in_progress": run.status in (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING),
        "background": accepted > runs.inline_rows(),
    }
    return TemplateResponse(request, "hub/admin/imports/report.html", context)
