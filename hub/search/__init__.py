"""Search: the Whoosh backend for Wagtail's search layer, and the site's search page."""
