"""Production settings whose ``update_index`` writes with several processes even for a small
index (tests/search_engine/test_killed_rebuild.py)."""

from tests.servers.production_settings import *  # noqa: F403

WAGTAILSEARCH_BACKENDS["default"]["REBUILD_PROCS"] = 2  # noqa: F405
WAGTAILSEARCH_BACKENDS["default"]["REBUILD_MP_MIN_OBJECTS"] = 1  # noqa: F405
