"""Permission policies that narrow model permissions to the editor's own partner.

A partner editor holds, say, "change_partner" or "view_registration" as a model permission;
these policies let them use it only on objects that belong to their partner (the partner
itself, or a registration or note of one of their partner's workshops). Moderators and
superusers are not narrowed. Registered in hub.partners.hooks before any viewset asks for them.

``PartnerPagePermissionPolicy`` does the same for pages, replacing Wagtail's page policy: what
a partner editor may explore, and so every admin listing built on it, leaves out the other
partners' resources (their drafts, titles and status).
"""

from django.apps import apps
from django.db.models import Q
from wagtail.models import AbstractPage
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from .access import is_partner_editor, page_partner_ids, user_partner_ids


def resources_of_partners(partner_ids):
    """A filter for the pages that are resources of one of ``partner_ids``."""
    from hub.models import ResourcePage

    return Q(pk__in=ResourcePage.objects.filter(partners__in=partner_ids).values("pk"))


def not_a_resource():
    from hub.models import ResourcePage

    return ~Q(pk__in=ResourcePage.objects.values("pk"))


def partner_lookup(model, depth=2):
    """The ORM path from ``model`` to partner ids: "pk" for Partner, "workshop__partners"..."""
    from hub.models import Partner, ResourcePage

    if issubclass(model, Partner):
        return "pk"
    if issubclass(model, ResourcePage):
        return "partners"
    if depth == 0:
        return None
    for field in model._meta.get_fields():
        if not (field.is_relation and field.many_to_one and field.concrete):
            continue
        related = field.related_model
        if related is None or related is model:
            continue
        sub = partner_lookup(related, depth - 1)
        if sub:
            return f"{field.name}__{sub}" if sub != "pk" else field.name
    return None


class PartnerScopedPolicy(ModelPermissionPolicy):
    """Another policy's answers, narrowed for partner editors to their own partner's objects.

    ``base`` is the policy the model had before (for example the workshops app's read-only
    policy); model-level questions go to it unchanged.
    """

    def __init__(self, model, base=None, lookup=None):
        super().__init__(model)
        self.base = base if base is not None else ModelPermissionPolicy(model)
        self._lookup = lookup

    @property
    def lookup(self):
        if self._lookup is None:
            self._lookup = partner_lookup(self.model) or ""
        return self._lookup

    def _owned(self, user, instance):
        mine = user_partner_ids(user)
        if not mine or not self.lookup or instance is None or instance.pk is None:
            return False
        return self.model._default_manager.filter(
            pk=instance.pk, **{f"{self.lookup}__in": mine}
        ).exists()

    def user_has_permission(self, user, action):
        return self.base.user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return self.base.user_has_any_permission(user, actions)

    def users_with_any_permission(self, actions):
        return self.base.users_with_any_permission(actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.base.user_has_permission_for_instance(user, action, instance):
            return False
        if is_partner_editor(user):
            return self._owned(user, instance)
        return True

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.base.instances_user_has_any_permission_for(user, actions)
        if is_partner_editor(user):
            if not self.lookup:
                return queryset.none()
            return queryset.filter(**{f"{self.lookup}__in": user_partner_ids(user)}).distinct()
        return queryset


class PartnerPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, without other partners' resources for partner editors.

    Every admin screen that lists or looks up pages for a user asks this policy (the page
    search, the listing of a page type, site history, the reports, the admin API): a partner
    editor's "explorable" pages are the sections and other pages plus their own partner's
    resources, as in the explorer (hooks.only_own_resources_in_explorer). Another partner's
    drafts, their titles and their status stay with that partner and the moderators.
    """

    def _narrowed(self, user, pages):
        if is_partner_editor(user):
            pages = pages.filter(not_a_resource() | resources_of_partners(user_partner_ids(user)))
        return pages

    def instances_user_has_any_permission_for(self, user, actions):
        return self._narrowed(user, super().instances_user_has_any_permission_for(user, actions))

    def explorable_instances(self, user):
        return self._narrowed(user, super().explorable_instances(user))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if is_partner_editor(user) and is_other_partners_resource(user, instance):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)


def is_other_partners_resource(user, page):
    """True for a resource none of whose partners is one of the user's."""
    from hub.models import ResourcePage

    if not isinstance(page, ResourcePage) and not ResourcePage.objects.filter(pk=page.pk).exists():
        return False
    return not (user_partner_ids(user) & page_partner_ids(page))


# Replaces Wagtail's policy for every page model (registered at import, before any view asks).
page_policy = PartnerPagePermissionPolicy()
register_permission_policy(AbstractPage, page_policy)


SCOPED_MODELS = [("hub", "Partner"), ("workshops", "Registration"), ("workshops", "Note")]


def register_policies():
    """Wrap each scoped model's policy; called once every app's hooks are imported."""
    for app_label, model_name in SCOPED_MODELS:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        current = policy_registry.get_by_type(model, fallback=False)
        if isinstance(current, PartnerScopedPolicy):
            continue
        fallback = policy_registry.fallback_policies.pop(model, None)
        base = current if current is not None and current is not fallback else None
        # Views look the policy up per request, so registering now still takes effect.
        register_permission_policy(model, PartnerScopedPolicy(model, base=base), exact_class=True)


def scoped_queryset(user, model, queryset, action="view"):
    """``queryset`` narrowed to the objects ``user`` may ``action`` (for listings)."""
    policy = policy_registry.get_by_type(model)
    if isinstance(policy, PartnerScopedPolicy) and is_partner_editor(user):
        return queryset.filter(pk__in=policy.instances_user_has_permission_for(user, action))
    return queryset
