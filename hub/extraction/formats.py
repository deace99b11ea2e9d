"""Reading the text out of a file: format sniffing and one extractor per format (decoding and
cleaning the text they read: hub.extraction.plain_text).

Pure Python with no Django import: it runs inside the extraction worker process. Every check
that can be made before parsing (magic bytes, ZIP directory sizes) is made before parsing, and
every failure is an ``ExtractionFailed`` whose message is written for an editor, not a developer.
"""

import re
import zipfile
from dataclasses import dataclass, field

from .plain_text import clean_text, decode_html, decode_text, html_to_text

MAX_INPUT_BYTES = 200 * 1024 * 1024
# ZIP-based formats (DOCX, ODT): limits checked in the ZIP directory before any member is read.
MAX_ZIP_MEMBERS = 5_000
MAX_ZIP_TOTAL_BYTES = 100 * 1024 * 1024
MAX_ZIP_MEMBER_BYTES = 60 * 1024 * 1024
MAX_ZIP_RATIO = 100  # only for members above ZIP_RATIO_FLOOR: small files compress very well
ZIP_RATIO_FLOOR = 2 * 1024 * 1024

TEXT_EXTENSIONS = {"txt", "csv", "text", "md"}
HTML_EXTENSIONS = {"html", "htm", "xhtml"}
KNOWN_NAMES = {
    "pdf": "a PDF",
    "docx": "a Word document",
    "odt": "an OpenDocument text",
    "html": "an HTML page",
    "txt": "plain text",
}
SNIFFED_NAMES = {
    "pdf": "a PDF",
    "zip": "a ZIP archive",
    "ole": "an old Microsoft Office file",
    "image": "an image",
    "gzip": "a compressed archive",
    "html": "an HTML page",
    "text": "plain text",
    "binary": "binary data",
    "empty": "an empty file",
}


class ExtractionFailed(Exception):
    """The file cannot be read; the message says why, for the editor."""


class Unsupported(Exception):
    """A format we do not extract text from (spreadsheets, slides...)."""


@dataclass
class Extracted:
    text: str
    page_count: int | None = None
    notes: list[str] = field(default_factory=list)


# Sniffing -----------------------------------------------------------------


def sniff(head):
    """What the first bytes of a file say it is, whatever its name says."""
    if not head:
        return "empty"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"II*\x00", b"MM\x00*")):
        return "image"
    if head.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf")):
        return "gzip"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    if b"\x00" in head:
        return "binary"
    control = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    if control > len(head) // 20:
        return "binary"
    lowered = head[:4096].lower().lstrip(b"\xef\xbb\xbf \t\r\n")
    if lowered.startswith((b"<!doctype html", b"<html")) or re.search(
        rb"<(html|body|head)[\s>]", lowered
    ):
        return "html"
    return "text"


def _mismatch(declared, sniffed):
    what = KNOWN_NAMES.get(declared, f"a .{declared} file")
    return ExtractionFailed(
        f"the file is not {what} although it ends in .{declared} "
        f"(it looks like {SNIFFED_NAMES.get(sniffed, sniffed)})"
    )


# ZIP-based formats --------------------------------------------------------


def _human(size):
    for unit in ("bytes", "kB", "MB", "GB", "TB"):
        if size < 1024 or unit == "TB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} bytes"


def check_zip(path):
    """Refuse a ZIP whose directory announces a decompression bomb, before reading any member."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise ExtractionFailed(f"the file is a damaged ZIP archive ({error})") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise ExtractionFailed(f"the archive holds too many files ({len(members)})")
        total = 0
        for member in members:
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > MAX_ZIP_MEMBER_BYTES or (
                member.file_size > ZIP_RATIO_FLOOR and ratio > MAX_ZIP_RATIO
            ):
                raise ExtractionFailed(
                    f"decompression bomb: {member.filename} would expand from "
                    f"{_human(member.compress_size)} to {_human(member.file_size)}"
                )
        if total > MAX_ZIP_TOTAL_BYTES:
            raise ExtractionFailed(
                f"decompression bomb: the archive would expand to {_human(total)}"
            )
        names = {member.filename for member in members}
        mimetype = b""
        if "mimetype" in names:
            with archive.open("mimetype") as handle:
                mimetype = handle.read(200).strip()
        return names, mimetype


def extract_docx(path, max_chars):
    names, _mimetype = check_zip(path)
    if "word/document.xml" not in names:
        raise ExtractionFailed(
            "the file is not a Word document although it ends in .docx "
            "(a ZIP archive without word/document.xml)"
        )
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(path)
    except Exception as error:  # python-docx raises many kinds on broken packages
        raise ExtractionFailed(f"the Word document is damaged ({type(error).__name__})") from None
    text_tag, tab_tag, break_tag = qn("w:t"), qn("w:tab"), qn("w:br")
    paragraphs, size = [], 0
    for paragraph in document.element.body.iter(qn("w:p")):
        pieces = []
        for node in paragraph.iter(text_tag, tab_tag, break_tag):
            if node.tag == text_tag:
                pieces.append(node.text or "")
            else:
                pieces.append(" " if node.tag == tab_tag else "\n")
        line = "".join(pieces)
        paragraphs.append(line)
        size += len(line)
        if size > max_chars:
            break
    return Extracted("\n".join(paragraphs))


ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def extract_odt(path, max_chars):
    _names, mimetype = check_zip(path)
    if not mimetype.startswith(ODT_MIMETYPE):
        found = mimetype.decode("ascii", "replace") or "no mimetype entry"
        raise ExtractionFailed(
            "the file is not an OpenDocument text although it ends in .odt "
            f"(a ZIP archive with {found})"
        )
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    try:
        document = load(path)
    except Exception as error:  # odfpy raises SAX, KeyError and others on broken files
        raise ExtractionFailed(
            f"the OpenDocument file is damaged ({type(error).__name__})"
        ) from None
    blocks = {(TEXTNS, "p"), (TEXTNS, "h")}
    paragraphs, size = [], 0
    stack = [document.text]
    # Depth-first, in document order, without recursion (deeply nested lists cannot blow the stack).
    while stack and size <= max_chars:
        node = stack.pop()
        if getattr(node, "qname", None) in blocks:
            line = teletype.extractText(node)
            paragraphs.append(line)
            size += len(line)
            continue
        stack.extend(reversed(getattr(node, "childNodes", [])))
    return Extracted("\n".join(paragraphs))


# PDF ----------------------------------------------------------------------


def _pdf_limit_message(reason):
    """What a limit of pypdf found, in the editor's words: only a stream that inflates beyond
    the limit is a decompression bomb; a page tree nested too deep or a cycle is not."""
    lowered = reason.lower()
    if "decompress" in lowered:
        return "decompression bomb: a compressed stream of the PDF expands beyond the limit"
    if "page tree depth" in lowered:
        found = re.search(r"(\d+)\s*>\s*(\d+)", reason)
        levels = f" (more than {found.group(2)} levels)" if found else ""
        return f"the PDF's page tree is nested too deeply{levels}: its pages cannot be read"
    if "cycle" in lowered or "loop" in lowered:
        return f"the PDF's structure loops back on itself ({reason.rstrip('.')})"
    return f"the PDF goes beyond what the reader accepts: {reason.rstrip('.')}"


def extract_pdf(path, max_chars, max_pages):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError

    notes = []
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except (DependencyError, FileNotDecryptedError, NotImplementedError):
                raise ExtractionFailed("the PDF is password-protected") from None
        pages = reader.pages
        page_count = len(pages)
        parts, size = [], 0
        for number in range(min(page_count, max_pages)):
            page = pages[number]
            contents = page.get_contents()
            if contents is not None:
                # Decode first: extract_text() swallows a decompression limit and returns "".
                contents.get_data()
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size > max_chars:
                break
    except LimitReachedError as error:
        raise ExtractionFailed(_pdf_limit_message(str(error))) from None
    except RecursionError:
        raise ExtractionFailed("the PDF's structure loops back on itself") from None
    except ExtractionFailed:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        reason = str(error).strip().splitlines()[0][:160] if str(error).strip() else ""
        detail = f"{type(error).__name__}: {reason}" if reason else type(error).__name__
        if "loop" in reason.lower() or "cycl" in reason.lower():
            raise ExtractionFailed(f"the PDF's structure loops back on itself ({detail})") from None
        raise ExtractionFailed(f"the PDF is damaged ({detail})") from None
    if page_count > max_pages:
        notes.append(f"only the first {max_pages} of {page_count} pages were read")
    return Extracted("\n\n".join(parts), page_count=page_count, notes=notes)


# Entry point ----------------------------------------------------------------


def extract(path, extension, *, max_chars, max_pages):
    """The text of the file at ``path``, read as the format its ``extension`` announces."""
    extension = extension.lower().lstrip(".")
    with open(path, "rb") as handle:
        head = handle.read(8192)
        handle.seek(0, 2)
        size = handle.tell()
    if size == 0:
        raise ExtractionFailed("the file is empty")
    if size > MAX_INPUT_BYTES:
        raise ExtractionFailed(f"the file is too large to read ({_human(size)})")
    sniffed = sniff(head)

    if extension == "pdf":
        if sniffed != "pdf":
            raise _mismatch("pdf", sniffed)
        result = extract_pdf(path, max_chars, max_pages)
    elif extension in ("docx", "odt"):
        if sniffed != "zip":
            raise _mismatch(extension, sniffed)
        result = (extract_docx if extension == "docx" else extract_odt)(path, max_chars)
    elif extension in HTML_EXTENSIONS or extension in TEXT_EXTENSIONS:
        if sniffed not in ("html", "text"):
            raise _mismatch("html" if extension in HTML_EXTENSIONS else "txt", sniffed)
        with open(path, "rb") as handle:
            data = handle.read()
        if sniffed == "html" or extension in HTML_EXTENSIONS:
            # A saved page is read as HTML whatever its name: its scripts must never be indexed.
            result = Extracted(html_to_text(decode_html(data), max_chars))
        else:
            result = Extracted(decode_text(data))
    else:
        raise Unsupported(f"no text is read from .{extension} files")

    text = clean_text(result.text)
    if len(text) > max_chars:
        text = text[:max_chars].rsplit(" ", 1)[0]
        result.notes.append(f"the text was cut at {max_chars:,} characters")
    result.text = text
    return result
