"""Site-wide views: the language-negotiating root, robots.txt, the favicon and the error pages."""

from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.vary import vary_on_headers


@vary_on_headers("Accept-Language", "Cookie")
def root_redirect(request):
    """Send ``/`` to the home page in the language the browser (or a past choice) prefers."""
    language = translation.get_language_from_request(request, check_path=False)
    return redirect(f"/{language}/")


def robots_txt(request):
    """Crawlers may read every public page; the sitemap lists them. Private pages stay out."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /en/workshop/manage/",
        "Disallow: /fr/workshop/manage/",
        "Disallow: /en/search/",
        "Disallow: /fr/search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page says: the SVG icon."""
    return redirect(static("img/favicon.svg"), permanent=True)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    """A 500 page that needs neither the database nor the request's context processors."""
    template = loader.get_template("500.html")
    language = translation.get_language_from_path(request.path) or "en"
    with translation.override(language):
        body = template.render({"LANGUAGE_CODE": language, "request_path": request.path})
    return HttpResponseServerError(body)
