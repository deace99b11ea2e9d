"""Relations read without a query per object: what a prefetch would leave, from rows in hand.

A helper below the models. ``prefetched()`` is the one place that fills Django's prefetch
cache by hand (the taxonomy remembered per content generation, the link rows of a page read in
one query); ``with_renditions()`` gives many images their renditions in at most one query.
"""

from django.db.models import prefetch_related_objects

from .caching import current_generation
from .memos import MISSING, memos

# The renditions of each image, per content generation (shared: read them, never change them).
_renditions = memos(5_000)


def is_prefetched(instance, name):
    """Whether ``instance.<name>.all()`` is answered from a prefetch (no query)."""
    return name in getattr(instance, "_prefetched_objects_cache", {})


def prefetched(instance, name, objects):
    """Make ``instance.<name>.all()`` return ``objects`` without a query, as
    ``prefetch_related(name)`` would have left it (a finished queryset of the related model)."""
    model = instance._meta.get_field(name).related_model
    queryset = model._default_manager.all()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
    return queryset


def with_renditions(objects, field="image"):
    """Give the objects' images their renditions, so that {% picture %} reads them instead of
    asking the database per image: those read since the last content change (a new rendition
    is one) from memory, the others in one query (none when none is missing)."""
    images = [getattr(obj, field) for obj in objects if getattr(obj, f"{field}_id", None)]
    images = [image for image in images if not is_prefetched(image, "renditions")]
    if not images:
        return objects
    generation = current_generation()
    missing = []
    for image in images:
        known = _renditions.peek(image.pk, generation)
        if known is MISSING:
            missing.append(image)
        else:
            # The image's own queryset, finished: unlike prefetched()'s, a .filter() on it
            # (Wagtail's create_renditions looks for clashes so) stays on this image's renditions.
            queryset = image.renditions.all()
            queryset._result_cache = list(known)
            queryset._prefetch_done = True
            image.__dict__.setdefault("_prefetched_objects_cache", {})["renditions"] = queryset
    if missing:
        prefetch_related_objects(missing, "renditions")
        for image in missing:
            _renditions.remember(image.pk, list(image.renditions.all()), generation)
    return objects
