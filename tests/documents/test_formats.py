"""Text extraction of each format, in the limited worker process, and of hostile files."""

import pytest

from hub.extraction import runner
from hub.extraction.formats import sniff
from hub.extraction.plain_text import clean_text, decode_text, html_to_text

from . import files


@pytest.fixture
def extract(tmp_path):
    def run(name, data, **limits):
        path = tmp_path / name
        path.write_bytes(data)
        return runner.run_extraction(path, name.rsplit(".", 1)[-1], runner.Limits(**limits))

    return run


def test_pdf_text_and_page_count(extract):
    outcome = extract("report.pdf", files.make_pdf("Première page numérique", "Second (page)"))
    assert outcome.status == "done", outcome.error
    assert outcome.page_count == 2
    assert "Première page numérique" in outcome.text
    assert "Second (page)" in outcome.text


def test_pdf_page_limit_reads_first_pages_and_says_so(extract):
    pdf = files.make_pdf(*[f"page{n}word" for n in range(1, 6)])
    outcome = extract("long.pdf", pdf, max_pages=3)
    assert outcome.status == "done"
    assert outcome.page_count == 5
    assert "page3word" in outcome.text and "page4word" not in outcome.text
    assert outcome.notes == ["only the first 3 of 5 pages were read"]


def test_output_is_capped(extract):
    outcome = extract("big.txt", ("mot " * 50_000).encode(), max_chars=1000)
    assert outcome.status == "done"
    assert len(outcome.text) <= 1000
    assert "cut at 1,000 characters" in outcome.notes[0]


def test_docx_paragraphs_and_tables(extract):
    data = files.make_docx("Un paragraphe", "Deuxième", table=[["cellule", "tableau"]])
    outcome = extract("note.docx", data)
    assert outcome.status == "done", outcome.error
    assert outcome.text.split("\n") == ["Un paragraphe", "Deuxième", "cellule", "tableau"]


def test_odt_in_document_order(extract):
    outcome = extract("note.odt", files.make_odt("Corps du texte", "Fin", heading="Titre"))
    assert outcome.status == "done", outcome.error
    assert outcome.text.split("\n") == ["Titre", "Corps du texte", "Fin"]


def test_html_visible_text_only(extract):
    outcome = extract("page.html", files.make_html("texte visible", "scriptsecret"))
    assert outcome.status == "done"
    assert "texte visible" in outcome.text
    for hidden in (
        "scriptsecret",
        "color",
        "navonlyword",
        "bandeau",
        "gabaritcache",
        "activezjavascript",
        "textecache",
        "encadrelateral",
        "piedpage",
        "Titre",
    ):
        assert hidden not in outcome.text


def test_html_with_windows_1252_meta_charset(extract):
    data = '<html><head><meta charset="windows-1252"></head><body><p>Élève à Brest</p>'
    outcome = extract("old.htm", data.encode("cp1252"))
    assert outcome.text == "Élève à Brest"


def test_html_saved_as_txt_is_still_read_as_html(extract):
    outcome = extract("saved.txt", files.make_html("lisible", "invisiblescript"))
    assert "lisible" in outcome.text and "invisiblescript" not in outcome.text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Électricité numérique".encode(), "Électricité numérique"),
        ("Électricité – numérique".encode("cp1252"), "Électricité – numérique"),
        ("\ufeffavec BOM".encode(), "avec BOM"),
        ("UTF-16 élève".encode("utf-16"), "UTF-16 élève"),
        (b"latin \x81\xe9", "latin \x81é"),
    ],
)
def test_plain_text_encodings(data, expected):
    assert decode_text(data) == expected


def test_clean_text_drops_control_characters_and_nul():
    assert clean_text("a\x00b\x07c\r\n\n\n\nd  \t e") == "a b c\n\nd e"


def test_html_parser_survives_unclosed_and_nested_markup():
    text = html_to_text("<div><p>un<p>deux<nav><ul><li>menu</nav><p>trois<br>quatre", 1000)
    assert clean_text(text).split() == ["un", "deux", "trois", "quatre"]


def test_sniffing():
    assert sniff(b"%PDF-1.7") == "pdf"
    assert sniff(b"PK\x03\x04") == "zip"
    assert sniff(b"<!DOCTYPE html><p>") == "html"
    assert sniff(b"hello") == "text"
    assert sniff(b"\x00\x01\x02") == "binary"
    assert sniff(b"") == "empty"


# Hostile and broken files -------------------------------------------------------------


def test_pdf_decompression_bomb(extract):
    outcome = extract("bomb.pdf", files.make_pdf_bomb())
    assert outcome.status == "failed"
    assert "decompression bomb" in outcome.error


def test_pdf_with_a_deep_page_tree_is_not_called_a_bomb(extract):
    outcome = extract("deep.pdf", files.make_deep_pdf())
    assert outcome.status == "failed"
    assert outcome.error == (
        "the PDF's page tree is nested too deeply (more than 100 levels): its pages cannot be read"
    )
    assert "bomb" not in outcome.error


def test_pdf_with_looping_page_tree(extract):
    outcome = extract("loop.pdf", files.make_looping_pdf())
    assert outcome.status == "failed"
    assert "loops back on itself" in outcome.error


def test_pdf_with_looping_xref_chain_ends(extract):
    # pypdf notices the /Prev chain points at itself and reads the file once.
    outcome = extract("loopx.pdf", files.make_looping_xref_pdf())
    assert outcome.status in ("done", "failed")
    assert outcome.status == "failed" or "xref loop" in outcome.text


@pytest.mark.parametrize(
    ("name", "member"), [("bomb.docx", "word/document.xml"), ("bomb.odt", "content.xml")]
)
def test_zip_decompression_bomb_refused_from_the_directory(extract, name, member):
    outcome = extract(name, files.make_zip_bomb(member))
    assert outcome.status == "failed"
    assert outcome.error.startswith(f"decompression bomb: {member} would expand from")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "report.pdf",
            b"plain words",
            "the file is not a PDF although it ends in .pdf (it looks like plain text)",
        ),
        (
            "report.pdf",
            b"PK\x03\x04" + b"\x00" * 30,
            "the file is not a PDF although it ends in .pdf (it looks like a ZIP archive)",
        ),
        (
            "letter.docx",
            files.make_pdf("x"),
            "the file is not a Word document although it ends in .docx (it looks like a PDF)",
        ),
        (
            "letter.odt",
            files.make_docx("x"),
            "the file is not an OpenDocument text although it ends in .odt",
        ),
        (
            "letter.docx",
            files.make_odt("x"),
            "the file is not a Word document although it ends in .docx",
        ),
        ("notes.txt", bytes(range(256)) * 4, "the file is not plain text although it ends in .txt"),
        (
            "page.html",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
            "the file is not an HTML page although it ends in .html (it looks like an image)",
        ),
        ("empty.pdf", b"", "the file is empty"),
        ("cut.pdf", files.make_pdf("x")[:60], "the PDF is damaged"),
        ("cut.docx", files.make_docx("x")[:500], "the file is a damaged ZIP archive"),
    ],
)
def test_content_not_matching_extension_or_damaged(extract, name, data, message):
    outcome = extract(name, data)
    assert outcome.status == "failed"
    assert outcome.error.startswith(message), outcome.error


def test_unsupported_format(extract):
    outcome = extract("figures.xlsx", b"PK\x03\x04" + b"\x00" * 30)
    assert outcome.status == "unsupported"


def test_wall_clock_timeout(monkeypatch, tmp_path):
    monkeypatch.setattr(
        runner,
        "build_command",
        lambda *a, **k: [runner.sys.executable, "-c", "import time; time.sleep(30)"],
    )
    outcome = runner.run_extraction(tmp_path / "x.pdf", "pdf", runner.Limits(timeout=1))
    assert outcome.status == "failed"
    assert outcome.error == "timed out after 1 s"


def test_processor_time_limit_kills_a_spinning_worker(monkeypatch, tmp_path):
    code = (
        "from hub.extraction.worker import limit_resources; limit_resources(256, 1)\n"
        "while True: pass"
    )
    monkeypatch.setattr(
        runner, "build_command", lambda *a, **k: [runner.sys.executable, "-c", code]
    )
    outcome = runner.run_extraction(tmp_path / "x.pdf", "pdf", runner.Limits(timeout=60))
    assert outcome.status == "failed"
    assert "processor time" in outcome.error


def test_memory_limit_turns_into_a_clean_failure(monkeypatch, tmp_path):
    code = (
        "from hub.extraction.worker import limit_resources; limit_resources(200, 5)\n"
        "x = bytearray(400 * 1024 * 1024)"
    )
    monkeypatch.setattr(
        runner, "build_command", lambda *a, **k: [runner.sys.executable, "-c", code]
    )
    outcome = runner.run_extraction(
        tmp_path / "x.pdf", "pdf", runner.Limits(timeout=5, memory_mb=200)
    )
    assert outcome.status == "failed"
    assert "more than 200 MB of memory" in outcome.error
