"""Rich text the page editor can read: detection, cleaning, and a forgiving editor widget.

Wagtail's editor (Draftail) converts the stored HTML to its own format with a strict parser that
stops with "Unmatched tags" on misnested markup such as ``<p><b>bold</p></b>``. The admin can
never store such HTML (the editor writes well-formed markup), but a shell, an import or a
migration can, and the page's edit view then answered 500. Here:

* ``readable(html)`` says whether the editor's converter can read ``html``;
* ``clean_rich_text(html)`` gives the HTML the editor would save for it: well-formed first (an
  HTML parser closes what was left open), then through the editor's own converter;
* ``hub.richtext_editor.ForgivingDraftailRichTextArea``, the editor widget, opens it cleaned;
* ``clean_unreadable(page)`` cleans a page's unreadable rich text in place before it is saved
  (BasePage.save), and ``unreadable_fields(page)`` lists them for the edit view's warning.
"""

from bs4 import BeautifulSoup
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import RichText
from wagtail.rich_text import features as feature_registry


def _converter(features=None):
    # Imported here: the admin's converters need the app registry, and models import this.
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    return ContentstateConverter(features or feature_registry.get_default_features())


def readable(html, converter=None):
    if not html:
        return True
    try:
        (converter or _converter()).from_database_format(html)
    except AssertionError:  # the converter's "Unmatched tags" (its only check is an assert)
        return False
    return True


def well_formed(html):
    """``html`` re-serialised by an HTML parser: every element closed, in order."""
    return str(BeautifulSoup(html, "html.parser"))


def clean_rich_text(html, features=None):
    """What the editor would store for ``html``: well-formed, then only what it supports."""
    if not html:
        return html
    converter = _converter(features)
    if not readable(html, converter):
        html = well_formed(html)
    return converter.to_database_format(converter.from_database_format(html))


# Walking a page's rich text ---------------------------------------------------------------


def _rich_texts_in_block(block, value):
    """(slot, html) for every rich text in a block value; ``slot.set(new)`` replaces it."""
    if isinstance(block, blocks.StreamBlock):
        for child in value or []:
            yield from _rich_texts_in_child(child.block, _ChildSlot(child))
    elif isinstance(block, blocks.ListBlock):
        for child in getattr(value, "bound_blocks", None) or []:
            yield from _rich_texts_in_child(block.child_block, _ChildSlot(child))
    elif isinstance(block, blocks.StructBlock) and value is not None:
        for name, child_block in block.child_blocks.items():
            yield from _rich_texts_in_child(child_block, _ItemSlot(value, name))


def _rich_texts_in_child(block, slot):
    value = slot.get()
    if isinstance(block, blocks.RichTextBlock):
        if isinstance(value, RichText):
            slot.features = block.features
            yield slot, value.source
    else:
        yield from _rich_texts_in_block(block, value)


class _ChildSlot:
    """A stream or list child (its ``value`` attribute)."""

    features = None

    def __init__(self, child):
        self.child = child

    def get(self):
        return self.child.value

    def set(self, html):
        self.child.value = RichText(html)


class _ItemSlot:
    """A field of a struct value (``value[name]``)."""

    features = None

    def __init__(self, holder, name):
        self.holder, self.name = holder, name

    def get(self):
        return self.holder.get(self.name)

    def set(self, html):
        self.holder[self.name] = RichText(html)


class _FieldSlot:
    """A RichTextField of the page (plain HTML, not a RichText object)."""

    def __init__(self, page, attname, features):
        self.page, self.attname, self.features = page, attname, features

    def set(self, html):
        setattr(self.page, self.attname, html)


def _rich_texts(page):
    names = {field.name for field in page._meta.concrete_fields}
    for field in page._meta.concrete_fields:
        if f"{field.name}_en" in names:
            continue  # a translated field: its per-language fields hold the text
        if isinstance(field, RichTextField):
            html = getattr(page, field.attname, "")
            if html:
                yield field, _FieldSlot(page, field.attname, field.features), html
        elif isinstance(field, StreamField):
            value = getattr(page, field.attname, None)
            if value:
                for slot, html in _rich_texts_in_block(field.stream_block, value):
                    yield field, slot, html


def unreadable_fields(page):
    """The verbose names of the page's fields holding rich text the editor cannot read."""
    converter = _converter()
    names = []
    for field, _slot, html in _rich_texts(page):
        if not readable(html, converter) and field.verbose_name not in names:
            names.append(field.verbose_name)
    return names


def clean_unreadable(page):
    """Clean, in place, the rich text of ``page`` that the editor cannot read; how many."""
    converter = _converter()
    cleaned = 0
    for _field, slot, html in _rich_texts(page):
        if not readable(html, converter):
            slot.set(clean_rich_text(html, slot.features))
            cleaned += 1
    return cleaned
