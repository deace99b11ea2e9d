"""Browsing and opening the library: facets, feeds, sitemap, JSON-LD and the read-only API."""
