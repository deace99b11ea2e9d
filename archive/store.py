"""Writing an edition into its folder: incremental, repeatable, and never half-done.

The new edition is assembled beside the old one, in ``.<name>.partial``: a file whose bytes are
the same as in the previous edition is hard-linked from it (same inode, same modification time:
nothing is rewritten), any other file is written anew. Only when everything is in place does the
new folder take the old one's name (two renames; the previous edition is kept as
``.<name>.previous`` between them and put back by the next run if the process died right
there). An interrupted export therefore leaves the previous edition as it was, and a static
host serving the folder never sees a mixture.

``SHA256SUMS`` at the root lists every file with its checksum (``sha256sum -c`` checks it); the
next export compares against it, so an unchanged file is not even read twice.

A page carries in its banner the day its archived copy was made (archive.state): the exporter
renders it with a placeholder, and ``ARCHIVE-DATES`` lists, for every such file, the checksum
of the rendering with the placeholder and the day that was put in its place. When the next
export renders the same bytes, the previous file is kept, with its day; otherwise the file is
written with the day of this export. So the same content exported on another day rewrites no
page, and a changed page says when it changed. How we know what was rewritten: every file
either keeps its inode (hard link, listed in ``WriteReport.kept``) or is written anew (listed
in ``WriteReport.written``, which the command prints the count of and the admin records).
"""

import contextlib
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

SUMS = "SHA256SUMS"
DATES = "ARCHIVE-DATES"
LISTS = (SUMS, DATES)  # the files the store writes itself, beside the edition's


@dataclass
class WriteReport:
    written: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    removed: list = field(default_factory=list)


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_sums(folder):
    """{path: sha256} of an edition's SHA256SUMS, or {} when it has none."""
    sums = {}
    path = Path(folder) / SUMS
    if not path.is_file():
        return sums
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, _sep, name = line.partition("  ")
        if name:
            sums[name] = digest
    return sums


def read_dates(folder):
    """{path: (checksum with the placeholders, day)} of an edition's ARCHIVE-DATES."""
    dates = {}
    path = Path(folder) / DATES
    if not path.is_file():
        return dates
    for line in path.read_text(encoding="utf-8").splitlines():
        bits = line.split("  ", 2)
        if len(bits) == 3:
            dates[bits[2]] = (bits[0], bits[1])
    return dates


def recover(dest):
    """Put back the previous edition if an export died between its two renames."""
    dest = Path(dest)
    previous = dest.parent / f".{dest.name}.previous"
    if not dest.exists() and previous.exists():
        previous.rename(dest)
    elif previous.exists():
        shutil.rmtree(previous)


def write_edition(dest, files, day=None, fill=None):
    """Write ``files`` ({edition path: Entry}) as the edition in ``dest``; a WriteReport.

    A file marked ``dated`` gets ``fill(data, day, language)`` (archive.state.fill) before it
    is written, unless the previous edition holds the same rendering: then it is kept as it
    was, with the day it was first archived on."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    recover(dest)
    staging = dest.parent / f".{dest.name}.partial"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    if dest.is_dir() and any(dest.iterdir()) and not (dest / SUMS).is_file():
        raise FileExistsError(
            f"{dest} holds files but no archive edition ({SUMS} is missing): choose an empty "
            "or new folder, or the folder of a previous edition."
        )
    old_sums = read_sums(dest) if dest.is_dir() else {}
    old_dates = read_dates(dest) if dest.is_dir() else {}
    report = WriteReport()
    sums = {}
    dates = {}
    for name in sorted(files):
        entry = files[name]
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        old = dest / name
        if entry.carried:
            # Taken from the previous edition as it is: its checksum and day go with it.
            if not old.is_file() or name not in old_sums:
                raise FileNotFoundError(f"{old} is missing from the previous edition")
            sums[name] = old_sums[name]
            if name in old_dates:
                dates[name] = old_dates[name]
            _link_or_copy(old, target)
            report.kept.append(name)
            continue
        if entry.dated:
            rendered = _sha256(entry.data)
            before = old_dates.get(name)
            if before and before[0] == rendered and name in old_sums and old.is_file():
                # The same page as last time: its file, and the day in its banner, stay.
                dates[name] = before
                sums[name] = old_sums[name]
                _link_or_copy(old, target)
                report.kept.append(name)
                continue
            dates[name] = (rendered, day.isoformat())
            entry.data = fill(entry.data, day, entry.language)
        digest = _sha256(entry.data) if entry.data is not None else _file_sha256(entry.source)
        sums[name] = digest
        if old_sums.get(name) == digest and old.is_file():
            _link_or_copy(old, target)
            report.kept.append(name)
        elif entry.data is not None:
            target.write_bytes(entry.data)
            report.written.append(name)
        else:
            _link_or_copy(entry.source, target, allow_link=False)
            report.written.append(name)
    lists = {
        SUMS: "".join(f"{sums[name]}  {name}\n" for name in sorted(sums)),
        DATES: "".join(f"{dates[n][0]}  {dates[n][1]}  {n}\n" for n in sorted(dates)),
    }
    for list_name, text in lists.items():
        _write_unless_same(dest / list_name, staging / list_name, text.encode())
    report.removed = sorted(set(old_sums) - set(sums))
    _swap(dest, staging)
    return report


def source_path(dest):
    """Beside the edition: what it was made from (archive.fingerprint) and what it holds."""
    dest = Path(dest)
    return dest.parent / f".{dest.name}.source.json"


def sums_digest(dest):
    """The checksum of an edition's SHA256SUMS (so of every file in it), or "" without one."""
    path = Path(dest) / SUMS
    return _file_sha256(path) if path.is_file() else ""


def read_source(dest):
    """The record written with the edition in ``dest`` (write_source), or {}."""
    path = source_path(dest)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    # It describes the edition it was written with, and no other: the same SHA256SUMS.
    if not isinstance(record, dict) or record.get("sums") != sums_digest(dest):
        return {}
    return record


def write_source(dest, record):
    """Keep ``record`` (JSON) beside the edition, tied to its SHA256SUMS."""
    path = source_path(dest)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(dict(record, sums=sums_digest(dest))), encoding="utf-8")
    partial.replace(path)


def whole(dest, names):
    """Whether every one of ``names`` is a file of the edition in ``dest``."""
    dest = Path(dest)
    return all((dest / name).is_file() for name in names)


def _write_unless_same(old, target, data):
    """The previous edition's list, kept (same inode) when its bytes are the same."""
    if old.is_file() and old.stat().st_size == len(data) and old.read_bytes() == data:
        _link_or_copy(old, target)
    else:
        target.write_bytes(data)


def _link_or_copy(source, target, allow_link=True):
    if allow_link:
        with contextlib.suppress(OSError):
            os.link(source, target)
            return
    shutil.copyfile(source, target)


def _swap(dest, staging):
    previous = dest.parent / f".{dest.name}.previous"
    if dest.exists():
        dest.rename(previous)
    staging.rename(dest)
    if previous.exists():
        shutil.rmtree(previous)
