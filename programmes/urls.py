"""Addresses of the open data: the downloads and the DCAT-AP catalogue (no language prefix:
machines fetch them), the page that lists them (under /en/ and /fr/, in hub.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("catalogue.<str:extension>", views.catalogue, name="open-data-catalogue"),
    path("<str:name>.<str:extension>", views.dataset, name="open-data"),
]
