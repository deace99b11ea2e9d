"""Open-data downloads (CSV, JSON, XLSX of the library, the programmes and their indicators),
the DCAT-AP catalogue describing them (Turtle, RDF/XML) and the page that lists them."""

import csv
import datetime
import io
import json
import re
import zipfile

from django.http import Http404, HttpResponse
from django.shortcuts import render

from hub.spreadsheets import safe_row

from . import opendata
from .dcat import DATASET_TEXT, catalogue_graph


def dataset(request, name, extension):
    build = opendata.DATASETS.get(name)
    if build is None or extension not in opendata.FORMATS:
        raise Http404
    rows = build(request)
    content_type = opendata.FORMATS[extension][0]
    # The date of the content, not of the request (opendata.last_changed).
    modified = opendata.last_changed(name)
    if extension == "json":
        body = json.dumps(
            {
                "dataset": name,
                "title": str(DATASET_TEXT[name][0]),
                "licence": opendata.LICENCE_URL,
                "modified": modified.isoformat(timespec="seconds") if modified else None,
                "rows": rows,
            },
            ensure_ascii=False,
            indent=1,
        )
    elif extension == "csv":
        buffer = io.StringIO()
        fields = list(rows[0]) if rows else []
        writer = csv.DictWriter(buffer, fieldnames=fields)
        writer.writeheader()
        for row in rows:
            # No cell can become a live formula in a spreadsheet (hub.spreadsheets).
            writer.writerow(safe_row(row))
        body = buffer.getvalue()
    else:
        body = _xlsx(name, rows, modified)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _xlsx(name, rows, modified):
    from openpyxl import Workbook

    from hub.spreadsheets import neutralise

    book = Workbook(write_only=True)
    sheet = book.create_sheet(name)
    if rows:
        sheet.append(list(rows[0]))
        for row in rows:
            sheet.append([neutralise(value) for value in row.values()])
    buffer = io.BytesIO()
    book.save(buffer)
    return _dated_zip(buffer.getvalue(), modified)


XLSX_DATES = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")


def _dated_zip(data, modified):
    """The workbook with the content's date in its properties and on its zip entries, where
    openpyxl puts the time of saving: the same rows give the same bytes."""
    # UTC, as the workbook's properties are; with no content, the earliest day a zip can say.
    moment = modified.astimezone(datetime.UTC) if modified else datetime.datetime(1980, 1, 1)
    text = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                member = XLSX_DATES.sub(rb"\g<1>" + text + rb"\g<2>", member)
            dated = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            dated.compress_type = zipfile.ZIP_DEFLATED
            dated.external_attr = info.external_attr
            target.writestr(dated, member)
    return output.getvalue()


RDF_FORMATS = {
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "rdf": ("xml", "application/rdf+xml"),
}


def catalogue(request, extension):
    if extension not in RDF_FORMATS:
        raise Http404
    rdf_format, content_type = RDF_FORMATS[extension]
    graph = catalogue_graph(request)
    response = HttpResponse(graph.serialize(format=rdf_format), content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def open_data_page(request):
    """The open data as people read it: each dataset, its formats and its licence."""
    from .dcat import datasets_for_page

    return render(
        request,
        "programmes/open_data.html",
        {
            "datasets": datasets_for_page(),
            "licence_name": opendata.LICENCE_NAME,
            "licence_url": opendata.LICENCE_URL,
        },
    )
