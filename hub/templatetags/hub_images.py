"""``{% picture %}``: Wagtail's tag, with its filters parsed once per template.

Wagtail's PictureNode builds a Filter per spec on every render, and each Filter parses its
spec and looks its operations up again (the image operations hook) for every image: about a
millisecond a card. The specs are fixed in the template, so the Filters are made once per node
(they hold no image, only the parsed operations) and shared by every render.
"""

from django import template
from wagtail.images.templatetags import wagtailimages_tags

register = template.Library()


class PictureNode(wagtailimages_tags.PictureNode):
    _filters = None

    def get_filters(self):
        if self._filters is None:
            self._filters = super().get_filters()
        return self._filters


@register.tag
def picture(parser, token):
    """``{% picture image spec... attr=value %}`` as in Wagtail (wagtailimages_tags)."""
    node = wagtailimages_tags.image(parser, token)
    return PictureNode(
        node.image_expr, node.filter_specs, attrs=node.attrs, output_var_name=node.output_var_name
    )
