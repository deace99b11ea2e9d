"""Checks that a legacy document is what its extension says, from its first bytes."""

import zipfile

from django.utils.translation import gettext_noop as N_

from hub.uploads import describe_size, max_upload_bytes

from .text import Text

SUPPORTED = {
    "pdf": N_("PDF"),
    "docx": N_("Word (DOCX)"),
    "txt": N_("plain text"),
    "html": N_("HTML"),
    "htm": N_("HTML"),
}
HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title")


def sniff(head):
    """A short name for what the first bytes look like, or '' when they look like text."""
    if head.startswith(b"%PDF-"):
        return N_("PDF")
    if head.startswith(b"PK\x03\x04"):
        return N_("ZIP archive")
    if head.startswith((b"\xd0\xcf\x11\xe0",)):
        return N_("old Office document")
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return N_("image")
    if b"\x00" in head:
        return N_("binary data")
    return ""


def check_file(path):
    """None when the file is fine, otherwise a Text saying what is wrong with it."""
    extension = path.suffix.lower().lstrip(".")
    if extension not in SUPPORTED:
        return Text(
            N_("unsupported file type “.%(extension)s” (supported: %(known)s)"),
            extension=extension,
            known=", ".join(sorted(SUPPORTED)),
        )
    size = path.stat().st_size
    if size == 0:
        return Text(N_("the file is empty"))
    limit = max_upload_bytes()
    if limit is not None and size > limit:
        # The admin's sentence (hub.uploads.too_large), as a clause of "row N, column file: …".
        return Text(
            N_("the file is too large: %(size)s, and the limit is %(limit)s"),
            size=describe_size(size, limit),
            limit=describe_size(limit, size),
        )
    with path.open("rb") as handle:
        head = handle.read(4096)
    looks_like = sniff(head)
    expected = SUPPORTED[extension]
    if extension == "pdf":
        if looks_like != "PDF":
            return _mismatch(expected, looks_like or N_("text"))
        return None
    if extension == "docx":
        if looks_like != "ZIP archive":
            return _mismatch(expected, looks_like or N_("text"))
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return Text(N_("the file is not a valid DOCX (damaged ZIP archive)"))
        if "word/document.xml" not in names:
            return Text(
                N_("the file is a ZIP archive but not a Word document (no word/document.xml)")
            )
        return None
    # Text formats: readable UTF-8, and HTML must look like HTML.
    if looks_like:
        return _mismatch(expected, looks_like)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Text(
            N_("the file is not UTF-8 text (invalid byte at position %(position)s)"),
            position=exc.start,
        )
    if not text.strip():
        return Text(N_("the file contains only blank space"))
    if extension in ("html", "htm"):
        lowered = data[:8192].lower()
        if not any(marker in lowered for marker in HTML_MARKERS):
            return _mismatch(expected, N_("plain text without HTML markup"))
    return None


def _mismatch(expected, found):
    return Text(
        N_("the content does not match the extension: expected %(expected)s, found %(found)s"),
        expected=Text(expected),
        found=Text(found),
    )
