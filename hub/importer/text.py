"""The sentences of an import report: kept as English templates and values, shown in the
language of whoever reads them (the report is stored, hub.models.imports, and read later).

``Text`` is one sentence; ``Problem`` one refusal of a row (its row, column and Text). Both go to
JSON and back (``as_json``/``from_json``): what is stored is the template and values, never a
class path.
"""

from dataclasses import dataclass

from django.utils.translation import gettext


class Text:
    """A sentence kept as its English template and values, shown in the reader's language.

    An import report is stored once and read later, perhaps by an editor whose admin speaks
    the other language: it keeps ``template`` (marked with ``gettext_noop``) and ``params``, and
    renders them with the language active when it is read.
    """

    def __init__(self, template, **params):
        self.template = template
        self.params = params

    def __str__(self):
        text = gettext(self.template)
        return text % self.params if self.params else text

    def __eq__(self, other):
        return str(self) == str(other)

    def __hash__(self):
        return hash(str(self))

    def __repr__(self):
        return f"Text({str(self)!r})"

    def as_json(self):
        params = {k: v.as_json() if isinstance(v, Text) else str(v) for k, v in self.params.items()}
        return {"t": self.template, "p": params}

    @classmethod
    def from_json(cls, data):
        if isinstance(data, str):
            return cls(data)
        params = {
            k: cls.from_json(v) if isinstance(v, dict) else v for k, v in data.get("p", {}).items()
        }
        return cls(data["t"], **params)


@dataclass
class Problem:
    row: int
    column: str
    text: object  # a Text, or a plain sentence (an error raised while saving)

    @property
    def message(self):
        return str(self.text)

    def __str__(self):
        if self.column:
            return gettext("row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return gettext("row %(row)s: %(message)s") % {"row": self.row, "message": self.message}

    def as_json(self):
        text = self.text.as_json() if isinstance(self.text, Text) else str(self.text)
        return {"row": self.row, "column": self.column, "text": text}

    @classmethod
    def from_json(cls, data):
        return cls(data["row"], data.get("column", ""), Text.from_json(data["text"]))
