"""Unpacking an uploaded ZIP (a manifest and its files) without trusting anything it says.

An archive from the admin may be a ZIP bomb (a few kilobytes that unpack to gigabytes), hold
names that climb out of the folder (``../../settings.py``, ``/etc/passwd``, ``C:\\x``), links,
encrypted entries or thousands of tiny files. Everything is checked before a byte is written,
against limits from the settings, and the bytes are counted again while they are written (the
sizes a ZIP declares are only claims). A refused archive raises ``ArchiveRefused`` with a
sentence for the person who uploaded it; nothing of it stays on disk.

Limits (settings, with their defaults):

* ``HUB_IMPORT_MAX_ARCHIVE_BYTES``: the ZIP itself, 200 MiB;
* ``HUB_IMPORT_MAX_FILES``: entries in it, 500;
* ``HUB_IMPORT_MAX_BYTES``: all its files once unpacked, 500 MiB;
* ``HUB_UPLOAD_MAX_BYTES``: each file once unpacked (the one upload limit, hub.uploads);
* ``HUB_IMPORT_MAX_RATIO``: how many times larger than its compressed size a file may
  unpack (100; files under 1 MiB are not held to it: text compresses well).
"""

import shutil
import stat
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext

from hub.uploads import describe_size, max_upload_bytes

DEFAULT_LIMITS = {
    "HUB_IMPORT_MAX_ARCHIVE_BYTES": 200 * 1024 * 1024,
    "HUB_IMPORT_MAX_FILES": 500,
    "HUB_IMPORT_MAX_BYTES": 500 * 1024 * 1024,
    "HUB_IMPORT_MAX_RATIO": 100,
}
RATIO_FREE_BYTES = 1024 * 1024
MANIFEST_NAME = "manifest.csv"
# What archivers add beside the files: skipped, never refused.
JUNK_PARTS = {"__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini"}
CHUNK = 64 * 1024


class ArchiveRefused(Exception):
    """The archive cannot be imported; the message says why, for the person who sent it."""


def limit(name):
    return getattr(settings, name, DEFAULT_LIMITS[name])


def check_archive_size(size):
    """None, or the sentence refusing an archive of ``size`` bytes before it is even opened."""
    largest = limit("HUB_IMPORT_MAX_ARCHIVE_BYTES")
    if size > largest:
        return gettext("The ZIP file is too large: %(size)s, and the limit is %(limit)s.") % {
            "size": describe_size(size, largest),
            "limit": describe_size(largest, size),
        }
    return None


def _safe_name(info):
    """The entry's path as a relative POSIX path, or ArchiveRefused when it is not safe."""
    raw = info.filename
    name = raw.replace("\\", "/")
    pure = PurePosixPath(name)
    if (
        name.startswith("/")
        or (len(name) > 1 and name[1] == ":")
        or ".." in pure.parts
        or "\x00" in name
    ):
        raise ArchiveRefused(
            gettext(
                "The ZIP file is refused: “%(name)s” points outside the archive's folder "
                "(a path with “..” or an absolute path). Nothing was imported."
            )
            % {"name": raw}
        )
    mode = info.external_attr >> 16
    if mode and stat.S_ISLNK(mode):
        raise ArchiveRefused(
            gettext(
                "The ZIP file is refused: “%(name)s” is a link, not a file. Put the files "
                "themselves in the archive."
            )
            % {"name": raw}
        )
    if info.flag_bits & 0x1:
        raise ArchiveRefused(
            gettext(
                "The ZIP file is refused: “%(name)s” is encrypted. Make the archive again "
                "without a password."
            )
            % {"name": raw}
        )
    return PurePosixPath(*[part for part in pure.parts if part not in ("", ".")])


def _entries(archive):
    """The archive's files as (info, relative path), checked against every limit."""
    entries, seen = [], set()
    total = 0
    per_file = max_upload_bytes()
    total_limit = limit("HUB_IMPORT_MAX_BYTES")
    ratio = limit("HUB_IMPORT_MAX_RATIO")
    infos = archive.infolist()
    files = [info for info in infos if not info.is_dir()]
    most = limit("HUB_IMPORT_MAX_FILES")
    if len(files) > most:
        raise ArchiveRefused(
            gettext(
                "The ZIP file holds %(count)s files, and at most %(limit)s can be imported at "
                "once. Split it into smaller archives."
            )
            % {"count": len(files), "limit": most}
        )
    for info in files:
        path = _safe_name(info)
        if not path.parts or JUNK_PARTS & set(path.parts) or path.name.startswith("._"):
            continue
        key = str(path).casefold()
        if key in seen:
            raise ArchiveRefused(
                gettext("The ZIP file holds “%(name)s” twice.") % {"name": info.filename}
            )
        seen.add(key)
        if per_file is not None and info.file_size > per_file:
            raise ArchiveRefused(
                gettext(
                    "“%(name)s” in the ZIP file is too large once unpacked: %(size)s, and the "
                    "limit is %(limit)s."
                )
                % {
                    "name": info.filename,
                    "size": describe_size(info.file_size, per_file),
                    "limit": describe_size(per_file, info.file_size),
                }
            )
        if info.file_size > RATIO_FREE_BYTES and info.file_size > ratio * max(
            info.compress_size, 1
        ):
            raise ArchiveRefused(
                gettext(
                    "The ZIP file is refused: “%(name)s” would unpack to %(size)s from "
                    "%(packed)s, more than %(ratio)s times its packed size (a “ZIP bomb”). "
                    "Nothing was imported."
                )
                % {
                    "name": info.filename,
                    "size": describe_size(info.file_size),
                    "packed": describe_size(info.compress_size),
                    "ratio": ratio,
                }
            )
        total += info.file_size
        if total > total_limit:
            raise ArchiveRefused(_too_much(total_limit))
        entries.append((info, path))
    return entries


def _too_much(total_limit):
    return gettext(
        "The ZIP file is refused: its files would take more than %(limit)s once unpacked. "
        "Split it into smaller archives."
    ) % {"limit": describe_size(total_limit)}


def _copy(archive, info, target, budget):
    """Unpack one entry, counting the bytes really written; returns how many."""
    written = 0
    per_file = max_upload_bytes()
    with archive.open(info) as source, open(target, "wb") as out:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if written > info.file_size or (per_file is not None and written > per_file):
                raise ArchiveRefused(
                    gettext(
                        "The ZIP file is refused: “%(name)s” unpacks to more than it declares "
                        "(a damaged or forged archive). Nothing was imported."
                    )
                    % {"name": info.filename}
                )
            if written > budget:
                raise ArchiveRefused(_too_much(limit("HUB_IMPORT_MAX_BYTES")))
            out.write(chunk)
    return written


def find_manifest(paths):
    """The manifest among the archive's relative paths: manifest.csv at the top (or in the one
    folder holding everything), else the only CSV file."""
    paths = list(paths)
    tops = {path.parts[0] for path in paths if len(path.parts) > 1}
    loose = [path for path in paths if len(path.parts) == 1]
    candidates = [PurePosixPath(MANIFEST_NAME)]
    if len(tops) == 1 and not loose:
        candidates.append(PurePosixPath(next(iter(tops)), MANIFEST_NAME))
    by_key = {str(path).casefold(): path for path in paths}
    for candidate in candidates:
        found = by_key.get(str(candidate).casefold())
        if found is not None:
            return found
    csvs = [path for path in paths if path.suffix.lower() == ".csv"]
    if len(csvs) == 1:
        return csvs[0]
    if csvs:
        raise ArchiveRefused(
            gettext(
                "The ZIP file holds several CSV files (%(names)s) and none is called "
                "manifest.csv: name the manifest manifest.csv."
            )
            % {"names": ", ".join(sorted(str(p) for p in csvs))}
        )
    raise ArchiveRefused(
        gettext(
            "The ZIP file holds no manifest: put a manifest.csv beside the files (its columns "
            "are described on this page)."
        )
    )


def unpack(source, destination):
    """Unpack the ZIP ``source`` (a path or a file object) into ``destination``, a new folder.

    Returns the manifest's path. Raises ArchiveRefused (and leaves nothing behind) when the
    archive is not a ZIP, breaks a limit or holds an unsafe name.
    """
    destination = Path(destination)
    created = False
    try:
        try:
            archive = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ArchiveRefused(
                gettext(
                    "This is not a ZIP file (or it is damaged). Upload a .zip holding the "
                    "manifest and its files."
                )
            ) from exc
        with archive:
            entries = _entries(archive)
            if not entries:
                raise ArchiveRefused(gettext("The ZIP file is empty."))
            manifest = find_manifest(path for _info, path in entries)
            destination.mkdir(parents=True, exist_ok=False)
            created = True
            root = destination.resolve()
            budget = limit("HUB_IMPORT_MAX_BYTES")
            for info, path in entries:
                target = (root / path).resolve()
                if not target.is_relative_to(root):  # belt and braces after _safe_name
                    raise ArchiveRefused(
                        gettext("The ZIP file is refused: “%(name)s” points outside it.")
                        % {"name": info.filename}
                    )
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    budget -= _copy(archive, info, target, budget)
                except (zipfile.BadZipFile, EOFError, NotImplementedError) as exc:
                    raise ArchiveRefused(
                        gettext(
                            "“%(name)s” cannot be read from the ZIP file (damaged, or packed "
                            "with a method this site does not read)."
                        )
                        % {"name": info.filename}
                    ) from exc
            return root / manifest
    except BaseException:
        if created:
            shutil.rmtree(destination, ignore_errors=True)
        raise
