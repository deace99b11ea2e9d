"""The crawl in several processes, and the export that renders nothing when nothing changed.

A crawl shared by forked workers must give the very edition a one-process crawl gives, byte for
byte (archive.crawl). An export whose fingerprint (archive.fingerprint) is the previous one's
keeps the previous files as they are, runs no Pagefind and makes no package again; anything
that can change a page (a publish, a registration, the clock passing a workshop's start, the
export's options) changes the fingerprint, so the next export renders.
"""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.models import Rendition
from wagtail.images.tests.utils import get_test_image_file

from archive import fingerprint, store
from archive.crawl import why_not_fork
from archive.edition import EDITION_OWN, export
from archive.exporter import Exporter
from hub.caching import touch_page
from tests.workshops.factories import make_index, make_workshop, move_to

NEW_TITLE = "Town budget, second edition"


def contents(folder):
    """{edition path: bytes} of every file of an edition."""
    folder = Path(folder)
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def inodes(folder):
    folder = Path(folder)
    return {
        p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.django_db(transaction=True)
def test_a_crawl_in_several_processes_gives_the_same_edition(site, tmp_path):
    """Committed rows (a transactional test): the workers' own connections see them."""
    assert why_not_fork() == ""
    alone = export(tmp_path / "alone", live_url="", workers=1)
    shared = export(tmp_path / "shared", live_url="", workers=3, force=True)
    assert (alone.workers, shared.workers) == (1, 3), shared.note
    assert alone.rendered and shared.rendered
    one, three = contents(tmp_path / "alone"), contents(tmp_path / "shared")
    assert sorted(one) == sorted(three)
    differ = [name for name in one if one[name] != three[name]]
    assert differ == [], differ
    assert alone.left_out == shared.left_out
    assert len(one) > 100  # the pages in both languages, their listings, Pagefind's files


def test_inside_a_transaction_the_crawl_stays_in_this_process(site, tmp_path):
    """A test's transaction: other connections would see none of its rows."""
    result = export(tmp_path / "edition", live_url="", workers=2)
    assert result.workers == 1 and "transaction" in result.note
    assert (tmp_path / "edition/en/publications/town-budget/index.html").is_file()


def test_nothing_changed_nothing_rendered(site, tmp_path):
    dest, wacz = tmp_path / "edition", tmp_path / "edition.wacz"
    # The first export makes the images' renditions (content rows, which change no page): the
    # very next export already renders nothing.
    site.image = get_image_model().objects.create(
        title="Town hall", file=get_test_image_file("town-hall.png")
    )
    site.image_alt_en, site.image_alt_fr = "The town hall", "La mairie"
    site.save_revision().publish()
    assert not Rendition.objects.exists()
    settled = export(dest, live_url="", wacz=wacz)
    assert settled.rendered and Rendition.objects.exists()
    before, made = inodes(dest), wacz.stat().st_mtime_ns

    again = export(dest, live_url="", wacz=wacz)
    assert not again.rendered, again.note
    assert again.changed == [] and again.written == 0
    assert inodes(dest) == before  # every file kept, its inode too
    assert wacz.stat().st_mtime_ns == made  # the WACZ of the same files is not made again
    assert again.files == settled.files and again.indexed == settled.indexed

    # A week later: only what carries the edition's own date is drawn again; the pages keep
    # their files and the day in their banners.
    moment = timezone.now() + datetime.timedelta(days=7)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        later = export(dest, live_url="")
    assert not later.rendered
    assert sorted(later.changed) == sorted(EDITION_OWN)
    assert moment.date().isoformat() in (dest / "README.en.txt").read_text("utf-8-sig")
    kept = {name: ino for name, ino in before.items() if name not in (*EDITION_OWN, *store.LISTS)}
    assert {name: inodes(dest)[name] for name in kept} == kept

    # A publish moves the content generation: everything is rendered, the change is there.
    site.title_en = site.title = NEW_TITLE
    site.save_revision().publish()
    changed = export(dest, live_url="")
    assert changed.rendered
    assert NEW_TITLE in (dest / "en/publications/town-budget/index.html").read_text()
    # Another address for the edition: rendered again.
    elsewhere = export(dest, live_url="", base_url="https://archive.example.org/hub")
    assert elsewhere.rendered
    assert "https://archive.example.org/hub/" in (dest / "sitemap.xml").read_text()
    # --force: rendered whatever the fingerprint says.
    forced = export(dest, live_url="", base_url="https://archive.example.org/hub", force=True)
    assert forced.rendered


def test_the_fingerprint_follows_workshops_and_the_clock(site, tmp_path):
    """What changes a page without a new content generation: a registration (the workshop's
    own generation) and the clock passing a workshop's start or end."""
    workshop = make_workshop(make_index(site.get_parent()), starts_in=datetime.timedelta(hours=2))
    exporter = Exporter(live_url="")
    generation = fingerprint.generation()
    first = fingerprint.of(exporter, generation)
    assert fingerprint.of(exporter, generation) == first  # nothing moved

    touch_page(workshop.pk)  # what a registration, attendance or an approved note does
    registered = fingerprint.of(exporter, generation)
    assert registered != first

    later = timezone.now() + datetime.timedelta(hours=3)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)  # the workshop has started
        assert fingerprint.of(exporter, generation) != registered
    move_to(workshop, timezone.now() - datetime.timedelta(days=40))  # notes closed since
    assert fingerprint.of(exporter, generation) != registered
    # Another generation (a publish anywhere), other options: another fingerprint.
    assert fingerprint.of(exporter, "another") != fingerprint.of(exporter, generation)
    elsewhere = Exporter(live_url="", base_url="https://archive.example.org")
    assert fingerprint.of(elsewhere, generation) != fingerprint.of(exporter, generation)


def test_the_clock_counts_only_what_a_page_compares(site, tmp_path):
    """A day later, a resource dated a month ago changes no page (the fingerprint stays), while
    a workshop whose participants' notes close that day does (NOTES_WINDOW)."""
    exporter = Exporter(live_url="")
    generation = fingerprint.generation()
    today = timezone.localdate()
    site.date = today - datetime.timedelta(days=29)
    site.save()
    tomorrow = timezone.now() + datetime.timedelta(days=1)

    def next_day():
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(timezone, "now", lambda: tomorrow)
            return fingerprint.of(exporter, generation)

    assert next_day() == fingerprint.of(exporter, generation)

    workshop = make_workshop(make_index(site.get_parent()), starts_in=datetime.timedelta(hours=2))
    move_to(workshop, timezone.now() - fingerprint.NOTES_WINDOW + datetime.timedelta(hours=1))
    assert next_day() != fingerprint.of(exporter, generation)
