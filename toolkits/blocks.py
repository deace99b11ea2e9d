"""StreamField blocks of toolkits, town-centre plans and publications.

Each block says what it is for (description), shows an example in the block picker
(preview_value) and checks the rules that span several of its fields in clean().
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from hub.blocks import BodyBlock, field_errors, folded, reject_duplicates

SIMPLE_TEXT = ["bold", "italic", "link", "ul", "ol"]


# Toolkits -----------------------------------------------------------------------------------
class AudienceBlock(blocks.StructBlock):
    audiences = blocks.ListBlock(
        blocks.CharBlock(max_length=120, label=_("Audience")),
        label=_("Who it is for"),
        min_num=1,
    )
    prerequisites = blocks.TextBlock(label=_("What they need beforehand"), required=False)

    class Meta:
        icon = "group"
        template = "toolkits/blocks/audience_block.html"
        label = _("Audience")
        description = _("Who the toolkit is for and what they need before starting.")
        preview_value = {
            "audiences": ["Social workers", "Food-aid charities"],
            "prerequisites": "A list of the households you already support.",
        }

    def clean(self, value):
        value = super().clean(value)
        reject_duplicates(value, "audiences", _("Each audience is listed once."))
        return value


class PurposeBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(features=SIMPLE_TEXT, label=_("Purpose"))
    outcomes = blocks.ListBlock(
        blocks.CharBlock(max_length=200), label=_("Expected outcomes"), required=False
    )

    class Meta:
        icon = "pick"
        template = "toolkits/blocks/purpose_block.html"
        label = _("Purpose")
        description = _("What the toolkit helps to achieve, and the outcomes to expect.")
        preview_value = {
            "text": "<p>Get food vouchers to households within a week.</p>",
            "outcomes": ["Vouchers issued in under seven days"],
        }


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200, label=_("Step"))
    text = blocks.RichTextBlock(features=SIMPLE_TEXT, label=_("What to do"))
    duration = blocks.CharBlock(max_length=60, required=False, label=_("How long it takes"))
    download = DocumentChooserBlock(required=False, label=_("Template for this step"))

    class Meta:
        icon = "order"
        label = _("Step")


class StepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=200, label=_("Heading"), default="Steps")
    steps = blocks.ListBlock(StepBlock(), min_num=1, label=_("Steps"))

    class Meta:
        icon = "list-ol"
        template = "toolkits/blocks/steps_block.html"
        label = _("Steps")
        description = _("Numbered steps to follow in order; each may point to a template.")
        preview_value = {
            "heading": "Steps",
            "steps": [
                {"title": "Map who already helps", "text": "<p>List local food banks.</p>"},
                {"title": "Agree one referral form", "text": "<p>Use the template.</p>"},
            ],
        }

    def clean(self, value):
        value = super().clean(value)
        reject_duplicates(
            value,
            "steps",
            _("Two steps have the same title; give each its own."),
            key=lambda step: folded(step["title"]),
        )
        return value


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200, label=_("Title"))
    items = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1, label=_("Items"))

    class Meta:
        icon = "tasks"
        template = "toolkits/blocks/checklist_block.html"
        label = _("Checklist")
        description = _("Things to check off; shown as a list readers can print.")
        preview_value = {
            "title": "Before the first distribution",
            "items": ["Partners agreed on criteria", "Vouchers printed"],
        }

    def clean(self, value):
        value = super().clean(value)
        reject_duplicates(value, "items", _("An item appears twice in this checklist."))
        return value


class DownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(max_length=200, required=False, label=_("Link text"))
    description = blocks.TextBlock(required=False, label=_("What it is for"))

    class Meta:
        icon = "doc-full"
        label = _("Template")


class TemplatesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=200, label=_("Heading"), default="Templates")
    templates = blocks.ListBlock(DownloadBlock(), min_num=1, label=_("Templates"))

    class Meta:
        icon = "download"
        template = "toolkits/blocks/templates_block.html"
        label = _("Templates to download")
        description = _("Forms, letters and spreadsheets readers can download and adapt.")

    def clean(self, value):
        value = super().clean(value)
        reject_duplicates(
            value,
            "templates",
            _("The same document is listed twice."),
            key=lambda item: item["document"].pk if item["document"] else None,
        )
        return value


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=120, label=_("Name or team"))
    role = blocks.CharBlock(max_length=120, required=False, label=_("Role"))
    organisation = blocks.CharBlock(max_length=200, required=False, label=_("Organisation"))
    email = blocks.EmailBlock(required=False, label=_("Email"))
    phone = blocks.CharBlock(max_length=40, required=False, label=_("Phone"))

    class Meta:
        icon = "mail"
        template = "toolkits/blocks/contact_block.html"
        label = _("Contact")
        description = _("Who to ask about this toolkit; give an email or a phone number.")
        preview_value = {
            "name": "Food insecurity team",
            "organisation": "Département du Finistère",
            "email": "food@example.org",
        }

    def clean(self, value):
        value = super().clean(value)
        if not value.get("email") and not value.get("phone"):
            raise field_errors(email=_("Give an email address or a phone number."))
        return value


class ToolkitBodyBlock(BodyBlock):
    audience = AudienceBlock()
    purpose = PurposeBlock()
    steps = StepsBlock()
    checklist = ChecklistBlock()
    templates = TemplatesBlock()
    contact = ContactBlock()


# Town-centre plans ----------------------------------------------------------------------------
ACTION_STATUS = [
    ("planned", _("Planned")),
    ("in_progress", _("In progress")),
    ("done", _("Done")),
    ("dropped", _("Dropped")),
]


class PriorityActionBlock(blocks.StructBlock):
    action = blocks.CharBlock(max_length=200, label=_("Action"))
    description = blocks.TextBlock(required=False, label=_("Description"))
    lead = blocks.CharBlock(max_length=200, label=_("Who leads it"))
    start_year = blocks.IntegerBlock(min_value=1990, max_value=2100, label=_("Starts"))
    end_year = blocks.IntegerBlock(min_value=1990, max_value=2100, required=False, label=_("Ends"))
    budget = blocks.DecimalBlock(min_value=0, decimal_places=0, required=False, label=_("Budget"))
    currency = blocks.ChoiceBlock(
        choices=[("EUR", "EUR (€)"), ("GBP", "GBP (£)")], default="EUR", label=_("Currency")
    )
    status = blocks.ChoiceBlock(choices=ACTION_STATUS, default="planned", label=_("Status"))

    class Meta:
        icon = "flag"
        label = _("Priority action")


class PriorityActionsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=200, label=_("Heading"), default="Priority actions")
    actions = blocks.ListBlock(PriorityActionBlock(), min_num=1, label=_("Actions"))

    class Meta:
        icon = "list-ul"
        template = "toolkits/blocks/priority_actions_block.html"
        label = _("Priority actions")
        description = _("The plan's actions as a table: lead, timeline, budget and status.")
        preview_value = {
            "heading": "Priority actions",
            "actions": [
                {
                    "action": "Reopen empty shops as pop-up spaces",
                    "lead": "Town council",
                    "start_year": 2022,
                    "end_year": 2024,
                    "budget": 50000,
                    "currency": "GBP",
                    "status": "in_progress",
                }
            ],
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["action_statuses"] = ACTION_STATUS
        return context

    def clean(self, value):
        value = super().clean(value)
        for action in value["actions"]:
            end, start = action.get("end_year"), action.get("start_year")
            if end and start and end < start:
                raise field_errors(
                    actions=_("“%(action)s” ends before it starts.") % {"action": action["action"]}
                )
        return value


class TownCentrePlanBodyBlock(BodyBlock):
    priority_actions = PriorityActionsBlock()


# Publications -------------------------------------------------------------------------------
class KeyPointsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=200, label=_("Heading"), default="Key points")
    points = blocks.ListBlock(blocks.TextBlock(), min_num=1, label=_("Points"))

    class Meta:
        icon = "list-ul"
        template = "toolkits/blocks/key_points_block.html"
        label = _("Key points")
        description = _("The few things a reader should remember from the document.")
        preview_value = {"heading": "Key points", "points": ["Vouchers work well."]}

    def clean(self, value):
        value = super().clean(value)
        if len(value["points"]) > 10:
            raise field_errors(points=_("Keep to ten key points at most."))
        return value


class PublicationBodyBlock(BodyBlock):
    key_points = KeyPointsBlock()
