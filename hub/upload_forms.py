"""The admin's document and image forms (WAGTAILDOCS_DOCUMENT_FORM_BASE, WAGTAILIMAGES_...).

Wagtail builds every document form from this base: the single upload, the multiple upload
("Add a document", the admin's main button), the edit form and the upload tab of the choosers
inside the page editor. So every path checks the same things, from ``hub.uploads``:

* the size, against the one limit (``HUB_UPLOAD_MAX_BYTES``), saying both sizes;
* that the content is what the name says (a ".pdf" that is an HTML page is refused);
* the document's language, which the multiple uploader does not send: it defaults to the
  editor's admin language and can be changed in the form shown after the upload.

Partner editors hold permissions on their own partner's collection only, so Wagtail files
their uploads there without asking (its collection field disappears when there is one choice).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from hub.models.documents import LANGUAGE_CHOICES

from . import uploads
from .i18n import current_language


def _limit_size(field):
    """The field's limit from HUB_UPLOAD_MAX_BYTES, and a message naming both sizes."""
    field.max_upload_size = uploads.max_upload_bytes()
    field.max_upload_size_text = filesizeformat(field.max_upload_size)
    field.help_text = gettext("At most %(size)s.") % {"size": field.max_upload_size_text}
    field.error_messages["file_too_large_unknown_size"] = gettext(
        "This file is too large: the limit is %(size)s."
    ) % {"size": field.max_upload_size_text}

    def check(uploaded):
        message = uploads.too_large(uploaded.size, field.max_upload_size)
        if message:
            raise ValidationError(message, code="file_too_large")

    return check


def _admin_language():
    language = current_language()
    return language if language in dict(LANGUAGE_CHOICES) else "en"


class HubDocumentBaseForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        file_field = self.fields.get("file")
        if file_field is not None:
            file_field.check_document_file_size = _limit_size(file_field)
        language = self.fields.get("language")
        if language is not None:
            # The multiple uploader posts only the file, its title and its collection.
            language.required = False
            if not self.instance.pk:
                language.initial = _admin_language()
            language.help_text = _(
                "The language of the document's text: its words are searched in this language."
            )

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            extension = uploaded.name.rsplit(".", 1)[-1] if "." in uploaded.name else ""
            message = uploads.content_mismatch(extension, uploads.read_head(uploaded))
            if message:
                raise ValidationError(message, code="content_mismatch")
        return uploaded

    def clean_language(self):
        value = self.cleaned_data.get("language")
        if value:
            return value
        return self.instance.language if self.instance.pk else _admin_language()


class HubImageBaseForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        file_field = self.fields.get("file")
        if isinstance(file_field, forms.FileField):
            file_field.check_image_file_size = _limit_size(file_field)
            file_field.help_text = gettext("Supported formats: %(formats)s. At most %(size)s.") % {
                "formats": file_field.supported_formats_text,
                "size": file_field.max_upload_size_text,
            }
