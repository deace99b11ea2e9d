"""The page editor's rich text widget: Draftail, opening HTML it cannot parse cleaned.

Set as the default editor in settings (WAGTAILADMIN_RICH_TEXT_EDITORS); see hub/richtext.py.
"""

from wagtail.admin.rich_text import DraftailRichTextArea

from .richtext import well_formed


class ForgivingDraftailRichTextArea(DraftailRichTextArea):
    """Draftail, opening unreadable stored HTML cleaned instead of failing (the edit view
    warns about it: hub.wagtail_hooks); saving then stores the cleaned text."""

    def format_value(self, value):
        try:
            return super().format_value(value)
        except AssertionError:
            return super().format_value(well_formed(value))
