"""Which translated fields of a page are filled in one language only.

A field counts when it is registered for translation on the page's class (title, summary and
each field in the app's translation.py); slugs and the SEO fields are left out because they
are optional or derived. A field empty in both languages is not a missing translation: there
is nothing to translate yet.
"""

from django.conf import settings

from hub.i18n import field_label, missing_languages, translatable_fields  # noqa: F401

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def missing_translations(obj, fields=None):
    """``{language: [field, ...]}``: the fields empty in that language but filled in the other."""
    fields = translatable_fields(type(obj)) if fields is None else fields
    result = {code: [] for code in LANGUAGE_CODES}
    for name in fields:
        empty = missing_languages(obj, [name])
        if len(empty) == 1:
            result[empty[0]].append(name)
    return result


def missing_summary(obj):
    """Human-readable list: "summary (French)", one entry per missing field and language."""
    names = {"en": "English", "fr": "French"}
    from django.utils.translation import gettext

    parts = []
    for code, fields in missing_translations(obj).items():
        for name in fields:
            parts.append(
                gettext("%(field)s (%(language)s)")
                % {"field": field_label(type(obj), name), "language": gettext(names[code])}
            )
    return parts


# Every page at once, for the report and the admin home ----------------------------------------

CACHE_SECONDS = 600


def _check_value(value):
    # Revision content keeps StreamFields as JSON text: "[]" is an empty stream.
    if isinstance(value, str) and value.strip() in ("", "[]"):
        return ""
    return value


def _scan(pages):
    """``{pk: missing}`` computed from plain values, without building page objects.

    A page with unpublished changes is judged on its latest revision: editors see the effect
    of a translation as soon as they save it as a draft.
    """
    from types import SimpleNamespace

    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Revision

    result = {}
    type_ids = pages.order_by().values_list("content_type_id", flat=True).distinct()
    for type_id in set(type_ids):
        model = ContentType.objects.get_for_id(type_id).model_class()
        fields = translatable_fields(model) if model is not None else []
        if not fields:
            continue
        names = [f"{name}_{code}" for name in fields for code in LANGUAGE_CODES]
        rows = model.objects.filter(
            pk__in=pages.filter(content_type_id=type_id).values("pk")
        ).values("pk", "has_unpublished_changes", "latest_revision_id", *names)
        rows = list(rows)
        drafts = {
            row["latest_revision_id"]: row
            for row in rows
            if row["has_unpublished_changes"] and row["latest_revision_id"]
        }
        contents = dict(Revision.objects.filter(pk__in=list(drafts)).values_list("pk", "content"))
        for row in rows:
            values = {name: row[name] for name in names}
            content = contents.get(row["latest_revision_id"])
            if content and row["latest_revision_id"] in drafts:
                values.update({name: content[name] for name in names if name in content})
            obj = SimpleNamespace(**{k: _check_value(v) for k, v in values.items()})
            missing = missing_translations(obj, fields)
            if any(missing.values()):
                result[row["pk"]] = missing
    return result


def _stamp():
    """Changes whenever a page is created, deleted, saved as a draft or published."""
    from django.db.models import Count, Max
    from wagtail.models import Page

    stats = Page.objects.aggregate(
        n=Count("pk"),
        top=Max("pk"),
        revised=Max("latest_revision_created_at"),
        published=Max("last_published_at"),
    )
    return "|".join(str(stats[key]) for key in ("n", "top", "revised", "published"))


def missing_map():
    """``{page pk: {language: [field, ...]}}`` for every page with a field in one language only.

    Cached under a stamp of the page table, so it is computed again only after a change.
    """
    import hashlib

    from django.core.cache import cache
    from wagtail.models import Page

    key = "hub:missing-translations:" + hashlib.sha256(_stamp().encode()).hexdigest()[:32]
    result = cache.get(key)
    if result is None:
        result = _scan(Page.objects.filter(depth__gt=1))
        cache.set(key, result, CACHE_SECONDS)
    return result
