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
"""

import contextlib
import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

SUMS = "SHA256SUMS"


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


def recover(dest):
    """Put back the previous edition if an export died between its two renames."""
    dest = Path(dest)
    previous = dest.parent / f".{dest.name}.previous"
    if not dest.exists() and previous.exists():
        previous.rename(dest)
    elif previous.exists():
        shutil.rmtree(previous)


def write_edition(dest, files):
    """Write ``files`` ({edition path: Entry}) as the edition in ``dest``; a WriteReport."""
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
    report = WriteReport()
    sums = {}
    for name in sorted(files):
        entry = files[name]
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        old = dest / name
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
    sums_text = "".join(f"{sums[name]}  {name}\n" for name in sorted(sums))
    (staging / SUMS).write_text(sums_text, encoding="utf-8")
    report.removed = sorted(set(old_sums) - set(sums))
    _swap(dest, staging)
    return report


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
