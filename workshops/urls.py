"""Public workshop addresses under /en/ and /fr/: private link, resend, calendars."""

from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("<int:pk>/event.ics", views.workshop_ics, name="event_ics"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("resend-link/", views.resend_link, name="resend_link"),
]
