"""StreamField blocks of video case studies: the story in three parts and a quote.

Key figures are records, not blocks (programmes.models.ResourceIndicator): a figure in a
block was text that neither the impact page nor the open data could count.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from hub.blocks import BodyBlock

STORY_PARTS = [
    ("challenge", _("The challenge")),
    ("action", _("What was done")),
    ("outcomes", _("The outcomes")),
]


class StoryBlock(blocks.StructBlock):
    part = blocks.ChoiceBlock(choices=STORY_PARTS, label=_("Part of the story"))
    heading = blocks.CharBlock(
        max_length=200,
        required=False,
        label=_("Heading"),
        help_text=_("Leave empty to use the part's name."),
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"], label=_("Text"))

    class Meta:
        icon = "doc-full-inverse"
        template = "case_studies/blocks/story_block.html"
        label = _("Story section")
        description = _("The challenge, what was done, or the outcomes, in plain words.")
        preview_value = {
            "part": "challenge",
            "text": "<p>Customers stopped letting tradespeople into their homes.</p>",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["part_label"] = dict(STORY_PARTS).get(value.get("part"), "")
        return context

    def clean(self, value):
        value = super().clean(value)
        heading = (value.get("heading") or "").strip().lower()
        other_parts = {str(label).lower() for code, label in STORY_PARTS if code != value["part"]}
        if heading and heading in other_parts:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "heading": ValidationError(
                        _("This heading names another part of the story; choose that part.")
                    )
                }
            )
        return value


class CaseStudyBodyBlock(BodyBlock):
    story = StoryBlock()
