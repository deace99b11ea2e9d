"""The warm command runner of the live-site harness (tests/servers/commands.py): each command
runs in a fork of its own, answered as ``subprocess.run`` answers, and leaves nothing behind for
the next."""

import os

import pytest

from tests.servers.live import ROOT, Commands


@pytest.fixture
def commands(tmp_path):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="hub.settings.test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PYTHONPATH=str(ROOT),
    )
    runner = Commands(env, tmp_path)
    yield runner
    runner.close()


def test_commands_answer_like_subprocess_run_and_share_no_state(commands):
    first = commands.run(
        "shell", "-c", "import os, sys; sys.modules['marker'] = os; print(os.getpid())"
    )
    assert first.returncode == 0, first.stderr
    second = commands.run(
        "shell", "-c", "import os, sys; print(os.getpid(), 'marker' in sys.modules)"
    )
    pid, marked = second.stdout.split()[-2:]
    assert marked == "False", "a command saw what the one before it left"
    assert pid != first.stdout.split()[-1], "both commands ran in the same process"
    assert pid != str(commands.proc.pid), "the command ran in the runner itself"


def test_a_failing_command_reports_its_code_and_error_and_the_runner_goes_on(commands):
    failed = commands.run("shell", "-c", "raise SystemExit(3)", check=False)
    assert failed.returncode == 3
    broken = commands.run("shell", "-c", "1/0", check=False)
    assert broken.returncode != 0 and "ZeroDivisionError" in broken.stderr
    with pytest.raises(Exception, match="returned non-zero exit status"):
        commands.run("no_such_command")
    assert commands.run("shell", "-c", "print('still here')").stdout.split()[-2:] == [
        "still",
        "here",
    ]
