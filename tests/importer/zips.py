"""Small built-in ZIP files for the import tests: a manifest and its documents, made in memory."""

import csv
import io
import zipfile

from tests.importer.test_import_legacy import COLUMNS

KENT_ROW = {
    "key": "kent-grocery",
    "kind": "publication",
    "file": "grocery.txt",
    "title_en": "The mobile grocery",
    "title_fr": "L'épicerie mobile",
    "summary_en": "A van that brings food to villages.",
    "language": "en",
    "partners": "Kent County Council",
    "themes": "food-insecurity",
    "country": "GB",
    "region": "Kent",
    "published_on": "2022-03-01",
}
FINISTERE_ROW = dict(
    KENT_ROW,
    key="finistere-mediation",
    file="mediation.txt",
    title_en="Digital mediation",
    title_fr="La médiation numérique",
    language="fr",
    partners="Département du Finistère",
    themes="digital-inclusion",
    country="FR",
    region="Bretagne",
)
NEW_THEME_ROW = dict(
    KENT_ROW,
    key="kent-heat",
    file="heat.txt",
    title_en="Warm homes",
    title_fr="Des logements chauds",
    themes="energy-poverty",
)
FILES = {
    "grocery.txt": "The grocery van visits twelve villages every week.",
    "mediation.txt": "Les médiateurs numériques accompagnent les habitants.",
    "heat.txt": "Insulating homes keeps families warm.",
}


def manifest_csv(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in COLUMNS})
    return out.getvalue()


def make_zip(rows=(KENT_ROW, FINISTERE_ROW), files=None, folder="", extra=()):
    """A ZIP with manifest.csv and the files (``extra``: (name, bytes) entries added as is)."""
    files = FILES if files is None else files
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{folder}manifest.csv", manifest_csv(rows))
        for name, text in files.items():
            archive.writestr(f"{folder}{name}", text)
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()
