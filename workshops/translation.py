"""Which fields of the workshop pages exist in both languages (wagtail-modeltranslation)."""

from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import WorkshopIndexPage, WorkshopPage, WorkshopSeriesPage


@register(WorkshopIndexPage)
class WorkshopIndexPageTR(TranslationOptions):
    fields = ("summary", "intro")


@register(WorkshopPage)
class WorkshopPageTR(TranslationOptions):
    fields = ("venue", "agenda", "record_summary", "minutes", "outputs")


@register(WorkshopSeriesPage)
class WorkshopSeriesPageTR(TranslationOptions):
    fields = ("summary", "intro")
