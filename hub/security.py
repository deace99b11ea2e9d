"""Security hardening that applies across the site.

DocumentDownloadMiddleware: documents are uploaded by partner editors and may be HTML, or
anything that merely claims to be a PDF. Whatever their type, Wagtail's serve view (which has
already checked the collection's privacy) sends them as downloads the browser must neither
render nor run: ``Content-Disposition: attachment`` and a CSP that forbids every resource and
sandboxes the response. A middleware rather than a ``before_serve_document`` hook, because a
hook can only replace the response, and Wagtail's file responses are streamed.
"""

from urllib.parse import quote

DOCUMENT_CSP = "default-src 'none'; sandbox"
DOCUMENT_VIEWS = {"wagtaildocs_serve", "wagtaildocs_serve_wagtail"}


class DocumentDownloadMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name in DOCUMENT_VIEWS:
            # Wagtail's pattern passes (id, filename) positionally.
            args = match.args or tuple(match.kwargs.values())
            harden_document_response(response, args[1] if len(args) > 1 else "")
        return response


def harden_document_response(response, filename):
    if response.status_code in (200, 206, 304) and filename:
        name = quote(filename)
        response["Content-Disposition"] = f"attachment; filename={name}; filename*=UTF-8''{name}"
    # django-csp leaves an existing Content-Security-Policy header alone.
    response["Content-Security-Policy"] = DOCUMENT_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
