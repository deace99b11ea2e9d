"""Cross-language retrieval: the visitor's query translated into the other language.

The translation is done above the search backend, with the bilingual glossary moderators edit
(``hub.models.GlossaryConcept``) and the English and French names of the themes and places:
each is a concept with terms in both languages. The query is analysed like the index analyses
text in the visitor's language (folded, stop words out, stemmed), its longest runs of words
that name a concept are replaced by that concept's terms in the other language (any of them),
and the words no concept covers are kept as they are (names, numbers and cognates still match:
"mobility" and "mobilité" share a French stem).

The glossary is read once per content generation (``hub.memos.memo``): saving a concept
replaces the generation, so the next search uses it, with no rebuild of the index.
"""

from dataclasses import dataclass

from modelsearch.query import And, Or, PlainText

from ..i18n import other_language
from ..memos import memo
from .text import folded_words, stem_pairs, stems

LANGUAGES = ("en", "fr")


def _key(term, language):
    return tuple(stems(term, language))


def _concepts():
    """Every concept as {"en": [terms], "fr": [terms]}: the glossary, then themes and places."""
    from ..models import GlossaryConcept, Place, Theme

    concepts = [
        {"en": concept.terms("en"), "fr": concept.terms("fr")}
        for concept in GlossaryConcept.objects.all()
    ]
    for model in (Theme, Place):
        for name_en, name_fr in model.objects.values_list("name_en", "name_fr"):
            if name_en and name_fr and name_en.strip().lower() != name_fr.strip().lower():
                concepts.append({"en": [name_en.strip()], "fr": [name_fr.strip()]})
    return concepts


def glossary():
    """(concepts, {language: {stemmed words of a term: concept number}}, longest term)."""

    def build():
        concepts = _concepts()
        index = {language: {} for language in LANGUAGES}
        longest = 1
        for number, concept in enumerate(concepts):
            for language in LANGUAGES:
                for term in concept[language]:
                    key = _key(term, language)
                    if key:
                        index[language].setdefault(key, number)
                        longest = max(longest, len(key))
        return concepts, index, longest

    return memo("hub-search-glossary", build)


def glossary_words():
    """The folded words of every term of the glossary, in both languages: words the site
    knows even when no resource holds them (so "did you mean" leaves them alone)."""

    def build():
        concepts, _index, _longest = glossary()
        return frozenset(
            word
            for concept in concepts
            for language in LANGUAGES
            for term in concept[language]
            for word in folded_words(term)
        )

    return memo("hub-search-glossary-words", build)


@dataclass
class Translation:
    """A query in the other language: groups of alternative terms, and untranslated words."""

    language: str
    groups: list
    rest: list

    @property
    def searched(self):
        """Every term searched in the other language, [(term, language)]."""
        return [(term, self.language) for group in self.groups for term in group]

    @property
    def also_searched(self):
        """The preferred term of each concept, [(term, language)], for the results page."""
        return [(group[0], self.language) for group in self.groups]

    def query(self, operator):
        parts = [Or([PlainText(term, operator="and") for term in group]) for group in self.groups]
        if self.rest:
            parts.append(PlainText(" ".join(self.rest), operator=operator))
        if len(parts) == 1:
            return parts[0]
        return And(parts) if operator == "and" else Or(parts)


def translate(query, language):
    """The Translation of ``query`` from ``language``, or None when no concept is named."""
    if language not in LANGUAGES:
        return None
    concepts, index, longest = glossary()
    terms = index[language]
    if not terms:
        return None
    words = stem_pairs(query, language)
    query_stems = [stem for stem, _original in words]
    originals = [original for _stem, original in words]
    target = other_language(language)
    groups, rest, seen = [], [], set()
    i = 0
    while i < len(query_stems):
        for size in range(min(longest, len(query_stems) - i), 0, -1):
            number = terms.get(tuple(query_stems[i : i + size]))
            if number is not None:
                if number not in seen and concepts[number][target]:
                    seen.add(number)
                    groups.append(concepts[number][target])
                i += size
                break
        else:
            rest.append(originals[i])
            i += 1
    if not groups:
        return None
    return Translation(language=target, groups=groups, rest=rest)
