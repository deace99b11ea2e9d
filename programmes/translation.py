"""Which fields of programmes and indicators exist in both languages."""

from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import (
    ImpactPage,
    ProgrammeContact,
    ProgrammeFunder,
    ProgrammeIndexPage,
    ProgrammeIndicator,
    ProgrammePage,
    ProgrammeStrand,
    ResourceIndicator,
)


@register(ProgrammeIndexPage)
class ProgrammeIndexPageTR(TranslationOptions):
    fields = ("summary", "intro")


@register(ImpactPage)
class ImpactPageTR(TranslationOptions):
    fields = ("summary", "intro")


@register(ProgrammePage)
class ProgrammePageTR(TranslationOptions):
    fields = ("summary", "funding_scheme", "aims", "body")


@register(ProgrammeFunder)
class ProgrammeFunderTR(TranslationOptions):
    fields = ("name", "note")


@register(ProgrammeStrand)
class ProgrammeStrandTR(TranslationOptions):
    fields = ("title", "description")


@register(ProgrammeContact)
class ProgrammeContactTR(TranslationOptions):
    fields = ("role",)


@register(ProgrammeIndicator)
class ProgrammeIndicatorTR(TranslationOptions):
    fields = ("label", "unit_name", "note")


@register(ResourceIndicator)
class ResourceIndicatorTR(TranslationOptions):
    fields = ("label", "unit_name", "note")
