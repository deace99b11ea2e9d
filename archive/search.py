"""The edition's offline search: a Pagefind index per language, written into ``pagefind/``.

Pagefind (the ``pagefind`` Python API driving the binary from ``pagefind-bin``) reads each
page's ``<html lang>`` and keeps one index per language, stemmed for it; ``pagefind.js`` in the
browser loads the index of the page's language. What is indexed:

* every archived page's main content (pages, workshop records, video transcripts, which are in
  the page), without the navigation, cards of other resources, listings and pagination, which
  would make every page match every word;
* the extracted text of every public document in the edition, as a record of the document's
  language pointing at the file itself.

Not indexed: the pre-rendered listings (they repeat the resources' summaries), the search
page, the 404 pages and the root. Restricted documents never reach this module: only the files
the exporter let into the edition are given to it.
"""

import asyncio
import tempfile
from pathlib import Path

from django.utils.translation import gettext, override
from pagefind.index import IndexConfig, PagefindIndex

# Kept out of each page's indexed text (Pagefind's own data-pagefind-ignore works too).
EXCLUDED = [
    "nav",
    ".breadcrumbs",
    ".cards",
    ".related-resources",
    ".pagination",
    ".listing",
    ".filters-panel",
    ".archive-banner",
    "form",
    "[data-pagefind-ignore]",
]
INDEXED_KINDS = ("page",)


def documents_to_index(files):
    """(url, title, text, language) of every public document in the edition."""
    from wagtail.documents import get_document_model

    ids = {}
    for name in files:
        bits = name.split("/")
        if len(bits) >= 3 and bits[0] == "documents" and bits[1].isdigit():
            ids[int(bits[1])] = name
    found = []
    for document in get_document_model().objects.filter(pk__in=ids).order_by("pk"):
        if document.is_public and document.extracted_text:
            found.append(
                ("/" + ids[document.pk], document.title, document.extracted_text, document.language)
            )
    return found


async def _build(pages, documents, output):
    config = IndexConfig(root_selector="main", exclude_selectors=EXCLUDED, output_path=output)
    async with PagefindIndex(config=config) as index:
        for url, content in pages:
            await index.add_html_file(content=content, url=url)
        for url, title, text, language in documents:
            with override(language):
                kind = gettext("Document")
            await index.add_custom_record(
                url=url, content=text, language=language, meta={"title": title, "kind": kind}
            )
        await index.write_files(output_path=output)


def build_index(files):
    """{edition path: bytes} of the Pagefind bundle for the edition's ``files``."""
    pages = []
    for name in sorted(files):
        entry = files[name]
        if entry.is_html and entry.kind in INDEXED_KINDS:
            url = "/" + (name[: -len("index.html")] if name.endswith("index.html") else name)
            pages.append((url, entry.read().decode("utf-8")))
    documents = documents_to_index(files)
    with tempfile.TemporaryDirectory(prefix="archive-pagefind-") as tmp:
        output = Path(tmp) / "pagefind"
        asyncio.run(_build(pages, documents, str(output)))
        bundle = {}
        for path in sorted(output.rglob("*")):
            if path.is_file():
                bundle["pagefind/" + path.relative_to(output).as_posix()] = path.read_bytes()
    return bundle, {"pages": len(pages), "documents": len(documents)}
