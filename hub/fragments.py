"""Rendered pieces of pages kept per content generation: ``{% fragment %}`` (hub_tags).

Much of what a page shows changes only when an editor publishes something: a resource's card
(the same on the home page, the library, every kind's index, a programme page and the related
resources), the footer, a programme's figures and charts. Rendering those costs most of a
request; this keeps their HTML in the process (``hub.memos.memos``, so under the content
generation, replaced on every content change and at most ``MEMO_SECONDS`` old), per language
and host, under a name and the keys the template gives (what else the piece depends on).

A piece that shows only what the visitor may open (the documents of a page's body) says so
(``public``): it is kept for visitors without a session only, who all see the same.

Never kept: a fragment rendered for a preview or a revision, or one that used this request's
CSRF token or CSP nonce while rendering: both are per request, and a page holding a remembered
token would send every visitor the same one.

The archive edition's markup is its own (links kept for the exporter to rewrite, live-only
parts replaced by notes): its fragments are kept apart (``_archived``), under the edition too,
and only during one export (``forget_archived``, called when the crawl ends). Every request of
an export is the same anonymous visitor's (archive.exporter), so what shows only public
documents is kept there as well.
"""

from django.conf import settings
from django.utils.functional import SimpleLazyObject, empty
from django.utils.translation import get_language

from .caching import current_generation
from .memos import MISSING, memos

# A card is about 1 KB: a few thousand of them, and the site-wide pieces, stay in memory.
_fragments = memos(5_000)
# The archive edition's pieces: at 10,000 resources a card each, and the listings' pieces.
_archived = memos(30_000)


def forget_archived():
    """Drop the archive edition's pieces (the export is over)."""
    _archived.clear()


def _token_in(context, html):
    """Whether the CSRF token the page already read (the context's lazy ``csrf_token``, read
    once per request) is in ``html``; a token never read is in no HTML, and stays unread."""
    token = context.get("csrf_token")
    if isinstance(token, SimpleLazyObject):
        token = token._wrapped  # Django's LazyObject keeps the value there once read
        if token is empty:
            return False
    return bool(token) and str(token) in html


def _render_watched(context, request, render):
    """``render()``'s HTML, and whether it used this request's CSRF token or CSP nonce.

    Django flags the request when a token is made: the flag is cleared while rendering (and
    put back) so that a token made earlier in the page does not hide one made here; a token
    read earlier and shown again here is found in the HTML. django-csp makes the nonce on
    first use: new, or found in the HTML, it was used."""
    flagged = request.META.pop("CSRF_COOKIE_NEEDS_UPDATE", None)
    nonce = getattr(request, "_csp_nonce", None)
    try:
        html = render()
    finally:
        made_token = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        if flagged:
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = flagged
    after = getattr(request, "_csp_nonce", None)
    used_nonce = isinstance(after, str) and (after != nonce or after in html)
    return html, made_token or used_nonce or _token_in(context, html)


def can_remember(context):
    """Whether a fragment rendered with this template context may be kept for others."""
    request = context.get("request")
    return (
        request is not None
        and not getattr(request, "is_preview", False)
        and not getattr(request, "is_dummy", False)
        and not context.get("archive")
    )


def sees_public_view(request):
    """Whether ``request`` sees what every anonymous visitor sees: without a session, it is
    signed in to nothing and has passed no view restriction (nor is the session read)."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def fragment_key(request, name, keys):
    return ("fragment", name, get_language(), request.scheme, request.get_host(), *keys)


def render_fragment(context, name, keys, render, public_only=False):
    """``render()``'s HTML for ``name`` and ``keys``, from memory when it was rendered since the
    last content change. ``public_only``: the piece shows what the visitor may open (documents
    under a view restriction), so only the public view is kept, for visitors without a session.
    """
    edition = context.get("archive")
    request = context.get("request")
    if edition is not None and request is not None:
        bucket = _archived
        key = ("archive", edition, *fragment_key(request, name, keys))
    else:
        if not can_remember(context):
            return render()
        if public_only and not sees_public_view(request):
            return render()
        bucket = _fragments
        key = fragment_key(request, name, keys)
    generation = current_generation()
    html = bucket.peek(key, generation)
    if html is MISSING:
        html, per_request = _render_watched(context, request, render)
        if not per_request:
            # The generation read before rendering: a change made meanwhile is never hidden.
            bucket.remember(key, html, generation)
    return html
