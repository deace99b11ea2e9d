"""Text extraction from uploaded documents (PDF, DOCX, ODT, HTML, plain text).

The parsing itself (``formats``) runs in a separate, resource-limited process (``worker``,
started by ``runner``), never in the web request's process: a hostile or broken file can only
exhaust that child. ``service`` is the Django side: it runs the worker for a document, stores the
text and its status, and reindexes the document and the pages that link to it.

This package's ``__init__`` imports nothing so the worker starts without loading Django.
"""
