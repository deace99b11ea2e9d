"""Admin viewsets of the taxonomy snippets: themes, partners and places, in both languages."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Partner, Place, Theme


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


class TaxonomyGroup(SnippetViewSetGroup):
    items = (ThemeViewSet, PartnerViewSet, PlaceViewSet)
    menu_icon = "tag"
    menu_label = _("Taxonomy")
    menu_name = "taxonomy"
