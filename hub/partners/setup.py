"""Create (idempotently) the partner editor groups, their collections, the hub moderators group
and the "Hub moderation" workflow; used by ``manage.py setup_partner_groups``.

Running it again updates names and adds what is missing; it never removes permissions an
administrator granted by hand, except user and group management, which only administrators
may ever have.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .access import EDITORS_GROUP_PREFIX, MODERATORS_GROUP

WORKFLOW_NAME = "Hub moderation"
TASK_NAME = "Approval by the hub moderators"

MEDIA_PERMISSIONS = [
    ("wagtaildocs", "document", ["add", "change", "delete", "choose"]),
    ("wagtailimages", "image", ["add", "change", "delete", "choose"]),
]
MODERATOR_PAGE_PERMISSIONS = ["add", "change", "publish", "lock", "unlock"]
# (app_label, model_name, actions) for each group; models that are not installed are skipped.
MODERATOR_MODEL_PERMISSIONS = [
    ("wagtailredirects", "redirect", ["add", "change", "delete"]),
    ("hub", "theme", ["add", "change", "delete"]),
    ("hub", "place", ["add", "change", "delete"]),
    ("hub", "glossaryconcept", ["add", "change", "delete"]),
    ("hub", "searchrecord", ["view"]),
    ("wagtailsearchpromotions", "searchpromotion", ["add", "change", "delete"]),
    ("hub", "partner", ["change"]),
    ("workshops", "registration", ["view", "change", "delete"]),
    ("workshops", "note", ["view", "change", "delete"]),
]
EDITOR_MODEL_PERMISSIONS = [
    # Scoped to the editor's own partner by the permission policies in hub.partners.policies.
    ("hub", "partner", ["change"]),
    ("workshops", "registration", ["view"]),
    ("workshops", "note", ["view", "change"]),
]
WAGTAIL_STARTER_GROUPS = ["Editors", "Moderators"]
# Only administrators (superusers) manage accounts.
FORBIDDEN_APP_LABELS = ["auth"]


@dataclass
class Summary:
    groups: list = field(default_factory=list)
    collections: list = field(default_factory=list)
    sections: list = field(default_factory=list)
    created: int = 0
    notices: list = field(default_factory=list)

    def lines(self):
        yield f"Groups: {', '.join(self.groups)}"
        yield f"Collections: {', '.join(self.collections)}"
        if self.sections:
            yield f"Partner sections: {', '.join(self.sections)}"
        else:
            yield "No section accepts resources yet: run this command again once they exist."
        yield f"Objects created: {self.created}"
        yield from self.notices


_PERMISSIONS = {}


def _permission(app_label, codename):
    """A permission by app and codename, looked up once per run of setup_all."""
    key = (app_label, codename)
    if key not in _PERMISSIONS:
        _PERMISSIONS[key] = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
    return _PERMISSIONS[key]


def _model_permissions(spec):
    for app_label, model_name, actions in spec:
        try:
            apps.get_model(app_label, model_name)
        except LookupError:
            continue
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name)
        for action in actions:
            perm = Permission.objects.filter(
                content_type=content_type, codename=f"{action}_{model_name}"
            ).first()
            if perm:
                yield perm


def section_pages():
    """Pages under which some kind of resource (or a programme) can be created: the partners'
    sections."""
    from hub.models import ResourcePage

    sections = []
    for page in Page.objects.filter(depth__gt=1).order_by("path"):
        model = page.specific_class
        if model is None:
            continue
        # Resources, and the records partners edit the same way (programmes: partner_owned).
        if any(
            issubclass(m, ResourcePage) or getattr(m, "partner_owned", False)
            for m in model.creatable_subpage_models()
        ):
            sections.append(page)
    return sections


def _home_pages():
    from hub.models import HomePage

    return list(HomePage.objects.all())


def _ensure_page_perm(group, page, action, summary):
    perm = _permission("wagtailcore", f"{action}_page")
    _obj, created = GroupPagePermission.objects.get_or_create(
        group=group, page=page, permission=perm
    )
    summary.created += created


def _ensure_collection_perms(group, collection, summary):
    for app_label, model_name, actions in MEDIA_PERMISSIONS:
        for action in actions:
            perm = _permission(app_label, f"{action}_{model_name}")
            _obj, created = GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=perm
            )
            summary.created += created


def _ensure_admin_access(group, extra):
    group.permissions.add(_permission("wagtailadmin", "access_admin"), *extra)
    group.permissions.remove(
        *group.permissions.filter(content_type__app_label__in=FORBIDDEN_APP_LABELS)
    )


def _partner_collection(partner, summary):
    root = Collection.get_first_root_node()
    name = (partner.name_en or partner.name or partner.slug)[:255]
    collection = partner.collection
    if collection is None:
        collection = root.get_children().filter(name=name).first()
    if collection is None:
        collection = root.add_child(name=name)
        summary.created += 1
    elif collection.name != name:
        collection.name = name
        collection.save(update_fields=["name"])
    return collection


def setup_partner(partner, sections=None, summary=None):
    """The editors group and collection of one partner, with their permissions."""
    if summary is None:
        _PERMISSIONS.clear()
        summary = Summary()
    sections = section_pages() if sections is None else sections
    name = f"{EDITORS_GROUP_PREFIX}{partner.name_en or partner.name or partner.slug}"[:150]
    group = partner.editor_group
    if group is None:
        group, created = Group.objects.get_or_create(name=name)
        summary.created += created
    elif group.name != name and not Group.objects.filter(name=name).exists():
        group.name = name
        group.save(update_fields=["name"])
    collection = _partner_collection(partner, summary)
    if partner.editor_group_id != group.pk or partner.collection_id != collection.pk:
        partner.editor_group = group
        partner.collection = collection
        partner.save(update_fields=["editor_group", "collection"])
    _ensure_admin_access(group, list(_model_permissions(EDITOR_MODEL_PERMISSIONS)))
    for page in sections:
        _ensure_page_perm(group, page, "add", summary)
    _ensure_collection_perms(group, collection, summary)
    summary.groups.append(group.name)
    summary.collections.append(collection.name)
    return group


def setup_moderators(summary):
    group, created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    summary.created += created
    _ensure_admin_access(group, list(_model_permissions(MODERATOR_MODEL_PERMISSIONS)))
    for home in _home_pages():
        for action in MODERATOR_PAGE_PERMISSIONS:
            _ensure_page_perm(group, home, action, summary)
    _ensure_collection_perms(group, Collection.get_first_root_node(), summary)
    summary.groups.append(group.name)
    return group


def setup_workflow(moderators, summary):
    """One approval step by the moderators, covering every page under each home page."""
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    summary.created += created
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
        summary.created += 1
    task.groups.add(moderators)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        summary.created += 1
    for home in _home_pages():
        link = WorkflowPage.objects.filter(page=home).first()
        if link is None:
            WorkflowPage.objects.create(page=home, workflow=workflow)
            summary.created += 1
        elif link.workflow_id != workflow.pk:
            link.workflow = workflow
            link.save(update_fields=["workflow"])
    return workflow


@transaction.atomic
def setup_all():
    from hub.models import Partner

    _PERMISSIONS.clear()  # permission rows may have been recreated since the last run
    summary = Summary()
    sections = section_pages()
    summary.sections = [str(page.title) for page in sections]
    moderators = setup_moderators(summary)
    for partner in Partner.objects.select_related("editor_group", "collection"):
        setup_partner(partner, sections, summary)
    setup_workflow(moderators, summary)
    # Wagtail's own starter groups hold "change" on the whole tree, which bypasses partner
    # ownership; they are left alone (an administrator may rely on them) but flagged.
    for name in WAGTAIL_STARTER_GROUPS:
        members = Group.objects.filter(name=name, user__isnull=False).count()
        if members:
            summary.notices.append(
                f"Notice: Wagtail's '{name}' group has {members} member(s) and can edit every "
                f"page; use the partner editor groups or '{MODERATORS_GROUP}' instead."
            )
    return summary
