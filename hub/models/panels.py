"""Page editor panel: the fields whose translation may be out of date (hub.partners.stale).

With the models: BasePage's panels name it, and it reads StaleTranslation."""

from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from ..i18n import field_label
from .stale import StaleTranslation

LANGUAGE_NAMES = {"en": _("English"), "fr": _("French")}


class StaleTranslationsPanel(Panel):
    """A warning at the top of the form, listing each flagged field and why; hidden when none.

    Its list also carries the flagged inputs' names, which static/js/admin-translations.js
    uses to mark each field "may be out of date" where the editor types.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Translations that may be out of date"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "hub/admin/panels/stale_translations.html"

        @property
        def flags(self):
            if not hasattr(self, "_flags"):
                page = self.instance
                self._flags = []
                if page is not None and page.pk:
                    self._flags = list(
                        StaleTranslation.objects.filter(page_id=page.pk, stale=True)
                        .select_related("changed_by")
                        .order_by("field", "language")
                    )
            return self._flags

        def is_shown(self):
            return bool(self.flags)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            model = type(self.instance)
            others = {
                code: [LANGUAGE_NAMES[o] for o, _n in settings.LANGUAGES if o != code][0]
                for code, _n in settings.LANGUAGES
            }
            context["items"] = [
                {
                    "input": f"{flag.field}_{flag.language}",
                    "field": capfirst(field_label(model, flag.field)),
                    "language": LANGUAGE_NAMES.get(flag.language, flag.language),
                    "other": others[flag.language],
                    "changed_at": flag.changed_at,
                    "changed_by": flag.changed_by,
                }
                for flag in self.flags
            ]
            return context
