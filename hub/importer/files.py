"""Checks that a legacy document is what its extension says, from its first bytes."""

import zipfile

from hub.uploads import too_large

SUPPORTED = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "txt": "plain text",
    "html": "HTML",
    "htm": "HTML",
}
HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title")


def sniff(head):
    """A short name for what the first bytes look like, or '' when they look like text."""
    if head.startswith(b"%PDF-"):
        return "PDF"
    if head.startswith(b"PK\x03\x04"):
        return "ZIP archive"
    if head.startswith((b"\xd0\xcf\x11\xe0",)):
        return "old Office document"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "image"
    if b"\x00" in head:
        return "binary data"
    return ""


def check_file(path):
    """None when the file is fine, otherwise a sentence saying what is wrong with it."""
    extension = path.suffix.lower().lstrip(".")
    if extension not in SUPPORTED:
        known = ", ".join(sorted(SUPPORTED))
        return f"unsupported file type “.{extension}” (supported: {known})"
    size = path.stat().st_size
    if size == 0:
        return "the file is empty"
    message = too_large(size)
    if message:
        # The admin's sentence, as a clause of the importer's "row N, column file: ..." line.
        return message[0].lower() + message[1:].rstrip(".")
    with path.open("rb") as handle:
        head = handle.read(4096)
    looks_like = sniff(head)
    expected = SUPPORTED[extension]
    if extension == "pdf":
        if looks_like != "PDF":
            return _mismatch(expected, looks_like or "text")
        return None
    if extension == "docx":
        if looks_like != "ZIP archive":
            return _mismatch(expected, looks_like or "text")
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return "the file is not a valid DOCX (damaged ZIP archive)"
        if "word/document.xml" not in names:
            return "the file is a ZIP archive but not a Word document (no word/document.xml)"
        return None
    # Text formats: readable UTF-8, and HTML must look like HTML.
    if looks_like:
        return _mismatch(expected, looks_like)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return f"the file is not UTF-8 text (invalid byte at position {exc.start})"
    if not text.strip():
        return "the file contains only blank space"
    if extension in ("html", "htm"):
        lowered = data[:8192].lower()
        if not any(marker in lowered for marker in HTML_MARKERS):
            return _mismatch(expected, "plain text without HTML markup")
    return None


def _mismatch(expected, found):
    return f"the content does not match the extension: expected {expected}, found {found}"
