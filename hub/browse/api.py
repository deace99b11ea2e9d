"""Read-only Wagtail API v2 (pages and documents) for other sites, both languages in each item."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet


class HubPagesAPIViewSet(PagesAPIViewSet):
    """Pages with their English and French titles, summaries and addresses."""

    body_fields = PagesAPIViewSet.body_fields + ["title_en", "title_fr"]
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["title_en", "title_fr"]


class HubDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Documents with their language, format and size."""

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
