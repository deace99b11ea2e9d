"""Organisers' tools on one workshop, in the Wagtail admin: the people registered, check-in on
the day, cancelling on someone's behalf, a message to the confirmed or the waiting people, and
the attendance list to print or download as CSV.

Open to whoever may edit the workshop page: its partners' editors (hub.partners) and the
moderators. Every change goes through the services, so the counter and the waiting list stay
consistent and the participant is told in their language.
"""

import csv

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from hub.i18n import translated
from hub.spreadsheets import safe_row

from . import services, tasks
from .models import OrganiserMessage, Registration, WorkshopPage


def workshop_for(request, pk):
    workshop = get_object_or_404(WorkshopPage, pk=pk)
    if not workshop.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return workshop


def can_organise(user, workshop):
    return workshop.permissions_for_user(user).can_edit()


class MessageForm(forms.ModelForm):
    class Meta:
        model = OrganiserMessage
        fields = ["audience", "subject_en", "body_en", "subject_fr", "body_fr"]
        widgets = {
            "audience": forms.RadioSelect,
            "body_en": forms.Textarea(attrs={"rows": 6}),
            "body_fr": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = OrganiserMessage.AUDIENCE_CHOICES  # no blank choice

    def clean(self):
        cleaned = super().clean()
        complete = [
            code
            for code in ("en", "fr")
            if cleaned.get(f"subject_{code}") and cleaned.get(f"body_{code}")
        ]
        if not complete:
            raise forms.ValidationError(
                _(
                    "Write a subject and a message in English, in French or in both: each "
                    "person gets the version in their language, else the other one."
                )
            )
        return cleaned


def _registration(workshop, pk):
    try:
        return Registration.objects.get(pk=int(pk), workshop=workshop, erased_at__isnull=True)
    except (TypeError, ValueError, Registration.DoesNotExist):
        return None


def _post(request, workshop):
    action = request.POST.get("action", "")
    here = reverse("workshop_organise", args=[workshop.pk])
    if action == "message":
        form = MessageForm(request.POST)
        if form.is_valid():
            message = form.save(commit=False)
            message.workshop = workshop
            message.sent_by = request.user
            message.save()
            count = tasks.send_message(message)
            messages.success(
                request, _("Your message is being sent to %(count)s people.") % {"count": count}
            )
            return redirect(here), None
        return None, form
    registration = _registration(workshop, request.POST.get("registration"))
    if registration is None:
        messages.error(request, _("That registration was not found. Reload the page."))
        return redirect(here), None
    if action in ("check_in", "check_out"):
        services.check_in(registration, present=action == "check_in")
        return redirect(f"{here}#registration-{registration.pk}"), None
    if action == "cancel" and request.POST.get("confirm") == "yes":
        given = services.cancel(registration, by_organiser=True)
        text = _("%(name)s's registration is cancelled; they are told by email.") % {
            "name": registration.name
        }
        if given is not None:
            text = f"{text} " + str(
                _("The place went to %(name)s.") % {"name": given.name}
                if given.status == Registration.CONFIRMED
                else _("The place is offered to %(name)s.") % {"name": given.name}
            )
        messages.success(request, text)
        return redirect(here), None
    messages.error(request, _("That did not work: use one of the buttons on this page."))
    return redirect(here), None


@require_http_methods(["GET", "POST"])
def organise(request, pk):
    workshop = workshop_for(request, pk)
    form = MessageForm(initial={"audience": OrganiserMessage.CONFIRMED})
    status = 200
    if request.method == "POST":
        response, form = _post(request, workshop)
        if response is not None:
            return response
        status = 400
    people = list(
        Registration.objects.filter(workshop=workshop, erased_at__isnull=True)
        .exclude(status=Registration.CANCELLED)
        .order_by("position", "name", "pk")
    )
    confirming = _registration(workshop, request.GET.get("cancel"))
    title = translated(workshop, "title")
    attended, countries = workshop.attendance()
    context = {
        "page_title": _("Organise: %(title)s") % {"title": title},
        "header_icon": "group",
        "workshop": workshop,
        "title": title,
        "confirmed": [p for p in people if p.status == Registration.CONFIRMED],
        "offered": [p for p in people if p.status == Registration.OFFERED],
        "waiting": [p for p in people if p.status == Registration.WAITING],
        "confirming": confirming
        if confirming and confirming.status != Registration.CANCELLED
        else None,
        "form": form,
        "sent": workshop.organiser_messages.select_related("sent_by")[:20],
        "attended": attended,
        "countries": countries,
        "list_url": reverse("workshop_attendance", args=[workshop.pk]),
        "edit_url": reverse("wagtailadmin_pages:edit", args=[workshop.pk]),
    }
    return TemplateResponse(request, "workshops/admin/organise.html", context, status=status)


ATTENDANCE_COLUMNS = [
    ("name", _("Name")),
    ("organisation", _("Organisation")),
    ("country", _("Country")),
    ("language", _("Language")),
    ("needs", _("Interpretation or accessibility needs")),
    ("status", _("Status")),
    ("attended", _("Present")),
]


def _attendance_rows(workshop):
    people = Registration.objects.filter(
        workshop=workshop, status__in=Registration.HOLDS_A_PLACE, erased_at__isnull=True
    ).order_by("name", "pk")
    for person in people:
        yield {
            "name": person.name,
            "organisation": person.organisation,
            "country": person.country,
            "language": person.get_language_display(),
            "needs": person.needs,
            "status": str(person.get_status_display()),
            "attended": str(_("yes")) if person.attended_at else "",
        }


def attendance(request, pk):
    """The attendance list: a page to print (with a signature column), or CSV."""
    workshop = workshop_for(request, pk)
    rows = list(_attendance_rows(workshop))
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="attendance-{workshop.pk}.csv"'
        response.write("\ufeff")  # spreadsheets then read the file as UTF-8
        writer = csv.writer(response)
        writer.writerow(safe_row([str(label) for _key, label in ATTENDANCE_COLUMNS]))
        for row in rows:
            writer.writerow(safe_row([row[key] for key, _label in ATTENDANCE_COLUMNS]))
        return response
    context = {
        "workshop": workshop,
        "title": translated(workshop, "title"),
        "rows": rows,
        "columns": ATTENDANCE_COLUMNS,
        "times": workshop.local_times(),
    }
    response = TemplateResponse(request, "workshops/admin/attendance.html", context)
    response["Cache-Control"] = "private, no-store"
    return response
