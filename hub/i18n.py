"""Language helpers: which language a translated value really comes from, and the switcher."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import strip_tags

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
NATIVE_NAMES = {"en": "English", "fr": "Français"}


def current_language():
    """The two-letter code of the active language (the default when none is active)."""
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


def other_language(code=None):
    """The other of the site's two languages (of the active one without ``code``)."""
    return "fr" if (code if code is not None else current_language())[:2] == "en" else "en"


def _is_empty(value):
    if value is None:
        return True
    if isinstance(value, str):
        return not strip_tags(value).strip()
    try:
        return len(value) == 0
    except TypeError:
        return False


@dataclass
class TranslatedValue:
    """A field's value in the visitor's language, or in the other one when it is missing."""

    value: object
    lang: str
    fallback: bool

    def __str__(self):
        return "" if self.value is None else str(self.value)


def translated(obj, field, language=None):
    language = (language or current_language())[:2]
    order = [language] + [code for code in LANGUAGE_CODES if code != language]
    for code in order:
        value = getattr(obj, f"{field}_{code}", None)
        if not _is_empty(value):
            source = _copied_from(obj, field, code, value)
            return TranslatedValue(value, source, source != language)
    return TranslatedValue(getattr(obj, field, None), language, False)


LANGUAGE_FLAGS = {"en": "in_english", "fr": "in_french"}


def _copied_from(obj, field, code, value):
    """The language a value is really written in.

    Page titles are required in English, so a resource that exists only in French carries its
    French title in the English field too; its ``in_english`` flag tells us it is a copy.
    """
    flag = LANGUAGE_FLAGS.get(code)
    if flag and getattr(obj, flag, True) is False:
        for other in LANGUAGE_CODES:
            if other != code and getattr(obj, f"{field}_{other}", None) == value:
                return other
    return code


def missing_languages(obj, fields):
    """The languages in which any of ``fields`` is empty: what editors still have to write."""
    return [
        code
        for code in LANGUAGE_CODES
        if any(_is_empty(getattr(obj, f"{field}_{code}", None)) for field in fields)
    ]


# Translated fields that are not the page's text: optional, derived or technical.
NOT_TEXT_FIELDS = {"slug", "seo_title", "search_description", "url_path"}
FIRST_FIELDS = ["title", "summary"]


def translatable_fields(model):
    """The translated text fields of ``model`` (wagtail-modeltranslation), title and summary
    first, then the others by name; [] for a model without translated fields."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    names = [name for name in options.all_fields if name not in NOT_TEXT_FIELDS]
    first = [name for name in FIRST_FIELDS if name in names]
    return first + sorted(name for name in names if name not in FIRST_FIELDS)


def field_label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - any unknown field keeps its code name
        return name


def written_languages(obj, fields=None):
    """The languages the object's text is written in, from which fields are filled.

    A language counts when some field beyond the title is filled in it: the English title of a
    French-only resource is a copy of the French one (titles are required in English). With
    nothing filled beyond the titles, the titles decide.
    """
    fields = translatable_fields(type(obj)) if fields is None else fields
    text = [name for name in fields if name != "title"]

    def filled(code, names):
        return any(not _is_empty(getattr(obj, f"{name}_{code}", None)) for name in names)

    found = [code for code in LANGUAGE_CODES if filled(code, text)]
    return found or [code for code in LANGUAGE_CODES if filled(code, ["title"])]


def url_in_language(request, language, page=None):
    """The address of what the visitor is looking at, in ``language``."""
    if page is not None and getattr(page, "pk", None):
        with translation.override(language):
            url = page.get_url(request=request)
        if url:
            query = request.META.get("QUERY_STRING") if request else ""
            # Filters and page numbers survive the switch: listings keep their state.
            return f"{url}?{query}" if query else url
    if request is None:
        return f"/{language}/"
    full_path = request.get_full_path()
    url = translate_url(full_path, language)
    if url == full_path:
        current = current_language()
        prefix = f"/{current}/"
        path = urlsplit(full_path).path
        if path.startswith(prefix):
            url = f"/{language}/" + full_path[len(prefix) :]
        elif current != language:
            url = f"/{language}/"
    return url


def language_links(request, page=None):
    current = current_language()
    return [
        {
            "code": code,
            "name": NATIVE_NAMES.get(code, code),
            "url": url_in_language(request, code, page),
            "current": code == current,
        }
        for code in LANGUAGE_CODES
    ]
