"""The "missing translations" report: every page with fields filled in one language only.

Partner editors see their own partner's pages; moderators and administrators see every page.
Filters: partner, kind of resource (or "other pages"), and the missing language.
"""

from dataclasses import dataclass

import django_filters
from django.db.models import F, prefetch_related_objects
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry

from hub.models import Partner, ResourcePage
from hub.models.resources import KIND_CHOICES

from .access import is_partner_editor, user_partner_ids
from .policies import resources_of_partners
from .stale import stale_map
from .translations import field_label, missing_map

OTHER_PAGES = "other"
LANGUAGE_CHOICES = [("en", _("English")), ("fr", _("French"))]


def _partner_choices(request):
    partners = Partner.objects.all()
    if request is not None and is_partner_editor(request.user):
        partners = partners.filter(pk__in=user_partner_ids(request.user))
    return partners


class MissingTranslationsFilterSet(WagtailFilterSet):
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"),
        queryset=_partner_choices,
        method="filter_partner",
        empty_label=_("All partners"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=[*KIND_CHOICES, (OTHER_PAGES, _("Other pages"))],
        method="filter_kind",
        empty_label=_("All kinds"),
    )
    language = django_filters.ChoiceFilter(
        label=_("Missing in"),
        choices=LANGUAGE_CHOICES,
        method="filter_language",
        empty_label=_("Either language"),
    )

    class Meta:
        model = Page
        fields = []

    def filter_partner(self, queryset, name, value):
        return queryset.filter(resources_of_partners([value.pk])) if value else queryset

    def filter_kind(self, queryset, name, value):
        if value == OTHER_PAGES:
            return queryset.exclude(pk__in=ResourcePage.objects.values("pk"))
        if value:
            return queryset.filter(pk__in=ResourcePage.objects.filter(kind=value).values("pk"))
        return queryset

    def filter_language(self, queryset, name, value):
        # Applied to the computed rows, not in SQL (see MissingTranslationsView).
        return queryset


@dataclass
class MissingRow:
    """One page in the report, with its fields missing in each language.

    ``page`` is loaded only for the rows shown (see ``load_pages``).
    """

    pk: int
    missing: dict
    page: Page = None
    stale: dict = None

    @property
    def title(self):
        return self.page.get_admin_display_title()

    @property
    def kind(self):
        if isinstance(self.page, ResourcePage):
            return self.page.get_kind_display()
        return self.page.specific_class._meta.verbose_name

    @property
    def partner_names(self):
        if isinstance(self.page, ResourcePage):
            return ", ".join(str(p) for p in self.page.partners.all())
        return ""

    def _labels(self, code, names=None):
        model = type(self.page) if self.page is not None else None
        names = self.missing[code] if names is None else names
        return ", ".join(field_label(model, n) if model else n for n in names)

    def _stale(self, code):
        return self._labels(code, (self.stale or {}).get(code, []))

    @property
    def stale_english(self):
        return self._stale("en")

    @property
    def stale_french(self):
        return self._stale("fr")

    @property
    def missing_english(self):
        return self._labels("en")

    @property
    def missing_french(self):
        return self._labels("fr")

    @property
    def count(self):
        return sum(len(names) for names in self.missing.values())

    @property
    def stale_count(self):
        return sum(len(names) for names in (self.stale or {}).values())

    def needs(self, code):
        return bool(self.missing.get(code) or (self.stale or {}).get(code))


def rows_for(pages, language=None):
    """The rows of ``pages`` (a queryset, in its order) with fields in one language only, or
    whose translation may be out of date (hub.partners.stale)."""
    missing = missing_map()
    stale = stale_map()
    empty = {code: [] for code, _name in LANGUAGE_CHOICES}
    rows = []
    for pk in pages.values_list("pk", flat=True):
        if pk not in missing and pk not in stale:
            continue
        row = MissingRow(pk=pk, missing=missing.get(pk, empty), stale=stale.get(pk, empty))
        if language and not row.needs(language):
            continue
        rows.append(row)
    return rows


def load_pages(rows):
    """Attach each row's specific page (with its partners), in a few queries."""
    rows = list(rows)
    pages = Page.objects.filter(pk__in=[row.pk for row in rows]).specific().in_bulk()
    resources = [page for page in pages.values() if isinstance(page, ResourcePage)]
    if resources:
        prefetch_related_objects(resources, "partners")
    for row in rows:
        row.page = pages.get(row.pk)
    return [row for row in rows if row.page is not None]


def pages_for_user(user):
    """The pages whose translations the user looks after."""
    pages = Page.objects.filter(depth__gt=1)
    if is_partner_editor(user):
        pages = pages.filter(resources_of_partners(user_partner_ids(user)))
    return pages


class MissingTranslationsView(ReportView):
    page_title = _("Missing translations")
    header_icon = "doc-full"
    results_template_name = "hub/admin/missing_translations_results.html"
    filterset_class = MissingTranslationsFilterSet
    index_url_name = "hub_missing_translations"
    index_results_url_name = "hub_missing_translations_results"
    any_permission_required = ["add", "change", "publish"]
    paginate_by = 50
    list_export = [
        "title",
        "kind",
        "partner_names",
        "missing_english",
        "missing_french",
        "stale_english",
        "stale_french",
    ]
    export_headings = {
        "title": _("Title"),
        "kind": _("Kind"),
        "partner_names": _("Partners"),
        "missing_english": _("Missing in English"),
        "missing_french": _("Missing in French"),
        "stale_english": _("May be out of date in English"),
        "stale_french": _("May be out of date in French"),
    }

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(Page)

    def get_filename(self):
        return "missing-translations"

    def get_queryset(self):
        self.queryset = pages_for_user(self.request.user).order_by("path")
        return super().get_queryset()

    def get_filtered_queryset(self):
        pages = self.filter_queryset(self.get_queryset())
        language = None
        if self.filters and self.filters.is_valid():
            language = self.filters.form.cleaned_data.get("language") or None
        rows = rows_for(pages, language)
        self.counts = {
            "pages": len(rows),
            "en": sum(1 for row in rows if row.missing["en"]),
            "fr": sum(1 for row in rows if row.missing["fr"]),
            "fields": sum(row.count for row in rows),
            "stale": sum(row.stale_count for row in rows),
        }
        return rows

    def decorate_paginated_queryset(self, object_list):
        return load_pages(object_list)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["counts"] = getattr(self, "counts", None)
        return context


class PageTypesUsageView(PageTypesUsageReportView):
    """Wagtail's "page types usage" report, whose counts and "last edited page" cover every
    page; for a partner editor they cover the pages they may see (no other partner's drafts)."""

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        user = self.request.user
        if not is_partner_editor(user):
            return page_types
        visible = self.permission_policy.explorable_instances(user)
        latest_first = (F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk")
        for item in page_types:
            pages = visible.filter(content_type_id=item.pk)
            item.count = pages.count()
            item.last_edited_page = pages.order_by(*latest_first).specific().first()
        return page_types
