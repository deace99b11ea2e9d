"""Admin home panels: what needs each partner's attention.

Partner editors see their own partner's items; moderators and administrators see everyone's.
Models of the workshops app are looked up at run time so the panels work before it exists.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from hub.models import HubDocument, Partner, ResourcePage

from .access import is_moderator, is_partner_editor, user_partner_ids
from .reports import load_pages, pages_for_user, rows_for

LIMIT = 10


def _model(app_label, name):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _fk_to(model, target):
    """The name of ``model``'s foreign key to ``target`` (or one of its parents)."""
    for field in model._meta.get_fields():
        if field.many_to_one and field.concrete and issubclass(target, field.related_model):
            return field.name
    return None


class PartnerPanel(Component):
    """Shared scoping: a partner editor's partners, or None meaning every partner."""

    name = ""

    def __init__(self, request):
        self.request = request
        self.user = request.user
        self.partner_ids = user_partner_ids(self.user) if is_partner_editor(self.user) else None

    def partners_label(self):
        if self.partner_ids is None:
            return ""
        return ", ".join(str(p) for p in Partner.objects.filter(pk__in=self.partner_ids))

    def resources(self):
        pages = ResourcePage.objects.all()
        if self.partner_ids is not None:
            pages = pages.filter(partners__in=self.partner_ids).distinct()
        return pages

    def get_context_data(self, parent_context):
        context = {"panel_id": f"hub-{self.name}", "partners_label": self.partners_label()}
        context.update(self.items())
        return context

    def items(self):
        return {}


class AwaitingModerationPanel(PartnerPanel):
    name = "awaiting-moderation"
    order = 205
    template_name = "hub/admin/panels/awaiting_moderation.html"

    def items(self):
        page_type = ContentType.objects.get_for_model(Page)
        states = WorkflowState.objects.active().filter(base_content_type=page_type)
        ids = {int(pk) for pk in states.values_list("object_id", flat=True)}
        pages = (
            self.resources()
            .filter(pk__in=ids)
            .select_related("latest_revision__user")
            .order_by("-latest_revision_created_at")
        )
        return {"pages": list(pages[:LIMIT]), "total": pages.count()}


class MissingTranslationsPanel(PartnerPanel):
    name = "missing-translations"
    order = 206
    template_name = "hub/admin/panels/missing_translations.html"

    def items(self):
        pages = pages_for_user(self.user).order_by("-latest_revision_created_at", "path")
        rows = rows_for(pages)
        url = reverse("hub_missing_translations")
        if self.partner_ids is not None and len(self.partner_ids) == 1:
            url += f"?partner={next(iter(self.partner_ids))}"
        return {"rows": load_pages(rows[:LIMIT]), "total": len(rows), "report_url": url}


class FailedDocumentsPanel(PartnerPanel):
    name = "failed-documents"
    order = 207
    template_name = "hub/admin/panels/failed_documents.html"

    def items(self):
        documents = HubDocument.objects.filter(
            extraction_status=HubDocument.Extraction.FAILED
        ).order_by("-created_at")
        if self.partner_ids is not None:
            collections = Partner.objects.filter(pk__in=self.partner_ids).values("collection")
            documents = documents.filter(collection__in=collections)
        return {"documents": list(documents[:LIMIT]), "total": documents.count()}


class UpcomingWorkshopsPanel(PartnerPanel):
    name = "upcoming-workshops"
    order = 208
    template_name = "hub/admin/panels/upcoming_workshops.html"

    def items(self):
        workshop_model = _model("workshops", "WorkshopPage")
        if workshop_model is None or not any(
            f.name == "start" for f in workshop_model._meta.get_fields()
        ):
            return {"available": False}
        workshops = workshop_model.objects.filter(start__gte=timezone.now()).order_by("start")
        if self.partner_ids is not None:
            workshops = workshops.filter(partners__in=self.partner_ids).distinct()
        workshops = list(workshops[:LIMIT])
        registration_model = _model("workshops", "Registration")
        fk = registration_model and _fk_to(registration_model, workshop_model)
        counts = {}
        by_status = fk and any(f.name == "status" for f in registration_model._meta.get_fields())
        if fk and workshops:
            registrations = registration_model.objects.filter(**{f"{fk}__in": workshops})
            group = [fk, "status"] if by_status else [fk]
            for row in registrations.values(*group).annotate(n=Count("pk")):
                status = row.get("status", "confirmed")
                counts[(row[fk], status)] = row["n"]
        for workshop in workshops:
            # Without a status field every registration counts as a place taken.
            workshop.hub_registration_count = counts.get((workshop.pk, "confirmed"), 0)
            workshop.hub_waiting_count = counts.get((workshop.pk, "waiting"), 0)
        return {"available": True, "workshops": workshops}


class NotesToModeratePanel(PartnerPanel):
    name = "notes-to-moderate"
    order = 209
    template_name = "hub/admin/panels/notes_to_moderate.html"

    def items(self):
        note_model = _model("workshops", "Note")
        if note_model is None:
            return {"available": False}
        notes = pending_notes(note_model)
        if notes is None:
            return {"available": False}
        if self.partner_ids is not None:
            from .policies import partner_lookup

            lookup = partner_lookup(note_model)
            if not lookup:
                return {"available": False}
            notes = notes.filter(**{f"{lookup}__in": self.partner_ids}).distinct()
        return {"available": True, "notes": list(notes[:LIMIT]), "total": notes.count()}


def pending_notes(note_model):
    """Notes waiting for a moderator, whichever way the workshops app records it."""
    names = {f.name for f in note_model._meta.get_fields()}
    if "status" in names:
        field = note_model._meta.get_field("status")
        values = {value for value, _label in (field.choices or [])}
        for pending in ("pending", "submitted", "awaiting", "waiting", "new"):
            if pending in values:
                return note_model.objects.filter(status=pending)
        return None
    if "approved" in names:
        return note_model.objects.filter(approved=False)
    if "is_approved" in names:
        return note_model.objects.filter(is_approved=False)
    if "approved_at" in names:
        return note_model.objects.filter(approved_at__isnull=True)
    return None


PANELS = [
    AwaitingModerationPanel,
    MissingTranslationsPanel,
    FailedDocumentsPanel,
    UpcomingWorkshopsPanel,
    NotesToModeratePanel,
]


def panels_for(request):
    """The hub's panels for this user: partner editors and moderators only."""
    user = request.user
    if not (is_partner_editor(user) or is_moderator(user)):
        return []
    return [panel(request) for panel in PANELS]
