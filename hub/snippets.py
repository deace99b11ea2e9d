"""Admin viewsets of the taxonomy snippets (themes, partners and places, in both languages) and
of the search glossary."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import GlossaryConcept, Partner, Place, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name_en", "name_fr", "slug"]
    search_fields = ["name_en", "name_fr", "slug"]
    ordering = ["slug"]


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    list_display = ["name_en", "name_fr", "country", "region"]
    list_filter = ["country"]
    search_fields = ["name_en", "name_fr", "short_name", "slug"]


class PlaceViewSet(SnippetViewSet):
    model = Place
    icon = "site"
    list_display = ["__str__", "country", "slug"]
    list_filter = ["country"]


class GlossaryViewSet(SnippetViewSet):
    model = GlossaryConcept
    icon = "search"
    menu_label = _("Search glossary")
    list_display = ["english_list", "french_list", "note", "updated_at"]
    search_fields = ["english_terms", "french_terms", "note"]
    search_backend_name = None  # plain database lookups: the glossary is small
    ordering = ["english_terms"]


class TaxonomyGroup(SnippetViewSetGroup):
    items = (ThemeViewSet, PartnerViewSet, PlaceViewSet, GlossaryViewSet)
    menu_icon = "tag"
    menu_label = _("Taxonomy")
    menu_name = "taxonomy"
