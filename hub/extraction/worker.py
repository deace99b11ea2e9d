"""The extraction worker: ``python -m hub.extraction.worker --ext pdf FILE`` prints JSON.

It limits its own memory and processor time before importing any parser, reads one file and
writes one JSON object on stdout: ``{"status": "done"|"failed"|"unsupported", "text", "pages",
"notes", "error"}``. The parent (``hub.extraction.runner``) adds a wall-clock timeout and turns
a killed or crashed worker into a clear message. No Django here: the worker starts fast and
sees no settings or secrets.
"""

import argparse
import json
import resource
import sys


def limit_resources(memory_mb, cpu_seconds):
    """Cap this process's address space and processor time (the kernel enforces both)."""
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if cpu_seconds:
        # The soft limit sends SIGXCPU, the hard one a second later SIGKILL.
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run(path, extension, max_chars, max_pages, memory_mb):
    from hub.extraction.formats import ExtractionFailed, Unsupported, extract

    try:
        result = extract(path, extension, max_chars=max_chars, max_pages=max_pages)
    except Unsupported as reason:
        return {"status": "unsupported", "error": str(reason)}
    except ExtractionFailed as reason:
        return {"status": "failed", "error": str(reason)}
    except MemoryError:
        return {
            "status": "failed",
            "error": f"reading the file needed more than {memory_mb} MB of memory, "
            "the most one file may take: it is too large or too complex to read",
        }
    except RecursionError:
        return {"status": "failed", "error": "the file's structure nests or loops without end"}
    except OSError as error:
        return {"status": "failed", "error": f"the file could not be opened ({error.strerror})"}
    except Exception as error:  # a parser bug must still come back as a clean failure
        return {
            "status": "failed",
            "error": f"the file could not be read ({type(error).__name__}: {str(error)[:160]})",
        }
    return {
        "status": "done",
        "text": result.text,
        "pages": result.page_count,
        "notes": result.notes,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--ext", required=True)
    parser.add_argument("--max-chars", type=int, default=2_000_000)
    parser.add_argument("--max-pages", type=int, default=500)
    parser.add_argument("--memory-mb", type=int, default=768)
    parser.add_argument("--cpu-seconds", type=int, default=20)
    args = parser.parse_args(argv)
    limit_resources(args.memory_mb, args.cpu_seconds)
    sys.setrecursionlimit(4000)
    outcome = run(args.path, args.ext, args.max_chars, args.max_pages, args.memory_mb)
    sys.stdout.write(json.dumps(outcome, ensure_ascii=False))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
