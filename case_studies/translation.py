"""Which fields of case studies exist in both languages (the transcript among them)."""

from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import CaseStudyIndexPage, CaseStudyPage


@register(CaseStudyIndexPage)
class CaseStudyIndexPageTR(TranslationOptions):
    fields = ("summary", "intro")


@register(CaseStudyPage)
class CaseStudyPageTR(TranslationOptions):
    fields = ("body", "video_title", "video_transcript")
