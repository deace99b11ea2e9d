"""``manage.py update_index``: Wagtail's command, whose rebuild may read the objects itself.

It replaces wagtail.search's command of the same name (the hub app comes first). For a backend
whose rebuild reads its objects (``rebuild_reads_objects``: the Whoosh backend, whose parallel
writers each read their share with their own connection), it hands out the primary keys of
each chunk instead of reading the objects in this process; other backends get the objects.
"""

from modelsearch.backends import get_search_backend
from wagtail.search.management.commands.update_index import Command as WagtailCommand

from hub.search.backends.whoosh.parallel import Keys


class Command(WagtailCommand):
    def update_backend(self, backend_name, *args, **kwargs):
        backend = get_search_backend(backend_name)
        self._keys_only = getattr(backend, "rebuild_reads_objects", False)
        return super().update_backend(backend_name, *args, **kwargs)

    def queryset_chunks(self, qs, chunk_size=1000):
        if not getattr(self, "_keys_only", False):
            yield from super().queryset_chunks(qs, chunk_size)
            return
        keys = list(qs.values_list("pk", flat=True))
        for start in range(0, len(keys), chunk_size):
            yield Keys(keys[start : start + chunk_size])
