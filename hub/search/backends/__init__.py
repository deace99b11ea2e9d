"""The hub's own search backends for modelsearch (``SEARCH_BACKEND=whoosh``: ``whoosh``)."""
