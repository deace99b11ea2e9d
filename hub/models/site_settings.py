"""Site-wide settings editors change in the admin: contact details and navigation."""

import copy

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Site

from ..memos import memo


class RememberedSetting(BaseSiteSetting):
    """A site setting read from the database once per content generation, not per request.

    Only reading for a request is remembered; the admin edits a fresh ``for_site`` copy.
    """

    class Meta:
        abstract = True

    @classmethod
    def for_request(cls, request):
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        shared = memo(("setting", cls._meta.label_lower, site.pk), lambda: cls.for_site(site))
        # A copy per request: Wagtail keeps the request on the instance.
        site_settings = copy.copy(shared)
        site_settings._request = request
        setattr(request, attr_name, site_settings)
        return site_settings


@register_setting(icon="cog")
class SiteSettings(RememberedSetting):
    """Who runs the hub and how to reach them; shown in the footer."""

    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    tagline = models.CharField(_("tagline"), max_length=250, blank=True)

    panels = [FieldPanel("organisation"), FieldPanel("contact_email"), FieldPanel("tagline")]

    class Meta:
        verbose_name = _("site settings")


@register_setting(icon="list-ul")
class NavigationSettings(RememberedSetting, ClusterableModel):
    """Header and footer navigation: links to pages, in the order editors choose."""

    panels = [
        InlinePanel("links", heading=_("Links"), label=_("Link")),
    ]

    class Meta:
        verbose_name = _("navigation")

    def header_links(self):
        return [link for link in self.links.all() if link.location == "header"]

    def footer_links(self):
        return [link for link in self.links.all() if link.location == "footer"]


class NavLink(Orderable):
    """One navigation link to a page; its text comes from the page in the visitor's language."""

    settings = ParentalKey(NavigationSettings, on_delete=models.CASCADE, related_name="links")
    location = models.CharField(
        _("where"),
        max_length=10,
        choices=[("header", _("Header")), ("footer", _("Footer"))],
        default="header",
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    label = models.CharField(
        _("label"), max_length=80, blank=True, help_text=_("Leave empty to use the page title.")
    )

    panels = [FieldPanel("location"), FieldPanel("page"), FieldPanel("label")]
