"""ASCII page slugs in both languages, whatever the editor or the admin's script typed.

Wagtail's automatic slug keeps accents and drops apostrophes ("L'épicerie solidaire" gives
``lépicerie-solidaire``, served as ``l%C3%A9picerie-solidaire``). Every other address of the
hub is plain ASCII, so ``BasePage.full_clean`` passes each language's slug through here: an
apostrophe separates words, accents are dropped, and a slug that is only the automatic slug
of the title is made again from the title ("l-epicerie-solidaire").
"""

import re
from urllib.parse import unquote

from django.utils.text import slugify

APOSTROPHES = re.compile(r"['’ʼ‘`´]")


def ascii_slug(text):
    """ "L'épicerie solidaire" -> "l-epicerie-solidaire"."""
    return slugify(APOSTROPHES.sub("-", unquote(text or "")), allow_unicode=False)


def _automatic(title):
    """The slugs Wagtail's script derives from a title (with and without accents)."""
    text = APOSTROPHES.sub("", title or "")
    return {slugify(text, allow_unicode=True), slugify(text, allow_unicode=False)}


def clean_slug(slug, title):
    """The slug to store: ASCII, and remade from the title when it was the automatic one."""
    if not slug:
        return slug
    if title and unquote(slug) in _automatic(title):
        return ascii_slug(title) or slug
    if slug.isascii() and "%" not in slug:
        return slug
    return ascii_slug(slug) or slug
