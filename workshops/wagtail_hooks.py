"""Organisers' admin: registrations (filterable, exportable, read-only) and the notes queue.

Registrations are read-only in the admin on purpose: adding, editing or deleting one by hand
would bypass the seat counter. Places change only through the participant's private link or
the organisers' tools (workshops.organise), both through the services, which keep the counter
and the waiting list consistent.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BaseColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from hub.partners.access import is_moderator, user_partner_ids
from hub.partners.views import (
    PartnerScopedListingMixin,
    PartnerScopedObjectMixin,
    denied_for_instance,
)

from . import duties, organise
from .models import Note, Registration


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Model permissions, minus the actions the admin must never offer for this model."""

    def __init__(self, model, forbidden):
        super().__init__(model)
        self.forbidden = set(forbidden)

    def user_has_permission(self, user, action):
        return action not in self.forbidden and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in self.forbidden])

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


registration_policy = ReadOnlyPolicy(Registration, {"add", "change", "delete"})
note_policy = ReadOnlyPolicy(Note, {"add"})
register_permission_policy(Registration, registration_policy)
register_permission_policy(Note, note_policy)


class RegistrationIndexView(PartnerScopedListingMixin, generic.IndexView):
    """Partner editors list their own partner's workshops' registrations (hub.partners)."""


class RegistrationInspectView(PartnerScopedObjectMixin, generic.InspectView):
    scoped_action = "view"


class RegistrationViewSet(ModelViewSet):
    model = Registration
    index_view_class = RegistrationIndexView
    inspect_view_class = RegistrationInspectView
    name = "workshop_registrations"
    url_prefix = "workshops/registrations"
    icon = "group"
    menu_label = _("Registrations")
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["name"]  # never used: the policy refuses add and change
    search_fields = ["name", "email", "organisation"]
    search_backend_name = None
    list_display = [
        "listed_name",
        "email",
        "workshop",
        "status",
        "position",
        "language",
        "created_at",
    ]
    list_filter = ["workshop", "status", "language", "promoted"]
    list_export = [
        "workshop",
        "name",
        "email",
        "organisation",
        "country",
        "language",
        "needs",
        "status",
        "position",
        "promoted",
        "consent_show_name",
        "created_at",
        "confirmed_at",
        "cancelled_at",
        "offer_expires_at",
        "attended_at",
    ]
    export_filename = "workshop-registrations"
    inspect_view_fields = list_export + ["erased_at"]


class ModerationColumn(BaseColumn):
    """Approve / reject buttons, each a small POST form, in the notes listing."""

    cell_template_name = "workshops/admin/moderation_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context.update(
            {
                "approve_url": reverse("workshop_notes:approve", args=[instance.pk]),
                "reject_url": reverse("workshop_notes:reject", args=[instance.pk]),
                "csrf_token_value": get_token(request) if request else "",
            }
        )
        return context


class NoteIndexView(PartnerScopedListingMixin, generic.IndexView):
    """The moderation queue: notes waiting for a decision first, oldest first."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("registration", "workshop")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if "status" not in self.request.GET:
            queryset = queryset.filter(status=Note.PENDING)
        return queryset


class NoteInspectView(PartnerScopedObjectMixin, generic.InspectView):
    scoped_action = "view"


class NoteEditView(PartnerScopedObjectMixin, generic.EditView):
    def save_instance(self):
        instance = super().save_instance()
        Note.objects.filter(pk=instance.pk).update(
            moderated_at=timezone.now(), moderated_by=self.request.user
        )
        return instance


def _moderate(request, pk, status):
    if not note_policy.user_has_permission(request.user, "change"):
        raise PermissionDenied
    note = get_object_or_404(Note, pk=pk)
    if denied_for_instance(request, note, "change"):
        raise PermissionDenied
    note.status = status
    note.moderated_at = timezone.now()
    note.moderated_by = request.user
    note.save(update_fields=["status", "moderated_at", "moderated_by"])
    if status == Note.APPROVED:
        messages.success(request, _("Note approved: it is now shown on the workshop record."))
    else:
        messages.success(request, _("Note rejected: it will not be shown."))
    return redirect(reverse("workshop_notes:index") + "?" + request.GET.urlencode())


@require_POST
def approve_note(request, pk):
    return _moderate(request, pk, Note.APPROVED)


@require_POST
def reject_note(request, pk):
    return _moderate(request, pk, Note.REJECTED)


class NoteViewSet(ModelViewSet):
    model = Note
    name = "workshop_notes"
    url_prefix = "workshops/notes"
    icon = "comment"
    menu_label = _("Notes to moderate")
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = NoteIndexView
    inspect_view_class = NoteInspectView
    edit_view_class = NoteEditView
    form_fields = ["status"]
    search_fields = ["body"]
    search_backend_name = None
    list_filter = ["status", "workshop"]

    @property
    def list_display(self):
        return [
            Column("body", label=_("Note"), accessor=lambda note: note.body[:200]),
            "workshop",
            Column("author", label=_("Author"), accessor=lambda note: note.registration.name),
            "language",
            "status",
            "created_at",
            ModerationColumn("moderate", label=_("Moderate")),
        ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("approve/<int:pk>/", approve_note, name="approve"),
            path("reject/<int:pk>/", reject_note, name="reject"),
        ]


class WorkshopAdminGroup(ModelViewSetGroup):
    menu_label = _("Workshops")
    menu_icon = "date"
    menu_order = 250
    items = (RegistrationViewSet, NoteViewSet)


@hooks.register("register_admin_viewset")
def register_workshop_viewsets():
    return WorkshopAdminGroup()


@hooks.register("register_admin_urls")
def register_organiser_urls():
    return [
        path("workshops/organise/<int:pk>/", organise.organise, name="workshop_organise"),
        path(
            "workshops/organise/<int:pk>/attendance/",
            organise.attendance,
            name="workshop_attendance",
        ),
    ]


class RecordsToWritePanel(Component):
    """The admin's home: the organiser's workshops that ended without minutes or outputs
    (they are also emailed weekly, workshops.duties.chase_records), until they are written."""

    name = "workshop_records_to_write"
    order = 90
    template_name = "workshops/admin/records_panel.html"

    def __init__(self, workshops):
        self.workshops = workshops

    def get_context_data(self, parent_context=None):
        return {"workshops": self.workshops}


@hooks.register("construct_homepage_panels")
def add_records_to_write(request, panel_list):
    user = request.user
    partner_ids = None if is_moderator(user) else user_partner_ids(user)
    if partner_ids is not None and not partner_ids:
        return
    workshops = duties.records_missing(partner_ids=partner_ids)
    if workshops:
        panel_list.append(RecordsToWritePanel(workshops))


# Schedules (hub.jobs.schedules): each duty is a function of ``now`` that enqueues one job per
# email due and not yet sent, returning a short summary (workshops.duties).
@hooks.register("hub_schedule", order=5)
def pass_on_lapsed_offers(now):
    return duties.pass_on_lapsed_offers(now)


@hooks.register("hub_schedule", order=6)
def queue_workshop_reminders(now):
    return duties.queue_reminders(now)


@hooks.register("hub_schedule", order=7)
def invite_workshop_notes(now):
    return duties.invite_notes(now)


@hooks.register("hub_schedule", order=8)
def chase_workshop_records(now):
    return duties.chase_records(now)


@hooks.register("hub_schedule", order=10)
def purge_workshop_data(now):
    from hub.jobs.schedules import command_duty

    return command_duty("purge_workshop_data")(now)


# The admin's Background jobs screen (hub.jobs.admin_views) says which email, to whom.
EMAIL_JOBS = {
    "registered": _("Confirmation email"),
    "promoted": _("Place-offered email"),
    "existing": _("Already-registered email"),
    "link": _("Private-link email"),
}


@hooks.register("describe_hub_job")
def describe_participant_email(task_path, args):
    if task_path != "workshops.tasks.send_participant_email" or len(args) != 2:
        return None
    kind, registration_id = args
    registration = (
        Registration.objects.select_related("workshop").filter(pk=registration_id).first()
    )
    label = EMAIL_JOBS.get(kind, kind)
    if registration is None or registration.erased_at:
        return _("%(email)s to a participant whose data is erased") % {"email": label}
    return _("%(email)s to %(name)s, %(workshop)s") % {
        "email": label,
        "name": registration.name,
        "workshop": registration.workshop.title,
    }
