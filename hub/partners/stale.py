"""Translations that may be out of date, per field: kept up to date on every admin save.

Each page keeps, per translated field and language, a digest of the text as last saved
(``hub.models.StaleTranslation``). When the page is saved in the admin (autosaves included),
the latest revision is compared with those digests, so saving the same revision again changes
nothing. A field whose text was changed (not written for the first time) in one language, while
the other language's text (already written) stayed as it was, is flagged "may be out of date"
in that other language. The flag goes when the field is saved in its own language (its text
changes there: the translation caught up, which flags nothing in return) or when the changed
text is emptied. The edit form (``hub.models.panels``) and the missing-translations report read
the flags.
"""

import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Revision

from hub.i18n import translatable_fields
from hub.models import StaleTranslation

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _text(value):
    """A comparable form of a field's stored value (revision content keeps streams as JSON)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    value = value.strip()
    return "" if value in ("[]", "{}") else value


def _digest(text):
    """ "" for an empty text (nothing written), else a digest of the text."""
    if not strip_tags(text).strip():
        return ""
    return hashlib.sha256(text.encode()).hexdigest()


def _previous_revision(page, latest):
    return (
        Revision.page_revisions.filter(object_id=str(page.pk))
        .exclude(pk=latest.pk)
        .filter(created_at__lte=latest.created_at)
        .order_by("-created_at", "-pk")
        .first()
    )


@transaction.atomic
def record(page, user=None):
    """Compare the page's latest revision with the text last recorded; update the flags."""
    latest = page.latest_revision
    fields = translatable_fields(type(page))
    if latest is None or not fields:
        return []
    states = {
        (s.field, s.language): s
        for s in StaleTranslation.objects.select_for_update().filter(page_id=page.pk)
    }
    if not states:
        # First tracked save: the revision before it is what the editor started from.
        previous = _previous_revision(page, latest)
        base = previous.content if previous is not None else latest.content
        for name in fields:
            for code in LANGUAGE_CODES:
                states[(name, code)] = StaleTranslation(
                    page_id=page.pk,
                    field=name,
                    language=code,
                    digest=_digest(_text(base.get(f"{name}_{code}"))),
                )
    now = timezone.now()
    changed_by = user if user is not None and user.pk else None
    for name in fields:
        current, was_stale = {}, {}
        for code in LANGUAGE_CODES:
            state = states.setdefault(
                (name, code), StaleTranslation(page_id=page.pk, field=name, language=code)
            )
            new = _digest(_text(latest.content.get(f"{name}_{code}")))
            current[code] = (state, state.digest, new)
            was_stale[code] = state.stale
        for code, (state, old, new) in current.items():
            if old == new:
                continue
            state.stale = False  # saved in its own language
            for other in (c for c in LANGUAGE_CODES if c != code):
                other_state, other_old, other_new = current[other]
                if other_old != other_new:
                    continue  # both languages changed together
                if not new or not other_new:
                    other_state.stale = False  # emptied, or never written: a missing one
                elif old and not was_stale[code]:
                    # Changed (not first written, not a translation catching up).
                    other_state.stale = True
                    other_state.changed_at = now
                    other_state.changed_by = changed_by
        for code, (state, old, new) in current.items():
            if state.pk is None or old != new or state.stale != was_stale[code]:
                state.digest = new
                state.save()
    return flags(page)


def flags(page):
    return list(
        StaleTranslation.objects.filter(page_id=page.pk, stale=True).order_by("field", "language")
    )


def stale_map(page_ids=None):
    """``{page pk: {language: [field, ...]}}`` for the pages with flags."""
    rows = StaleTranslation.objects.filter(stale=True).order_by("page_id", "field")
    if page_ids is not None:
        rows = rows.filter(page_id__in=page_ids)
    result = {}
    for page_id, name, code in rows.values_list("page_id", "field", "language"):
        result.setdefault(page_id, {c: [] for c in LANGUAGE_CODES})[code].append(name)
    return result
