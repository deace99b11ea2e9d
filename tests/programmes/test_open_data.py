"""Open data: the CSV and JSON downloads parse back to the same figures, the XLSX opens, and the
DCAT-AP catalogue parses with rdflib and names each dataset with its distributions, licence
and publisher."""

import csv
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from rdflib import Graph
from rdflib.namespace import DCAT, DCTERMS, RDF

from tests.library.factories import PublicationFactory


@pytest.mark.django_db
def test_indicators_csv_and_json_give_back_the_same_figures(client, programme):
    csv_rows = list(
        csv.DictReader(io.StringIO(client.get("/data/indicators.csv").content.decode()))
    )
    data = json.loads(client.get("/data/indicators.json").content)
    assert data["licence"].startswith("https://creativecommons.org/licenses/by/4.0")
    expected = {(i.label_en, i.value, i.unit) for i in programme.indicators.all()}
    assert {(r["label_en"], Decimal(r["value"]), r["unit"]) for r in csv_rows} == expected
    assert {(r["label_en"], Decimal(r["value"]), r["unit"]) for r in data["rows"]} == expected
    vouchers = next(r for r in csv_rows if r["label_en"] == "vouchers")
    assert (vouchers["value"], vouchers["unit"]) == ("1000000", "GBP")


@pytest.mark.django_db
def test_programmes_and_library_downloads(client, home, programme):
    page = PublicationFactory(home=home, programmes=[programme])
    rows = json.loads(client.get("/data/programmes.json").content)["rows"]
    assert rows[0]["slug"] == "c-care" and rows[0]["total_budget"] == "6700000"
    assert "ERDF: 572389 EUR" in rows[0]["funders"] and "Kent: 1000000 GBP" in rows[0]["funders"]
    library = list(csv.DictReader(io.StringIO(client.get("/data/resources.csv").content.decode())))
    mine = next(r for r in library if r["id"] == str(page.pk))
    assert mine["programmes"] == "c-care" and mine["url_en"].endswith(page.slug_en + "/")
    book = load_workbook(io.BytesIO(client.get("/data/indicators.xlsx").content))
    sheet = book.active
    assert sheet.cell(1, 1).value == "programme" and sheet.max_row == 5
    assert client.get("/data/nothing.csv").status_code == 404
    assert client.get("/data/indicators.exe").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("extension", "rdf_format"), [("ttl", "turtle"), ("rdf", "xml")])
def test_dcat_catalogue_parses_and_names_each_dataset(client, home, extension, rdf_format):
    response = client.get(f"/data/catalogue.{extension}")
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format=rdf_format)
    catalogues = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogues) == 1
    datasets = set(graph.objects(catalogues[0], DCAT.dataset))
    assert {str(graph.value(d, DCTERMS.identifier)) for d in datasets} == {
        "resources",
        "programmes",
        "indicators",
    }
    for dataset in datasets:
        assert graph.value(dataset, DCTERMS.publisher) is not None
        assert "CC_BY_4_0" in str(graph.value(dataset, DCTERMS.license))
        titles = {t.language for t in graph.objects(dataset, DCTERMS.title)}
        assert titles == {"en", "fr"}
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert len(distributions) == 3
        for distribution in distributions:
            url = str(graph.value(distribution, DCAT.downloadURL))
            assert url.startswith("http://testserver/data/")
            assert "CC_BY_4_0" in str(graph.value(distribution, DCTERMS.license))
            assert client.get(url.replace("http://testserver", "")).status_code == 200


@pytest.mark.django_db
def test_open_data_page_in_both_languages_and_footer_link(client, home):
    for lang, title in (("en", "Open data"), ("fr", "Données ouvertes")):
        html = client.get(f"/{lang}/open-data/").content.decode()
        assert f"<h1>{title}</h1>" in html
        assert 'href="/data/indicators.csv"' in html and 'href="/data/catalogue.ttl"' in html
    assert 'href="/en/open-data/"' in client.get("/en/").content.decode()
