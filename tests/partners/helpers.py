"""Assertions on Wagtail admin responses: allowed, denied (redirect home), or login."""

from django.urls import reverse


def assert_allowed(response):
    assert response.status_code == 200, (response.status_code, response.get("Location"))


def assert_denied(response):
    """Wagtail answers a refusal with a redirect to the admin home and an error message."""
    assert response.status_code == 302, response.status_code
    assert response["Location"] == reverse("wagtailadmin_home")


def assert_login(response):
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith(reverse("wagtailadmin_login") + "?next=")


def check(response, expected):
    {"allow": assert_allowed, "deny": assert_denied, "login": assert_login}[expected](response)
