"""Writing one checked manifest row: its page, document, taxonomy links and redirect.

Each row is written inside its own transaction by the caller, so a failure anywhere leaves
nothing of that row behind (documents' files included: they are deleted if the row fails).
"""

import hashlib
import importlib
import threading

from django.core.files.base import ContentFile
from django.utils.text import slugify
from django.utils.translation import gettext_noop as N_
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from .manifest import unique_slug
from .text import Text


class RowFailed(Exception):
    """A row could not be written; ``text`` says why (column when known)."""

    def __init__(self, column, text):
        super().__init__(str(text))
        self.column = column
        self.text = text


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


def _theme_name(value):
    """ "food-insecurity" -> "Food insecurity"; a name is kept as written."""
    if value == slugify(value):
        return value.replace("-", " ").replace("_", " ").capitalize()
    return value


def ensure_taxonomy(plan):
    """Create the themes, partners and place this row needs; returns (themes, partners, place).

    An earlier row of the same import may have created them already: they are looked up by
    name (or slug) first, so two rows naming one new partner make one partner.
    """
    from hub.models import Partner, Place, Theme

    from .manifest import normalise

    themes = list(plan.themes)
    for value in plan.new_themes:
        slug = slugify(value) or "theme"
        theme = Theme.objects.filter(slug=slug).first()
        if theme is None:
            name = _theme_name(value)
            theme = Theme.objects.create(name=name, name_en=name, name_fr=name, slug=slug)
        if theme not in themes:
            themes.append(theme)
    partners = list(plan.partners)
    for name in plan.new_partners:
        wanted = normalise(name)
        partner = next(
            (
                p
                for p in Partner.objects.all()
                if wanted in {normalise(p.name_en), normalise(p.name_fr), normalise(p.slug)}
            ),
            None,
        )
        if partner is None:
            slug = unique_slug(name, set(Partner.objects.values_list("slug", flat=True)))
            partner = Partner.objects.create(
                name=name,
                name_en=name,
                name_fr=name,
                slug=slug,
                country=plan.country,
                region=plan.region,
                region_en=plan.region,
                region_fr=plan.region,
            )
            # Its editors group and collection at once, as for a partner made in the admin.
            from hub.partners.setup import setup_partner

            setup_partner(partner)
        if partner not in partners:
            partners.append(partner)
    place = plan.place
    if plan.country and place is None:
        if plan.region:
            place = next(
                (
                    p
                    for p in Place.objects.filter(country=plan.country)
                    if normalise(plan.region) in {normalise(p.name_en), normalise(p.name_fr)}
                ),
                None,
            )
        if place is None and plan.region:
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
        elif place is None:
            place = Place.objects.filter(country=plan.country, name="").first() or (
                Place.objects.create(country=plan.country, name="", slug=plan.country.lower())
            )
    return themes, partners, place


def _attach_document(page, plan, collection=None, extract_later=False, user=None):
    """The row's document on the page: the same file is kept, a new one replaces it.

    The link is made in memory (a child relation of the page) so that it goes into the
    revision: a draft update of a live page changes nothing the public sees.
    """
    from hub.models import HubDocument, ResourceDocument

    data = plan.path.read_bytes()
    digest = hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's own file_hash is SHA-1
    title = plan.titles[plan.language] or plan.titles["fr"] or plan.titles["en"]
    link = next(iter(page.documents.all()), None) if page.pk else None
    if link and link.document.file_hash == digest and link.document.language == plan.language:
        if link.document.title != title:
            link.document.title = title
            link.document.save(update_fields=["title"])
        return link.document, False
    doc = link.document if link else HubDocument()
    doc.title = title
    doc.language = plan.language
    if doc.pk is None:
        if collection is not None:
            doc.collection = collection
        doc.uploaded_by_user = user
    doc.file.save(plan.path.name, ContentFile(data), save=False)
    # Remove the file if the row's transaction is rolled back, so nothing is half-imported.
    _remove_on_rollback(doc.file.storage, doc.file.name)
    doc.file_size = len(data)
    doc.file_hash = digest
    # The command extracts the text itself, once, after the row is written (extract_text):
    # the document's own after-save extraction would read it a second time. The admin's
    # import leaves it to that after-save job (a background job, like any upload).
    doc._hub_extracted_by_caller = not extract_later
    doc.save()
    if link is None:
        page.documents.add(ResourceDocument(document=doc, sort_order=0))
    return doc, True


def _link_document(page, plan):
    """The row's document is one already in the hub (chosen from a collection): link it.

    Its file, collection and extracted text stay as they are; the manifest says which language
    it is in, and a title Wagtail's uploader made from the file's name gives way to the row's.
    """
    from hub.models import ResourceDocument

    from .sources import uploaded_name

    document = plan.document
    changed = []
    if document.language != plan.language:
        document.language = plan.language
        changed.append("language")
    name = uploaded_name(document)
    if document.title in (name, name.rsplit(".", 1)[0]):
        title = plan.titles[plan.language] or plan.titles["fr"] or plan.titles["en"]
        if title and title != document.title:
            document.title = title
            changed.append("title")
    if changed:
        document.save(update_fields=changed)
    links = list(page.documents.all()) if page.pk else []
    if not links:
        page.documents.add(ResourceDocument(document=document, sort_order=0))
    elif links[0].document_id != document.pk:
        # Held in memory (modelcluster) so that it goes into the revision: a draft update of a
        # live page leaves the public page as it is.
        links[0].document = document
        page.documents.set(links)
    return document


# Files written by the row in hand, per thread (two imports may run in one web process).
_pending = threading.local()


def _remove_on_rollback(storage, name):
    if not hasattr(_pending, "files"):
        _pending.files = []
    _pending.files.append((storage, name))


def discard_pending_files(rolled_back):
    """After a row: forget its files, deleting them if its transaction was rolled back."""
    files = getattr(_pending, "files", [])
    while files:
        storage, name = files.pop()
        if rolled_back:
            storage.delete(name)


def _set_fields(page, plan, themes, partners, place):
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
    page.themes.set(themes)
    page.partners.set(partners)
    page.places.set([place] if place else [])
    if plan.programmes or not page.pk:
        page.programmes.set(plan.programmes)


def _slugs(parent, plan, exclude_pk=None):
    siblings = parent.get_children()
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    taken_en = set(siblings.values_list("slug_en", flat=True))
    taken_fr = set(siblings.values_list("slug_fr", flat=True))
    en = plan.titles["en"] or plan.titles["fr"] or plan.key
    fr = plan.titles["fr"] or plan.titles["en"] or plan.key
    return unique_slug(en, taken_en), unique_slug(fr, taken_fr)


AFTER_CHOICES = ("draft", "submit", "publish")


def write_row(
    plan, root, publish=False, *, after=None, user=None, collection=None, extract_later=False
):
    """Create or update the row's page; returns ("created"|"updated", page, new document, notes).

    ``after``: "draft" keeps the new revision for review (an update of a live page leaves the
    public page as it is), "submit" starts the page's moderation workflow, "publish" publishes.
    ``collection``: where a new document is filed (default: the first partner's collection).
    """
    from hub.models import ResourcePage

    after = after or ("publish" if publish else "draft")
    notes = []
    model = plan.model
    existing = ResourcePage.objects.filter(import_key=plan.key).first()
    if existing is not None:
        page = existing.specific
        if not isinstance(page, model):
            raise RowFailed(
                "kind",
                Text(
                    N_(
                        "key “%(key)s” already belongs to a %(kind)s page; a key cannot change kind"
                    ),
                    key=plan.key,
                    kind=existing.get_kind_display(),
                ),
            )
        if page.has_unpublished_changes or not page.live:
            page = page.get_latest_revision_as_object()
        action = "updated"
    else:
        parent = find_parent(root, model)
        if parent is None:
            names = ", ".join(str(m._meta.verbose_name) for m in model.allowed_parent_page_models())
            raise RowFailed(
                "kind",
                Text(
                    N_(
                        "there is no %(names)s under “%(root)s” to hold %(kind)s pages; create "
                        "it first"
                    ),
                    names=names,
                    root=root.title,
                    kind=plan.kind,
                ),
            )
        page = model(import_key=plan.key, live=False, owner=user)
        action = "created"

    themes, partners, place = ensure_taxonomy(plan)
    if collection is None:
        collection = next((p.collection for p in partners if p.collection_id), None)
    _set_fields(page, plan, themes, partners, place)
    if existing is None:
        page.slug_en, page.slug_fr = _slugs(parent, plan)
        page.slug = page.slug_en
        parent.add_child(instance=page)
    elif after == "publish" or not page.live:
        page.save()
    if plan.document is not None:
        document, changed = _link_document(page, plan), False
    else:
        document, changed = _attach_document(page, plan, collection, extract_later, user)
    if existing is None:
        page.save()  # the document link, on a page that is not live yet
    revision = page.save_revision(user=user, log_action=True)
    if after == "publish":
        revision.publish(user=user)
    elif after == "submit":
        workflow = page.get_workflow()
        if workflow is not None and not page.workflow_in_progress:
            workflow.start(page, user)
        elif workflow is None:
            notes.append(Text(N_("no moderation workflow applies to this page: kept as a draft")))
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
