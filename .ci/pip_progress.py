"""``pip install`` that shows how far it has got: used by the Makefile to build .venv.

pip itself is either silent for a minute (``--quiet``) or prints a page per package; this prints
one progress line ("[23/71] Django==5.2.19") and, if pip fails, the end of its output.
Usage: .venv/bin/python .ci/pip_progress.py -r requirements.lock
"""

import subprocess
import sys
from pathlib import Path


def expected(args):
    """How many packages the requirement files pin (the progress bar's total)."""
    total = 0
    for flag, value in zip(args, args[1:], strict=False):
        if flag == "-r" and Path(value).exists():
            lines = Path(value).read_text().splitlines()
            total += sum(1 for line in lines if line.strip() and not line.startswith("#"))
    return total


def main(args):
    total = expected(args) or "?"
    tty = sys.stdout.isatty()
    command = [sys.executable, "-m", "pip", "install", "--progress-bar", "off", *args]
    output = []
    done = 0
    with subprocess.Popen(  # noqa: S603 - pip of this interpreter
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as pip:
        for line in pip.stdout:
            output.append(line)
            words = line.split()
            if line.startswith(("Collecting ", "Requirement already satisfied: ")):
                done += 1
                name = words[1] if line.startswith("Collecting") else words[3]
                if tty:
                    print(f"\r  [{done}/{total}] {name:<50}", end="", flush=True)
                elif done % 10 == 0:
                    print(f"  [{done}/{total}] packages resolved", flush=True)
            elif line.startswith("Installing collected packages"):
                print(
                    ("\r" if tty else "") + f"  [{done}/{total}] installing...".ljust(60),
                    flush=True,
                )
    if tty:
        print()
    if pip.returncode:
        print("".join(output[-40:]), file=sys.stderr)
        print(
            f"pip install failed (exit {pip.returncode}); its last lines are above.",
            file=sys.stderr,
        )
    else:
        print("  done: the dependencies are installed.")
    return pip.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
