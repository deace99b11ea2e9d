"""Which fields of toolkits, town-centre plans and publications exist in both languages."""

from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import (
    PublicationIndexPage,
    PublicationPage,
    ToolkitIndexPage,
    ToolkitPage,
    TownCentrePlanIndexPage,
    TownCentrePlanPage,
)


@register(ToolkitIndexPage)
class ToolkitIndexPageTR(TranslationOptions):
    fields = ("summary", "intro")


@register(ToolkitPage)
class ToolkitPageTR(TranslationOptions):
    fields = ("body",)


@register(TownCentrePlanIndexPage)
class TownCentrePlanIndexPageTR(TranslationOptions):
    fields = ("summary", "intro")


@register(TownCentrePlanPage)
class TownCentrePlanPageTR(TranslationOptions):
    fields = ("vision", "body")


@register(PublicationIndexPage)
class PublicationIndexPageTR(TranslationOptions):
    fields = ("summary", "intro")


@register(PublicationPage)
class PublicationPageTR(TranslationOptions):
    fields = ("body",)
