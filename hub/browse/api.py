"""Read-only Wagtail API v2 (pages and documents) for other sites, both languages in each item.

Every address in an answer (detail_url, html_url, download_url, the parent's) starts with the
request's own host (hub.links), not with the Site record's or a fixed setting's.
"""

from django.urls import NoReverseMatch
from rest_framework.fields import SkipField
from wagtail.api.v2 import serializers
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentDownloadUrlField, DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet

from ..links import absolute, page_url


class DetailUrlField(serializers.DetailUrlField):
    def get_attribute(self, instance):
        path = self.context["router"].get_object_detail_urlpath(type(instance), instance.pk)
        if not path:
            raise SkipField  # no endpoint for this model
        return absolute(path, self.context["request"])


class HtmlUrlField(serializers.PageHtmlUrlField):
    def to_representation(self, page):
        try:
            return page_url(page, self.context["request"])
        except NoReverseMatch:
            return None


class DownloadUrlField(DocumentDownloadUrlField):
    def to_representation(self, document):
        return absolute(document.url, self.context["request"])


class ParentField(serializers.PageParentField):
    def to_representation(self, value):
        serializer_class = serializers.get_serializer_class(
            value.__class__,
            ["id", "type", "detail_url", "html_url", "title"],
            meta_fields=["type", "detail_url", "html_url"],
            base=HubPageSerializer,
        )
        return serializer_class(context=self.context).to_representation(value)


class HubPageSerializer(serializers.PageSerializer):
    detail_url = DetailUrlField(read_only=True)
    html_url = HtmlUrlField(read_only=True)
    parent = ParentField(read_only=True)


class HubDocumentSerializer(DocumentSerializer):
    detail_url = DetailUrlField(read_only=True)
    download_url = DownloadUrlField(read_only=True)


class HubPagesAPIViewSet(PagesAPIViewSet):
    """Pages with their English and French titles, summaries and addresses."""

    base_serializer_class = HubPageSerializer
    body_fields = PagesAPIViewSet.body_fields + ["title_en", "title_fr"]
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["title_en", "title_fr"]


class HubDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Documents with their language, format and size."""

    base_serializer_class = HubDocumentSerializer
    body_fields = DocumentsAPIViewSet.body_fields + [
        "language",
        "description",
        "file_extension",
        "file_size",
    ]
    listing_default_fields = DocumentsAPIViewSet.listing_default_fields + [
        "language",
        "file_extension",
        "file_size",
    ]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", HubPagesAPIViewSet)
api_router.register_endpoint("documents", HubDocumentsAPIViewSet)
