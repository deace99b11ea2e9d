"""Writing one checked manifest row: its page, document, taxonomy links and redirect.

Each row is written inside its own transaction by the caller, so a failure anywhere leaves
nothing of that row behind (documents' files included: they are deleted if the row fails).
"""

import hashlib
import importlib

from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from .manifest import unique_slug


class RowFailed(Exception):
    """A row could not be written; the message says why (column and reason when known)."""

    def __init__(self, column, message):
        super().__init__(message)
        self.column = column


def find_parent(root, model):
    """The page under ``root`` (or ``root`` itself) that may hold pages of ``model``."""
    allowed = model.allowed_parent_page_models()
    if any(isinstance(root.specific, m) for m in allowed):
        return root
    for candidate in allowed:
        found = candidate.objects.descendant_of(root).order_by("path").first()
        if found is not None:
            return found
    return None


def ensure_taxonomy(plan):
    """Create the partners and the place this row needs; returns (partners, place)."""
    from hub.models import Partner, Place

    partners = list(plan.partners)
    for name in plan.new_partners:
        slug = unique_slug(name, set(Partner.objects.values_list("slug", flat=True)))
        partner = Partner.objects.create(
            name=name,
            name_en=name,
            name_fr=name,
            slug=slug,
            country=plan.country,
            region=plan.region,
        )
        partners.append(partner)
    place = plan.place
    if plan.country and place is None:
        if plan.region:
            slug = unique_slug(
                f"{plan.country.lower()}-{slugify(plan.region)}",
                set(Place.objects.values_list("slug", flat=True)),
            )
            place = Place.objects.create(
                country=plan.country,
                name=plan.region,
                name_en=plan.region,
                name_fr=plan.region,
                slug=slug,
            )
        else:
            place = Place.objects.filter(country=plan.country, name="").first() or (
                Place.objects.create(country=plan.country, name="", slug=plan.country.lower())
            )
    return partners, place


def _attach_document(page, plan):
    from hub.models import HubDocument, ResourceDocument

    data = plan.path.read_bytes()
    digest = hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's own file_hash is SHA-1
    title = plan.titles[plan.language] or plan.titles["fr"] or plan.titles["en"]
    link = ResourceDocument.objects.filter(page=page).select_related("document").first()
    if link and link.document.file_hash == digest and link.document.language == plan.language:
        if link.document.title != title:
            link.document.title = title
            link.document.save(update_fields=["title"])
        return link.document, False
    doc = link.document if link else HubDocument()
    doc.title = title
    doc.language = plan.language
    doc.file.save(plan.path.name, ContentFile(data), save=False)
    # Remove the file if the row's transaction is rolled back, so nothing is half-imported.
    _remove_on_rollback(doc.file.storage, doc.file.name)
    doc.file_size = len(data)
    doc.file_hash = digest
    # The importer extracts the text itself, once, after the row is written (extract_text):
    # the document's own after-save extraction would read it a second time.
    doc._hub_extracted_by_caller = True
    doc.save()
    if link is None:
        ResourceDocument.objects.create(page=page, document=doc, sort_order=0)
    return doc, True


_pending_files = []


def _remove_on_rollback(storage, name):
    _pending_files.append((storage, name))


def discard_pending_files(rolled_back):
    """After a row: forget its files, deleting them if its transaction was rolled back."""
    while _pending_files:
        storage, name = _pending_files.pop()
        if rolled_back:
            storage.delete(name)


def _set_fields(page, plan, partners, place):
    # The English title is required by the site (wagtail-modeltranslation's default language):
    # a French-only resource shows its French title until an editor translates it.
    page.title_en = plan.titles["en"] or plan.titles["fr"]
    page.title_fr = plan.titles["fr"]
    page.__dict__["title"] = page.title_en
    page.summary_en = plan.summaries["en"]
    page.summary_fr = plan.summaries["fr"]
    page.date = plan.date
    page.legacy_url = plan.source_url
    page.in_english = bool(plan.titles["en"]) or plan.language == "en"
    page.in_french = bool(plan.titles["fr"]) or plan.language == "fr"
    if plan.video_url and hasattr(page, "video_url"):
        page.video_url = plan.video_url
    if hasattr(page, "organisation") and not page.organisation and partners:
        page.organisation = partners[0].name_en or partners[0].name_fr or ""
    page.themes.set(plan.themes)
    page.partners.set(partners)
    page.places.set([place] if place else [])


def _slugs(parent, plan, exclude_pk=None):
    siblings = parent.get_children()
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    taken_en = set(siblings.values_list("slug_en", flat=True))
    taken_fr = set(siblings.values_list("slug_fr", flat=True))
    en = plan.titles["en"] or plan.titles["fr"] or plan.key
    fr = plan.titles["fr"] or plan.titles["en"] or plan.key
    return unique_slug(en, taken_en), unique_slug(fr, taken_fr)


def write_row(plan, root, publish):
    """Create or update the row's page; returns ("created"|"updated", page, notes)."""
    from hub.models import ResourcePage

    notes = []
    model = plan.model
    existing = ResourcePage.objects.filter(import_key=plan.key).first()
    if existing is not None:
        page = existing.specific
        if not isinstance(page, model):
            raise RowFailed(
                "kind",
                f"key “{plan.key}” already belongs to a {existing.get_kind_display()} page; "
                "a key cannot change kind",
            )
        action = "updated"
    else:
        parent = find_parent(root, model)
        if parent is None:
            names = ", ".join(str(m._meta.verbose_name) for m in model.allowed_parent_page_models())
            raise RowFailed(
                "kind",
                f"there is no {names} under “{root.title}” to hold {plan.kind} pages; "
                "create it first",
            )
        page = model(import_key=plan.key, live=publish)
        action = "created"

    partners, place = ensure_taxonomy(plan)
    _set_fields(page, plan, partners, place)
    if existing is None:
        page.slug_en, page.slug_fr = _slugs(parent, plan)
        page.slug = page.slug_en
        parent.add_child(instance=page)
    else:
        page.save()
    document, changed = _attach_document(page, plan)
    revision = page.save_revision()
    if publish:
        revision.publish()
    if plan.source_url:
        _redirect(plan.source_url, page)
    return action, page, document if changed else None, notes


def _redirect(source_url, page):
    old_path = Redirect.normalise_path(source_url)
    if old_path in ("", "/"):
        return
    Redirect.objects.update_or_create(
        old_path=old_path,
        site=None,
        defaults={"redirect_page": page, "redirect_link": "", "is_permanent": True},
    )


def extract_text(document):
    """Run the hub's text extraction on a document when that feature is installed."""
    for module_name in ("hub.extraction.service", "hub.extraction"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        extract = getattr(module, "extract_document", None)
        if callable(extract):
            extract(document)
            return True
    return False


def resolve_parent(value):
    """--parent: a page id, or its URL path such as /home/toolkits/."""
    from wagtail.models import Site

    if not value:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        return site.root_page if site else None
    if value.isdigit():
        return Page.objects.filter(pk=int(value)).first()
    path = "/" + value.strip("/") + "/"
    return Page.objects.filter(url_path__endswith=path).order_by("depth").first()
