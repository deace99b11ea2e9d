"""The Whoosh documents of indexed objects: one text field per search path, and a digest.

``build_document(obj)`` reads every ``SearchField``/``AutocompleteField`` of the object's
``search_fields`` (following ``RelatedFields``) under the site's default language (plain
``title`` follows the active language under modeltranslation) into one text field per path;
``prefetch_related`` reads each relation of a batch of objects in one query first.
``update_changed`` writes only the documents whose digest differs from the index's.
"""

import hashlib
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Manager, prefetch_related_objects
from django.db.models.constants import LOOKUP_SEP
from django.utils import translation
from django.utils.encoding import force_str
from modelcluster.fields import ParentalManyToManyField
from modelsearch.index import AutocompleteField, RelatedFields, SearchField, get_indexed_models

from . import store as st

logger = logging.getLogger("hub.search")

SPELL_MAX_CHARS = 600
RELATED_CACHE = "_hub_search_related"


def _phrase_free(search_fields, prefix=""):
    for field in search_fields:
        if isinstance(field, RelatedFields):
            yield from _phrase_free(field.fields, prefix + field.field_name + LOOKUP_SEP)
        elif isinstance(field, SearchField) and field.kwargs.get("phrase") is False:
            yield st.SEARCH_PREFIX + prefix + field.field_name


def phrase_free_fields():
    """Index names of the SearchFields declared ``phrase=False``: long texts searched for
    their words, never as phrases, are indexed without word positions (a third of the
    postings' bytes). Their weights are the same, and so are the scores; a phrase searched
    in such a field finds the documents that hold all its words."""
    return sorted(
        {name for model in get_indexed_models() for name in _phrase_free(model.get_search_fields())}
    )


def content_type_chain(model):
    """modelsearch content type names of ``model`` and each indexed ancestor."""
    names = []
    while model is not None:
        names.append(model.indexed_get_content_type())
        model = model.indexed_get_parent()
    return names


def document_id(obj):
    return f"{type(obj).indexed_get_toplevel_content_type()}:{obj.pk}"


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return "\n".join(_as_text(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(_as_text(item) for item in value.values())
    return force_str(value)


def _related_objects(field, obj):
    cached = obj.__dict__.get(RELATED_CACHE, {}).get(field.field_name)
    if cached is not None:
        return cached
    value = field.get_value(obj)
    if value is None:
        return []
    if isinstance(value, Manager):
        return list(value.all())
    if callable(value):
        value = value()
    return [value] if value is not None else []


def _collect(obj, search_fields, prefix, out):
    for field in search_fields:
        if isinstance(field, RelatedFields):
            for sub in _related_objects(field, obj):
                _collect(sub, field.fields, prefix + field.field_name + LOOKUP_SEP, out)
            continue
        if isinstance(field, SearchField):
            name = st.SEARCH_PREFIX + prefix + field.field_name
        elif isinstance(field, AutocompleteField):
            name = st.AUTOCOMPLETE_PREFIX + prefix + field.field_name
        else:
            continue
        text = _as_text(field.get_value(obj)).strip()
        if text:
            out.setdefault(name, []).append(text)


def prefetch_related(model, objs, search_fields=None):
    """Load the relations the documents need in a few queries instead of several per object.

    Django's prefetch handles ordinary relations; modelcluster's ParentalManyToManyField
    builds one OR term per object (too deep for SQLite at 1000 objects), so those are read in
    one query on the through table and kept on each object for ``_related_objects``.
    """
    if search_fields is None:
        search_fields = model.get_search_fields()
    for field in search_fields:
        if not isinstance(field, RelatedFields) or not objs:
            continue
        try:
            with transaction.atomic():
                related = _prefetch_one(model, objs, field.field_name)
        except Exception:
            logger.debug("No prefetch for %s.%s", model.__name__, field.field_name, exc_info=True)
            continue
        nested = [f for f in field.fields if isinstance(f, RelatedFields)]
        if nested and related:
            prefetch_related(type(related[0]), related, nested)


def _prefetch_one(model, objs, name):
    """Prefetch relation ``name`` of ``objs``; return the related objects."""
    model_field = model._meta.get_field(name)
    if isinstance(model_field, ParentalManyToManyField):
        through = model_field.remote_field.through
        source = model_field.m2m_field_name()
        target = model_field.m2m_reverse_field_name()
        rows = through._default_manager.filter(**{f"{source}__in": [o.pk for o in objs]})
        pairs = list(rows.values_list(f"{source}_id", f"{target}_id"))
        targets = model_field.related_model._default_manager.in_bulk({t for _, t in pairs})
        by_source = {}
        for source_pk, target_pk in pairs:
            if target_pk in targets:
                by_source.setdefault(source_pk, []).append(targets[target_pk])
        for obj in objs:
            obj.__dict__.setdefault(RELATED_CACHE, {})[name] = by_source.get(obj.pk, [])
        return list(targets.values())
    if model_field.one_to_many and not model_field.concrete:
        # A reverse foreign key (a page's inline children): one query, grouped here, and the
        # same instances are then handed to nested relations.
        fk = model_field.field
        key = fk.target_field.attname
        rows = list(
            model_field.related_model._default_manager.filter(
                **{f"{fk.name}__in": [getattr(o, key) for o in objs]}
            )
        )
        by_parent = {}
        for row in rows:
            by_parent.setdefault(getattr(row, fk.attname), []).append(row)
        for obj in objs:
            obj.__dict__.setdefault(RELATED_CACHE, {})[name] = by_parent.get(getattr(obj, key), [])
        return rows
    if model_field.many_to_one and model_field.concrete:
        # A foreign key: Django's prefetch of 1,000 of them fails on SQLite ("expression tree
        # is too large") and the objects were then read one by one.
        attname = model_field.attname
        targets = model_field.related_model._default_manager.in_bulk(
            {getattr(o, attname) for o in objs} - {None},
            field_name=model_field.target_field.name,
        )
        for obj in objs:
            target = targets.get(getattr(obj, attname))
            obj.__dict__.setdefault(RELATED_CACHE, {})[name] = [] if target is None else [target]
        return list(targets.values())
    prefetch_related_objects(objs, name)
    related = []
    for obj in objs:
        value = getattr(obj, name, None)
        if isinstance(value, Manager):
            # Kept for _related_objects: modelsearch reads some relations through the model
            # field (taggit's value_from_object), which ignores the prefetch and queries again.
            values = list(value.all())
            obj.__dict__.setdefault(RELATED_CACHE, {})[name] = values
            related.extend(values)
        elif value is not None and not callable(value):
            related.append(value)
    return related


def build_document(obj):
    """The Whoosh document of ``obj``: id, pk, content types and one text field per path."""
    model = type(obj)
    # modeltranslation makes plain ``title`` follow the active language: index a fixed one.
    with translation.override(settings.LANGUAGE_CODE):
        texts = {}
        _collect(obj, model.get_search_fields(), "", texts)
    doc = {
        st.ID_FIELD: document_id(obj),
        st.PK_FIELD: force_str(obj.pk),
        st.CT_FIELD: " ".join(content_type_chain(model)),
    }
    spelling = []
    for name, values in texts.items():
        doc[name] = "\n".join(values)
        # Suggestions come from the object's own short texts (titles, names, summaries): long
        # bodies would double the index work for little gain.
        if name.startswith(st.SEARCH_PREFIX) and LOOKUP_SEP not in name[len(st.SEARCH_PREFIX) :]:
            spelling.extend(v for v in values if len(v) <= SPELL_MAX_CHARS)
    # A model may keep its words out of "did you mean" (documents: a restricted one's title
    # must not be suggested to the public).
    if spelling and getattr(model, "search_spelling", True):
        doc[st.SPELL_FIELD] = "\n".join(spelling)
    digest = hashlib.blake2b(digest_size=16)
    for name in sorted(doc):
        digest.update(f"{name}\0{doc[name]}\0".encode())
    doc[st.HASH_FIELD] = digest.hexdigest()
    return doc


def update_changed(writer, docs):
    """Re-index the documents whose content differs from the index's; False if none did.

    A page is saved several times for one edit (the revision, then the publish) and most saves
    change nothing indexed; comparing the stored digest costs a lookup, a write costs a
    segment. Runs under the write lock, so the comparison sees the latest commit.
    """
    if st.HASH_FIELD not in writer.schema.names():  # an index built before digests
        for doc in docs:
            writer.update_document(**{k: v for k, v in doc.items() if k != st.HASH_FIELD})
        return bool(docs)
    searcher = writer.searcher()
    changed = False
    for doc in docs:
        docnum = searcher.document_number(**{st.ID_FIELD: doc[st.ID_FIELD]})
        stored = searcher.stored_fields(docnum) if docnum is not None else {}
        if stored.get(st.HASH_FIELD) == doc[st.HASH_FIELD]:
            continue
        writer.update_document(**doc)
        changed = True
    return changed


def journal_line(obj):
    """The line a write adds to a running rebuild's journal (``store.JOURNAL``)."""
    return f"{obj._meta.label_lower} {obj.pk} {document_id(obj)}"
