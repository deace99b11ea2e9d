"""Bulk content for the benchmarks: the library topped up to N resources and M workshops.

One template page per kind (from the demo) is copied with one multi-row ``INSERT`` per table
and batch of 1,000 (page, resource and kind tables), with correct treebeard ``path``/``depth``/
``numchild`` and per-language ``url_path``, English and French titles, slugs and summaries, and
themes, partners and places. Used by bench/perf.py and bench/partners_admin.py.
"""

import uuid

WORDS_EN = [
    "food",
    "insecurity",
    "digital",
    "inclusion",
    "apprenticeship",
    "voucher",
    "town",
    "centre",
    "tourism",
    "training",
    "charity",
    "council",
    "partner",
    "workshop",
    "toolkit",
    "plan",
    "business",
    "support",
    "skills",
    "coast",
    "market",
]
WORDS_FR = [
    "précarité",
    "alimentaire",
    "inclusion",
    "numérique",
    "apprentissage",
    "bon",
    "centre-ville",
    "tourisme",
    "formation",
    "association",
    "département",
    "partenaire",
    "atelier",
    "boîte",
    "outils",
    "plan",
    "entreprises",
    "compétences",
    "côte",
]


def words(pool, n, seed):
    return " ".join(pool[(seed * 7 + i * 3) % len(pool)] for i in range(n))


def kind_models():
    """Every concrete resource kind, with its index page (the parent of new resources)."""
    from django.apps import apps

    from hub.models import ResourcePage

    kinds = []
    for model in apps.get_models():
        if issubclass(model, ResourcePage) and model is not ResourcePage and model.resource_kind:
            parent_types = model.parent_page_types or []
            parents = [apps.get_model(label) for label in parent_types]
            parent = None
            for parent_model in parents:
                parent = parent_model.objects.first()
                if parent:
                    break
            template = model.objects.live().first()
            if parent and template:
                kinds.append((model, parent.specific, template))
    return kinds


def translated_field_names():
    from modeltranslation.translator import translator

    names = set()
    for model in translator.get_registered_models():
        for field in translator.get_options_for_model(model).fields:
            names.add(field)
    return names


def clone_rows(model, parent, template, count, start_index, now, extra=None):
    """Insert ``count`` live copies of ``template`` under ``parent`` with one INSERT per table
    and batch, bypassing treebeard (whose add_child costs several queries per page)."""
    from django.db import connection, transaction
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page

    from hub.models import Partner, Place, ResourcePage, Theme

    chain = [m for m in reversed(model._meta.get_parent_list()) if not m._meta.abstract] + [model]
    last = parent.get_last_child()
    step = last._get_lastpos_in_path() if last else 0
    themes = list(Theme.objects.values_list("pk", flat=True))
    partners = list(Partner.objects.values_list("pk", flat=True))
    places = list(Place.objects.values_list("pk", flat=True))
    from programmes.models import ProgrammePage

    programmes = list(ProgrammePage.objects.live().values_list("pk", flat=True))
    kind = model.resource_kind.replace("_", "-")
    objects = []
    for n in range(count):
        i = start_index + n
        obj = model()
        for level in chain:
            for field in level._meta.local_concrete_fields:
                if field.primary_key:
                    continue
                setattr(obj, field.attname, getattr(template, field.attname))
        slug_en, slug_fr = f"bench-{kind}-{i}", f"bench-{kind}-{i}-fr"
        title_en = f"{words(WORDS_EN, 4, i).capitalize()} {i}"
        title_fr = f"{words(WORDS_FR, 4, i).capitalize()} {i}"
        step += 1
        values = {
            "title": title_en,
            "title_en": title_en,
            "title_fr": title_fr,
            "draft_title": title_en,
            "slug": slug_en,
            "slug_en": slug_en,
            "slug_fr": slug_fr,
            "url_path": f"{parent.url_path}{slug_en}/",
            "url_path_en": f"{parent.url_path_en or parent.url_path}{slug_en}/",
            "url_path_fr": f"{parent.url_path_fr or parent.url_path}{slug_fr}/",
            "summary_en": words(WORDS_EN, 18, i),
            "summary_fr": words(WORDS_FR, 18, i),
            "path": Page._get_path(parent.path, parent.depth + 1, step),
            "depth": parent.depth + 1,
            "numchild": 0,
            "live": True,
            "has_unpublished_changes": False,
            "first_published_at": now,
            "last_published_at": now,
            "latest_revision_created_at": now,
            "live_revision_id": None,
            "latest_revision_id": None,
            "locked": False,
            "locked_at": None,
            "locked_by_id": None,
            "alias_of_id": None,
            "translation_key": uuid.uuid4(),
            "import_key": f"bench-{kind}-{i}",
            "legacy_url": "",
            "date": (now - timezone.timedelta(days=i % 1500)).date(),
            "in_english": True,
            "in_french": i % 5 != 0,
        }
        values.update((extra or (lambda i: {}))(i))
        for name, value in values.items():
            if hasattr(obj, name) or name.endswith("_id"):
                setattr(obj, name, value)
        objects.append(obj)

    with transaction.atomic():
        for batch_start in range(0, len(objects), 1000):
            batch = objects[batch_start : batch_start + 1000]
            base = chain[0]
            fields = [f for f in base._meta.local_concrete_fields if not f.primary_key]
            ids = base._base_manager._insert(
                batch, fields=fields, returning_fields=[base._meta.pk], using="default"
            )
            for obj, row in zip(batch, ids, strict=True):
                obj.pk = obj.id = row[0]
            parent_pk_name = base._meta.pk.attname
            for level in chain[1:]:
                for obj in batch:
                    setattr(obj, level._meta.pk.attname, getattr(obj, parent_pk_name))
                level._base_manager._insert(
                    batch, fields=list(level._meta.local_concrete_fields), using="default"
                )
            for name, pool in (
                ("themes", themes),
                ("partners", partners),
                ("places", places),
                ("programmes", programmes),
            ):
                if not pool:
                    continue
                rel = getattr(ResourcePage, name).through
                source, target = _through_columns(rel)
                rel.objects.bulk_create(
                    rel(**{source: obj.pk, target: pool[obj.pk % len(pool)]}) for obj in batch
                )
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(objects))
    connection.close()
    return objects


def _through_columns(through):
    """(column pointing at the resource, column pointing at the taxonomy) of an M2M table."""
    from hub.models import ResourcePage

    source = target = None
    for field in through._meta.concrete_fields:
        if not field.is_relation:
            continue
        if issubclass(ResourcePage, field.related_model):
            source = field.attname
        else:
            target = field.attname
    return source, target


def top_up(args, total_resources, total_workshops):
    """Bring the library to ``total_resources`` (workshops included) and the workshops to
    ``total_workshops``; the other kinds share the rest equally."""
    from django.utils import timezone

    from hub import caching
    from hub.models import ResourcePage

    kinds = kind_models()
    workshop = [k for k in kinds if k[0].resource_kind == "workshop_record"]
    others = [k for k in kinds if k[0].resource_kind != "workshop_record"]
    now = timezone.now()
    created = 0
    if workshop and total_workshops:
        model, parent, template = workshop[0]
        missing = total_workshops - model.objects.count()
        if missing > 0:

            def when(i):
                start = now + timezone.timedelta(days=10 + i % 400, hours=i % 8)
                return {
                    "start": start,
                    "end": start + timezone.timedelta(hours=2),
                    "registration_opens": None,
                    "registration_closes": None,
                }

            clone_rows(model, parent, template, missing, model.objects.count(), now, when)
            created += missing
    missing = total_resources - ResourcePage.objects.count()
    if missing > 0 and others:
        share = missing // len(others)
        for position, (model, parent, template) in enumerate(others):
            count = share + (missing - share * len(others) if position == 0 else 0)
            clone_rows(model, parent, template, count, model.objects.count(), now)
            created += count
    caching.invalidate()
    return created
