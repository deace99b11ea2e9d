"""Test files built from scratch: real PDF, DOCX, ODT, HTML and text files, and hostile ones."""

import io
import zipfile
import zlib


def _pdf(objects, trailer_extra=b"", root=1):
    """Assemble numbered PDF objects into a file with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, root, trailer_extra, xref)
    )
    return out.getvalue()


def _stream(data, compress=False):
    if compress:
        data = zlib.compress(data)
        return (
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
        )
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _escape(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(*pages):
    """A PDF with one page per argument; each page shows its text (Latin-1) in Helvetica."""
    pages = pages or ("",)
    count = len(pages)
    # 1 catalog, 2 page tree, 3 font, then (page, content) pairs.
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, text in enumerate(pages):
        lines = text.split("\n")
        ops = [b"BT /F1 12 Tf 72 720 Td 14 TL"]
        for line in lines:
            ops.append(b"(" + _escape(line).encode("cp1252") + b") Tj T*")
        ops.append(b"ET")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(_stream(b"\n".join(ops), compress=i % 2 == 1))
    return _pdf(objects)


def make_pdf_bomb(megabytes=300):
    """A one-page PDF whose content stream inflates from a few hundred kB to ``megabytes`` MB."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    data = b"".join(compressor.compress(chunk) for _ in range(megabytes)) + compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    return _pdf(objects)


def make_looping_pdf():
    """A PDF whose page tree contains itself: naive readers walk it for ever."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        _stream(b"BT /F1 12 Tf 72 720 Td (loop) Tj ET"),
    ]
    return _pdf(objects)


def make_deep_pdf(depth=2000):
    """A PDF whose single page sits under ``depth`` nested page-tree nodes (no compression)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = 2 + level
        parent = b"/Parent %d 0 R " % (number - 1) if level else b""
        objects.append(b"<< /Type /Pages " + parent + b"/Kids [%d 0 R] /Count 1 >>" % (number + 1))
    page = 2 + depth
    objects.append(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R >>"
        % (page - 1, page + 1)
    )
    objects.append(_stream(b"BT /F1 12 Tf 72 720 Td (deep) Tj ET"))
    return _pdf(objects)


def make_looping_xref_pdf():
    """A PDF whose trailer's /Prev points back at its own cross-reference table."""
    body = make_pdf("xref loop")
    xref = int(body.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    return body.replace(b"/Root 1 0 R ", b"/Root 1 0 R /Prev %d " % xref)


def make_docx(*paragraphs, table=None):
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_odt(*paragraphs, heading=None):
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    if heading:
        document.text.addElement(H(outlinelevel=1, text=heading))
    for text in paragraphs:
        document.text.addElement(P(text=text))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_zip_bomb(member="word/document.xml", megabytes=200):
    """A ZIP (named .docx or .odt by the caller) with one member inflating to ``megabytes`` MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(member, "w", force_zip64=True) as handle:
            chunk = b"<w:t>aaaa</w:t>" * 70_000
            for _ in range(megabytes):
                handle.write(chunk)
    return out.getvalue()


def make_html(visible, script_word, nav_word="navonlyword"):
    return (
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>Titre</title>"
        f"<script>var secret = '{script_word}';</script><style>.x{{color:red}}</style></head>"
        f"<body><nav><a href='/'>{nav_word}</a></nav><header>bandeau</header>"
        f"<main><h1>Une page</h1><p>{visible}</p><template><p>gabaritcache</p></template>"
        "<noscript>activezjavascript</noscript><div hidden>textecache</div></main>"
        "<aside>encadrelateral</aside><footer>piedpage</footer></body></html>"
    ).encode()
