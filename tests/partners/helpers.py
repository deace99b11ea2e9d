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


def toolkit_form_data(page=None, **overrides):
    """POST data for the toolkit page form (no documents, no related resources, empty body)."""
    data = {
        "title_en": page.title_en if page else "New toolkit",
        "title_fr": page.title_fr if page else "Nouvelle boîte à outils",
        "slug_en": page.slug_en if page else "new-toolkit",
        "slug_fr": page.slug_fr if page else "nouvelle-boite",
        "summary_en": page.summary_en if page else "",
        "summary_fr": page.summary_fr if page else "",
        "licence": "cc-by-4.0",
        "in_english": "on",
        "in_french": "on",
    }
    for prefix in ("documents", "related_resources", "comments"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    for stream in ("body_en", "body_fr"):
        data[f"{stream}-count"] = "0"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def messages_of(response):
    return [str(message) for message in response.context["messages"]]
