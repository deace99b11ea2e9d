"""StreamField blocks shared by every page type, each with an icon, template and preview."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


# Validation helpers for blocks' clean() -----------------------------------------------------
def field_errors(**errors):
    """The error a StructBlock's clean() raises, each message shown under its named child."""
    return blocks.StructBlockValidationError(
        block_errors={name: ValidationError(message) for name, message in errors.items()}
    )


def folded(text):
    """A short text as two entries are compared: case and surrounding spaces do not count."""
    return text.strip().lower()


def reject_duplicates(value, name, message, key=folded):
    """Raise ``message`` under child ``name`` when two of its entries have the same ``key``
    (entries whose key is None are not compared)."""
    keys = [k for k in map(key, value[name]) if k is not None]
    if len(keys) != len(set(keys)):
        raise field_errors(**{name: message})


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Level 2")), ("h3", _("Level 3"))], default="h2", label=_("Level")
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        description = _("A section heading; level 2 for sections, level 3 inside them.")
        preview_value = {"text": "Food insecurity in the Channel area", "level": "h2"}


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        description = _("A short quotation with who said it.")
        preview_value = {
            "quote": "Vouchers reached businesses faster than any grant we had run before.",
            "attribution": "Programme officer, Kent County Council",
        }


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul"])
    link_page = blocks.PageChooserBlock(label=_("Link to a page"), required=False)
    link_url = blocks.URLBlock(label=_("Or an address"), required=False)

    class Meta:
        icon = "help"
        template = "blocks/callout_block.html"
        description = _("A highlighted box that points to something worth reading.")
        preview_value = {
            "title": "Key lesson",
            "text": "<p>Hard-to-reach people need creative engagement.</p>",
        }

    def clean(self, value):
        value = super().clean(value)
        if value.get("link_page") and value.get("link_url"):
            raise field_errors(link_url=_("Give a page or an address, not both."))
        return value


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_link_block.html"
        description = _("A link to download a document, with its format and size.")


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class BodyBlock(blocks.StreamBlock):
    """The general-purpose body used by standard pages and as a base for resource bodies."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        label=_("Paragraph"),
        description=_("Running text with headings, lists and links."),
        preview_value="<p>The C-CARE programme ran from August 2020 to June 2023.</p>",
    )
    quote = QuoteBlock()
    callout = CalloutBlock()
    document = DocumentLinkBlock()

    class Meta:
        template = "blocks/stream_block.html"
