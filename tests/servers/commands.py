"""``manage.py`` commands against a live site, each in a fork of one warm Django process.

A fresh ``python manage.py shell -c ...`` spends a second or two of CPU importing Django,
Wagtail and every app before it runs a line; the browser journeys run dozens of them. This
process imports and sets Django up once, then forks a child per command: the child has a fresh
copy of the set-up process (no state of an earlier command survives it) and runs the command as
``manage.py`` would, its output going to the files it was given.

Run as ``python -m tests.servers.commands`` with the site's environment. It reads one JSON line
per command on stdin, ``{"args": [...], "stdout": path, "stderr": path}``, and answers each with
``{"returncode": n}`` on stdout (tests.servers.live.Commands is the other end).
"""

import json
import os
import random
import sys


def _child(args, stdout, stderr):
    """In the fork: the command's output into its files, its exit code as the process's."""
    with open(stdout, "wb") as out, open(stderr, "wb") as err, open(os.devnull) as null:
        os.dup2(null.fileno(), 0)  # the requests' pipe is the parent's alone
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
    random.seed()  # a fork shares its parent's random state: draw anew
    code = 0
    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["manage.py", *args])
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:  # noqa: BLE001 - reported as manage.py would, then the exit code
        import traceback

        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # no atexit handler of the parent's (its temporary folder) runs twice


def main():
    import django
    from django.db import connections

    django.setup()
    replies = os.fdopen(os.dup(1), "w")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # stray prints never corrupt the replies
    for line in sys.stdin:
        request = json.loads(line)
        connections.close_all()  # a child must not share the parent's database connection
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(request["args"], request["stdout"], request["stderr"])
        _pid, status = os.waitpid(pid, 0)
        replies.write(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}) + "\n")
        replies.flush()


if __name__ == "__main__":
    main()
