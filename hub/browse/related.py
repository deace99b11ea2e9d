"""Related resources an editor did not choose: the closest by shared themes, partners, places
and kind, picked on the facet index's bitmaps (no query per candidate).

Each thing a resource is filed under is a bitmap of the resources sharing it; a shared theme
counts twice (it says most about what a resource is for), a partner, a place and the kind
once. Counting, for every resource at once, how many of those bitmaps it is in takes one pass
of big-integer ANDs and ORs ("at least k" bitmaps); the best are read from the highest level
down, newest first within a level. Every other public resource is the last level, so the list
is never empty while the library has another resource.
"""

from ..memos import memo
from .facet_index import get_index, hub_model, set_bits

RELATED_SHOWN = 3
THEME_WEIGHT = 2


def closest_pks(page, limit=RELATED_SHOWN):
    """Primary keys of the ``limit`` public resources closest to ``page``, best first."""
    index = get_index()
    position = index.position.get(page.pk)
    if position is not None:
        themes, partners, places = index.filed_under(page.pk)
    else:  # a draft or a preview: what the page itself is filed under
        themes = {t.pk for t in page.themes.all()}
        partners = {p.pk for p in page.partners.all()}
        places = {p.pk for p in page.places.all()}
    features = []
    for theme_id in themes:
        features += [index.theme_bits.get(theme_id, 0)] * THEME_WEIGHT
    features += [index.partner_bits.get(pk, 0) for pk in partners]
    features += [index.place_bits.get(pk, 0) for pk in places]
    if page.kind:
        features.append(index.kinds.get(page.kind, 0))
    others = index.all & ~(1 << position) if position is not None else index.all
    at_least = []  # at_least[k]: the resources in at least k + 1 of the feature bitmaps
    for bits in features:
        bits &= others
        if not bits:
            continue
        at_least.append(0)
        for k in range(len(at_least) - 1, 0, -1):
            at_least[k] |= at_least[k - 1] & bits
        at_least[0] |= bits
    at_least.insert(0, others)  # the last resort: any other public resource, newest first
    chosen, taken = [], 0
    for bits in reversed(at_least):
        positions = set_bits(bits & ~taken, 0, limit - len(chosen))
        chosen += positions
        taken |= bits
        if len(chosen) >= limit:
            break
    return [index.pks[p] for p in chosen]


def closest_resources(page, limit=RELATED_SHOWN):
    """The closest public resources as ResourcePage objects, best first: read once per content
    generation for the same choice (one query the first time); shared, read them only."""
    pks = tuple(closest_pks(page, limit))
    if not pks:
        return []

    def read():
        rows = hub_model("ResourcePage").objects.live().filter(pk__in=pks)
        by_pk = {r.pk: r for r in rows.select_related("image")}
        return [by_pk[pk] for pk in pks if pk in by_pk]

    return memo(("closest-resources", pks), read)
