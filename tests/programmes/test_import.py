"""The legacy import and programmes: the optional ``programme`` column, and the corpus's four
programmes recognised from each row's key and titles when a manifest has no such column."""

import csv

import pytest

from hub.models import ResourcePage
from tests.importer.test_import_legacy import COLUMNS, good_row, run, write_manifest
from tests.missing import missing

pytestmark = pytest.mark.django_db


def test_programme_column_is_read_and_checked(tmp_path, demo_site):
    (tmp_path / "a.txt").write_text("Texte.", encoding="utf-8")
    columns = [*COLUMNS, "programme"]
    path = tmp_path / "manifest.csv"
    rows = [
        good_row("with-two", "a.txt", programme="C-CARE; territoires-partages"),
        good_row("unknown", "a.txt", programme="Nowhere programme"),
        good_row("plain", "a.txt"),
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in columns})
    output = run(path, "--no-extract")
    assert "unknown programme “Nowhere programme”" in output, output
    page = ResourcePage.objects.get(import_key="with-two")
    assert sorted(p.slug for p in page.programmes.all()) == ["c-care", "territoires-partages"]
    assert not ResourcePage.objects.filter(import_key="unknown").exists()
    assert not ResourcePage.objects.get(import_key="plain").programmes.exists()
    assert "no programme is named or recognised" in output


def test_a_manifest_without_the_column_still_imports(tmp_path, demo_site):
    (tmp_path / "a.txt").write_text("Texte.", encoding="utf-8")
    path = write_manifest(tmp_path, [good_row("calvados-aides", "a.txt")])
    output = run(path, "--no-extract")
    assert "1 created" in output, output
    page = ResourcePage.objects.get(import_key="calvados-aides")
    assert [p.slug for p in page.programmes.all()] == ["calvados-social-recovery"]


def test_the_corpus_rows_join_their_programmes(demo_site):
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2].parent / "shared/corpus/legacy/manifest.csv"
    if not sample.exists():
        missing(f"the shared legacy sample is not beside the project ({sample} is missing)")
    run(sample, "--no-extract", "--create-missing")
    found = {
        page.import_key: sorted(p.slug for p in page.programmes.all())
        for page in ResourcePage.objects.filter(import_key__isnull=False)
    }
    assert found["finistere-volet-social"] == ["c-care"]
    assert found["c-care-closing-interview"] == ["c-care"]
    assert found["calvados-relance-sociale"] == ["calvados-social-recovery"]
    assert found["territoires-partages"] == ["territoires-partages"]
    cantal = [key for key in found if key.startswith("cantal")]
    assert cantal and all(found[key] == ["cantal-solidarity-pact"] for key in cantal)
