"""The archive edition: a complete static copy of the public hub that outlives the server.

``manage.py export_archive DEST`` renders every public page in both languages through the
site's own views (as an anonymous visitor), rewrites the links so the folder works from any
static host, adds an offline search (Pagefind), and can package the result as a WACZ web
archive and a BagIt bag. See ``archive.exporter`` for the crawl, ``archive.addresses`` for
which live addresses become which files, and ``archive.store`` for the incremental write.
"""
