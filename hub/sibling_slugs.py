"""wagtail-modeltranslation's sibling-slug checks, asking the database for the few siblings
that could clash instead of loading every sibling page.

wagtail-modeltranslation checks, in every language, that a page's slug (with the fallback
languages applied) is not a sibling's. It does so twice on each save, once in the page's
``clean()`` and once in the admin form's ``clean()``, and both times it builds a model
instance of every sibling to read its slug: at 2,000 toolkits under one index that is 4,000
instances per save, and at 10,000 resources a publish took 3 s, almost all of it there.

A sibling's slug in a language is one of its slug columns (its own language's, or a fallback
language's), so a sibling that clashes has, in some slug column, one of the slugs the page
would have. ``clashing_languages`` first asks for those siblings only (one query, a handful
of rows), then applies the library's own rule to them: the same answer, from a few rows.
``install()`` (from ``HubConfig.ready``) puts this in place of both checks.
"""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

IN_USE = _("This slug is already in use")


def _languages():
    return [code for code, _name in settings.LANGUAGES]


def clashing_languages(siblings, slugs):
    """The languages whose slug in ``slugs`` ({language: slug}) a page of ``siblings`` has."""
    wanted = {slug for slug in slugs.values() if slug is not None}
    if not wanted:
        return set()
    columns = ["slug"] + [build_localized_fieldname("slug", code) for code in _languages()]
    near = Q()
    for column in columns:
        near |= Q(**{f"{column}__in": wanted})
    candidates = list(siblings.filter(near))
    clashes = set()
    for code, slug in slugs.items():
        if slug is None:
            continue
        with translation.override(code):
            if any(sibling.slug == slug for sibling in candidates):
                clashes.add(code)
    return clashes


def validate_slugs(page):
    """The errors of ``wagtail_modeltranslation.patch_wagtailadmin._validate_slugs``."""
    if page.get_parent() is None:
        return {}
    slugs = {}
    for code in _languages():
        with translation.override(code):
            slugs[code] = page.slug
    siblings = page.get_siblings(inclusive=False)
    return {
        build_localized_fieldname("slug", code): IN_USE
        for code in clashing_languages(siblings, slugs)
    }


def _is_modeltranslation_form(form):
    return form.__qualname__.endswith("WagtailFixedAdminPageForm")


def narrow_form(form):
    """The page's own form class with modeltranslation's slug check, asking for candidates.

    modeltranslation wraps a model's form once per registered model, so an inherited form
    can be wrapped twice; every wrapper's ``clean`` loops over every sibling. The wrappers are
    taken off and this ``clean`` runs the page form's own checks, then the same rule.
    """
    while _is_modeltranslation_form(form):
        form = form.__bases__[0]

    class SiblingSlugForm(form):
        def clean(self):
            cleaned_data = super().clean()
            siblings = self.parent_page.get_children()
            if self.instance.pk:
                siblings = siblings.not_page(self.instance)
            slugs = {
                code: self.cleaned_data.get(build_localized_fieldname("slug", code))
                for code in _languages()
            }
            for code in sorted(clashing_languages(siblings, slugs)):
                self.add_error(
                    build_localized_fieldname("slug", code), forms.ValidationError(IN_USE)
                )
            return cleaned_data

    return SiblingSlugForm


def _page_models():
    seen, todo = [], [Page]
    while todo:
        model = todo.pop()
        seen.append(model)
        todo.extend(model.__subclasses__())
    return [model for model in seen if not model._meta.abstract]


def install():
    """Replace both checks; idempotent (a second call changes nothing)."""
    from wagtail_modeltranslation import patch_wagtailadmin

    # The patched ``clean`` of every page model looks this name up when it runs.
    patch_wagtailadmin._validate_slugs = validate_slugs
    for model in _page_models():
        form = model.__dict__.get("base_form_class")
        if form is not None and _is_modeltranslation_form(form):
            model.base_form_class = narrow_form(form)
