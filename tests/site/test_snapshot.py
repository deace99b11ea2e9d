"""The replayed fixtures (tests/snapshot.py) are what they replay: the rows, media and index a
real build leaves, the same objects; and a database that does not start as recorded gets the
real build."""

import shutil
from pathlib import Path

from django.db import transaction

from hub.models import HomePage
from tests import snapshot
from tests.snapshot import Replays, _state, _tables, load_demo


def _files(folder):
    folder = Path(folder)
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _emptied(*folders):
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_replayed_demo_is_the_demo_loaded_for_real(
    db, settings, tmp_path, django_user_model, monkeypatch
):
    replays = Replays(tmp_path / "replays")
    tables = _tables()
    media = Path(settings.MEDIA_ROOT)
    index = Path(settings.WAGTAILSEARCH_BACKENDS["default"]["PATH"])
    start = transaction.savepoint()

    load_demo(replays, settings)
    assert replays.replayed["demo"] == 0
    loaded, loaded_media, loaded_index = _state(tables), _files(media), _files(index)
    assert HomePage.objects.count() == 1
    assert loaded_media, "the demo has pictures"

    transaction.savepoint_rollback(start)
    _emptied(media, index)
    load_demo(replays, settings)
    assert replays.replayed["demo"] == 1
    assert _state(tables) == loaded
    assert _files(media) == loaded_media
    assert _files(index) == loaded_index

    # A database that does not start as the record's did gets the real command.
    recorded = replays.records["demo"]
    transaction.savepoint_rollback(start)
    _emptied(media, index)
    commands = []
    monkeypatch.setattr(snapshot, "call_command", lambda *args, **kw: commands.append(args))
    # A fixture made a row before the demo: the record's keys could clash with it.
    django_user_model.objects.create_user("early", "early@example.org", "pw-early-123")
    load_demo(replays, settings)
    assert (replays.replayed["demo"], commands) == (1, [("load_demo", "--no-admin")])

    # Files already in the media folder: the record's would mix with them.
    replays.records["demo"] = recorded
    django_user_model.objects.filter(username="early").delete()
    media.mkdir(parents=True, exist_ok=True)
    (media / "left-over.txt").write_text("x")
    load_demo(replays, settings)
    assert (replays.replayed["demo"], len(commands)) == (1, 2)


def test_a_replayed_partners_world_gives_the_same_rows_and_objects(db, home, settings, tmp_path):
    from tests.partners.conftest import _world

    replays = Replays(tmp_path / "replays")
    tables = _tables()
    media = Path(settings.MEDIA_ROOT)
    index = Path(settings.WAGTAILSEARCH_BACKENDS["default"]["PATH"])
    start = transaction.savepoint()
    built = replays.load("world", lambda: _world(home), settings, inputs=[home])
    state, files = _state(tables), _files(media)
    assert files, "the world has documents and images"

    transaction.savepoint_rollback(start)
    _emptied(media, index)
    replayed = replays.load("world", lambda: _world(home), settings, inputs=[home])
    assert replays.replayed["world"] == 1
    assert (_state(tables), _files(media)) == (state, files)

    def rows(world):
        return {name: (type(row), getattr(row, "pk", row)) for name, row in vars(world).items()}

    assert rows(replayed) == rows(built)
    assert replayed.kent_editor.groups.get() == replayed.kent.editor_group
