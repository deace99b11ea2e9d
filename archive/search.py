"""The edition's offline search: a Pagefind index per language, written into ``pagefind/``.

Pagefind (the binary of ``pagefind-bin``, found by the ``pagefind`` package) reads each page's
``<html lang>`` and keeps one index per language, stemmed for it; ``pagefind.js`` in the
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

import json
import re
import subprocess
import tempfile
from html import escape
from pathlib import Path

from django.utils.translation import gettext, override
from pagefind.service import get_executable

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
    ".also-available",  # "Also available in French": on every page, it is no result's text
    "form",
    "[data-pagefind-ignore]",
]
INDEXED_KINDS = ("page",)
# Pagefind joins the text of neighbouring elements as written: "Type</dt><dd>Toolkit" became
# "TypeToolkit" in the results' excerpts. A space after each closing tag of a block (in the
# copy Pagefind reads only) keeps the words apart.
BLOCK_END = re.compile(rb"(</(?:dt|dd|th|td|li|p|h[1-6]|div|section|figcaption)>)")
UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.")


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


def _document_html(url, title, text, language):
    """A document's text as a page Pagefind indexes in the document's language; its result
    leads to the file itself (``href`` meta, read by the search page)."""
    with override(language):
        kind = gettext("Document")
    return (
        f'<!DOCTYPE html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><main>"
        f'<h1 data-pagefind-meta="title">{escape(title)}</h1>'
        f'<p data-pagefind-meta="kind">{escape(kind)}</p>'
        f'<span data-pagefind-meta="href:{escape(url)}"></span>'
        f"<div>{escape(text)}</div></main></body></html>"
    )


def _build(folder, output):
    """Pagefind's command line over the folder: it writes the bundle and exits when done (the
    Python service answers one message a tenth of a second, and its context manager writes the
    files a second time and may stop the binary before that write has finished)."""
    command = [
        # PAGEFIND_BINARY_PATH, else pagefind-bin-extended or pagefind-bin's binary.
        str(get_executable()),
        "--site",
        folder,
        "--output-path",
        output,
        "--root-selector",
        "main",
        "--silent",
    ]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603 (the package's binary)


def build_index(files):
    """{edition path: bytes} of the Pagefind bundle for the edition's ``files``."""
    pages = 0
    documents = documents_to_index(files)
    with tempfile.TemporaryDirectory(prefix="archive-pagefind-") as tmp:
        source = Path(tmp) / "site"
        for name in sorted(files):
            entry = files[name]
            if entry.is_html and entry.kind in INDEXED_KINDS:
                path = source / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(BLOCK_END.sub(rb"\1 ", entry.read()))
                pages += 1
        for n, (url, title, text, language) in enumerate(documents):
            path = source / "_documents" / f"{n}.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_document_html(url, title, text, language), encoding="utf-8")
        output = Path(tmp) / "pagefind"
        _build(str(source), str(output))
        bundle = {}
        for path in sorted(output.rglob("*")):
            # The edition's search page uses pagefind.js itself, not Pagefind's UI bundles.
            if path.is_file() and not path.name.startswith(UNUSED):
                data = path.read_bytes()
                if path.name == "pagefind-entry.json":
                    # Pagefind writes its languages in a random order (a Rust HashMap): sorted,
                    # two exports of the same content give the same file.
                    data = json.dumps(
                        json.loads(data), sort_keys=True, ensure_ascii=False, separators=(",", ":")
                    ).encode()
                bundle["pagefind/" + path.relative_to(output).as_posix()] = data
    return bundle, {"pages": pages, "documents": len(documents)}
