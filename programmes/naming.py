"""Which programme a piece of text names: an import manifest's ``programme`` column, or (when a
manifest has none) a row's key and titles, matched against the programmes the hub holds."""

import re
import unicodedata

# Words naming the legacy corpus's programmes in keys, titles and free text, by the slug of
# their record (programmes.demo and the 0002 migration use these slugs).
KNOWN_WORDS = {
    "c-care": ("c care", "ccare"),
    "calvados-social-recovery": ("calvados", "relance sociale"),
    "territoires-partages": ("territoires partages",),
    "cantal-solidarity-pact": ("cantal", "pacte des solidarites", "solidarity pact"),
}


def fold(text):
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def find_programme(value, programmes):
    """The programme ``value`` names exactly (slug, acronym or a title), else None."""
    wanted = fold(value)
    if not wanted:
        return None
    for programme in programmes:
        names = {fold(programme.slug), fold(programme.acronym), fold(programme.title_en)}
        names |= {fold(programme.title_fr)}
        if wanted in names - {""}:
            return programme
    return guess_programme(value, programmes)


def guess_programme(text, programmes):
    """The programme whose known words appear in ``text`` (a key, a title), else None."""
    folded = f" {fold(text)} "
    by_slug = {programme.slug: programme for programme in programmes}
    for slug, words in KNOWN_WORDS.items():
        if slug in by_slug and any(f" {word} " in folded for word in words):
            return by_slug[slug]
    for programme in programmes:
        acronym = fold(programme.acronym)
        if acronym and f" {acronym} " in folded:
            return programme
    return None
