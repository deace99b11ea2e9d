"""Runs the extraction worker in a child process with a wall-clock timeout, and reads its answer.

The child limits its own memory and processor time (see ``worker.limit_resources``) before it
imports any parser. We do not use ``preexec_fn`` for that: Python documents it as unsafe in a
process with threads, which a web server's worker may have. The parent only needs the
standard library, so it can run inside a request, a task worker or a management command.
"""

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass
class Limits:
    timeout: int = 20
    memory_mb: int = 768
    max_pages: int = 500
    max_chars: int = 2_000_000


@dataclass
class Outcome:
    status: str  # done, failed or unsupported
    text: str = ""
    page_count: int | None = None
    error: str = ""
    notes: list[str] = field(default_factory=list)


def _child_environment():
    # Only what Python needs: the child never sees the site's secrets or database address.
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    return env


def _signal_name(returncode):
    try:
        return signal.Signals(-returncode).name
    except ValueError:
        return f"signal {-returncode}"


def build_command(path, extension, limits):
    """The worker's command line: this interpreter, the worker module, the limits, the file."""
    return [
        sys.executable,
        "-m",
        "hub.extraction.worker",
        "--ext",
        extension,
        "--max-chars",
        str(limits.max_chars),
        "--max-pages",
        str(limits.max_pages),
        "--memory-mb",
        str(limits.memory_mb),
        "--cpu-seconds",
        str(limits.timeout),
        "--",
        str(path),
    ]


def run_extraction(path, extension, limits=None):
    """Extract the text of the file at ``path`` in a limited child process; never raises."""
    limits = limits or Limits()
    command = build_command(path, extension, limits)
    try:
        process = subprocess.Popen(  # noqa: S603 - fixed command, the path is an argument
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=PROJECT_ROOT,
            env=_child_environment(),
            start_new_session=True,
        )
    except OSError as error:
        return Outcome("failed", error=f"the extractor could not start ({error.strerror})")
    try:
        stdout, stderr = process.communicate(timeout=limits.timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return Outcome("failed", error=f"timed out after {limits.timeout} s")

    if process.returncode != 0 or not stdout:
        code = process.returncode
        if code in (-signal.SIGXCPU, -signal.SIGKILL):
            return Outcome("failed", error=f"used more than {limits.timeout} s of processor time")
        if code < 0:
            return Outcome(
                "failed",
                error=f"the extractor crashed on this file ({_signal_name(code)}; "
                "out of memory or a damaged file)",
            )
        last_line = (stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1]
        if "MemoryError" in last_line:
            return Outcome(
                "failed",
                error=f"reading the file needed more than {limits.memory_mb} MB of memory",
            )
        return Outcome(
            "failed", error=f"the extractor stopped with code {code} ({last_line[:200]})"
        )
    try:
        answer = json.loads(stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return Outcome("failed", error="the extractor gave an unreadable answer")
    return Outcome(
        status=answer.get("status", "failed"),
        text=answer.get("text") or "",
        page_count=answer.get("pages"),
        error=answer.get("error") or "",
        notes=answer.get("notes") or [],
    )
