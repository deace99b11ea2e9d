"""The edition packaged for deposit: its README in both languages, a WACZ web archive and a
BagIt bag.

* The README (``README.en.txt``, ``README.fr.txt`` at the edition's root) says what it is,
  when it was made, under which licences and how to serve it.
* The WACZ (``wacz``/``warcio``): one WARC response record per file at its address under the
  edition's base URL (a folder's ``index.html`` at the folder's address, as a visitor asks for
  it), packed with its CDXJ index and list of pages by the ``wacz`` tool, which replay tools
  (ReplayWeb.page, pywb) open and ``wacz validate`` checks.
* The bag (``bagit``): the edition as the payload, SHA-256 and SHA-512 manifests, bag-info.txt
  naming the source, the date and the edition's address; ``bagit.py --validate`` checks it.

The packages are made from the written edition folder, so they hold exactly what a static host
serves. Their metadata (WARC record ids and dates, the bagging date) is new on every run.
"""

import datetime
import mimetypes
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import bagit
from django.template.loader import render_to_string
from django.utils import translation
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from . import store
from .exporter import Entry, with_utf8_mark

README_NAMES = {"en": "README.en.txt", "fr": "README.fr.txt"}


def licences():
    """(label, number of public resources) of every licence in use, most used first."""
    from hub.models import ResourcePage
    from hub.models.resources import LICENCE_CHOICES
    from hub.visibility import public

    labels = dict(LICENCE_CHOICES)
    counts = Counter(public(ResourcePage.objects.live()).values_list("licence", flat=True))
    return [(str(labels.get(code, code)), n) for code, n in counts.most_common()]


def readme_entries(exporter, files):
    """The README files of the edition, in each language."""
    pages = sum(1 for entry in files.values() if entry.is_html and entry.kind == "page")
    documents = sum(1 for entry in files.values() if entry.kind == "document")
    in_use = licences()
    entries = {}
    for lang, name in README_NAMES.items():
        with translation.override(lang):
            context = {
                "made_on": exporter.edition.made_on,
                "live_url": exporter.edition.live_url,
                "base_url": exporter.base_url,
                "pages": pages,
                "documents": documents,
                "files": len(files) + len(README_NAMES) + len(store.LISTS),
                "licences": [(translation.gettext(label), n) for label, n in in_use],
            }
            text = render_to_string(f"archive/{name}", context)
        entries[name] = Entry(
            data=with_utf8_mark(text.encode()), content_type="text/plain; charset=utf-8"
        )
    return entries


def _address(base_url, name):
    if name == "index.html":
        return base_url + "/"
    if name.endswith("/index.html"):
        return f"{base_url}/{name[: -len('index.html')]}"
    return f"{base_url}/{name}"


def write_warc(edition, base_url, warc_path):
    """A WARC of every file of the edition folder, each at its address under ``base_url``."""
    edition = Path(edition)
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with open(warc_path, "wb") as output:
        writer = WARCWriter(output, gzip=True)
        for path in sorted(p for p in edition.rglob("*") if p.is_file()):
            name = path.relative_to(edition).as_posix()
            content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            if content_type.startswith("text/") or name.endswith((".js", ".json", ".xml")):
                content_type += "; charset=utf-8"
            data = path.read_bytes()
            headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", content_type), ("Content-Length", str(len(data)))],
                protocol="HTTP/1.1",
            )
            with open(path, "rb") as payload:
                record = writer.create_warc_record(
                    _address(base_url, name),
                    "response",
                    payload=payload,
                    http_headers=headers,
                    warc_headers_dict={"WARC-Date": now},
                )
                writer.write_record(record)


def make_wacz(edition, base_url, wacz_path, title):
    """Write ``wacz_path`` from the edition folder; raises CalledProcessError on failure."""
    wacz_path = Path(wacz_path)
    wacz_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="archive-wacz-") as tmp:
        warc = Path(tmp) / "edition.warc.gz"
        write_warc(edition, base_url, warc)
        partial = Path(tmp) / "edition.wacz"
        subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
            [
                sys.executable,
                "-m",
                "wacz",
                "create",
                "-o",
                str(partial),
                str(warc),
                "--detect-pages",
                "--url",
                base_url + "/",
                "--title",
                title,
            ],
            check=True,
            capture_output=True,
        )
        # Beside it first, then in its place: a download under way keeps the previous one.
        beside = wacz_path.with_name(wacz_path.name + ".partial")
        shutil.move(partial, beside)
        os.replace(beside, wacz_path)
    return wacz_path


def validate_wacz(wacz_path):
    """(ok, output) of ``wacz validate``."""
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "wacz", "validate", "-f", str(wacz_path)],
        capture_output=True,
        text=True,
    )
    return done.returncode == 0, done.stdout + done.stderr


def make_bag(edition, bag_path, info):
    """A BagIt bag of the edition folder at ``bag_path`` (replaced whole, never half-written)."""
    edition, bag_path = Path(edition), Path(bag_path)
    bag_path.parent.mkdir(parents=True, exist_ok=True)
    partial = bag_path.parent / f".{bag_path.name}.partial"
    if partial.exists():
        shutil.rmtree(partial)
    # Hard links where the file system allows: the edition's files are never changed in place.
    shutil.copytree(edition, partial, copy_function=_link_or_copy)
    bagit.make_bag(str(partial), bag_info=info, checksums=["sha256", "sha512"])
    if bag_path.exists():
        shutil.rmtree(bag_path)
    partial.rename(bag_path)
    return bag_path


def validate_bag(bag_path):
    bag = bagit.Bag(str(bag_path))
    bag.validate()
    return bag


def _link_or_copy(source, target):
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
