"""StreamField blocks of a workshop: the agenda, one item a block, in the event's time zone."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class AgendaItemBlock(blocks.StructBlock):
    """One agenda item: when it starts (and ends), what it is, and who speaks."""

    start_time = blocks.TimeBlock(label=_("Starts at"), format="%H:%M")
    end_time = blocks.TimeBlock(label=_("Ends at"), required=False, format="%H:%M")
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    speakers = blocks.CharBlock(
        label=_("Speakers"),
        required=False,
        max_length=300,
        help_text=_("Names and organisations, separated by commas."),
    )
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "time"
        template = "workshops/blocks/agenda_item.html"
        label = _("Agenda item")
        description = _("A session of the workshop, with its times and speakers.")
        preview_value = {
            "start_time": "10:00",
            "end_time": "11:00",
            "title": "Food aid under lockdown: what each side of the Channel did",
            "speakers": "Département du Finistère, Kent County Council",
            "description": "Short presentations followed by questions.",
        }

    def clean(self, value):
        value = super().clean(value)
        start, end = value.get("start_time"), value.get("end_time")
        if start and end and end <= start:
            raise blocks.StructBlockValidationError(
                block_errors={"end_time": ValidationError(_("An item must end after it starts."))}
            )
        return value


class AgendaBlock(blocks.StreamBlock):
    """The agenda: items in order; times are local to the workshop's time zone."""

    item = AgendaItemBlock()

    class Meta:
        icon = "list-ul"
        template = "workshops/blocks/agenda.html"
        description = _("The programme of the workshop.")

    def clean(self, value):
        value = super().clean(value)
        times = [child.value.get("start_time") for child in value if child.value.get("start_time")]
        if times != sorted(times):
            raise blocks.StreamBlockValidationError(
                non_block_errors=ValidationError(_("Put agenda items in time order."))
            )
        return value
