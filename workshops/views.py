"""Public workshop views: the private link page, "resend my link", and the calendar files.

A registration is posted to the workshop page itself (WorkshopPage.serve_registration).

The private link page never changes anything on GET (mail scanners open links); every change
is a POST carrying the CSRF token of that page.
"""

import json

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from hub.i18n import current_language

from . import ics, services, tasks
from .forms import DetailsForm, NoteForm, NoteRefForm, ResendLinkForm
from .models import Note, Registration, WorkshopPage
from .models.limits import allow
from .models.pages import rate_limited
from .models.timing import NOTES_WINDOW


def _language():
    return current_language()


def _private(response):
    """The private page and its answers: never cached, never indexed, never referred."""
    response["Cache-Control"] = "private, no-store"
    # Not "no-referrer": with it, browsers send "Origin: null" on the page's own forms and
    # Django's CSRF check refuses them (cancel, notes). same-origin still keeps the token
    # from every other site.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# What the private page says when a POST names no action it knows or no note at all (a stale
# page, a hand-made request): the page again, with a 400, and nothing changed.
UNKNOWN_ACTION = _("That did not work: use one of the buttons on this page.")
UNKNOWN_NOTE = _("That note was not found. Reload this page and try again.")


def _note_for(registration, note_id):
    return get_object_or_404(Note, pk=note_id, registration=registration)


@require_http_methods(["GET", "POST"])
def manage(request, token):
    registration = services.registration_for_token(token)
    if registration is None:
        response = render(request, "workshops/link_invalid.html", status=404)
        return _private(response)
    workshop = registration.workshop.specific
    note_form = NoteForm()
    details_form = None
    editing = None
    problem = None
    status = 200
    # Asking first: the cancel button leads here (a GET changes nothing), the POST does it.
    confirming = request.GET.get("step") == "cancel"
    if request.method == "POST":
        action = request.POST.get("action", "")
        here = request.path
        if action == "cancel":
            if request.POST.get("confirm") != "yes":
                confirming = True
                status = 400
            else:
                services.cancel(registration)
                return _private(HttpResponseRedirect(f"{here}?done=cancelled"))
        if action == "accept":
            accepted = services.accept(registration)
            done = "accepted" if accepted else "offer_gone"
            return _private(HttpResponseRedirect(f"{here}?done={done}"))
        if action == "details":
            details_form = DetailsForm(request.POST)
            if registration.status != Registration.CANCELLED and details_form.is_valid():
                for name in DetailsForm.FIELDS:
                    setattr(registration, name, details_form.cleaned_data[name])
                registration.save(update_fields=list(DetailsForm.FIELDS))
                return _private(HttpResponseRedirect(f"{here}?done=details_saved"))
            status = 400
            editing = "details"
        if action == "download":
            data = services.export_data(registration)
            response = HttpResponse(
                json.dumps(data, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="my-registration.json"'
            return _private(response)
        if action == "erase":
            if request.POST.get("confirm_erase") != "yes":
                status = 400
                editing = "erase"
            else:
                services.erase(registration)
                return _private(render(request, "workshops/erased.html"))
        can_write = registration.status == Registration.CONFIRMED and workshop.notes_open()
        note_id = NoteRefForm.note_id(request.POST)
        if action in {"note_edit", "note_delete"} and note_id is None:
            status = 400
            problem = UNKNOWN_NOTE
        elif action in {"note_add", "note_edit"}:
            if not can_write:
                raise Http404
            auto_id = f"note{note_id}_%s" if action == "note_edit" else "id_%s"
            note_form = NoteForm(request.POST, auto_id=auto_id)
            if note_form.is_valid():
                if action == "note_add":
                    Note.objects.create(
                        workshop=workshop, registration=registration, **note_form.cleaned_data
                    )
                else:
                    note = _note_for(registration, note_id)
                    note.body = note_form.cleaned_data["body"]
                    note.language = note_form.cleaned_data["language"]
                    # A changed note is read again before it is shown again.
                    note.status = Note.PENDING
                    note.moderated_at = None
                    note.save()
                return _private(HttpResponseRedirect(f"{here}?done=note_saved#notes"))
            status = 400
            editing = str(note_id) if action == "note_edit" else "new"
        elif action == "note_delete":
            _note_for(registration, note_id).delete()
            return _private(HttpResponseRedirect(f"{here}?done=note_deleted#notes"))
        elif action not in {"erase", "cancel", "details"}:
            status = 400
            problem = UNKNOWN_ACTION
    note_items = []
    for note in registration.notes.order_by("created_at", "pk"):
        if editing == str(note.pk):
            form = note_form
        else:
            form = NoteForm(
                initial={"body": note.body, "language": note.language}, auto_id=f"note{note.pk}_%s"
            )
        note_items.append((note, form))
    waiting_rank = None
    if registration.status == Registration.WAITING:
        waiting_rank = Registration.objects.filter(
            workshop_id=registration.workshop_id,
            status=Registration.WAITING,
            position__lte=registration.position,
        ).count()
    context = {
        "registration": registration,
        "waiting_rank": waiting_rank,
        "note_items": note_items,
        "workshop": workshop,
        # No "page": the language switcher then leads to this private page in the other
        # language, not to the public workshop page.
        "times": workshop.local_times(),
        "note_form": note_form if editing in (None, "new") else NoteForm(),
        "details_form": details_form
        or DetailsForm(initial={name: getattr(registration, name) for name in DetailsForm.FIELDS}),
        "confirming": confirming and registration.status != Registration.CANCELLED,
        "offer_until": registration.offer_expires_at.astimezone(workshop.zone)
        if registration.status == Registration.OFFERED and registration.offer_expires_at
        else None,
        "editing": editing,
        "problem": problem,
        "notes_open": workshop.notes_open(),
        "notes_until": workshop.end + NOTES_WINDOW,
        "done": request.GET.get("done", ""),
        "now": timezone.now(),
    }
    response = TemplateResponse(request, "workshops/manage.html", context, status=status)
    return _private(response)


@require_http_methods(["GET", "POST"])
def resend_link(request):
    sent = request.GET.get("sent") == "1"
    form = ResendLinkForm()
    status = 200
    if request.method == "POST":
        if not allow("link", request, email=request.POST.get("email")):
            return rate_limited(request, "link")
        form = ResendLinkForm(request.POST)
        if form.is_valid():
            email = form.cleaned_data["email"].strip().lower()
            registrations = Registration.objects.filter(
                email_normalised=email, erased_at__isnull=True
            ).select_related("workshop")
            for registration in registrations:
                tasks.queue("link", registration)
            # Known address or not, the answer is the same redirect to the same page.
            return HttpResponseRedirect(f"{request.path}?sent=1")
        status = 400
    return render(
        request,
        "workshops/resend_link.html",
        {"form": form, "sent": sent, "breadcrumb_title": _("Get your private link again")},
        status=status,
    )


def calendar_feed(request):
    workshops = WorkshopPage.objects.live().public().select_related("seats").order_by("start", "pk")
    response = HttpResponse(
        ics.feed(workshops, _language(), request), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="workshops.ics"'
    return response


def workshop_ics(request, pk):
    workshop = get_object_or_404(
        WorkshopPage.objects.live().public().select_related("seats"), pk=pk
    )
    response = HttpResponse(
        ics.feed([workshop], _language(), request), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="workshop-{workshop.pk}.ics"'
    return response
