"""Wagtail hooks for partner editing; imported by hub/wagtail_hooks.py."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.pages.workflow import ConfirmWorkflowCancellationView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.permissions import policy_registry

from hub.models import Partner, ResourcePage

from . import panels, stale
from .access import is_partner_editor, user_partner_ids
from .policies import not_a_resource, register_policies, resources_of_partners
from .reports import MissingTranslationsView
from .translations import missing_summary

# Admin home -------------------------------------------------------------------------------


@hooks.register("construct_homepage_panels")
def add_partner_panels(request, panel_list):
    panel_list.extend(panels.panels_for(request))


# Missing translations report ---------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_missing_translations_report():
    # Admin URLs are built after every app's wagtail_hooks ran: each model's own permission
    # policy exists by now, so ours can wrap it instead of replacing it.
    register_policies()
    return [
        path(
            "reports/missing-translations/",
            MissingTranslationsView.as_view(),
            name="hub_missing_translations",
        ),
        path(
            "reports/missing-translations/results/",
            MissingTranslationsView.as_view(results_only=True),
            name="hub_missing_translations_results",
        ),
    ]


class PageEditorsMenuItem(MenuItem):
    def is_shown(self, request):
        from wagtail.models import Page

        return policy_registry.get_by_type(Page).user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_reports_menu_item")
def register_missing_translations_menu_item():
    return PageEditorsMenuItem(
        _("Missing translations"),
        reverse("hub_missing_translations"),
        name="missing-translations",
        icon_name="doc-full",
        order=650,
    )


# Page editing: partner ownership and one-language warnings --------------------------------


def speaks_html(request):
    """False for the editor's autosaves (JSON): their messages would pile up in the session
    and all show at once after the next full save."""
    return request.accepts("text/html")


def keep_editor_partner(request, page):
    """A partner editor's page always belongs to their partner (else they could not edit it).

    The partner is added to the page's partners in the database (for a new page) and in the
    latest revision, which is what a moderator will publish.
    """
    if not isinstance(page, ResourcePage) or not is_partner_editor(request.user):
        return
    mine = user_partner_ids(request.user)
    revision = page.latest_revision
    chosen = set()
    if revision is not None:
        chosen = set(revision.content.get("partners") or [])
    else:
        chosen = {p.pk for p in page.partners.all()}
    if chosen & mine:
        return
    through = ResourcePage.partners.through
    stored = set(
        through.objects.filter(resourcepage_id=page.pk).values_list("partner_id", flat=True)
    )
    if not page.live or not stored:
        through.objects.bulk_create(
            [through(resourcepage_id=page.pk, partner_id=pk) for pk in sorted(mine - stored)]
        )
    if revision is not None:
        content = dict(revision.content)
        content["partners"] = sorted(chosen | mine)
        revision.content = content
        revision.save(update_fields=["content"])
    if not speaks_html(request):
        return
    names = ", ".join(str(p) for p in Partner.objects.filter(pk__in=mine))
    messages.info(
        request,
        gettext("This resource stays filed under your partner: %(partners)s.")
        % {"partners": names},
    )


def warn_missing_translations(request, page):
    if not speaks_html(request):
        return
    missing = missing_summary(page.specific if type(page) is not page.specific_class else page)
    if missing:
        messages.warning(
            request,
            gettext(
                "Saved. Some fields are filled in one language only; translate them when you "
                "can: %(fields)s."
            )
            % {"fields": ", ".join(missing)},
        )


@hooks.register("after_create_page")
def after_create_page(request, page):
    keep_editor_partner(request, page)
    stale.record(page, request.user)  # the text each language starts from
    warn_missing_translations(request, page)


@hooks.register("after_edit_page")
def after_edit_page(request, page):
    keep_editor_partner(request, page)
    # Autosaves included: a flag follows what the latest revision holds.
    stale.record(page, request.user)
    warn_missing_translations(request, page)


@hooks.register("construct_explorer_page_queryset")
def only_own_resources_in_explorer(parent_page, pages, request):
    """Partner editors browse the sections and their own partner's resources only."""
    if is_partner_editor(request.user):
        pages = pages.filter(
            not_a_resource() | resources_of_partners(user_partner_ids(request.user))
        )
    return pages


@hooks.register("construct_page_chooser_queryset")
def no_other_partners_drafts_in_chooser(pages, request):
    """Partner editors may link to any published resource, but see only their own drafts."""
    if is_partner_editor(request.user):
        pages = pages.filter(
            Q(live=True) | not_a_resource() | resources_of_partners(user_partner_ids(request.user))
        )
    return pages


class ConfirmCancellationView(ConfirmWorkflowCancellationView):
    """Wagtail's confirmation before publishing cuts a workflow short, for those who may edit
    the page only (Wagtail checks nothing here: anyone signed in read the workflow's state)."""

    def dispatch(self, request, *args, **kwargs):
        permissions = self.object.specific_deferred.permissions_for_user(request.user)
        if not (permissions.can_edit() or permissions.can_publish()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class HubPageViewSet(PageViewSet):
    """Wagtail's page views for every page type, with the checked confirmation above."""

    name = "hub_pages"
    confirm_workflow_cancellation_view_class = ConfirmCancellationView


@hooks.register("register_admin_viewset")
def register_page_viewset():
    # After Wagtail's own (order -1): this one then serves every page type.
    return HubPageViewSet()


@hooks.register("insert_editor_js")
def translation_hint_js():
    return format_html('<script src="{}" defer></script>', static("js/admin-translations.js"))


@hooks.register("insert_global_admin_css")
def translation_hint_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-translations.css"))


# Partners created in the admin get their group and collection at once ---------------------


@hooks.register("after_create_snippet")
def setup_new_partner(request, instance):
    if isinstance(instance, Partner):
        from .setup import setup_partner

        setup_partner(instance)


# Snippets: a partner editor edits their own partner's snippet, not another's ---------------


def _refuse_other_partners(request, instance, action):
    from wagtail.admin.auth import permission_denied

    from .views import denied_for_instance

    if denied_for_instance(request, instance, action):
        return permission_denied(request)
    return None


@hooks.register("before_edit_snippet")
def before_edit_snippet(request, instance):
    return _refuse_other_partners(request, instance, "change")


@hooks.register("before_delete_snippet")
def before_delete_snippet(request, instances):
    for instance in instances:
        response = _refuse_other_partners(request, instance, "delete")
        if response:
            return response
    return None
