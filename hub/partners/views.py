"""View mixins that apply the partner-scoped permission policies to Wagtail's generic views.

Wagtail's generic model views check model-level permissions only; these mixins add the
per-object check (edit, inspect, delete) and narrow listings, for any model whose policy is a
``PartnerScopedPolicy`` (hub.partners.policies).
"""

from django.core.exceptions import PermissionDenied
from wagtail.permissions import policy_registry

from .policies import scoped_queryset


class PartnerScopedListingMixin:
    """An IndexView listing only the objects of the user's partner (for partner editors)."""

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
