"""The hub's document model: a Wagtail document with its language and its extracted text."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.search import index

from .document_access import is_public

LANGUAGE_CHOICES = [("en", _("English")), ("fr", _("French"))]


class HubDocument(AbstractDocument):
    """A downloadable file, in one language, whose text is extracted and indexed for search."""

    class Extraction(models.TextChoices):
        PENDING = "pending", _("Waiting for extraction")
        DONE = "done", _("Text extracted")
        FAILED = "failed", _("Text not extracted")
        UNSUPPORTED = "unsupported", _("Format without text")

    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, default="en")
    description = models.TextField(_("description"), blank=True)
    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)
    extraction_status = models.CharField(
        _("text extraction"),
        max_length=12,
        choices=Extraction.choices,
        default=Extraction.PENDING,
        editable=False,
    )
    extraction_error = models.CharField(
        _("why the text was not extracted"), max_length=500, blank=True, editable=False
    )
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True, editable=False)

    admin_form_fields = Document.admin_form_fields + ("language", "description")
    # Its words are no "did you mean" for the public search (hub.search.backends.whoosh), which
    # finds resources; a restricted document's title must not be suggested there.
    search_spelling = False

    search_fields = AbstractDocument.search_fields + [
        index.SearchField("description"),
        # The extracted text is indexed once, under the field named for the document's
        # language (analysed in that language), without word positions (a quoted phrase
        # finds the documents holding all its words); a resource page indexes it again for
        # the site search, through its documents (hub.models.resources).
        index.SearchField("search_text_en", phrase=False),
        index.SearchField("search_text_fr", phrase=False),
        index.FilterField("language"),
        index.FilterField("extraction_status"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def clean(self):
        # The multiple uploader validates a document's details before attaching its file
        # (already checked when it was uploaded): there is no extension to check yet.
        if not self.file:
            return
        super().clean()

    def search_text_en(self):
        return self.extracted_text if self.language == "en" else ""

    def search_text_fr(self):
        return self.extracted_text if self.language == "fr" else ""

    # What a resource page indexes of its documents, for the public site search: nothing of
    # a document in a restricted collection (hub.models.document_access).
    def public_title(self):
        return self.title if self.is_public else ""

    def public_text_en(self):
        return self.search_text_en() if self.is_public else ""

    def public_text_fr(self):
        return self.search_text_fr() if self.is_public else ""

    @property
    def is_public(self):
        return is_public(self)

    @property
    def extension(self):
        return self.file_extension.upper()
