"""What every upload path agrees on: one size limit, and a file whose content matches its name.

Used by the admin's document and image forms (single and multiple upload, the choosers in the
page editor: ``hub.upload_forms``) and by the legacy importer (``hub.importer``), so that a file
refused on one path is refused on every path, with the same words. The limit is the
``HUB_UPLOAD_MAX_BYTES`` setting (50 MiB by default).
"""

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.extraction.formats import sniff

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# What the first bytes may look like (hub.extraction.formats.sniff) for each extension. Office
# formats are ZIP archives; an HTML page saved as .txt is still read (as HTML) by extraction.
EXPECTED_CONTENT = {
    "pdf": {"pdf"},
    "docx": {"zip"},
    "xlsx": {"zip"},
    "pptx": {"zip"},
    "odt": {"zip"},
    "txt": {"text", "html"},
    "csv": {"text"},
    "html": {"html", "text"},
    "htm": {"html", "text"},
}
EXPECTED_NAMES = {
    "pdf": _("a PDF"),
    "docx": _("a Word document"),
    "xlsx": _("an Excel spreadsheet"),
    "pptx": _("a PowerPoint presentation"),
    "odt": _("an OpenDocument text"),
    "txt": _("plain text"),
    "csv": _("a CSV table"),
    "html": _("an HTML page"),
    "htm": _("an HTML page"),
}
FOUND_NAMES = {
    "pdf": _("a PDF"),
    "zip": _("a ZIP archive"),
    "ole": _("an old Microsoft Office file"),
    "image": _("an image"),
    "gzip": _("a compressed archive"),
    "html": _("an HTML page"),
    "text": _("plain text"),
    "binary": _("binary data (a program or an unknown format)"),
    "empty": _("an empty file"),
}


def max_upload_bytes():
    return getattr(settings, "HUB_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)


def describe_size(size, compared_to=None):
    """ "52.4 MB", with the exact number of bytes when it would read the same as the other size."""
    text = str(filesizeformat(size))
    if compared_to is not None and str(filesizeformat(compared_to)) == text:
        exact = number_format(size, force_grouping=True)
        text = gettext("%(size)s (%(bytes)s bytes)") % {"size": text, "bytes": exact}
    return text


def too_large(size, limit=None):
    """None when ``size`` is within the limit, otherwise a sentence giving both sizes."""
    limit = max_upload_bytes() if limit is None else limit
    if limit is None or size <= limit:
        return None
    return gettext("The file is too large: %(size)s, and the limit is %(limit)s.") % {
        "size": describe_size(size, limit),
        "limit": describe_size(limit, size),
    }


def content_mismatch(extension, head):
    """None when the first bytes fit the extension, otherwise a sentence saying what was found."""
    extension = (extension or "").lower().lstrip(".")
    expected = EXPECTED_CONTENT.get(extension)
    if expected is None:
        return None
    found = sniff(head)
    if found in expected:
        return None
    if found == "empty":
        return gettext("The file is empty.")
    return gettext(
        "This file is not %(expected)s although its name ends in .%(extension)s: its content "
        "looks like %(found)s. Upload the original file, or give it the right extension."
    ) % {
        "expected": EXPECTED_NAMES[extension],
        "extension": extension,
        "found": FOUND_NAMES.get(found, found),
    }


def read_head(uploaded, size=4096):
    """The first bytes of an uploaded file, leaving it at its start for whoever reads it next."""
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(size)
    uploaded.seek(position)
    return head
