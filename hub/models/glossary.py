"""The bilingual search glossary: concepts with their English and French terms.

Moderators edit it in the admin (Snippets > Search glossary). The search page translates a
visitor's query with it, above the search backend (``hub.search.crosslang``), so an edit takes
effect on the next search, with no index rebuild. Themes and places need no entry: their
English and French names are read from the taxonomy.

The terms are two plain fields, one per language, never registered with modeltranslation:
which language a term is in must not depend on the admin language of the moderator.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel

_SEPARATORS = re.compile(r"[\n;]+")
MAX_TERMS = 20


def split_terms(text):
    """The terms of a field: one per line (or separated by ";"), blanks and repeats dropped."""
    terms = (term.strip() for term in _SEPARATORS.split(text or ""))
    return list(dict.fromkeys(term for term in terms if term))


class GlossaryConcept(models.Model):
    """One concept, named in both languages; the first term of each is its preferred term."""

    english_terms = models.TextField(
        _("English terms"),
        help_text=_("One per line: the preferred term first, then variants and plurals."),
    )
    french_terms = models.TextField(
        _("French terms"),
        help_text=_("One per line: the preferred term first, then variants and plurals."),
    )
    note = models.CharField(_("note for moderators"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        HelpPanel(
            content=_(
                "A search in one language also looks for this concept's terms in the other "
                "language. Changes apply to the next search."
            )
        ),
        FieldRowPanel([FieldPanel("english_terms"), FieldPanel("french_terms")]),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("glossary concept")
        verbose_name_plural = _("search glossary")
        ordering = ["english_terms"]

    def __str__(self):
        english, french = self.terms("en"), self.terms("fr")
        return f"{english[0] if english else '?'} / {french[0] if french else '?'}"

    def terms(self, language):
        return split_terms(self.english_terms if language == "en" else self.french_terms)

    # The admin listing shows the terms as a list (a field's line breaks would not show).
    def english_list(self):
        return "; ".join(self.terms("en"))

    english_list.short_description = _("English terms")

    def french_list(self):
        return "; ".join(self.terms("fr"))

    french_list.short_description = _("French terms")

    def clean(self):
        errors = {}
        for name, language in (("english_terms", "en"), ("french_terms", "fr")):
            terms = self.terms(language)
            if not terms:
                errors[name] = _("Give at least one term.")
            elif len(terms) > MAX_TERMS:
                errors[name] = _("At most %(n)s terms per language.") % {"n": MAX_TERMS}
            elif any(len(term) > 100 for term in terms):
                errors[name] = _("A term is at most 100 characters long.")
        if errors:
            raise ValidationError(errors)
