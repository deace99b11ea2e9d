"""Programmes side by side (programmes/compare.py): one unit per row, money per currency."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import translation

from programmes.money import format_money

from .conftest import add_funder, add_indicator, make_programme


@pytest.fixture
def cantal(programme_index):
    page = make_programme(
        programme_index,
        "cantal",
        title_en="Cantal Solidarity Pact",
        title_fr="Pacte des solidarités du Cantal",
        acronym="Cantal",
        total_budget=Decimal("596000"),
        budget_currency="EUR",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )
    add_funder(page, "State", "État", "313000", "EUR")
    add_funder(page, "Department", "Département", "283000", "EUR")
    for order, (en, fr, value, unit) in enumerate(
        [
            ("people helped", "personnes aidées", "850", "people"),
            ("businesses hiring", "entreprises qui recrutent", "31", "businesses"),
        ]
    ):
        add_indicator(page, en, value, unit, sort_order=order, label_fr=fr)
    return page


def _rows(html, caption):
    table = html.split(caption, 1)[1].split("</table>", 1)[0]
    return {
        re.sub(r"<[^>]+>", " ", row.split("</th>")[0]).split()[0]: row
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
        if 'scope="row"' in row
    }


@pytest.mark.django_db
def test_two_programmes_side_by_side(client, programme, cantal):
    response = client.get("/en/programmes/compare/?p=c-care&p=cantal")
    assert response.status_code == 200
    html = response.content.decode()
    # One column per programme, in the order asked, linked to its page.
    heads = re.findall(r'<th scope="col"><a href="([^"]+)">', html)
    assert heads[:2] == ["/en/programmes/c-care/", "/en/programmes/cantal/"]
    facts = html.split('id="compare-facts"', 1)[1].split("</table>", 1)[0]
    # Money per currency: C-CARE's euros and pounds in their own rows, Cantal's two euro
    # funders added (one currency, all known), nothing added across currencies.
    assert "Funding from funders (EUR)" in facts and "Funding from funders (GBP)" in facts
    eur = facts.split("Funding from funders (EUR)", 1)[1].split("</tr>", 1)[0]
    assert "€572,389" in eur and "€596,000" in eur
    gbp = facts.split("Funding from funders (GBP)", 1)[1].split("</tr>", 1)[0]
    assert "£1,000,000" in gbp and '<td data-programme="Cantal">–</td>' in gbp
    assert "1,572,389" not in html and "1,596,000" not in html
    assert "2020–2023" in facts and "2024–2027" in facts
    # Indicators one unit per row; the businesses row is shared, so it comes first.
    rows = _rows(html, "Indicators, one unit per row")
    assert list(rows)[0] == "Businesses"
    assert "2,407" in rows["Businesses"] and "31" in rows["Businesses"]
    assert "(target: 200)" in rows["Businesses"]
    assert "850" in rows["People"] and "2,407" not in rows["People"]
    assert "96%" in rows["Percent"]
    assert "£1,000,000" in rows["Pounds"]
    # Never added, even within a unit: 2,407 + 144 + 31 appears nowhere.
    assert "2,582" not in html and "2,551" not in html


@pytest.mark.django_db
def test_compare_in_french(client, programme, cantal):
    html = client.get("/fr/programmes/compare/?p=c-care&p=cantal").content.decode()
    assert "Comparer les programmes" in html
    assert "Financements des financeurs (EUR)" in html
    with translation.override("fr"):
        assert format_money(Decimal("572389"), "EUR") in html
    assert "entreprises accompagnées" in html
    assert 'lang="fr"' in html


@pytest.mark.django_db
def test_choosing_fewer_than_two_or_unknown(client, programme, cantal):
    html = client.get("/en/programmes/compare/").content.decode()
    assert 'name="p" value="c-care"' in html and 'name="p" value="cantal"' in html
    assert "<table" not in html
    html = client.get("/en/programmes/compare/?p=c-care&p=nope&p=c-care").content.decode()
    assert "Choose at least two programmes" in html
    assert "<table" not in html
    assert 'value="c-care" checked' in html


@pytest.mark.django_db
def test_withdrawn_programme_is_not_compared(client, programme, cantal):
    cantal.unpublish()
    html = client.get("/en/programmes/compare/?p=c-care&p=cantal").content.decode()
    assert 'value="cantal"' not in html
    assert "<table" not in html


@pytest.mark.django_db
def test_index_links_to_the_comparison(client, programme, cantal):
    html = client.get("/en/programmes/").content.decode()
    link = re.search(r'href="(/en/programmes/compare/\?[^"]+)"', html).group(1)
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 200
    assert "compare-table" in response.content.decode()


@pytest.mark.django_db
def test_query_count_does_not_grow_with_indicators(
    client, programme, cantal, django_assert_max_num_queries
):
    for number in range(20):
        add_indicator(cantal, f"extra {number}", number, "events")
    with django_assert_max_num_queries(16):
        client.get("/en/programmes/compare/?p=c-care&p=cantal")
