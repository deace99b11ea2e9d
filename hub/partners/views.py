"""View mixins that apply the partner-scoped permission policies to Wagtail's generic views.

Wagtail's generic model views check model-level permissions only; these mixins add the
per-object check (edit, inspect, delete) and narrow listings, for any model whose policy is a
``PartnerScopedPolicy`` (hub.partners.policies).
"""

from django.core.exceptions import PermissionDenied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.models import Page
from wagtail.permissions import policy_registry

from .access import is_partner_editor
from .policies import scoped_queryset


class PartnerScopedFilterSet(WagtailFilterSet):
    """Filters whose choices are narrowed like the listing: a partner editor's filter by
    workshop offers their own partner's workshops, never another partner's drafts."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is None or not is_partner_editor(user):
            return
        for choice_filter in self.filters.values():
            if not hasattr(choice_filter, "get_queryset"):
                continue
            queryset = choice_filter.get_queryset(request)
            if queryset is None:
                continue
            model = queryset.model
            if issubclass(model, Page):
                visible = policy_registry.get_by_type(Page).explorable_instances(user)
                queryset = queryset.filter(pk__in=visible.values("pk"))
            else:
                queryset = scoped_queryset(user, model, queryset)
            choice_filter.queryset = queryset


class PartnerScopedListingMixin:
    """An IndexView listing only the objects of the user's partner (for partner editors)."""

    base_filterset_class = PartnerScopedFilterSet

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return scoped_queryset(self.request.user, self.model, queryset)


class PartnerScopedObjectMixin:
    """An edit, inspect or delete view that refuses another partner's object."""

    scoped_action = None

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        action = self.scoped_action or getattr(self, "permission_required", None) or "view"
        policy = policy_registry.get_by_type(type(obj))
        if not policy.user_has_permission_for_instance(self.request.user, action, obj):
            raise PermissionDenied
        return obj


def denied_for_instance(request, instance, action):
    """True when the instance's policy refuses ``action`` on it to the request's user."""
    policy = policy_registry.get_by_type(type(instance))
    return not policy.user_has_permission_for_instance(request.user, action, instance)
