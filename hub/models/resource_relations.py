"""What a resource links to, and how a page reads it: themes, partners, places, programmes,
documents and related resources (``ResourceRelations``, a mixin of ResourcePage).

The read-only views (``theme_list``... ``document_list``) serve the API, the JSON-LD and the
templates. ``prefetch_relations`` reads every relation the page's template and JSON-LD need
in one query, once per content generation and language (hub.memos.memo): the same for
every visitor until the content changes. Who may open a document is decided per request on
what is read (hub.models.document_access), never kept; a preview's relations are its own.
"""

from django.apps import apps
from django.db import models
from django.db.models import Value

from ..browse.related import closest_resources
from ..memos import remembered
from ..prefetch import is_prefetched, prefetched
from .base import page_memo
from .document_access import visible_links
from .taxonomy import Partner, Place, Theme

# Relations whose objects are remembered per content generation (few, rarely changed): the
# taxonomy, and the programmes (programmes app), read by (app label, model name).
TAXONOMY_RELATIONS = {"themes": Theme, "partners": Partner, "places": Place}
REMEMBERED_PAGES = {"programmes": ("programmes", "ProgrammePage")}
# The page's own link rows, and what each row points to, fetched with it.
LINK_SELECT = {"documents": "document", "related_resources": "resource__image"}
KNOWN_RELATIONS = {*TAXONOMY_RELATIONS, *REMEMBERED_PAGES, *LINK_SELECT}


def _id_rows(page_model, name):
    """(model of the rows, its column naming the page, the id column) behind relation ``name``."""
    field = page_model._meta.get_field(name)
    if field.many_to_many:
        return field.remote_field.through, field.m2m_column_name(), field.m2m_reverse_name()
    return field.related_model, field.field.attname, "pk"


def read_relations(page, names):
    """{relation: [objects]} of ``names`` for ``page``, in the order a prefetch would give."""
    queries = []
    for name in names:
        source_model, source_field, target = _id_rows(type(page), name)
        queries.append(
            source_model.objects.filter(**{source_field: page.pk})
            .annotate(relation=Value(name, output_field=models.CharField()))
            .values_list("relation", target)
            .order_by()
        )
    rows = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    chosen = {name: set() for name in names}
    for name, pk in rows:
        chosen[name].add(pk)
    found = {}
    for name in names:
        if name in TAXONOMY_RELATIONS or name in REMEMBERED_PAGES:
            model = TAXONOMY_RELATIONS.get(name) or apps.get_model(*REMEMBERED_PAGES[name])
            # The remembered list is in the model's own order, as a prefetch would return.
            found[name] = [obj for obj in remembered(model) if obj.pk in chosen[name]]
        elif chosen[name]:
            model = type(page)._meta.get_field(name).related_model
            rows = model.objects.filter(pk__in=chosen[name]).select_related(LINK_SELECT[name])
            found[name] = list(rows)
        else:
            found[name] = []
    return found


class ResourceRelations:
    """The relations of a library resource, as its pages, the API and the JSON-LD read them."""

    # Relations the page's template and JSON-LD both read, fetched once in get_context.
    context_relations = (
        "themes",
        "partners",
        "places",
        "programmes",
        "documents",
        "related_resources",
    )

    @property
    def theme_list(self):
        return [
            {"slug": t.slug, "name_en": t.name_en, "name_fr": t.name_fr} for t in self.themes.all()
        ]

    @property
    def partner_list(self):
        return [
            {"slug": p.slug, "name_en": p.name_en, "name_fr": p.name_fr, "country": p.country}
            for p in self.partners.all()
        ]

    @property
    def programme_list(self):
        """The live programmes the resource belongs to (slug, acronym, titles, addresses)."""
        return [
            {
                "slug": p.slug,
                "acronym": p.acronym,
                "title_en": p.title_en,
                "title_fr": p.title_fr,
                "urls": p.urls,
            }
            for p in self.programmes.all()
            if p.live
        ]

    @property
    def place_list(self):
        return [
            {"slug": p.slug, "country": p.country, "region_en": p.name_en, "region_fr": p.name_fr}
            for p in self.places.all()
        ]

    @property
    def document_list(self):
        return [
            {
                "id": link.document.pk,
                "title": link.document.title,
                "language": link.document.language,
                "format": link.document.file_extension.lower(),
                "size": link.document.file_size,
                "url": link.document.url,
            }
            for link in self.public_document_links()
        ]

    def document_links(self, request=None):
        """The page's document links with their documents (prefetched by get_context if it ran)
        that ``request`` may open: public ones only without a request (hub.models.document_access).
        """
        if is_prefetched(self, "documents"):
            links = list(self.documents.all())
        else:
            links = list(self.documents.select_related("document"))
        return visible_links(links, request)

    def public_document_links(self):
        """The links to public documents: what the API, the JSON-LD and feeds may tell anyone."""
        return self.document_links(request=None)

    def prefetch_relations(self, request=None):
        """Fetch the relations the template and the JSON-LD read, once, in the fewest queries.

        One query reads the ids behind every relation in ``context_relations``. Themes, partners
        and places then come from the taxonomy remembered per content generation; documents and
        related resources cost one query each, and none when the page has none. The result is
        the same for every visitor until the content changes: kept per content generation and
        language (the taxonomy is ordered by its names in it). Its objects are shared: read
        them, never change them. A preview reads its own.
        """
        if self.pk is None or getattr(self, "_cluster_related_objects", None):
            return  # unsaved or previewed: the relations live in memory, not in the database
        names = tuple(name for name in self.context_relations if name in KNOWN_RELATIONS)
        if not names:
            return
        found = page_memo(request, "page-relations", self, lambda: read_relations(self, names))
        for name, objects in found.items():
            prefetched(self, name, objects)

    def related_links(self):
        """Published related resources, their pages fetched in the same query."""
        if is_prefetched(self, "related_resources"):
            links = self.related_resources.all()
        else:
            links = self.related_resources.select_related("resource__image")
        return [link for link in links if link.resource.live]

    def related_pages(self, request=None):
        """What the page suggests next: the editor's choice, else the closest resources
        (hub.browse.related); never empty while the library has another resource. The same
        for every visitor until the content changes (kept per content generation); a
        preview's own choice is never kept."""
        return page_memo(request, "related-pages", self, self._related_pages)

    def _related_pages(self):
        chosen = [link.resource for link in self.related_links()]
        return chosen or closest_resources(self)
