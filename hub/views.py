"""Site-wide views: the language-negotiating root and the bilingual error pages."""

from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.vary import vary_on_headers


@vary_on_headers("Accept-Language", "Cookie")
def root_redirect(request):
    """Send ``/`` to the home page in the language the browser (or a past choice) prefers."""
    language = translation.get_language_from_request(request, check_path=False)
    return redirect(f"/{language}/")


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
