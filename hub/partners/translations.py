"""Which translated fields of a page are filled in one language only.

A field counts when it is registered for translation on the page's class (title, summary and
each field in the app's translation.py); slugs and the SEO fields are left out because they
are optional or derived. A field empty in both languages is not a missing translation: there
is nothing to translate yet.
"""

from django.conf import settings
from modeltranslation.translator import NotRegistered, translator

from hub.i18n import missing_languages

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
IGNORED_FIELDS = {"slug", "seo_title", "search_description", "url_path"}
FIRST_FIELDS = ["title", "summary"]


def translatable_fields(model):
    """The translated fields that count for ``model``, title and summary first."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    names = [name for name in options.all_fields if name not in IGNORED_FIELDS]
    first = [name for name in FIRST_FIELDS if name in names]
    return first + sorted(name for name in names if name not in FIRST_FIELDS)


def field_label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - any unknown field keeps its code name
        return name


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
