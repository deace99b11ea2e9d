"""Which fields of the hub's models exist in both languages (wagtail-modeltranslation)."""

from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import (
    HomePage,
    LibraryPage,
    NavLink,
    Partner,
    Place,
    ResourcePage,
    SiteSettings,
    StandardPage,
    Theme,
)
from .models.wayfinding import PartnerIndexPage, ThemeIndexPage


@register(ResourcePage)
class ResourcePageTR(TranslationOptions):
    fields = ("summary", "image_alt")


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("summary", "intro", "body")


@register(StandardPage)
class StandardPageTR(TranslationOptions):
    fields = ("summary", "body")


@register(LibraryPage)
class LibraryPageTR(TranslationOptions):
    fields = ("summary", "intro")


@register(Theme)
class ThemeTR(TranslationOptions):
    fields = ("name", "description", "page_slug")


@register(Partner)
class PartnerTR(TranslationOptions):
    fields = ("name", "description", "page_slug", "region")


@register(Place)
class PlaceTR(TranslationOptions):
    fields = ("name",)


@register(SiteSettings)
class SiteSettingsTR(TranslationOptions):
    fields = ("organisation", "tagline")


@register(NavLink)
class NavLinkTR(TranslationOptions):
    fields = ("label",)


@register(ThemeIndexPage)
class ThemeIndexPageTR(TranslationOptions):
    fields = ("summary", "intro")


@register(PartnerIndexPage)
class PartnerIndexPageTR(TranslationOptions):
    fields = ("summary", "intro")
