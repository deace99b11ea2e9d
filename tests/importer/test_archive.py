"""The ZIP of an admin import is unpacked without trusting it: bombs, traversal, links, limits."""

import io
import stat
import zipfile

import pytest

from hub.importer.archive import ArchiveRefused, check_archive_size, unpack
from tests.importer.zips import make_zip


def zip_of(entries, method=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return io.BytesIO(buffer.getvalue())


def refused(source, tmp_path):
    destination = tmp_path / "out"
    with pytest.raises(ArchiveRefused) as caught:
        unpack(source, destination)
    assert not destination.exists(), "a refused archive left files behind"
    return str(caught.value)


def test_a_good_archive_unpacks_with_its_manifest(tmp_path):
    manifest = unpack(io.BytesIO(make_zip()), tmp_path / "out")
    assert manifest == (tmp_path / "out" / "manifest.csv").resolve()
    assert (manifest.parent / "grocery.txt").read_text().startswith("The grocery van")


def test_the_manifest_may_sit_in_one_top_folder_and_junk_is_skipped(tmp_path):
    data = make_zip(folder="legacy/", extra=[("__MACOSX/legacy/._x", b"junk")])
    manifest = unpack(io.BytesIO(data), tmp_path / "out")
    assert manifest.relative_to((tmp_path / "out").resolve()).as_posix() == "legacy/manifest.csv"
    assert not (tmp_path / "out" / "__MACOSX").exists()


@pytest.mark.parametrize(
    "name",
    ["../evil.txt", "docs/../../evil.txt", "/etc/evil.txt", "C:/evil.txt", "..\\evil.txt"],
)
def test_path_traversal_is_refused(tmp_path, name):
    message = refused(zip_of([("manifest.csv", "key\n"), (name, "x")]), tmp_path)
    assert "points outside the archive's folder" in message and "Nothing was imported" in message
    assert not (tmp_path / "evil.txt").exists()


def test_a_link_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.csv", "key\n")
        link = zipfile.ZipInfo("secret.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    assert "is a link" in refused(io.BytesIO(buffer.getvalue()), tmp_path)


def test_a_zip_bomb_is_refused_by_its_ratio(tmp_path, settings):
    settings.HUB_UPLOAD_MAX_BYTES = 100 * 1024 * 1024
    bomb = zip_of([("manifest.csv", "key\n"), ("bomb.txt", b"0" * (20 * 1024 * 1024))])
    assert bomb.getbuffer().nbytes < 100_000
    message = refused(bomb, tmp_path)
    assert "ZIP bomb" in message and "bomb.txt" in message


def test_too_many_files_too_large_a_file_and_too_much_in_all(tmp_path, settings):
    settings.HUB_IMPORT_MAX_FILES = 3
    many = zip_of([("manifest.csv", "k\n")] + [(f"f{n}.txt", "x") for n in range(3)])
    assert "holds 4 files, and at most 3" in refused(many, tmp_path)

    settings.HUB_IMPORT_MAX_FILES = 500
    settings.HUB_UPLOAD_MAX_BYTES = 1000
    big = zip_of([("manifest.csv", "k\n"), ("big.txt", "y" * 1001)], zipfile.ZIP_STORED)
    assert "“big.txt” in the ZIP file is too large once unpacked" in refused(big, tmp_path)

    settings.HUB_UPLOAD_MAX_BYTES = 10_000
    settings.HUB_IMPORT_MAX_BYTES = 2500
    total = zip_of([("manifest.csv", "k\n")] + [(f"f{n}.txt", "z" * 900) for n in range(3)])
    assert "more than 2.4 KB once unpacked" in refused(total, tmp_path).replace("\xa0", " ")


def test_an_archive_that_lies_about_its_sizes_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("manifest.csv", "key\n")
        archive.writestr("small.txt", "a" * 5000)
    data = bytearray(buffer.getvalue())
    # Shrink the uncompressed size its central directory declares: the reader must notice.
    entry = next(
        at
        for at in range(len(data))
        if data[at : at + 4] == b"PK\x01\x02" and data[at + 46 : at + 55] == b"small.txt"
    )
    data[entry + 24 : entry + 28] = (100).to_bytes(4, "little")
    assert "“small.txt” cannot be read" in refused(io.BytesIO(bytes(data)), tmp_path)


def test_not_a_zip_no_manifest_and_an_empty_zip(tmp_path):
    assert "This is not a ZIP file" in refused(io.BytesIO(b"%PDF-1.4 not a zip"), tmp_path)
    assert "holds no manifest" in refused(zip_of([("notes.txt", "x")]), tmp_path)
    two = zip_of([("a.csv", "k\n"), ("b.csv", "k\n")])
    assert "several CSV files (a.csv, b.csv)" in refused(two, tmp_path)
    assert "The ZIP file is empty" in refused(zip_of([]), tmp_path)


def test_the_archive_itself_has_a_size_limit(settings):
    settings.HUB_IMPORT_MAX_ARCHIVE_BYTES = 1000
    assert check_archive_size(1000) is None
    assert "The ZIP file is too large" in check_archive_size(1001)
