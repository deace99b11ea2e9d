"""StreamField blocks of video case studies: the story in three parts, key figures, a quote."""

import re

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


class FigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(max_length=30, label=_("Figure"), help_text=_("e.g. 373 or 96 %"))
    label = blocks.CharBlock(max_length=160, label=_("What it counts"))
    source = blocks.CharBlock(max_length=200, required=False, label=_("Source"))

    class Meta:
        icon = "order"
        label = _("Figure")


class KeyFiguresBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=200, label=_("Heading"), default="Key figures")
    figures = blocks.ListBlock(FigureBlock(), min_num=1, max_num=8, label=_("Figures"))

    class Meta:
        icon = "table"
        template = "case_studies/blocks/key_figures_block.html"
        label = _("Key figures")
        description = _(
            "A few numbers with what they count, e.g. 373 apprenticeship opportunities."
        )
        preview_value = {
            "heading": "Key figures",
            "figures": [{"value": "373", "label": "apprenticeship opportunities"}],
        }

    def clean(self, value):
        value = super().clean(value)
        for figure in value["figures"]:
            if not re.search(r"\d", figure["value"]):
                raise blocks.StructBlockValidationError(
                    block_errors={
                        "figures": ValidationError(
                            _("“%(value)s” is not a figure: it needs at least one digit.")
                            % {"value": figure["value"]}
                        )
                    }
                )
        return value


class CaseStudyBodyBlock(BodyBlock):
    story = StoryBlock()
    key_figures = KeyFiguresBlock()
