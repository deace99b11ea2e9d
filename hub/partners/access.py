"""Who owns what: partner editors act on their own partner's resources only.

The page tree is shared (the library's sections are by kind, not by partner), so ownership is
decided per page from ``ResourcePage.partners``. Partner editor groups receive only the "add"
permission on the section pages; the tester below turns that into "edit, delete, move, copy,
preview and see revisions" for the pages of the editor's own partner, and nothing for the
others'. Users with the "change" permission (moderators) and superusers keep Wagtail's rules.

Below the models (ResourcePage.permissions_for_user returns the tester): it reads the page and
the user it is given, never the models by import. The querysets built on it for the admin's
listings are in hub.partners.policies.
"""

from wagtail.models import PagePermissionTester

MODERATORS_GROUP = "Hub moderators"
EDITORS_GROUP_PREFIX = "Partner editors: "

_PARTNERS_CACHE = "_hub_partner_ids"
_MODERATOR_CACHE = "_hub_is_moderator"


def user_partner_ids(user):
    """The partners whose editors group the user belongs to (cached on the user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _PARTNERS_CACHE, None)
    if cached is None:
        # Through the groups' side of Partner.editor_group: this module sits below the models
        # (ResourcePage's permissions_for_user uses it), so it does not import them.
        cached = frozenset(
            user.groups.filter(partner__isnull=False).values_list("partner__pk", flat=True)
        )
        setattr(user, _PARTNERS_CACHE, cached)
    return cached


def is_moderator(user):
    """Superusers and members of the hub moderators group see and approve everything."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, _MODERATOR_CACHE, None)
    if cached is None:
        cached = user.groups.filter(name=MODERATORS_GROUP).exists()
        setattr(user, _MODERATOR_CACHE, cached)
    return cached


def is_partner_editor(user):
    """A member of a partner's editors group who is not also a moderator."""
    return bool(user_partner_ids(user)) and not is_moderator(user)


def page_partner_ids(page):
    """The page's partners as stored in the database (a draft cannot change who owns a page).

    A new page (no primary key yet) is judged on the partners it carries in memory.
    """
    if not getattr(page, "pk", None):
        try:
            return frozenset(p.pk for p in page.partners.all())
        except (AttributeError, ValueError):
            return frozenset()
    through = page._meta.get_field("partners").remote_field.through
    return frozenset(
        through.objects.filter(resourcepage_id=page.pk).values_list("partner_id", flat=True)
    )


class PartnerPagePermissionTester(PagePermissionTester):
    """Page permissions for resources: Wagtail's, narrowed to the partner for partner editors."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self._owns = None

    @property
    def restricted(self):
        """True for active users who lack "change" here: they act through partner ownership."""
        return (
            self.user.is_active and not self.user.is_superuser and "change" not in self.permissions
        )

    @property
    def owns(self):
        if self._owns is None:
            mine = user_partner_ids(self.user)
            self._owns = bool(mine) and bool(mine & page_partner_ids(self.page))
        return self._owns

    def can_add_subpage(self):
        if self.restricted and not self.owns:
            return False
        return super().can_add_subpage()

    def can_edit(self):
        if not self.restricted:
            return super().can_edit()
        if self.page_is_root or not self.owns:
            return False
        return "add" in self.permissions

    def can_delete(self, ignore_bulk=False):
        if not self.restricted:
            return super().can_delete(ignore_bulk=ignore_bulk)
        if self.page_is_root or not self.owns or "add" not in self.permissions:
            return False
        if "bulk_delete" not in self.permissions and not self.page.is_leaf() and not ignore_bulk:
            return False
        # Deleting a live page takes it off the site: that is a publishing decision.
        if "publish" not in self.permissions:
            return not self.page.get_descendants(inclusive=True).live().exists()
        return True

    def can_publish(self):
        if self.restricted and not self.owns:
            return False
        return super().can_publish()

    def can_unpublish(self):
        if self.restricted and not self.owns:
            return False
        return super().can_unpublish()

    def can_submit_for_moderation(self):
        if self.restricted and not self.owns:
            return False
        return super().can_submit_for_moderation()

    def can_lock(self):
        if self.restricted and not self.owns:
            return False
        return super().can_lock()

    def can_unlock(self):
        if self.restricted and not self.owns and not self.user_has_lock():
            return False
        return super().can_unlock()

    def can_view_revisions(self):
        if self.restricted:
            return self.can_edit()
        return super().can_view_revisions()
