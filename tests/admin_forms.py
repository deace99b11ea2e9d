"""An admin form read and sent back as a browser sends it, without running its scripts.

``BrowserForm`` collects the fields of one form of a page: checked boxes only, a select's chosen
options, textareas' text. An InlinePanel's blank row (its ``__prefix__`` fields, inside a
``<template>``) is not sent, as in a browser; ``add_inline_row`` does what the panel's "Add"
button does: it copies that blank row with the next number and counts it in TOTAL_FORMS.
"""

import html.parser

PREFIX = "__prefix__"


class BrowserForm(html.parser.HTMLParser):
    """The fields a browser would send from one form of a page (without running its scripts),
    and the blank rows of its inline panels (``blanks``)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields, self.blanks = form_id, False, [], []
        self._textarea = self._select = None

    def _add(self, name, value):
        field = [name, value]
        (self.blanks if PREFIX in name else self.fields).append(field)
        return field

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "name" not in a and tag != "option":
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind not in {"submit", "button", "file", "image"}:
                self._add(a["name"], a.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea":
            self._textarea = self._add(a["name"], "")
        elif tag == "select":
            self._select = {"name": a["name"], "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self._select:
            self._select["options"].append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            # As a browser: a multiple select sends its selected options (maybe none), a single
            # one its selected option, else its first; a select without options sends nothing.
            select, self._select = self._select, None
            chosen = [value for value, selected in select["options"] if selected]
            if not select["multiple"]:
                chosen = chosen[-1:] or [value for value, _selected in select["options"][:1]]
            for value in chosen:
                self._add(select["name"], value)
        elif tag == "form":
            self.inside = False


def read_form(page_html, form_id="page-edit-form"):
    form = BrowserForm(form_id)
    form.feed(page_html)
    return form


def add_inline_row(form, prefix, **values):
    """The form's fields with one more row of the inline panel ``prefix``, filled with
    ``values`` (field name without the prefix: ``label_en="…"``)."""
    fields = [list(field) for field in form.fields]
    total = next(f for f in fields if f[0] == f"{prefix}-TOTAL_FORMS")
    number = int(total[1])
    blank = [f for f in form.blanks if f[0].startswith(f"{prefix}-{PREFIX}-")]
    assert blank, f"no blank row of {prefix!r} in the form"
    for name, value in blank:
        short = name[len(f"{prefix}-{PREFIX}-") :]
        fields.append([f"{prefix}-{number}-{short}", str(values.pop(short, value))])
    assert not values, f"fields not in the row: {sorted(values)}"
    total[1] = str(number + 1)
    return fields


def set_field(fields, name, value):
    """``fields`` with ``name`` set to ``value`` (replaced, or added)."""
    kept = [f for f in fields if f[0] != name]
    return [*kept, [name, value]]
