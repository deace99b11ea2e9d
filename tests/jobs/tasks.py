"""Jobs the worker tests enqueue (module level, as django-tasks requires)."""

import time
from pathlib import Path

from django_tasks import task


@task()
def slow_mark(path, seconds):
    """Writes "start", waits ``seconds`` on the first attempt only, then writes "done"."""
    journal = Path(path)
    first = not journal.exists()
    with journal.open("a") as fh:
        fh.write("start\n")
    if first:
        time.sleep(seconds)
    with journal.open("a") as fh:
        fh.write("done\n")
    return "marked"
